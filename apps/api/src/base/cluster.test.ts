import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClusterBus, type ClusterBus } from './cluster.js';
import { redisRateLimiter } from './rate-limit.js';

// The replicas' Redis operations on a real redis-server (npm test starts one when REDIS_URL is unset).
const url = process.env.REDIS_URL;
if (!url) {
  const reason = 'cluster bus tests skipped: REDIS_URL is not set (npm test starts a redis-server where one is installed)';
  console.log(reason);
  describe('cluster bus on Redis', () => {
    it.skip(reason, () => undefined);
  });
} else {
  describe('cluster bus on Redis', () => {
    // Two buses: two replicas on one Redis.
    let a: ClusterBus;
    let b: ClusterBus;
    const tag = randomBytes(6).toString('hex');
    beforeAll(async () => {
      [a, b] = await Promise.all([openClusterBus(url), openClusterBus(url)]);
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
    });

    it('lets one replica claim a one-time token, once', async () => {
      const claims = await Promise.all([a, b, a, b].map((bus) => bus.claimOnce(`test:${tag}:token`, 60)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await a.claimOnce(`test:${tag}:other`, 60)).toBe(true);
    });

    it('counts a limit per key across replicas in one window', async () => {
      const limit = { count: 5, seconds: 3600 };
      const now = () => 7_200_000 * 1000 + 1; // just after a window starts: the previous window weighs fully, and it is empty
      const onA = redisRateLimiter(a, now);
      const onB = redisRateLimiter(b, now);
      const decisions = [];
      for (let i = 0; i < 7; i++) decisions.push(await (i % 2 ? onB : onA).take(`user:${tag}`, limit));
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
      expect(decisions[5].retryAfterSeconds).toBeGreaterThan(0);
      // Another key counts on its own.
      expect((await onB.take(`user:${tag}-other`, limit)).allowed).toBe(true);
    });
  });
}
