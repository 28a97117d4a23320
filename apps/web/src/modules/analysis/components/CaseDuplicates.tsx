import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionOutcome, ErrorNote, Loading } from '../../../app/status';
import { DateTime } from '../../../lib/format';
import { gql } from '../../../lib/graphql';
import { useQuery } from '../../../lib/use-query';
import { GatedButton } from '../../../lib/gated';
import { personAndAgency } from '../../../lib/person';
import { useAction } from '../../../lib/use-action';
import {
  CASE_DUPLICATES,
  MERGE_ENTITIES,
  REJECT_DUPLICATE,
  REJECTED_DUPLICATES,
  UNDO_REJECT_DUPLICATE,
  type DuplicatePairRow,
} from '../graphql/resolution.generated';

type Side = DuplicatePairRow['a'];

/** What the reader is asked to confirm: which of the pair stays. */
interface Confirming {
  readonly key: string;
  readonly survivor: Side;
  readonly merged: Side;
}

const pairKey = (a: { id: string }, b: { id: string }) => `${a.id}+${b.id}`;

/**
 * "Find duplicates in this case": every pair of the case's entities that may be the same, best first (scored as the
 * per-entity candidates are). A person decides for each: keep one (the other is merged into it and its spelling
 * stays as an alias), or "not the same" (listed below, where it can be taken back). `onChanged` lets the merge
 * history beside it follow.
 */
export function CaseDuplicates({ caseId, onChanged }: { caseId: string; onChanged(): void }) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState(false);
  const pairs = useQuery(CASE_DUPLICATES, { caseId }, !asked);
  const rejected = useQuery(REJECTED_DUPLICATES, { caseId }, !asked);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const { busy, error, done, clearDone, act } = useAction(() => {
    setConfirming(null);
    pairs.reload();
    rejected.reload();
    onChanged();
  });

  const rows = pairs.data?.caseDuplicates ?? [];
  const notSame = rejected.data?.rejectedDuplicates ?? [];
  return (
    <div className="case-duplicates" aria-busy={busy}>
      <h3 id="dup-case-title">{t('dupCase.title')}</h3>
      <p className="muted small">{t('dupCase.hint')}</p>
      <button
        type="button"
        onClick={() => {
          clearDone();
          if (asked) {
            pairs.reload();
            rejected.reload();
          } else setAsked(true);
        }}
      >
        {asked ? t('dupCase.again') : t('dupCase.find')}
      </button>
      <ActionOutcome done={done} error={error} />
      {asked && pairs.loading && <Loading />}
      {pairs.error && <ErrorNote error={pairs.error} onRetry={pairs.reload} />}
      {asked && pairs.data && rows.length === 0 && <p data-testid="dup-case-empty">{t('dupCase.empty')}</p>}
      {rows.length > 0 && (
        <>
          <p role="status">{t('dupCase.found', { count: rows.length })}</p>
          <ol className="dup-pairs" aria-labelledby="dup-case-title" data-testid="dup-pairs">
            {rows.map((p) => {
              const key = pairKey(p.a, p.b);
              return (
                <li key={key}>
                  <span className="dup-pair-names">
                    {t(`kind.${p.a.kind}`)}: <strong>{p.a.label}</strong> ↔ <strong>{p.b.label}</strong>
                  </span>{' '}
                  <span className="muted small">
                    {t('intel.dup.score', { percent: Math.round(p.score * 100) })} ·{' '}
                    {p.reasons.map((r) => t(`intel.dup.reason.${r}`)).join(', ')}
                  </span>
                  <div className="actions">
                    {confirming?.key === key ? (
                      <>
                        <span role="alert">
                          {t('dupCase.confirmText', { merged: confirming.merged.label, survivor: confirming.survivor.label })}
                        </span>{' '}
                        <button
                          type="button"
                          className="primary"
                          disabled={busy}
                          onClick={() =>
                            act(
                              () => gql(MERGE_ENTITIES, { caseId, survivorId: confirming.survivor.id, mergedId: confirming.merged.id }),
                              t('dupCase.mergedMsg', { merged: confirming.merged.label, survivor: confirming.survivor.label }),
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
                        <GatedButton
                          action="graph.merge"
                          disabled={busy}
                          onClick={() => setConfirming({ key, survivor: p.a, merged: p.b })}
                        >
                          {t('dupCase.keep', { label: p.a.label })}
                        </GatedButton>
                        <GatedButton
                          action="graph.merge"
                          disabled={busy}
                          onClick={() => setConfirming({ key, survivor: p.b, merged: p.a })}
                        >
                          {t('dupCase.keep', { label: p.b.label })}
                        </GatedButton>
                        <GatedButton
                          action="graph.merge"
                          disabled={busy}
                          aria-label={t('dupCase.notSameLabel', { a: p.a.label, b: p.b.label })}
                          onClick={() =>
                            act(
                              () => gql(REJECT_DUPLICATE, { caseId, entityId: p.a.id, otherId: p.b.id }),
                              t('dupCase.rejectedMsg', { a: p.a.label, b: p.b.label }),
                            )
                          }
                        >
                          {t('intel.dup.reject')}
                        </GatedButton>
                      </>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
        </>
      )}
      {asked && (
        <>
          <h4>{t('dupCase.notSameTitle')}</h4>
          {rejected.error && <ErrorNote error={rejected.error} onRetry={rejected.reload} />}
          {rejected.data && notSame.length === 0 && <p className="muted">{t('dupCase.notSameEmpty')}</p>}
          {notSame.length > 0 && (
            <ul data-testid="dup-not-same">
              {notSame.map((r) => (
                <li key={pairKey(r.a, r.b)}>
                  <strong>{r.a.label}</strong> ↔ <strong>{r.b.label}</strong> ·{' '}
                  <span className="muted small">
                    <DateTime iso={r.rejectedAt} /> {t('people.by', { who: personAndAgency(r.rejectedByUser, t('field.unknownAccount')) })}
                  </span>{' '}
                  <GatedButton
                    action="graph.merge"
                    disabled={busy}
                    aria-label={t('dupCase.undoNotSameLabel', { a: r.a.label, b: r.b.label })}
                    onClick={() =>
                      act(
                        () => gql(UNDO_REJECT_DUPLICATE, { caseId, entityId: r.a.id, otherId: r.b.id }),
                        t('dupCase.undoneMsg', { a: r.a.label, b: r.b.label }),
                      )
                    }
                  >
                    {t('intel.dup.undo')}
                  </GatedButton>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
