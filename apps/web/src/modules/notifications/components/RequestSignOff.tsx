import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../../app/status';
import type { CollabDocument } from '../../../generated/schema-types';
import { gql } from '../../../lib/graphql';
import { REQUEST_SIGN_OFF } from '../graphql/notifications.generated';

/** Asks the case's supervisors to sign off its notes or timeline (they are notified). */
export function RequestSignOff({ caseId, document }: { caseId: string; document: CollabDocument }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [msg, setMsg] = useState('');
  const [error, setError] = useState<Error | null>(null);

  async function send(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const r = await gql(REQUEST_SIGN_OFF, { caseId, document, note: note.trim() || null });
      setMsg(r.requestSignOff > 0 ? t('teams.requestSent', { count: r.requestSignOff }) : t('teams.requestNobody'));
      setOpen(false);
      setNote('');
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  return (
    <div className="request-signoff">
      {!open && (
        <button type="button" onClick={() => setOpen(true)}>
          {t('teams.requestSignOff')}
        </button>
      )}
      {open && (
        <form onSubmit={send} className="form">
          <label>
            {t('teams.requestSignOffNote')}
            <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit" className="primary">
              {t('teams.requestSignOff')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      )}
      {msg && <p role="status">{msg}</p>}
      {error && <ErrorNote error={error} />}
    </div>
  );
}
