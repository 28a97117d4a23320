import { useEffect, useSyncExternalStore } from 'react';
import { subscribe } from '../../../lib/graphql';
import { INBOX_CHANGED, type InboxItem } from '../graphql/notifications.generated';

/**
 * The signed-in user's inbox, live, shared by the top bar's badge and the inbox page: one
 * subscription while anything shows it. The server sends the unread count at once and at every
 * change, with each new notification (already checked against the user's cases).
 */
interface InboxLive {
  readonly unreadCount: number | null;
  /** Notifications that arrived since the page loaded, newest first. */
  readonly arrived: readonly InboxItem[];
  /** Bumped at every change, so a page can refetch what it shows. */
  readonly version: number;
}

let state: InboxLive = { unreadCount: null, arrived: [], version: 0 };
const listeners = new Set<() => void>();
let users = 0;
let stop: (() => void) | null = null;

function set(next: InboxLive) {
  state = next;
  for (const l of listeners) l();
}

function start() {
  stop = subscribe(
    INBOX_CHANGED,
    {},
    {
      next: (msg) => {
        const e = msg.data?.inboxChanged;
        if (!e) return;
        const arrived = e.notification
          ? [e.notification, ...state.arrived.filter((n) => n.id !== e.notification!.id)].slice(0, 50)
          : state.arrived;
        set({ unreadCount: e.unreadCount, arrived, version: state.version + 1 });
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
}

export function useInbox(): InboxLive {
  useEffect(() => {
    users += 1;
    if (users === 1) start();
    return () => {
      users -= 1;
      if (users === 0) {
        stop?.();
        stop = null;
        state = { unreadCount: null, arrived: [], version: 0 };
      }
    };
  }, []);
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}
