import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../../app/status';
import { gql } from '../../../lib/graphql';
import { REQUEST_CASE_ACCESS } from '../graphql/access.generated';

/**
 * "Ask its owner" as a button on a cross-case notice: sends an access request to the other case's
 * lead-agency supervisors (they see this case's reference and why it matched, nothing more).
 */
export function AskAccessButton({ caseId, entityId, agencyName }: { caseId: string; entityId: string; agencyName: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const [done, setDone] = useState('');
  const [error, setError] = useState<Error | null>(null);

  async function send(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const r = await gql(REQUEST_CASE_ACCESS, { caseId, entityId, message: message.trim() || null });
      setDone(t('access.sent', { count: r.requestCaseAccess.sent, agency: agencyName }));
      setOpen(false);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  if (done)
    return (
      <span role="status" className="muted small">
        {done}
      </span>
    );
  return (
    <span className="ask-access">
      {!open && (
        <button type="button" className="small" onClick={() => setOpen(true)}>
          {t('access.ask', { agency: agencyName })}
        </button>
      )}
      {open && (
        <form className="form" onSubmit={send}>
          <p className="muted small">{t('access.explain')}</p>
          <label>
            {t('access.message')}
            <input value={message} maxLength={1000} onChange={(e) => setMessage(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit" className="primary">
              {t('access.send')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      )}
      {error && <ErrorNote error={error} />}
    </span>
  );
}
