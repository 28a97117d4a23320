import { Inject, Injectable, Optional } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { JournalItem, StateStores } from '@homeward/graph-store';
import type { ClusterBus } from '../../base/cluster.js';
import { log } from '../../base/log.js';
import { CLUSTER, STORES } from '../../base/tokens.js';
import type { GraphChange } from './graph.types.js';

/** Who made a change, and what of it is new to the case (kept in the graph journal with the change). */
export interface ChangeAuthor {
  /** The acting user; null for the system. */
  readonly actorId: string | null;
  /**
   * Ids of the nodes and edges the change brought into the case (new entities and links, an entity attached
   * from another case). The rest of an UPSERTED change was in the case already (an edit, a regrade).
   */
  readonly created?: readonly string[];
}

/** Waits before each retry of a journal write that failed (a Neo4j leader switch, a busy SQLite file). */
const JOURNAL_RETRY_MS = [50, 250, 1000];

/** Ends a subscriber's stream; `reason` says why (membership removed, account disabled). */
export interface Subscriber {
  readonly userId: string;
  readonly caseId: string;
  end(reason: string): void;
}

/** The Redis channel of graph changes (every case: a replica's subscribers may follow any case). */
const GRAPH_CHANNEL = 'graph';

/**
 * Fan-out of graph changes to graphql-ws subscribers, per case. Each
 * subscriber gets a bounded queue: a client too slow to keep up is cut off
 * rather than growing the server's memory without limit.
 *
 * With several replicas (a ClusterBus) a change is published to Redis and
 * delivered to this process's subscribers when it comes back, like on every
 * other replica: all subscribers of a case see its changes in the one order
 * Redis received them, whichever replica made them.
 */
@Injectable()
export class GraphEvents {
  private readonly bus = new EventEmitter();
  private readonly subscribers = new Set<Subscriber>();
  static readonly MAX_QUEUE = 1000;

  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    @Optional() @Inject(CLUSTER) private readonly cluster: ClusterBus | null = null,
  ) {
    this.bus.setMaxListeners(0);
  }

  /** Starts receiving the other replicas' changes (with a ClusterBus; resolves once subscribed). */
  async start(): Promise<void> {
    if (!this.cluster) return;
    await this.cluster.subscribe(GRAPH_CHANNEL, (message) => {
      let change: GraphChange;
      try {
        change = JSON.parse(message.toString('utf8')) as GraphChange;
      } catch {
        return log('warn', 'graph change from another replica dropped: not JSON');
      }
      if (typeof change?.caseId === 'string') this.bus.emit(change.caseId, change);
    });
  }

  /**
   * Records a change that was just written to the graph in the case's journal (case replay), then
   * tells the case's subscribers, here and, through Redis, on every other replica. Only the replica
   * that made the change records it, once. The journal is written after the graph write, not in its
   * transaction: a failure is retried and then logged (the change itself stands, and is still
   * delivered live), never thrown at the caller whose change is already made.
   */
  async publish(change: GraphChange, by: ChangeAuthor): Promise<void> {
    await this.record(change, by);
    this.fanOut(change);
  }

  private async record(change: GraphChange, by: ChangeAuthor): Promise<void> {
    if (change.nodes.length === 0 && change.edges.length === 0) return;
    const entry = {
      at: new Date().toISOString(),
      actorId: by.actorId,
      kind: change.kind as 'UPSERTED' | 'REMOVED',
      nodes: change.nodes as unknown as JournalItem[],
      edges: change.edges as unknown as JournalItem[],
      created: by.created ?? [],
    };
    for (let attempt = 0; ; attempt++) {
      try {
        await this.stores.journal.append(change.caseId, entry);
        return;
      } catch (err) {
        if (attempt >= JOURNAL_RETRY_MS.length) {
          // Ids and counts only: the payload may hold personal data, and error messages never hold credentials here.
          return log('error', 'graph change not recorded in the case journal (replay will miss it)', {
            caseId: change.caseId,
            kind: change.kind,
            nodeIds: change.nodes
              .map((n) => n.id)
              .join(',')
              .slice(0, 400),
            edgeIds: change.edges
              .map((e) => e.id)
              .join(',')
              .slice(0, 400),
            message: err instanceof Error ? err.message : String(err),
          });
        }
        await new Promise((r) => setTimeout(r, JOURNAL_RETRY_MS[attempt]));
      }
    }
  }

  private fanOut(change: GraphChange): void {
    if (!this.cluster) {
      this.bus.emit(change.caseId, change);
      return;
    }
    this.cluster.publish(GRAPH_CHANNEL, Buffer.from(JSON.stringify(change))).catch((err: unknown) => {
      // The change is stored; only its live notification is lost (clients refetch on reconnect).
      log('error', 'graph change not published to the other replicas', {
        caseId: change.caseId,
        message: err instanceof Error ? err.message : String(err),
      });
    });
  }

  subscribe(caseId: string, userId: string): AsyncIterableIterator<{ graphChanged: GraphChange }> {
    const queue: GraphChange[] = [];
    let wake: (() => void) | null = null;
    let ended: string | null = null;
    const onChange = (c: GraphChange) => {
      if (queue.length >= GraphEvents.MAX_QUEUE) return sub.end('subscriber too slow');
      queue.push(c);
      wake?.();
    };
    const cleanup = () => {
      this.bus.off(caseId, onChange);
      this.subscribers.delete(sub);
    };
    const sub: Subscriber = {
      userId,
      caseId,
      end: (reason) => {
        ended = reason;
        cleanup();
        wake?.();
      },
    };
    this.bus.on(caseId, onChange);
    this.subscribers.add(sub);
    const iterator: AsyncIterableIterator<{ graphChanged: GraphChange }> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (queue.length === 0 && ended === null) await new Promise<void>((r) => (wake = r));
        wake = null;
        const value = queue.shift();
        if (value) return { value: { graphChanged: value }, done: false };
        return { value: undefined, done: true };
      },
      return: async () => {
        sub.end('closed by client');
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }

  /** Who is subscribed to which case right now. */
  live(): Array<{ userId: string; caseId: string }> {
    return [...this.subscribers].map((s) => ({ userId: s.userId, caseId: s.caseId }));
  }

  /** Ends the live subscriptions of a user (on one case, or all); returns how many. */
  endFor(userId: string, caseId?: string, reason = 'access revoked'): number {
    let n = 0;
    for (const s of [...this.subscribers]) {
      if (s.userId === userId && (caseId === undefined || s.caseId === caseId)) {
        s.end(reason);
        n++;
      }
    }
    return n;
  }
}
