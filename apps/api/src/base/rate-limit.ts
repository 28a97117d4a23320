import type { ClusterBus } from './cluster.js';
import { ConfigError } from './config.js';

/** At most `count` events in any `seconds`. */
export interface RateLimit {
  readonly count: number;
  readonly seconds: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  /** Whole seconds until the estimate falls under the limit again (0 when allowed). */
  readonly retryAfterSeconds: number;
}

/**
 * Counts events per key against a limit. With several replicas the counts live
 * in Redis, so a user spreading requests over replicas meets one limit.
 */
export interface RateLimiter {
  take(key: string, limit: RateLimit): Promise<RateDecision>;
}

/**
 * The sliding-window estimate: the current fixed window's count plus the
 * previous window's, weighted by how much of it still lies inside the sliding
 * window. One counter per window instead of a timestamp per event, and no
 * burst of twice the limit across a window boundary as plain fixed windows allow.
 */
export function decide(current: number, previous: number, elapsedFraction: number, limit: RateLimit): RateDecision {
  const estimate = current + previous * (1 - elapsedFraction);
  if (estimate <= limit.count) return { allowed: true, retryAfterSeconds: 0 };
  const s = limit.seconds;
  // Within this window only the previous window's share shrinks (linearly); when this window's
  // own count is already over, it has to become the previous one and shrink in turn.
  const wait =
    current <= limit.count ? (estimate - limit.count) / (previous / s) : (1 - elapsedFraction) * s + s * (1 - limit.count / current);
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
}

const windowOf = (now: number, limit: RateLimit) => {
  const ms = limit.seconds * 1000;
  const index = Math.floor(now / ms);
  return { index, elapsedFraction: (now - index * ms) / ms };
};

/** One process's counters (no REDIS_URL). Windows older than the previous one are dropped as keys are used. */
export function memoryRateLimiter(clock: () => number = Date.now): RateLimiter {
  const counts = new Map<string, { index: number; current: number; previous: number }>();
  let sweptAt = 0;
  return {
    async take(key, limit) {
      const now = clock();
      const { index, elapsedFraction } = windowOf(now, limit);
      // Forget keys idle for two windows, at most once a minute, so the map stays as large as the active users.
      if (now - sweptAt > 60_000) {
        sweptAt = now;
        for (const [k, v] of counts) if (v.index < index - 1) counts.delete(k);
      }
      let c = counts.get(key);
      if (!c || c.index < index - 1) c = { index, current: 0, previous: 0 };
      else if (c.index === index - 1) c = { index, current: 0, previous: c.current };
      c.current++;
      counts.set(key, c);
      return decide(c.current, c.previous, elapsedFraction, limit);
    },
  };
}

/** Counters in Redis, shared by every replica: one MULTI round trip per event. */
export function redisRateLimiter(bus: ClusterBus, clock: () => number = Date.now): RateLimiter {
  return {
    async take(key, limit) {
      const { index, elapsedFraction } = windowOf(clock(), limit);
      const base = `rate:${limit.seconds}:${key}:`;
      const { current, previous } = await bus.windowCount(base + index, base + (index - 1), limit.seconds * 2);
      return decide(current, previous, elapsedFraction, limit);
    },
  };
}

/** The API's limits per caller (RATE_LIMITS); null: that limit is off. */
export interface ApiRateLimits {
  /** Every GraphQL operation of one signed-in user (queries, mutations, subscriptions started). */
  readonly user: RateLimit | null;
  /** Mutations of one signed-in user (writes cost more, and a runaway client writes). */
  readonly mutations: RateLimit | null;
  /** Operations without a session (sign-in above all), per client address. */
  readonly anonymous: RateLimit | null;
}

/**
 * The defaults leave a person working fast far below them (a graph click is a few operations;
 * an analyst's busiest minute measured in the browser tests is under 100), and stop a script
 * or a stuck client long before it loads the server for everyone else.
 */
export const DEFAULT_RATE_LIMITS: ApiRateLimits = {
  user: { count: 600, seconds: 60 },
  mutations: { count: 120, seconds: 60 },
  anonymous: { count: 60, seconds: 60 },
};

/** COUNT/SECONDS, such as 120/60. */
export function parseRateLimit(variable: string, raw: string): RateLimit {
  const m = /^(\d{1,7})\/(\d{1,7})$/.exec(raw.trim());
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new ConfigError(variable, `"${raw}" must be COUNT/SECONDS such as 120/60`);
  return { count: Number(m[1]), seconds: Number(m[2]) };
}

/** RATE_LIMITS: `user=600/60,mutations=120/60,anonymous=60/60` (any subset; a kind set to `off` has no limit). */
export function rateLimitsFromEnv(raw: string | undefined): ApiRateLimits {
  if (raw === undefined || raw.trim() === '') return DEFAULT_RATE_LIMITS;
  const out: { -readonly [K in keyof ApiRateLimits]: RateLimit | null } = { ...DEFAULT_RATE_LIMITS };
  for (const part of raw.split(',')) {
    const [key, value] = part.split('=').map((x) => x?.trim());
    if ((key !== 'user' && key !== 'mutations' && key !== 'anonymous') || !value)
      throw new ConfigError('RATE_LIMITS', `"${part}" must be user=, mutations= or anonymous= followed by COUNT/SECONDS or off`);
    out[key] = value === 'off' ? null : parseRateLimit('RATE_LIMITS', value);
  }
  return out;
}
