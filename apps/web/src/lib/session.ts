import type { SessionUser } from './session.generated';

/** The signed-in user, as the login returns it (lib/session.graphql). */
export type { SessionUser };

// Session storage, not local storage: a shared police workstation must not
// keep a case officer signed in after the browser is closed.
const KEY = 'homeward.session';

export function getToken(): string | null {
  return readSession()?.token ?? null;
}

export function readSession(): { token: string; user: SessionUser } | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as { token: string; user: SessionUser };
  } catch {
    sessionStorage.removeItem(KEY);
    return null;
  }
}

/** Sent on `window` when the session ends (signed out, or refused by the server): what is kept in memory of it goes. */
export const SESSION_ENDED = 'homeward:session-ended';

export function writeSession(s: { token: string; user: SessionUser } | null): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else {
    sessionStorage.removeItem(KEY);
    window.dispatchEvent(new Event(SESSION_ENDED));
  }
}
