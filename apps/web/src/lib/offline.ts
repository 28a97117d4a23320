import { useSyncExternalStore } from 'react';

/**
 * Working without a connection (issue 18). Three parts, one place:
 * - the last answers of the queries a view registers (the case, its graph) are kept on this device, in
 *   IndexedDB under the signed-in user, and served when the network fails, marked as such;
 * - a mutation asked while the browser is offline is refused at once with a clear error (code OFFLINE),
 *   never sent into the void or dropped in silence;
 * - signing out deletes everything kept on the device: these answers and the notes and timeline copies
 *   (y-indexeddb databases, named with the DEVICE_PREFIX).
 * The collaboration rooms keep their own copy (modules/collab, y-indexeddb); the app shell is kept by
 * the service worker (public/sw.js) so that a reload without network still opens the client.
 */

export const DEVICE_PREFIX = 'homeward-device';
const DB = `${DEVICE_PREFIX}-answers`;
const STORE = 'answers';

/** Operations whose last answer is kept for reading offline (registered by the modules that show them). */
const kept = new Set<string>();
export function keepOffline(...operations: string[]): void {
  for (const op of operations) kept.add(op);
}

export function isMutation(query: string): boolean {
  return /^\s*mutation\b/.test(query);
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB'));
  });
}

async function tx<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = f(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('indexedDB'));
    });
  } finally {
    db.close();
  }
}

interface Kept {
  readonly at: number;
  readonly data: unknown;
}

/** Above this an answer is not kept (a very large graph would fill the device's quota). */
const MAX_KEPT_CHARS = 5_000_000;

export async function rememberAnswer(user: string, query: string, variables: unknown, data: unknown): Promise<void> {
  if (!kept.has(query) || typeof indexedDB === 'undefined') return;
  if (JSON.stringify(data).length > MAX_KEPT_CHARS) return;
  try {
    await tx('readwrite', (s) => s.put({ at: Date.now(), data } satisfies Kept, key(user, query, variables)));
  } catch {
    // A private window or a full quota: reading offline is then not possible, online work is unaffected.
  }
}

/** The kept answer, when there is one; it is then announced as served from the device. */
export async function recallAnswer(user: string, query: string, variables: unknown): Promise<unknown> {
  if (!kept.has(query) || typeof indexedDB === 'undefined') return undefined;
  try {
    const hit = (await tx('readonly', (s) => s.get(key(user, query, variables)))) as Kept | undefined;
    if (!hit) return undefined;
    servedAt = Math.max(servedAt ?? 0, hit.at);
    emit();
    return hit.data;
  } catch {
    return undefined;
  }
}

const key = (user: string, query: string, variables: unknown) => `${user}\n${query}\n${JSON.stringify(variables ?? {})}`;

/** Deletes every copy this client keeps on the device (sign-out). */
export async function wipeDevice(): Promise<void> {
  servedAt = null;
  emit();
  if (typeof indexedDB === 'undefined') return;
  const names = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name ?? '') : [DB];
  await Promise.all(
    names
      .filter((n) => n.startsWith(DEVICE_PREFIX))
      .map(
        (n) =>
          new Promise<void>((resolve) => {
            const req = indexedDB.deleteDatabase(n);
            req.onsuccess = req.onerror = req.onblocked = () => resolve();
          }),
      ),
  );
}

// --- the connection as the user should see it ---

let servedAt: number | null = null;
const listeners = new Set<() => void>();
function emit(): void {
  for (const l of listeners) l();
}
function onChange(l: () => void): () => void {
  listeners.add(l);
  const on = () => {
    // Back online: what is shown will be asked again; it is no longer the device's copy.
    if (navigator.onLine) servedAt = null;
    l();
  };
  window.addEventListener('online', on);
  window.addEventListener('offline', on);
  return () => {
    listeners.delete(l);
    window.removeEventListener('online', on);
    window.removeEventListener('offline', on);
  };
}

/** Whether the browser is online, and when the answers shown from the device were kept (null when none are). */
export function useConnection(): { online: boolean; servedAt: number | null } {
  const online = useSyncExternalStore(onChange, () => navigator.onLine);
  const at = useSyncExternalStore(onChange, () => servedAt);
  return { online, servedAt: at };
}
