import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ClusterBus } from '../../base/cluster.js';
import type { Config } from '../../base/config.js';
import { CLUSTER, CONFIG } from '../../base/tokens.js';
import { PUBLIC_SETTINGS, type PublicSettings } from './public.settings.js';

/** How long a challenge may be answered after the page was served. */
export const CHALLENGE_TTL_MS = 30 * 60_000;

/** Leading zero bits of a hash. */
export function zeroBits(hash: Uint8Array): number {
  let n = 0;
  for (const byte of hash) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    n += Math.clz32(byte) - 24;
    break;
  }
  return n;
}

/** The work a sender does: a nonce whose SHA-256 over "challenge:nonce" starts with `bits` zero bits (tests and the benchmark use it). */
export function solveChallenge(challenge: string, bits: number): string {
  for (let nonce = 0; ; nonce++) {
    if (zeroBits(createHash('sha256').update(`${challenge}:${nonce}`).digest()) >= bits) return String(nonce);
  }
}

/**
 * The tip form's proof of work, with no third-party service: each page view
 * carries a challenge signed by the server (page id, time, random), which
 * every replica can check with the key derived from JWT_SECRET; a tip must
 * bring a nonce that makes its hash start with PUBLIC_POW_BITS zero bits.
 * A challenge is good for one tip, for 30 minutes: in this process, and with
 * several replicas in all of them (claimed once in Redis).
 */
@Injectable()
export class TipChallenges {
  private readonly key: Buffer;
  private readonly used = new Map<string, number>();
  readonly bits: number;

  constructor(
    @Inject(CONFIG) config: Config,
    @Inject(PUBLIC_SETTINGS) settings: PublicSettings,
    @Optional() @Inject(CLUSTER) private readonly cluster: ClusterBus | null = null,
  ) {
    this.key = createHmac('sha256', config.jwtSecret).update('homeward public tip challenge v1').digest();
    this.bits = settings.powBits;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  issue(pageId: string, now = Date.now()): string {
    const body = `${pageId}.${now}.${randomBytes(9).toString('base64url')}`;
    return `${body}.${this.mac(body)}`;
  }

  /** Null when the tip may go on; otherwise why not (named for the sender). */
  check(pageId: string, challenge: unknown, solution: unknown, now = Date.now()): string | null {
    if (typeof challenge !== 'string' || challenge.length > 200) return 'challenge: missing';
    const parts = challenge.split('.');
    if (parts.length !== 4) return 'challenge: not one this server issued';
    const body = parts.slice(0, 3).join('.');
    const given = Buffer.from(parts[3]);
    const expected = Buffer.from(this.mac(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'challenge: not one this server issued';
    if (parts[0] !== pageId) return 'challenge: issued for another page';
    const at = Number(parts[1]);
    if (!(now - at >= 0 && now - at <= CHALLENGE_TTL_MS)) return 'challenge: expired, reload the page';
    if (typeof solution !== 'string' || !/^\d{1,12}$/.test(solution)) return 'solution: missing';
    if (zeroBits(createHash('sha256').update(`${challenge}:${solution}`).digest()) < this.bits) return 'solution: wrong';
    this.forgetOld(now);
    if (this.used.has(challenge)) return 'challenge: already used, reload the page';
    this.used.set(challenge, at);
    return null;
  }

  /** After check(): false when another replica took this challenge already (always true with one process). */
  async claimAcrossReplicas(challenge: string): Promise<boolean> {
    if (!this.cluster) return true;
    const key = `tip-challenge:${createHash('sha256').update(challenge).digest('hex')}`;
    return this.cluster.claimOnce(key, Math.ceil(CHALLENGE_TTL_MS / 1000));
  }

  private forgetOld(now: number): void {
    if (this.used.size < 1000) return;
    for (const [c, at] of this.used) if (now - at > CHALLENGE_TTL_MS) this.used.delete(c);
  }
}
