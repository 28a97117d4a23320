import { useTranslation } from 'react-i18next';
import type { CollabStatus, Peer } from '../hooks/use-collab-room';
import type { CollabCloseKey } from '../state/close-reason';

export function Presence({
  peers,
  status,
  browserOnline,
  label,
  closed = null,
}: {
  peers: Peer[];
  status: CollabStatus;
  browserOnline: boolean;
  label: string;
  /** The server ended the connection for good: said above the editor, in the reader's language. */
  closed?: CollabCloseKey | null;
}) {
  const { t } = useTranslation();
  const offline = !browserOnline || status === 'disconnected';
  return (
    <div className="presence">
      {closed && (
        <p role="alert" className="error" data-testid="collab-closed" style={{ flexBasis: '100%', margin: 0 }}>
          {t(closed)} {t('collabLimits.reload')}
        </p>
      )}
      <span role="status" data-testid="collab-status" data-status={offline ? 'offline' : status}>
        {offline ? (
          <span className="offline-banner">{t('field.offline.kept')}</span>
        ) : status === 'connected' ? (
          t('app.connected')
        ) : (
          t('app.connecting')
        )}
      </span>
      <span>{label}:</span>
      <ul className="presence" aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {peers.map((p) => (
          <li key={p.clientId} className="who" style={{ background: p.color }} data-testid="peer">
            {p.name}
            {p.self ? ` (${t('notes.you')})` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
