// What the graph benchmarks share: their settings from the environment, a seeded
// random source, timing and percentiles, and generating the graph straight into a store.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateGraph, openEmbeddedStores } from '@homeward/graph-store';
import { shortestPath } from '@homeward/analysis';

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
  const user = await stores.accounts.createUser({
    id: 'usr_bench',
    email: 'bench@bench.local',
    displayName: 'Bench',
    role: 'ANALYST',
    agencyId: agency.id,
    passwordHash: 'x',
  });
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

/**
 * The data directory of a benchmark: BENCH_DB's (a generated database kept from an earlier run), or a
 * temp dir with the graph generated into it. `done()` removes the temp dir unless BENCH_KEEP=1.
 */
export async function benchDataDir(name, settings, log) {
  if (process.env.BENCH_DB) {
    const file = resolve(process.env.BENCH_DB);
    if (!existsSync(file)) throw new Error(`BENCH_DB ${file} does not exist`);
    log(`reusing ${file}`);
    return { dataDir: dirname(file), done: () => {} };
  }
  const dataDir = mkdtempSync(join(tmpdir(), `homeward-${name}-`));
  log(
    `generating ${settings.entities} entities, ${settings.cases} cases, ~${settings.linksPerEntity} links each (seed ${settings.seed}) in ${dataDir}`,
  );
  await generateIntoStore(dataDir, settings, log);
  return { dataDir, done: () => process.env.BENCH_KEEP !== '1' && rmSync(dataDir, { recursive: true, force: true }) };
}

/**
 * Pairs whose shortest visible chain is exactly `hops` links: random walks from `rng`'s starts, kept
 * when the shortest path (libs/analysis over the store's expand, searching up to `maxDepth`) agrees on the distance.
 */
export async function pairsApart(db, graph, scope, { hops, want, rng, maxDepth = hops }) {
  const next = db.prepare(
    `SELECT other FROM (SELECT dst AS other FROM link WHERE src = @r UNION ALL SELECT src AS other FROM link WHERE dst = @r) ORDER BY random() LIMIT 1`,
  );
  const idOf = db.prepare('SELECT id FROM entity WHERE rid = ?');
  const max = db.prepare('SELECT max(rid) AS m FROM entity').get().m;
  const out = [];
  for (let tries = 0; tries < want * 60 && out.length < want; tries++) {
    const start = 1 + Math.floor(rng() * max);
    let cur = start;
    const seen = new Set([cur]);
    for (let step = 0; step < hops + 2; step++) {
      const n = next.get({ r: cur });
      if (!n || seen.has(n.other)) break;
      cur = n.other;
      seen.add(cur);
    }
    if (seen.size < hops + 1) continue;
    const from = idOf.get(start)?.id;
    const to = idOf.get(cur)?.id;
    if (!from || !to) continue;
    const path = await shortestPath(graph, scope, from, to, maxDepth);
    if (path && path.edges.length === hops) out.push([from, to]);
  }
  return out;
}
