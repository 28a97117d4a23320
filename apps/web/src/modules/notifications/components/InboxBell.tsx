import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../../lib/router';
import { useInbox } from '../hooks/use-inbox';
import { notificationText } from '../notification-view';

/** The top bar's way to the inbox: the live unread count, and each new notification read out to screen readers. */
export function InboxBell() {
  const { t } = useTranslation();
  const { unreadCount, arrived } = useInbox();
  const [said, setSaid] = useState('');
  const lastId = useRef<string | null>(null);
  useEffect(() => {
    const newest = arrived[0];
    if (!newest || newest.id === lastId.current) return;
    lastId.current = newest.id;
    setSaid(t('teams.live', { text: notificationText(t, newest) }));
  }, [arrived, t]);
  const count = unreadCount ?? 0;
  return (
    <>
      <a
        href="/inbox"
        className="inbox-bell"
        data-testid="inbox-bell"
        aria-label={count > 0 ? t('teams.inboxUnread', { count }) : t('teams.inbox')}
        onClick={(e) => {
          e.preventDefault();
          navigate('/inbox');
        }}
      >
        {t('teams.inbox')}
        {count > 0 && (
          <span className="badge" data-testid="inbox-count" aria-hidden="true">
            {count}
          </span>
        )}
      </a>
      <span className="sr-only" role="status" aria-live="polite">
        {said}
      </span>
    </>
  );
}
