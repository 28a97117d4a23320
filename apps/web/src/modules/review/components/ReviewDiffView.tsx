import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { DateTime } from '../../../lib/format';
import { useQuery } from '../../../lib/use-query';
import type { CollabDocument } from '../../../generated/schema-types';
import { REVIEW_DIFF, type ReviewDiffQuery } from '../graphql/review.generated';

type Diff = ReviewDiffQuery['reviewDiff'];
type Person = { displayName: string; agency: { name: string } } | null | undefined;
type FieldChange = { field: string; before?: string | null; after?: string | null };

const KNOWN_FIELDS = ['title', 'at', 'description', 'entityIds'] as const;
/** Insertions on green and deletions on red, besides the underline and strike-through that carry the meaning. */
const INS = { background: '#e3f4e8', color: '#0b3d1c' } as const;
const DEL = { background: '#fbe5e3', color: '#5c1510' } as const;

/**
 * What changed since the last sign-off, for the supervisor about to sign: each timeline event old -> new with
 * every change's author and time, or the notes with their insertions and deletions. The panel mounts it anew
 * after a sign-off, when it is empty again.
 */
export function ReviewDiffView({ caseId, document }: { caseId: string; document: CollabDocument }) {
  const { t } = useTranslation();
  const q = useQuery(REVIEW_DIFF, { caseId, document });
  const headingId = useId();
  const d = q.data?.reviewDiff;
  return (
    <section aria-labelledby={headingId} className="review-diff">
      <h3 id={headingId}>{t('reviewDiff.title', { document: t(`review.${document}`) })}</h3>
      {q.loading && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
      {d && (
        <>
          <p className="muted">
            {d.since ? (
              <>
                {t('reviewDiff.since', { name: d.since.signer.displayName })} <DateTime iso={d.since.signedAt} />
              </>
            ) : (
              t('reviewDiff.neverSigned')
            )}
          </p>
          {isEmpty(d) ? (
            <p role="status" data-testid="review-diff-empty">
              {t('reviewDiff.none')}
            </p>
          ) : d.events ? (
            <TimelineDiff diff={d} />
          ) : (
            <NotesDiff diff={d} />
          )}
        </>
      )}
    </section>
  );
}

const isEmpty = (d: Diff) => (d.events ? d.events.length === 0 : !(d.notes ?? []).some((r) => r.kind !== 'same'));

/** A person by name and agency; `unknown` for an account since removed. */
function who(p: Person, unknown: string): string {
  return p ? `${p.displayName} · ${p.agency.name}` : unknown;
}

function FieldLabel({ field }: { field: string }) {
  const { t } = useTranslation();
  return (
    <>{(KNOWN_FIELDS as readonly string[]).includes(field) ? t(`reviewDiff.field.${field as (typeof KNOWN_FIELDS)[number]}`) : field}</>
  );
}

function Value({ value, kind }: { value: string | null | undefined; kind: 'before' | 'after' }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '') return <span className="muted">{t('reviewDiff.empty')}</span>;
  return kind === 'before' ? <del style={DEL}>{value}</del> : <ins style={INS}>{value}</ins>;
}

function TimelineDiff({ diff }: { diff: Diff }) {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('reviewDiff.eventCounts', { added: diff.added, changed: diff.changed, removed: diff.removed })}</p>
      <ul className="review-events" style={{ listStyle: 'none', padding: 0 }}>
        {diff.events!.map((e) => (
          <li key={e.eventId} className="card" data-testid="review-event">
            <h4>
              <span className={`badge change-${e.change}`}>{t(`reviewDiff.kind.${e.change as 'added' | 'changed' | 'removed'}`)}</span>{' '}
              {e.title ?? e.eventId}
            </h4>
            <FieldTable fields={e.fields} caption={t('reviewDiff.fieldsCaption', { title: e.title ?? e.eventId })} />
            <h5>{t('reviewDiff.editsHeading')}</h5>
            <ol className="review-edits">
              {e.edits.map((x, i) => (
                <li key={i} data-testid="review-edit">
                  <strong>{who(x.by, t('reviewDiff.unknownPerson'))}</strong> · <DateTime iso={x.at} /> ·{' '}
                  {t(`reviewDiff.kind.${x.change as 'added' | 'changed' | 'removed'}`)}
                  <ul>
                    {x.fields.map((f) => (
                      <li key={f.field}>
                        <FieldLabel field={f.field} />: <Value value={f.before} kind="before" /> <span aria-hidden="true">→</span>
                        <span className="sr-only">{t('reviewDiff.becomes')}</span> <Value value={f.after} kind="after" />
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
    </>
  );
}

function FieldTable({ fields, caption }: { fields: readonly FieldChange[]; caption: string }) {
  const { t } = useTranslation();
  return (
    <table className="cases review-fields">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reviewDiff.field.heading')}</th>
          <th scope="col">{t('reviewDiff.before')}</th>
          <th scope="col">{t('reviewDiff.after')}</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => (
          <tr key={f.field}>
            <th scope="row">
              <FieldLabel field={f.field} />
            </th>
            <td>
              <Value value={f.before} kind="before" />
            </td>
            <td>
              <Value value={f.after} kind="after" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NotesDiff({ diff }: { diff: Diff }) {
  const { t } = useTranslation();
  const runs = diff.notes ?? [];
  const changes = runs.filter((r) => r.kind !== 'same');
  return (
    <>
      <p>{t('reviewDiff.charCounts', { added: diff.added, removed: diff.removed })}</p>
      <div className="card notes-diff" style={{ whiteSpace: 'pre-wrap' }} data-testid="notes-diff">
        {runs.map((r, i) => {
          if (r.kind === 'same') return <span key={i}>{r.text}</span>;
          const label = t(r.kind === 'added' ? 'reviewDiff.addedBy' : 'reviewDiff.removedBy', {
            name: who(r.by, t('reviewDiff.unknownPerson')),
          });
          const Tag = r.kind === 'added' ? 'ins' : 'del';
          return (
            <Tag key={i} style={r.kind === 'added' ? INS : DEL} title={`${label} · ${r.at ? new Date(r.at).toLocaleString() : ''}`}>
              <span className="sr-only">{label}: </span>
              {r.text}
            </Tag>
          );
        })}
      </div>
      <table className="cases">
        <caption className="sr-only">{t('reviewDiff.notesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('review.when')}</th>
            <th scope="col">{t('review.change')}</th>
            <th scope="col">{t('reviewDiff.text')}</th>
            <th scope="col">{t('review.by')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((r, i) => (
            <tr key={i} data-testid="notes-change">
              <td>
                <DateTime iso={r.at} />
              </td>
              <td>{t(`reviewDiff.kind.${r.kind as 'added' | 'removed'}`)}</td>
              <td>{r.kind === 'added' ? <ins style={INS}>{excerpt(r.text)}</ins> : <del style={DEL}>{excerpt(r.text)}</del>}</td>
              <td>{who(r.by, t('reviewDiff.unknownPerson'))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const excerpt = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}…` : s);
