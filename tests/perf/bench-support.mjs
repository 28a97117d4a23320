// What the graph benchmarks share: their settings from the environment, a seeded
// random source, timing and percentiles, and generating the graph straight into a store.
import { performance } from 'node:perf_hooks';
import { generateGraph, openEmbeddedStores } from '@homeward/graph-store';

export const envNumber = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);

/** BENCH_ENTITIES (1,000,000), BENCH_CASES (entities/500), BENCH_LINKS_PER_ENTITY (3), BENCH_SEED (1). */
export function graphSettings() {
  const entities = envNumber('BENCH_ENTITIES', 1_000_000);
  return {
    entities,
    cases: envNumber('BENCH_CASES', Math.max(1, Math.round(entities / 500))),
    linksPerEntity: envNumber('BENCH_LINKS_PER_ENTITY', 3),
    seed: envNumber('BENCH_SEED', 1),
  };
}

/** xorshift32 from the seed: the benchmark's own choices are seeded too, so two runs ask the same questions. */
export function seededRng(seed) {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs fn over the items one after the other; returns each call's milliseconds, sorted. */
export async function timeAll(items, fn) {
  const ms = [];
  for (const item of items) {
    const t = performance.now();
    await fn(item);
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b);
}

/** Generates the graph straight into the store (the same rows graph-bench loads through CSV). */
export async function generateIntoStore(dataDir, settings, log) {
  const stores = openEmbeddedStores(dataDir);
  const agency = await stores.accounts.createAgency({ id: 'agy_bench', name: 'Bench', country: 'GT', kind: 'LAW_ENFORCEMENT' });
  const user = await stores.accounts.createUser({ id: 'usr_bench', email: 'bench@bench.local', displayName: 'Bench', role: 'ANALYST', agencyId: agency.id, passwordHash: 'x' });
  const caseIds = new Map();
  const t = performance.now();
  let rows = 0;
  for (const batch of generateGraph(settings)) {
    for (const c of batch.cases) {
      await stores.cases.createCase({ ...c, leadAgencyId: agency.id, createdBy: user.id });
      caseIds.set(c.reference, c.id);
    }
    const caseOf = (r) => caseIds.get(r.caseReference);
    stores.graph.bulkLoad(
      {
        entities: batch.entities.map((e) => ({ ...e, caseId: caseOf(e) })),
        attach: batch.attach.map((a) => ({ entityId: a.entityId, role: a.role, caseId: caseOf(a) })),
        links: batch.links.map((l) => ({ ...l, caseId: caseOf(l) })),
      },
      { actorId: user.id },
    );
    const n = batch.entities.length + batch.attach.length + batch.links.length;
    rows += n;
    if (rows % 200_000 < n) log(`  ${rows} rows, ${Math.round((rows * 1000) / (performance.now() - t))}/s`);
  }
  log(`generated ${rows} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await stores.close();
}
