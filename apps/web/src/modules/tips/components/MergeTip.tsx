import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gql } from '../../../lib/graphql';
import { useQuery } from '../../../lib/use-query';
import { ACCEPT_TIP, MERGE_TIP, TIP_SIGHTINGS } from '../graphql/tips.generated';
import { placeChoices, sightingChoices, type SightingChoice } from '../state/sightings';

export type { SightingChoice };

export interface CaseChoices {
  /** Sightings a tip may be merged into, newest first. */
  readonly sightings: readonly SightingChoice[];
  /** Places a tip without a position may be accepted at. */
  readonly places: readonly SightingChoice[];
}

/** The case's sightings and places for the tips' decisions; read again when `version` changes (a tip was decided). */
export function useCaseChoices(caseId: string, version: unknown): CaseChoices | null {
  const { i18n } = useTranslation();
  const q = useQuery(TIP_SIGHTINGS, { caseId });
  const { reload } = q;
  const [seen, setSeen] = useState(version);
  useEffect(() => {
    if (version === seen) return;
    setSeen(version);
    reload();
  }, [version, seen, reload]);
  if (!q.data) return q.error ? { sightings: [], places: [] } : null;
  const nodes = q.data.caseGraph.nodes;
  return { sightings: sightingChoices(nodes, i18n.language), places: placeChoices(nodes, i18n.language) };
}

/** A tip without a position becomes a sighting at one of the case's places (the server's AcceptTipInput.locationId). */
export function AcceptAtPlace({
  tipId,
  places,
  busy,
  onAccept,
}: {
  tipId: string;
  places: readonly SightingChoice[];
  busy: boolean;
  onAccept: (accept: () => Promise<unknown>) => void;
}) {
  const { t } = useTranslation();
  const [locationId, setLocationId] = useState('');
  const selectId = `accept-at-${tipId}`;
  if (places.length === 0) return null;
  return (
    <div className="row tip-merge" role="group" aria-labelledby={`${selectId}-title`}>
      <span id={`${selectId}-title`}>{t('publishPage.acceptAt')}</span>
      <label htmlFor={selectId} className="sr-only">
        {t('publishPage.acceptPlace')}
      </label>
      <select id={selectId} value={locationId} onChange={(e) => setLocationId(e.target.value)}>
        <option value="">{t('publishPage.acceptPick')}</option>
        {places.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={busy || !locationId}
        onClick={() => onAccept(() => gql(ACCEPT_TIP, { id: tipId, input: { locationId } }))}
      >
        {t('publishPage.acceptConfirm')}
      </button>
    </div>
  );
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
