import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStore } from './port';

const fresh = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** What every job store must do, run on both backends. */
export function jobStoreContract(name: string, open: () => Promise<{ jobs: JobStore; close(): Promise<void> }>) {
  describe(`job store contract: ${name}`, () => {
    let jobs: JobStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ jobs, close } = await open());
    });
    afterAll(async () => {
      await close?.();
    });

    const start = (key: string, run: string, owner: string, now: number) =>
      jobs.start({ kind: 'test', key, run, owner, startedBy: 'usr_a', now, staleMs: 30_000, progress: { done: 0 } });

    it('starts a run, records progress, finishes it, and lets the next run start', async () => {
      const key = fresh('case');
      expect(await jobs.get('test', key)).toBeNull();
      const t = 1_000_000;
      const first = await start(key, 'run1', 'replica-a', t);
      expect(first.started).toBe(true);
      expect(first.job).toMatchObject({ state: 'RUNNING', run: 'run1', owner: 'replica-a', startedAt: t, progress: { done: 0 } });
      expect(await jobs.update('test', key, 'run1', t + 10, { progress: { done: 3, total: 9 } })).toBe(true);
      expect(await jobs.get('test', key)).toMatchObject({ heartbeatAt: t + 10, progress: { done: 3, total: 9 } });
      // Busy: a second start (another replica) gets the running one.
      const busy = await start(key, 'run2', 'replica-b', t + 20);
      expect(busy.started).toBe(false);
      expect(busy.job.run).toBe('run1');
      expect(await jobs.update('test', key, 'run1', t + 30, { state: 'DONE', finishedAt: t + 30 })).toBe(true);
      // A finished run takes no more updates.
      expect(await jobs.update('test', key, 'run1', t + 40, { progress: { done: 99 } })).toBe(false);
      const next = await start(key, 'run3', 'replica-b', t + 50);
      expect(next.started).toBe(true);
      expect(next.job).toMatchObject({ run: 'run3', state: 'RUNNING', finishedAt: null, error: null, progress: { done: 0 } });
    });

    it("fails a run whose process stopped, and ignores that run's late updates once another started", async () => {
      const key = fresh('case');
      const t = 2_000_000;
      await start(key, 'dead', 'replica-a', t);
      expect(await jobs.failStale(t - 1, t + 5, 'gone')).not.toContainEqual(expect.objectContaining({ key }));
      const failed = await jobs.failStale(t + 1, t + 40_000, 'the server running it stopped');
      expect(failed.filter((j) => j.key === key)).toEqual([
        expect.objectContaining({ state: 'FAILED', run: 'dead', error: 'the server running it stopped', finishedAt: t + 40_000 }),
      ]);
      expect(await jobs.get('test', key)).toMatchObject({ state: 'FAILED', error: 'the server running it stopped' });
      const again = await start(key, 'again', 'replica-b', t + 41_000);
      expect(again.started).toBe(true);
      expect(await jobs.update('test', key, 'dead', t + 42_000, { progress: { done: 5 } })).toBe(false);
      expect((await jobs.get('test', key))?.progress).toEqual({ done: 0 });
    });

    it('with keepDone, does not start again work that is DONE, and returns the finished record', async () => {
      const key = fresh('once');
      const t = 2_000_000;
      const once = (run: string, now: number) =>
        jobs.start({ kind: 'test', key, run, owner: 'r', startedBy: 'usr_a', now, staleMs: 30_000, progress: {}, keepDone: true });
      expect((await once('run1', t)).started).toBe(true);
      expect(await jobs.update('test', key, 'run1', t + 5, { state: 'DONE', finishedAt: t + 5, progress: { alertId: 'alr_1' } })).toBe(
        true,
      );
      const again = await once('run2', t + 10);
      expect(again.started).toBe(false);
      expect(again.job).toMatchObject({ run: 'run1', state: 'DONE', progress: { alertId: 'alr_1' } });
      // Without it, finished work may run again (a new face-match run).
      expect((await start(key, 'run3', 'r', t + 20)).started).toBe(true);
    });

    it('takes over a RUNNING run whose heartbeat is stale when starting', async () => {
      const key = fresh('case');
      await start(key, 'old', 'replica-a', 3_000_000);
      const taken = await start(key, 'new', 'replica-b', 3_000_000 + 31_000);
      expect(taken.started).toBe(true);
      expect(taken.job.owner).toBe('replica-b');
    });

    it('lets only one of many simultaneous starts of the same work begin', async () => {
      const key = fresh('case');
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => start(key, `r${i}`, `replica-${i}`, 4_000_000)));
      expect(results.filter((r) => r.started)).toHaveLength(1);
      const winner = results.find((r) => r.started)!.job.run;
      expect(results.every((r) => r.job.run === winner)).toBe(true);
    });
  });
}
