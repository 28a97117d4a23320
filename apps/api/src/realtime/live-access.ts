import type { StateStores } from '@homeward/graph-store';
import type { CollabServer, CollabSession } from '@homeward/collab';
import type { GraphEvents } from '../modules/graph/graph-events.js';
import { log } from '../base/log.js';

/** How often live connections are checked against current membership and account state. */
export const SWEEP_EVERY_MS = 2000;

/**
 * Ends live access that is no longer allowed: a member removed from a case,
 * an account disabled. Changes made in this process close connections at
 * once; the sweep catches changes made elsewhere (the admin CLI, another
 * replica) within SWEEP_EVERY_MS, inside the 5-second promise.
 */
export class LiveAccess {
  private readonly collabSessions = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private collab: CollabServer | null = null;

  constructor(
    private readonly stores: StateStores,
    private readonly events: GraphEvents,
  ) {}

  attach(collab: CollabServer): void {
    this.collab = collab;
  }

  onOpen(s: CollabSession): void {
    const k = `${s.userId}\u0000${s.caseId}`;
    this.collabSessions.set(k, (this.collabSessions.get(k) ?? 0) + 1);
  }

  onClose(s: CollabSession): void {
    const k = `${s.userId}\u0000${s.caseId}`;
    const n = (this.collabSessions.get(k) ?? 1) - 1;
    if (n <= 0) this.collabSessions.delete(k);
    else this.collabSessions.set(k, n);
  }

  /** Closes everything of a user now (or of one case). */
  revoke(userId: string, caseId?: string, reason = 'access revoked'): number {
    return this.events.endFor(userId, caseId, reason) + (this.collab?.closeUser(userId, caseId) ?? 0);
  }

  async sweep(): Promise<number> {
    const pairs = new Map<string, { userId: string; caseId: string }>();
    for (const p of this.events.live()) pairs.set(`${p.userId}\u0000${p.caseId}`, p);
    for (const k of this.collabSessions.keys()) {
      const [userId, caseId] = k.split('\u0000');
      pairs.set(k, { userId, caseId });
    }
    let closed = 0;
    const users = new Map<string, boolean>();
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
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => log('error', 'live access sweep failed', { message: err instanceof Error ? err.message : String(err) }));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
