import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionOutcome, ErrorNote, Loading } from '../../../app/status';
import { DateTime } from '../../../lib/format';
import { gql } from '../../../lib/graphql';
import { useQuery } from '../../../lib/use-query';
import { CASE_ENTITIES, DUPLICATE_CANDIDATES, MERGES, MERGE_ENTITIES, REJECT_DUPLICATE, UNDO_MERGE } from '../graphql/resolution.generated';
import { keyIn } from '../../../i18n/keys';
import { GatedButton } from '../../../lib/gated';
import { personAndAgency } from '../../../lib/person';
import { useAction } from '../../../lib/use-action';
import { CaseDuplicates } from './CaseDuplicates';

/** Kinds with duplicate candidates (names, birth dates, plates, numbers, handles). */
const KINDS = new Set(['PERSON', 'VEHICLE', 'PHONE', 'ONLINE_ACCOUNT']);
/** Properties compared side by side, per kind. */
const COMPARED: Record<string, readonly string[]> = {
  PERSON: ['fullName', 'aliases', 'dateOfBirth', 'nationality', 'sex'],
  VEHICLE: ['plate', 'plateCountry', 'vin', 'make', 'model', 'color'],
  PHONE: ['number', 'imei', 'country'],
  ONLINE_ACCOUNT: ['platform', 'handle', 'url'],
};

const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v === undefined || v === null || v === '' ? '—' : String(v));

/**
 * Duplicate candidates for an entity of the case, compared side by side; a
 * person decides: merge (into the selected entity), or "not the same" (never
 * proposed again). Every merge of the case is listed and can be undone.
 */
