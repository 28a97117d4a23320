import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { DateTime } from '../../../lib/format';
import { gql } from '../../../lib/graphql';
import { deniedProps, usePermission } from '../../../lib/permissions';
import { useQuery } from '../../../lib/use-query';
import type { CollabDocument } from '../../../generated/schema-types';
import { REVIEW, SIGN_OFF } from '../graphql/review.generated';
import { ReviewDiffView } from './ReviewDiffView';

export default function ReviewPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const q = useQuery(REVIEW, { caseId });
  const [document, setDocument] = useState<CollabDocument>('TIMELINE');
  const [comment, setComment] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  // Counts sign-offs made here: the diff below is read again after each (it is then empty).
  const [signed, setSigned] = useState(0);
  const maySign = usePermission('review.signOff');
  const reasonId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!maySign.allowed) return;
    setError(null);
    try {
      await gql(SIGN_OFF, { caseId, document, comment: comment.trim() || null });
      setComment('');
      setMsg(t('review.done'));
      setSigned((n) => n + 1);
      q.reload();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  const history = [...(q.data?.notes ?? []), ...(q.data?.timeline ?? [])].sort((a, b) => b.signedAt.localeCompare(a.signedAt));

  return (
    <div style={{ overflow: 'auto' }}>
      <h2>{t('review.title')}</h2>
      <form onSubmit={submit} className="form card" style={{ maxWidth: 560 }}>
        <label>
          {t('review.document')}
          <select value={document} onChange={(e) => setDocument(e.target.value as CollabDocument)}>
            <option value="TIMELINE">{t('review.TIMELINE')}</option>
            <option value="NOTES">{t('review.NOTES')}</option>
          </select>
        </label>
        <label>
          {t('review.comment')}
          <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
        </label>
        <div className="actions">
          <button type="submit" className="primary" {...deniedProps(maySign, reasonId)}>
            {t('review.signOff')}
          </button>
          {!maySign.allowed && (
            <span id={reasonId} className="sr-only">
              {maySign.reason}
            </span>
          )}
        </div>
        {msg && <p role="status">{msg}</p>}
        {error && <ErrorNote error={error} />}
      </form>
      <ReviewDiffView key={`${document}-${signed}`} caseId={caseId} document={document} />
      {q.loading && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
      {q.data && (
        <div className="review">
          <section>
            <h3>{t('review.history')}</h3>
            {history.length === 0 ? (
              <p>{t('review.never')}</p>
            ) : (
              <table className="cases">
                <thead>
                  <tr>
                    <th scope="col">{t('review.when')}</th>
                    <th scope="col">{t('review.document')}</th>
                    <th scope="col">{t('review.signer')}</th>
                    <th scope="col">{t('review.comment')}</th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <DateTime iso={s.signedAt} />
                      </td>
                      <td>{t(`review.${s.document}`)}</td>
                      <td>{s.signer.displayName}</td>
                      <td>
                        {s.comment ?? '—'}
                        <div className="muted small" title={t('review.hash')}>
                          {s.contentHash.slice(0, 12)}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
