import { createClient, type Client, type FormattedExecutionResult, type Sink } from 'graphql-ws';
import { isMutation, recallAnswer, rememberAnswer } from './offline';
import { getToken, readSession } from './session';

export interface GraphQLErrorItem {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly field?: string; readonly [k: string]: unknown };
}

/** A failed operation; `fieldErrors` maps the input field (last path segment of extensions.field) to its message. */
export class ApiError extends Error {
  readonly errors: readonly GraphQLErrorItem[];
  readonly code: string | undefined;
  readonly fieldErrors: Readonly<Record<string, string>>;

  constructor(errors: readonly GraphQLErrorItem[], fallback: string) {
    super(errors[0]?.message ?? fallback);
    this.name = 'ApiError';
    this.errors = errors;
    this.code = errors[0]?.extensions?.code;
    const fields: Record<string, string> = {};
    for (const e of errors) {
      const f = e.extensions?.field;
      if (typeof f === 'string' && f.length > 0) {
        // "input.latitude" and "props.latitude" both name the form field "latitude".
        const key = f.split('.').pop() ?? f;
        fields[key] = e.message;
      }
    }
    this.fieldErrors = fields;
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();
export function onUnauthorized(l: Listener): () => void {
  unauthorizedListeners.add(l);
  return () => unauthorizedListeners.delete(l);
}

declare const types: unique symbol;

/**
 * An operation's document as sent (a string, no parsed AST in the bundle), branded with the types of its
 * result and variables. Only tools/graphql-types.mjs makes these, from the .graphql files and the served
 * schema, so a document's type always follows its selection; a bare string is not accepted.
 */
export type Operation<Result, Variables> = string & { readonly [types]: { readonly result: Result; readonly variables: Variables } };

/** The variables argument: optional when the operation has none, or none it requires. */
export type VariablesArg<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

/**
 * Answers fetched ahead of need (lib/prefetch.ts: a case link hovered, focused or clicked), each taken
 * once by the first gql() asking the same operation with the same variables under the same session,
 * and only while fresh: after PREFETCH_FRESH_MS the operation is asked again.
 */
const prefetched = new Map<string, { at: number; answer: Promise<unknown> }>();
export const PREFETCH_FRESH_MS = 10_000;
const prefetchKey = (query: string, variables: unknown, token: string | null) =>
  `${token ?? ''}\n${query}\n${JSON.stringify(variables ?? {})}`;

/** Keeps an answer for the gql() call that will ask for it; false when a fresh one is kept already. */
export function putPrefetched(query: string, variables: unknown, answer: () => Promise<unknown>): boolean {
  const key = prefetchKey(query, variables, getToken());
  const kept = prefetched.get(key);
  if (kept && Date.now() - kept.at < PREFETCH_FRESH_MS) return false;
  const entry = { at: Date.now(), answer: answer() };
  // A failed prefetch is not kept: the component asks again and shows its own error.
  entry.answer.catch(() => prefetched.get(key) === entry && prefetched.delete(key));
  prefetched.set(key, entry);
  return true;
}

function takePrefetched<R>(query: string, variables: unknown, token: string | null): Promise<R> | null {
  const key = prefetchKey(query, variables, token);
  const kept = prefetched.get(key);
  if (!kept) return null;
  prefetched.delete(key);
  return Date.now() - kept.at < PREFETCH_FRESH_MS ? (kept.answer as Promise<R>) : null;
}

export async function gql<R, V>(query: Operation<R, V>, ...[variables]: VariablesArg<V>): Promise<R> {
  const token = getToken();
  const user = readSession()?.user.id;
  const ahead = takePrefetched<R>(query, variables, token);
  if (ahead) {
    // Kept for offline use as if it had been asked here (the merged request itself is not a view's query).
    const data = await ahead;
    if (user) void rememberAnswer(user, query, variables, data);
    return data;
  }
  // A change asked offline is refused at once and said so (lib/offline.ts), never sent into the void.
  if (isMutation(query) && typeof navigator !== 'undefined' && !navigator.onLine)
    throw new ApiError([{ message: 'offline', extensions: { code: 'OFFLINE' } }], 'network');
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables: variables ?? {} }),
    });
  } catch {
    // Offline: the last answer kept on this device, for the views that keep one.
    const kept = user && !isMutation(query) ? await recallAnswer(user, query, variables) : undefined;
    if (kept !== undefined) return kept as R;
    throw new ApiError([{ message: 'network', extensions: { code: 'NETWORK' } }], 'network');
  }
  let body: { data?: R | null; errors?: GraphQLErrorItem[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError([{ message: `HTTP ${res.status}`, extensions: { code: 'HTTP_' + res.status } }], 'http');
  }
  if (body.errors && body.errors.length > 0) {
    const err = new ApiError(body.errors, 'error');
    if (err.code === 'UNAUTHENTICATED') for (const l of unauthorizedListeners) l();
    throw err;
  }
  if (!body.data) throw new ApiError([{ message: `HTTP ${res.status}` }], 'empty');
  if (user) void rememberAnswer(user, query, variables, body.data);
  return body.data;
}