export default function ResolutionPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const entities = useQuery(CASE_ENTITIES, { caseId });
  const [selected, setSelected] = useState('');
  const candidates = useQuery(DUPLICATE_CANDIDATES, { caseId, entityId: selected }, !selected);
  const merges = useQuery(MERGES, { caseId });
  const [confirming, setConfirming] = useState<string | null>(null);
  const { busy, error, done, clearDone, act } = useAction(() => {
    setConfirming(null);
    candidates.reload();
    merges.reload();
    entities.reload();
  });

  const choices = useMemo(
    () =>
      (entities.data?.caseGraph.nodes ?? [])
        .filter((n) => KINDS.has(n.kind))
        .sort((a, b) => a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label)),
    [entities.data],
  );
  const target = choices.find((n) => n.id === selected);

  const rows = candidates.data?.duplicateCandidates ?? [];
  return (
    <section className="card intel-panel" aria-labelledby="intel-dup-title" aria-busy={busy}>
      <h2 id="intel-dup-title">{t('intel.dup.title')}</h2>
      <CaseDuplicates
        caseId={caseId}
        onChanged={() => {
          merges.reload();
          entities.reload();
          candidates.reload();
        }}
      />
      {entities.loading && <Loading />}
      {entities.error && <ErrorNote error={entities.error} onRetry={entities.reload} />}
      {entities.data && choices.length === 0 && <p className="muted">{t('intel.dup.noEntities')}</p>}
      {choices.length > 0 && (
        <label>
          {t('intel.dup.pick')}{' '}
          <select
            value={selected}
            onChange={(e) => {
              setSelected(e.target.value);
              clearDone();
              setConfirming(null);
            }}
          >
            <option value="">{t('intel.dup.pickNone')}</option>
            {choices.map((n) => (
              <option key={n.id} value={n.id}>
                {t(`kind.${n.kind}`)}: {n.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <ActionOutcome done={done} error={error} />
      {selected && candidates.loading && <Loading />}
      {candidates.error && <ErrorNote error={candidates.error} onRetry={candidates.reload} />}
      {selected && candidates.data && rows.length === 0 && <p className="muted">{t('intel.dup.empty')}</p>}
      {target &&
        rows.map((c) => (
          <div key={c.entity.id} className="intel-compare">
            <table className="intel-table">
              <caption>
                {t('intel.dup.score', { percent: Math.round(c.score * 100) })} ·{' '}
                {c.reasons.map((r) => t(`intel.dup.reason.${r}`)).join(', ')}
              </caption>
              <thead>
                <tr>
                  <th scope="col" />
                  <th scope="col">{t('intel.dup.selected')}</th>
                  <th scope="col">{t('intel.dup.candidate')}</th>
                </tr>
              </thead>
              <tbody>
                {(COMPARED[target.kind] ?? []).map((p) => (
                  <tr key={p} className={show(target.props?.[p]) !== show(c.entity.props?.[p]) ? 'differs' : undefined}>
                    <th scope="row">{t(keyIn('prop', p))}</th>
                    <td>{show(target.props?.[p])}</td>
                    <td>{show(c.entity.props?.[p])}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{t('intel.dup.cases')}</th>
                  <td>{target.caseIds.length}</td>
                  <td>{c.entity.caseIds.length}</td>
                </tr>
                <tr>
                  <th scope="row">{t('intel.dup.recorded')}</th>
                  <td>
                    <DateTime iso={target.createdAt} /> {target.source ? `· ${target.source}` : ''}
                  </td>
                  <td>
                    <DateTime iso={c.entity.createdAt} /> {c.entity.source ? `· ${c.entity.source}` : ''}
                  </td>
                </tr>
              </tbody>
            </table>
            <div className="actions">
              {confirming === c.entity.id ? (
                <>
                  <span role="alert">{t('intel.dup.confirmText', { merged: c.entity.label, survivor: target.label })}</span>{' '}
                  <button
                    type="button"
                    className="primary"
                    disabled={busy}
                    onClick={() =>
                      act(
                        () => gql(MERGE_ENTITIES, { caseId, survivorId: target.id, mergedId: c.entity.id }),
                        t('intel.dup.mergedMsg', { label: c.entity.label }),
                      )
                    }
                  >
                    {t('intel.dup.confirm')}
                  </button>
                  <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
                    {t('app.cancel')}
                  </button>
                </>
              ) : (
                <>
                  <GatedButton action="graph.merge" disabled={busy} onClick={() => setConfirming(c.entity.id)}>
                    {t('intel.dup.merge')}
                  </GatedButton>
                  <GatedButton
                    action="graph.merge"
                    disabled={busy}
                    onClick={() =>
                      act(
                        () => gql(REJECT_DUPLICATE, { caseId, entityId: target.id, otherId: c.entity.id }),
                        t('intel.dup.rejectedMsg', { label: c.entity.label }),
                      )
                    }
                  >
                    {t('intel.dup.reject')}
                  </GatedButton>
                </>
              )}
            </div>
          </div>
        ))}
      <h3>{t('intel.dup.history')}</h3>
      {merges.error && <ErrorNote error={merges.error} onRetry={merges.reload} />}
      {merges.data && merges.data.merges.length === 0 && <p className="muted">{t('intel.dup.historyEmpty')}</p>}
      {merges.data && merges.data.merges.length > 0 && (
        <ul>
          {merges.data.merges.map((m) => (
            <li key={m.id}>
              {t('intel.dup.mergeLine', { label: m.mergedLabel, moved: m.repointedLinks, dropped: m.droppedLinks })} ·{' '}
              {m.aliasesAdded.length > 0 && !m.undoneAt && <>{t('dupCase.aliasKept', { aliases: m.aliasesAdded.join(', ') })} · </>}
              <DateTime iso={m.mergedAt} /> {t('people.by', { who: personAndAgency(m.mergedByUser, t('field.unknownAccount')) })}{' '}
              {m.undoneAt ? (
                <span className="muted">
                  {t('intel.dup.undone')} · {t('people.undoneBy', { who: personAndAgency(m.undoneByUser, t('field.unknownAccount')) })}
                </span>
              ) : (
                <GatedButton
                  action="graph.merge"
                  disabled={busy}
                  onClick={() => act(() => gql(UNDO_MERGE, { caseId, id: m.id }), t('intel.dup.undoneMsg', { label: m.mergedLabel }))}
                >
                  {t('intel.dup.undo')}
                </GatedButton>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
