import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, login, startServer, type RunningServer } from './harness';

// The demo's found-safe case (GT-2026-0003, seeded already found) counts as recovered, with its found time.
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 150_000 });
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

describe('demo statistics', () => {
  it('the seeded found-safe case is recovered, with its found time, in the statistics and their CSV', async () => {
    const t = await login(server.url, 'supervisor.gt@demo.local');
    const r = await gql(server.url, '{ cases { reference status } caseStatistics { total recovered medianHoursToRecovery csv } }', {}, t);
    expect(r.errors).toBeUndefined();
    expect(r.data!.cases).toContainEqual({ reference: 'GT-2026-0003', status: 'FOUND_SAFE' });
    const s = r.data!.caseStatistics as { total: number; recovered: number; medianHoursToRecovery: number | null; csv: string };
    expect(s.recovered).toBe(1);
    // Reported 2026-11-02 12:00 UTC, found the next morning at 07:45 UTC.
    expect(s.medianHoursToRecovery).toBe(19.8);
    const row = s.csv.split(/\r?\n/).find((l) => l.startsWith('GT-2026-0003'));
    expect(row).toContain('2026-11-03T07:45:00.000Z');
    expect(row).toContain('19.8');
  });
});
