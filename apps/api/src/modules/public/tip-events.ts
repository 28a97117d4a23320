import { EventEmitter } from 'node:events';
import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import type { ClusterBus } from '../../base/cluster.js';
import { log } from '../../base/log.js';
import type { AppStores } from '../../base/stores.js';
import { CLUSTER, STORES } from '../../base/tokens.js';

/** The Redis channel of tip changes, when there are several replicas. */
const TIPS_CHANNEL = 'public-tips';
const MAX_QUEUE = 200;

export interface TipChange {
  readonly caseId: string;
  readonly tipId: string;
}

/**
 * Tells the members following a case's tips inbox that a tip arrived or was
 * decided (they read it through caseTips, which checks access). Membership
 * is read fresh before each delivery: a member removed meanwhile gets no
 * more and the stream ends.
 */
@Injectable()
export class TipEvents implements OnModuleInit {
  private readonly bus = new EventEmitter();

  constructor(
    @Inject(STORES) private readonly stores: AppStores,
    @Optional() @Inject(CLUSTER) private readonly cluster: ClusterBus | null = null,
  ) {
    this.bus.setMaxListeners(0);
  }

  async onModuleInit(): Promise<void> {
    if (!this.cluster) return;
    await this.cluster.subscribe(TIPS_CHANNEL, (m) => {
      try {
        const c = JSON.parse(m.toString('utf8')) as TipChange;
        if (typeof c.caseId === 'string' && typeof c.tipId === 'string') this.bus.emit(c.caseId, c);
      } catch {
        log('warn', 'tip change from another replica dropped: not JSON');
      }
    });
  }

  publish(c: TipChange): void {
    if (!this.cluster) return void this.bus.emit(c.caseId, c);
    this.cluster
      .publish(TIPS_CHANNEL, Buffer.from(JSON.stringify(c)))
      .catch((err: unknown) =>
        log('error', 'tip change not published to the other replicas', { message: err instanceof Error ? err.message : String(err) }),
      );
  }

  subscribe(caseId: string, userId: string): AsyncIterableIterator<{ tipsChanged: TipChange }> {
    const queue: TipChange[] = [];
    let wake: (() => void) | null = null;
    let ended = false;
    const on = (c: TipChange) => {
      if (queue.length >= MAX_QUEUE) return end();
      queue.push(c);
      wake?.();
    };
    const end = () => {
      ended = true;
      this.bus.off(caseId, on);
      wake?.();
    };
    this.bus.on(caseId, on);
    const it: AsyncIterableIterator<{ tipsChanged: TipChange }> = {
      [Symbol.asyncIterator]: () => it,
      next: async () => {
        while (queue.length === 0 && !ended) await new Promise<void>((r) => (wake = r));
        wake = null;
        const value = queue.shift();
        if (!value || ended) return { value: undefined, done: true };
        if (!(await this.stores.cases.isMember(caseId, userId))) {
          end();
          return { value: undefined, done: true };
        }
        return { value: { tipsChanged: value }, done: false };
      },
      return: async () => {
        end();
        return { value: undefined, done: true };
      },
    };
    return it;
  }
}
