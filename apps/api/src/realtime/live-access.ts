import type { WebSocket } from 'ws';
import type { StateStores } from '@homeward/graph-store';
import type { CollabServer, CollabSession } from '@homeward/collab';
import type { GraphEvents } from '../modules/graph/graph-events.js';
import type { Revocation, Revocations } from '../modules/auth/revocations.js';
import { log } from '../base/log.js';

/** How often live connections are checked against current sessions, membership and account state. */
export const SWEEP_EVERY_MS = 2000;

/** graphql-ws closes with this when access ends (its own code for Forbidden). */
const GRAPHQL_WS_FORBIDDEN = 4403;

interface GraphqlConnection {
  readonly userId: string;
  readonly sessionId: string;
}

/**
 * Ends live access that is no longer allowed: a session signed out, an
 * account disabled, a member removed from a case. A revocation announced in
 * any replica (Revocations: this process at once, the others through Redis)
 * closes what it names here at once; the sweep re-reads the shared store
 * every SWEEP_EVERY_MS and catches whatever no announcement reached (the
 * admin CLI, a lost message), inside the 5-second promise.
 */
export class LiveAccess {
  /** Collab sessions open here: `userId \0 caseId \0 sessionId` → count. */
  private readonly collabSessions = new Map<string, number>();
  private readonly graphqlConnections = new Map<WebSocket, GraphqlConnection>();
  private timer: NodeJS.Timeout | null = null;
  private collab: CollabServer | null = null;
  private unlisten: (() => void) | null = null;

  constructor(
    private readonly stores: StateStores,
    private readonly events: GraphEvents,
    private readonly revocations: Revocations,
  ) {}

  attach(collab: CollabServer): void {
    this.collab = collab;
  }

  onOpen(s: CollabSession): void {
    const k = `${s.userId}\u0000${s.caseId}\u0000${s.sessionId ?? ''}`;
    this.collabSessions.set(k, (this.collabSessions.get(k) ?? 0) + 1);
  }

  onClose(s: CollabSession): void {
    const k = `${s.userId}\u0000${s.caseId}\u0000${s.sessionId ?? ''}`;
    const n = (this.collabSessions.get(k) ?? 1) - 1;
    if (n <= 0) this.collabSessions.delete(k);
    else this.collabSessions.set(k, n);
  }

  /** A graphql-ws connection admitted for this session (forgotten when it closes). */
  trackGraphql(socket: WebSocket, c: GraphqlConnection): void {
    this.graphqlConnections.set(socket, c);
    socket.once('close', () => this.graphqlConnections.delete(socket));
  }

  /** Closes what a revocation names, here; returns how many subscriptions and connections. */
  apply(r: Revocation): number {
    let n = 0;
    if (r.sessionId !== undefined) {
      n += this.closeGraphql((c) => c.sessionId === r.sessionId, r.reason);
      n += this.collab?.closeWhere((s) => s.sessionId === r.sessionId) ?? 0;
    }
    if (r.userId !== undefined) n += this.revoke(r.userId, r.caseId, r.reason);
    return n;
  }

  /** Closes everything of a user now (or of one case). */
  revoke(userId: string, caseId?: string, reason = 'access revoked'): number {
    let n = this.events.endFor(userId, caseId, reason) + (this.collab?.closeUser(userId, caseId) ?? 0);
    // Without a case: the whole account is gone, so its graphql-ws connections close too.
    if (caseId === undefined) n += this.closeGraphql((c) => c.userId === userId, reason);
    return n;
  }

  private closeGraphql(match: (c: GraphqlConnection) => boolean, reason: string): number {
    let n = 0;
    for (const [socket, c] of this.graphqlConnections) {
      if (!match(c)) continue;
      this.graphqlConnections.delete(socket);
      socket.close(GRAPHQL_WS_FORBIDDEN, reason.slice(0, 100));
      n++;
    }
    return n;
  }

  async sweep(): Promise<number> {
    const pairs = new Map<string, { userId: string; caseId: string }>();
    for (const p of this.events.live()) pairs.set(`${p.userId}\u0000${p.caseId}`, p);
    const sessions = new Set<string>();
    for (const c of this.graphqlConnections.values()) sessions.add(c.sessionId);
    for (const k of this.collabSessions.keys()) {
      const [userId, caseId, sessionId] = k.split('\u0000');
      pairs.set(`${userId}\u0000${caseId}`, { userId, caseId });
      if (sessionId) sessions.add(sessionId);
    }
    let closed = 0;
    const now = Date.now();
    for (const sessionId of sessions) {
      const s = await this.stores.accounts.getSession(sessionId);
      if (!s || s.revoked || s.expiresAt <= now) closed += this.apply({ sessionId, reason: 'signed out' });
    }
    const users = new Map<string, boolean>();
    for (const c of this.graphqlConnections.values()) {
      if (users.has(c.userId)) continue;
      const u = await this.stores.accounts.getUser(c.userId);
      users.set(c.userId, !!u && !u.disabled);
      if (!users.get(c.userId)) closed += this.revoke(c.userId, undefined, 'account disabled');
    }
    for (const { userId, caseId } of pairs.values()) {
      if (!users.has(userId)) {
        const u = await this.stores.accounts.getUser(userId);
        users.set(userId, !!u && !u.disabled);
      }
      if (!users.get(userId)) closed += this.revoke(userId, undefined, 'account disabled');
      else if (!(await this.stores.cases.isMember(caseId, userId))) closed += this.revoke(userId, caseId, 'removed from the case');
    }
    return closed;
  }

  start(): void {
    this.unlisten = this.revocations.onRevoked((r) => this.apply(r));
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) =>
        log('error', 'live access sweep failed', { message: err instanceof Error ? err.message : String(err) }),
      );
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unlisten?.();
  }
}
