#!/usr/bin/env node
// Path-analysis benchmark on the generated investigation graph, embedded store
// (not part of `npm test`): the k shortest paths and a time-respecting path
// between entities 5 links apart, as the GraphQL `paths` query computes them
// (libs/analysis over GraphStore.expand), with a reader who is a member of every
// case (the worst case for need-to-know filtering). Prints p50/p99 against the
// budgets, PASS/FAIL.
//
//   node tools/build.mjs --api-only && node tests/perf/analysis-paths-bench.mjs
//   BENCH_ENTITIES=200000 node tests/perf/analysis-paths-bench.mjs     # smaller
//   BENCH_DB=/path/to/data/homeward.db node tests/perf/analysis-paths-bench.mjs
//
// BENCH_DB: reuse a database generated before (by this bench with BENCH_KEEP=1,
// or by tests/perf/graph-bench.mjs); it is opened as the server opens it (a file
// from an older version gets the columns added since). Otherwise a graph of
// BENCH_ENTITIES (1,000,000) entities, BENCH_CASES (entities/500) cases and
// BENCH_LINKS_PER_ENTITY (3) links per entity is generated into a temp dir
// (removed unless BENCH_KEEP=1). BENCH_PAIRS (100) pairs, BENCH_SEED (1).
import { openEmbeddedStores } from '@homeward/graph-store';
import { benchDataDir, envNumber, graphSettings, pairsApart, percentile, seededRng, timeAll } from './bench-support.mjs';
import { findPaths } from '@homeward/analysis';

const SETTINGS = graphSettings();
const { seed: SEED } = SETTINGS;
const PAIRS = envNumber('BENCH_PAIRS', 100);
const HOPS = 5;
const log = (msg) => process.stderr.write(`[paths-bench] ${msg}\n`);
const rng = seededRng(SEED);

async function main() {
  const { dataDir, done } = await benchDataDir('paths-bench', SETTINGS, log);

  const stores = openEmbeddedStores(dataDir);
  const { db, graph } = stores;
  // The reader is a member of every case: every link is visible and checked against the scope.
  const scope = { caseIds: new Set(db.prepare('SELECT id FROM case_file').pluck().all()) };
  const counts = await graph.counts();
  log(`${counts.entities} entities, ${counts.links} links, ${scope.caseIds.size} cases`);

  const pairs = await pairsApart(db, graph, scope, { hops: HOPS, want: PAIRS, rng });
  log(`${pairs.length} pairs ${HOPS} links apart`);
  const shortest = (pair) => findPaths(graph, scope, { fromId: pair[0], toId: pair[1], mode: 'SHORTEST', k: 3, maxLength: 6 });
  const timed = (pair) =>
    findPaths(graph, scope, { fromId: pair[0], toId: pair[1], mode: 'SHORTEST', k: 1, maxLength: 6, timeRespecting: true });

  // Warm-up (page cache, statement plans), not counted.
  for (const p of pairs.slice(0, 10)) await shortest(p);
  let found = 0;
  let visited = 0;
  const kMs = await timeAll(pairs, async (p) => {
    const r = await shortest(p);
    found += r.paths.length;
    visited += r.visited;
  });
  let timedFound = 0;
  let timedVisited = 0;
  let limited = 0;
  const tMs = await timeAll(pairs, async (p) => {
    try {
      const r = await timed(p);
      timedFound += r.paths.length ? 1 : 0;
      timedVisited += r.visited;
    } catch (err) {
      // A search that hits its node budget answers LIMIT_EXCEEDED: counted, timed like any answer.
      if (err?.code !== 'LIMIT_EXCEEDED') throw err;
      limited++;
    }
  });
  await stores.close();
  done();

  const n = Math.max(1, pairs.length);
  const rows = [
    [
      '3 shortest paths, 5 links apart, p50 ms',
      percentile(kMs, 50),
      50,
      `p99 ${percentile(kMs, 99).toFixed(1)} ms; ${(found / n).toFixed(2)} paths, ${Math.round(visited / n)} entities touched on average`,
    ],
    [
      'time-respecting path, same pairs, p50 ms',
      percentile(tMs, 50),
      100,
      `p99 ${percentile(tMs, 99).toFixed(1)} ms; found for ${timedFound} of ${pairs.length} pairs, ` +
        `${Math.round(timedVisited / n)} entities touched on ` +
        `average${limited ? `, ${limited} hit the node budget` : ''}`,
    ],
  ];
  console.log(
    `\nPath benchmark, embedded store: ${counts.entities.toLocaleString('en-US')} entities, ` +
      `${counts.links.toLocaleString('en-US')} links, ${scope.caseIds.size} cases, ${pairs.length} pairs\n`,
  );
  console.log(`${'measure'.padEnd(44)} ${'measured'.padStart(10)} ${'budget'.padStart(10)}  result  notes`);
  let failed = 0;
  for (const [name, value, budget, note] of rows) {
    const pass = !Number.isNaN(value) && value <= budget;
    if (!pass) failed++;
    console.log(`${name.padEnd(44)} ${value.toFixed(2).padStart(10)} ${`<= ${budget}`.padStart(10)}  ${pass ? 'PASS' : 'FAIL'}    ${note}`);
  }
  console.log('');
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
