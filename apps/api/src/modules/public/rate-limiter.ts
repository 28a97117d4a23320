import type { RateLimit } from './public.settings.js';

/**
 * Sliding-window counts per key (a sender's address, a page), in this
 * process. With several replicas each counts its own share, so the effective
 * limit is at most the replica count times this one.
 */
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys = 50_000,
  ) {}

  /** Counts one event for `key` if it is within the limit; false (nothing counted) when over it. */
  take(key: string, now = Date.now()): boolean {
    const since = now - this.limit.seconds * 1000;
    const list = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (list.length >= this.limit.count) {
      this.hits.set(key, list);
      return false;
    }
    list.push(now);
    if (!this.hits.has(key) && this.hits.size >= this.maxKeys) this.prune(since);
    this.hits.set(key, list);
    return true;
  }

  private prune(since: number): void {
    for (const [k, list] of this.hits) if (!list.some((t) => t > since)) this.hits.delete(k);
    // Still full (a flood of distinct addresses): forget the oldest half rather than grow without bound.
    if (this.hits.size >= this.maxKeys) [...this.hits.keys()].slice(0, this.maxKeys / 2).forEach((k) => this.hits.delete(k));
  }
}
