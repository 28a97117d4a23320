import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BackToCases } from '../../../app/BackToCases';
import { ErrorNote, Loading } from '../../../app/status';
import { DateTime } from '../../../lib/format';
import { gql } from '../../../lib/graphql';
import { navigate } from '../../../lib/router';
import { useQuery } from '../../../lib/use-query';
import { INBOX, MARK_ALL_NOTIFICATIONS_READ, MARK_NOTIFICATIONS_READ, type InboxItem } from '../graphql/notifications.generated';
import { useInbox } from '../hooks/use-inbox';
import { notificationPath, notificationText } from '../notification-view';
import { NotificationSettingsForm } from './NotificationSettingsForm';

/** The inbox: newest first, each linking to the thing itself; live while open. */
export default function InboxPage() {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const q = useQuery(INBOX, { limit: 30, unreadOnly });
  const [older, setOlder] = useState<InboxItem[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const { version } = useInbox();
  const reload = q.reload;

  // Something changed (a new one, some read elsewhere, a case left): read the first page again.
  useEffect(() => {
    if (version > 1) reload();
  }, [version, reload]);
  useEffect(() => {
    setOlder([]);
    setHasMore(q.data?.notifications.hasMore ?? false);
  }, [q.data]);

  const items = [...(q.data?.notifications.items ?? []), ...older];

  async function run(work: () => Promise<unknown>) {
    setError(null);
    try {
      await work();
      reload();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  }

  async function more() {
    const last = items[items.length - 1];
    if (!last) return;
    await run(async () => {
      const page = await gql(INBOX, { limit: 30, unreadOnly, before: last.id });
      setOlder((o) => [...o, ...page.notifications.items]);
      setHasMore(page.notifications.hasMore);
    });
  }

  function open(n: InboxItem) {
    if (!n.readAt) void gql(MARK_NOTIFICATIONS_READ, { ids: [n.id] }).catch(() => undefined);
    navigate(notificationPath(n));
  }

  return (
    <main id="main" className="page inbox-page">
      <BackToCases />
      <div className="page-head">
        <h1>{t('teams.inboxTitle')}</h1>
        <label>
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> {t('teams.unreadOnly')}
        </label>
        <button
          type="button"
          onClick={() => void run(() => gql(MARK_ALL_NOTIFICATIONS_READ))}
          disabled={!q.data?.notifications.unreadCount}
        >
          {t('teams.markAllRead')}
        </button>
      </div>
      {q.loading && !q.data && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={reload} />}
      {error && <ErrorNote error={error} />}
      {q.data && items.length === 0 && <p className="muted">{t('teams.empty')}</p>}
      {items.length > 0 && (
        <ul className="inbox-list" aria-label={t('teams.inboxTitle')}>
          {items.map((n) => (
            <li key={n.id} className={n.readAt ? 'inbox-item' : 'inbox-item unread'} data-testid="inbox-item">
              <a
                href={notificationPath(n)}
                onClick={(e) => {
                  e.preventDefault();
                  open(n);
                }}
              >
                {!n.readAt && <span className="sr-only">{t('teams.unread')}: </span>}
                {notificationText(t, n)}
              </a>
              <span className="muted small">
                <DateTime iso={n.createdAt} />
              </span>
              {!n.readAt && (
                <button type="button" className="link" onClick={() => void run(() => gql(MARK_NOTIFICATIONS_READ, { ids: [n.id] }))}>
                  {t('teams.markRead')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {hasMore && (
        <button type="button" onClick={() => void more()}>
          {t('teams.more')}
        </button>
      )}
      <NotificationSettingsForm />
    </main>
  );
}
