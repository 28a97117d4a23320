import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.js';
import { decide, DEFAULT_RATE_LIMITS, memoryRateLimiter, rateLimitsFromEnv } from './rate-limit.js';

const perMinute = (count: number) => ({ count, seconds: 60 });

describe('decide (sliding-window estimate)', () => {
  it('allows up to the limit within one window and refuses the next', () => {
    expect(decide(10, 0, 0.5, perMinute(10)).allowed).toBe(true);
    expect(decide(11, 0, 0.5, perMinute(10))).toEqual({ allowed: false, retryAfterSeconds: 30 + 6 });
  });

  it('weights the previous window by the part of it still inside the sliding window', () => {
    // 3/4 of the previous window's 8 still count: 6 + 4 = 10 is at the limit, 6 + 5 over it.
    expect(decide(4, 8, 0.25, perMinute(10)).allowed).toBe(true);
    const over = decide(5, 8, 0.25, perMinute(10));
    expect(over.allowed).toBe(false);
    // The previous share falls by 8/60 per second: one event's worth after 7.5 s.
    expect(over.retryAfterSeconds).toBe(8);
  });

  it('does not allow twice the limit across a window boundary, as plain fixed windows would', () => {
    expect(decide(1, 10, 0.01, perMinute(10)).allowed).toBe(false);
  });
});

describe('memoryRateLimiter', () => {
  it('counts per key, and forgets a window once it has slid past', async () => {
    let now = 60_000 * 1000; // the start of a window
    const limiter = memoryRateLimiter(() => now);
    const limit = perMinute(3);
    for (let i = 0; i < 3; i++) expect((await limiter.take('a', limit)).allowed).toBe(true);
    expect((await limiter.take('a', limit)).allowed).toBe(false);
    expect((await limiter.take('b', limit)).allowed).toBe(true);
    // Half of the next window later, half of the previous (4 counted, refusals included) still weighs: 2 + 1 = 3.
    now += 90_000;
    expect((await limiter.take('a', limit)).allowed).toBe(true);
    expect((await limiter.take('a', limit)).allowed).toBe(false);
    // Two windows later nothing of it is left.
    now += 120_000;
    for (let i = 0; i < 3; i++) expect((await limiter.take('a', limit)).allowed).toBe(true);
  });
});

describe('RATE_LIMITS', () => {
  it('defaults, overrides by kind, and off', () => {
    expect(rateLimitsFromEnv(undefined)).toEqual(DEFAULT_RATE_LIMITS);
    expect(rateLimitsFromEnv('mutations=30/60, anonymous=off')).toEqual({
      user: DEFAULT_RATE_LIMITS.user,
      mutations: { count: 30, seconds: 60 },
      anonymous: null,
    });
  });

  it('names the variable and the part at fault', () => {
    for (const bad of ['users=1/60', 'user=1', 'user=0/60', 'user=5/0', 'user', 'mutations=abc']) {
      let err: unknown;
      try {
        rateLimitsFromEnv(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).variable).toBe('RATE_LIMITS');
    }
  });
});
