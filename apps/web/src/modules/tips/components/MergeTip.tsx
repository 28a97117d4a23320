import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gql } from '../../../lib/graphql';
import { useQuery } from '../../../lib/use-query';
import { MERGE_TIP, TIP_SIGHTINGS } from '../graphql/tips.generated';
import { sightingChoices, type SightingChoice } from '../state/sightings';

export type { SightingChoice };

/** The case's sightings a tip may be merged into, newest first; read again when `version` changes (a tip was decided). */
export function useSightings(caseId: string, version: unknown): readonly SightingChoice[] | null {
  const { i18n } = useTranslation();
  const q = useQuery(TIP_SIGHTINGS, { caseId });
  const { reload } = q;
  const [seen, setSeen] = useState(version);
  useEffect(() => {
    if (version === seen) return;
    setSeen(version);
    reload();
  }, [version, seen, reload]);
  if (!q.data) return q.error ? [] : null;
  return sightingChoices(q.data.caseGraph.nodes, i18n.language);
}

/** "Merge into an existing sighting": a list of the case's sightings and a Merge button, next to accept and dismiss. */
export function MergeTip({
  tipId,
  sightings,
  busy,
  onMerge,
}: {
  tipId: string;
  sightings: readonly SightingChoice[] | null;
  busy: boolean;
  onMerge: (merge: () => Promise<unknown>) => void;
}) {
  const { t } = useTranslation();
  const [sightingId, setSightingId] = useState('');
  const selectId = `merge-${tipId}`;
  if (sightings === null)
    return (
      <p role="status" className="muted">
        {t('publishPage.sightingsLoading')}
      </p>
    );
  if (sightings.length === 0) return <p className="muted">{t('publishPage.noSightings')}</p>;
  return (
    <div className="row tip-merge" role="group" aria-labelledby={`${selectId}-title`}>
      <span id={`${selectId}-title`}>{t('publishPage.merge')}</span>
      <label htmlFor={selectId} className="sr-only">
        {t('publishPage.mergeSighting')}
      </label>
      <select id={selectId} value={sightingId} onChange={(e) => setSightingId(e.target.value)}>
        <option value="">{t('publishPage.mergePick')}</option>
        {sightings.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
      <button type="button" disabled={busy || !sightingId} onClick={() => onMerge(() => gql(MERGE_TIP, { id: tipId, sightingId }))}>
        {t('publishPage.mergeConfirm')}
      </button>
    </div>
  );
}