export function wsOrigin(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
}

let client: Client | null = null;
let clientToken: string | null = null;

/**
 * The live connection as the user should be told it: `connecting` before the first acknowledgement,
 * `connected` while acknowledged, `reconnecting` after a drop while the client retries, `offline` while
 * the browser says it has no network. Kept here, by the client's own events, so a component that mounts
 * after the connection opened reads the true state instead of waiting for an event that already passed.
 */
export type LiveStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';
let wsState: 'connecting' | 'connected' | 'reconnecting' = 'connecting';
let browserOnline = typeof navigator === 'undefined' ? true : navigator.onLine;
const liveListeners = new Set<Listener>();
function setWsState(s: typeof wsState): void {
  if (s === wsState) return;
  wsState = s;
  for (const l of liveListeners) l();
}
if (typeof window !== 'undefined') {
  const onNet = () => {
    browserOnline = navigator.onLine;
    for (const l of liveListeners) l();
  };
  window.addEventListener('online', onNet);
  window.addEventListener('offline', onNet);
}
export function liveStatus(): LiveStatus {
  return browserOnline ? wsState : 'offline';
}
export function onLiveStatus(l: Listener): () => void {
  liveListeners.add(l);
  return () => liveListeners.delete(l);
}

/** One graphql-ws connection per signed-in session, reconnecting on its own. */
export function wsClient(): Client {
  const token = getToken();
  if (client && clientToken === token) return client;
  void client?.dispose();
  clientToken = token;
  client = createClient({
    url: `${wsOrigin()}/graphql`,
    connectionParams: () => ({ authorization: `Bearer ${getToken() ?? ''}` }),
    retryAttempts: Infinity,
    shouldRetry: () => true,
    lazy: true,
    on: {
      connecting: (isRetry) => setWsState(isRetry ? 'reconnecting' : 'connecting'),
      connected: () => setWsState('connected'),
      // A lazy client closes normally (1000) when nothing listens any more: the next subscriber connects
      // afresh. Any other close is a drop, and the client retries.
      closed: (e) => setWsState((e as { code?: number } | undefined)?.code === 1000 ? 'connecting' : 'reconnecting'),
    },
  });
  setWsState('connecting');
  return client;
}

/**
 * Subscribes to a subscription operation on the session's connection; returns the unsubscribe. Only the
 * types are added to graphql-ws's subscribe: this module is in the initial bundle, so no wrapping code.
 */
export function subscribe<R, V>(query: Operation<R, V>, variables: V, sink: Sink<FormattedExecutionResult<R>>): () => void {
  return wsClient().subscribe<R>({ query, variables: variables as Record<string, unknown> }, sink);
}

export function disposeWsClient(): void {
  void client?.dispose();
  client = null;
  clientToken = null;
}
