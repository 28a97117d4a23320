import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { GraphChange } from './graph.types.js';

/** Ends a subscriber's stream; `reason` says why (membership removed, account disabled). */
export interface Subscriber {
  readonly userId: string;
  readonly caseId: string;
  end(reason: string): void;
}

/**
 * In-process fan-out of graph changes to graphql-ws subscribers, per case.
 * Each subscriber gets a bounded queue: a client too slow to keep up is cut
 * off rather than growing the server's memory without limit.
 */
@Injectable()
export class GraphEvents {
  private readonly bus = new EventEmitter();
  private readonly subscribers = new Set<Subscriber>();
  static readonly MAX_QUEUE = 1000;

  constructor() {
    this.bus.setMaxListeners(0);
  }

  publish(change: GraphChange): void {
    this.bus.emit(change.caseId, change);
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
