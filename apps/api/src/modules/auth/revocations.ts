import { Inject, Injectable, Optional } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { ClusterBus } from '../../base/cluster.js';
import { log } from '../../base/log.js';
import { CLUSTER } from '../../base/tokens.js';

/**
 * Live access that just ended: a session signed out (`sessionId`), an
 * account disabled (`userId`), a member removed from a case (`userId` and
 * `caseId`). The realtime side closes the matching subscriptions and
 * collaboration connections.
 */
export interface Revocation {
  readonly sessionId?: string;
  readonly userId?: string;
  readonly caseId?: string;
  readonly reason: string;
}

const CHANNEL = 'revocations';

/**
 * Announces revocations to this process at once and, with several replicas,
 * to every other one through Redis. The change itself is already in the
 * shared store when it is announced; the live-access sweep (every 2 s) would
 * find it anyway, so a lost message delays a close, never skips it.
 */
@Injectable()
export class Revocations {
  private readonly local = new EventEmitter();

  constructor(@Optional() @Inject(CLUSTER) private readonly cluster: ClusterBus | null = null) {
    this.local.setMaxListeners(0);
  }

  /** Starts receiving the other replicas' revocations (resolves once subscribed). */
  async start(): Promise<void> {
    const cluster = this.cluster;
    if (!cluster) return;
    await cluster.subscribe(CHANNEL, (message) => {
      let parsed: { origin?: string; revocation?: Revocation };
      try {
        parsed = JSON.parse(message.toString('utf8')) as typeof parsed;
      } catch {
        return;
      }
      if (parsed.origin === cluster.replicaId || !parsed.revocation || typeof parsed.revocation.reason !== 'string') return;
      this.local.emit('revoked', parsed.revocation);
    });
  }

  announce(revocation: Revocation): void {
    this.local.emit('revoked', revocation);
    if (!this.cluster) return;
    this.cluster.publish(CHANNEL, Buffer.from(JSON.stringify({ origin: this.cluster.replicaId, revocation }))).catch((err: unknown) => {
      log('error', 'revocation not published to the other replicas (their sweep closes it within 2 s)', {
        message: err instanceof Error ? err.message : String(err),
      });
    });
  }

  onRevoked(listener: (r: Revocation) => void): () => void {
    this.local.on('revoked', listener);
    return () => this.local.off('revoked', listener);
  }
}
