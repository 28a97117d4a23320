#!/usr/bin/env node
// Analyst-intelligence benchmark on the generated investigation graph, embedded
// store (not part of `npm test`): cross-case links of a 500-entity case,
// duplicate candidates for one new person, centrality of a 2,000-node case
// graph, each computed as the GraphQL services compute them (store reads +
// libs/analysis), with a reader who is a member of every case (the worst case
// for need-to-know filtering). Prints p50/p99 against the budgets, PASS/FAIL.
//
//   node tests/perf/analysis-bench.mjs                              # 1,000,000 entities
//   BENCH_ENTITIES=200000 node tests/perf/analysis-bench.mjs        # smaller
//   BENCH_DB=/path/to/data/homeward.db node tests/perf/analysis-bench.mjs
//
// BENCH_DB: reuse a database generated before (by tests/perf/graph-bench.mjs or
// analysis-paths-bench.mjs with BENCH_KEEP=1). Opening it as the server does adds
// what this version needs (the blocking-key index is built once, timed below).
// The new people this bench adds go in one extra case and are removed again.
// BENCH_ENTITIES (1,000,000), BENCH_CASES (entities/500), BENCH_LINKS_PER_ENTITY (3),
// BENCH_SAMPLES (100), BENCH_SEED (1), BENCH_KEEP=1 keeps a generated graph.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openEmbeddedStores } from '@homeward/graph-store';
import { benchDataDir, envNumber, graphSettings, percentile, seededRng, timeAll } from './bench-support.mjs';
import { centrality, scoreCandidate, topHubs } from '@homeward/analysis';

const SETTINGS = graphSettings();
const { seed: SEED } = SETTINGS;
const SAMPLES = envNumber('BENCH_SAMPLES', 100);
const log = (msg) => process.stderr.write(`[analysis-bench] ${msg}\n`);
const rng = seededRng(SEED);
const pick = (xs) => xs[Math.floor(rng() * xs.length)];

/** A spelling of a stored name as another agency might write it: reordered, without accents, upper case, or a dropped middle word. */
function variant(name) {
  const plain = name.normalize('NFD').replace(/\p{M}/gu, '');
  const words = plain.split(' ');
  switch (Math.floor(rng() * 4)) {
    case 0:
      return `${words.slice(1).join(' ').toUpperCase()}, ${words[0]}`;
    case 1:
      return plain.toLowerCase();
    case 2:
      return words.length > 2 ? `${words[0]} ${words[1]}` : plain;
    default:
      return `${words[0]} ${words.slice(1).join(' ')}`.replace(/z$/, 's');
  }
}

async function main() {
  const { dataDir, done } = await benchDataDir('analysis-bench', SETTINGS, log);

  const tOpen = performance.now();
  const stores = openEmbeddedStores(dataDir);
  const openMs = performance.now() - tOpen;
  const { db, graph } = stores;
  const scope = { caseIds: new Set(db.prepare('SELECT id FROM case_file').pluck().all()) };
  const counts = await graph.counts();
  log(
    `${counts.entities} entities, ${counts.links} links, ${scope.caseIds.size} cases (open, with any key indexing: ${(openMs / 1000).toFixed(1)} s)`,
  );

  // ---- cross-case links of a 500-entity case (as CrossCaseService: case graph, the graph 1 link around it, matches) ----
  const sizedRows = db
    .prepare(
      'SELECT c.id, count(*) AS n FROM case_file c JOIN entity_case ec ON ec.case_rid = c.rid GROUP BY ' +
        'c.rid HAVING count(*) BETWEEN 450 AND 550 ORDER BY c.rid',
    )
    .all();
  const sized = sizedRows.map((r) => r.id);
  const caseSizes = new Map(sizedRows.map((r) => [r.id, r.n]));
  const caseSample = [];
  for (let i = 0; i < Math.min(50, sized.length); i++) caseSample.push(sized[Math.floor((i * sized.length) / Math.min(50, sized.length))]);
  let sharedSum = 0;
  let nearSum = 0;
  let noticeSum = 0;
  let entitySum = 0;
  // As CrossCaseService: matches and shared entities by id, near cases, then the few entities shown, whole.
  const crossOnce = async (caseId) => {
    const m = await graph.crossCaseMatches(caseId, scope);
    const near = await graph.nearCases(caseId, 1, scope);
    const shown = new Set([
      ...m.shared.map((x) => x.entityId),
      ...m.identifiers.map((x) => x.entityId),
      ...m.hidden.map((x) => x.entityId),
    ]);
    await graph.getEntities([...shown], scope);
    for (const n of near.slice(0, 100)) await stores.cases.getCase(n.caseId);
    return { r: { shared: m.shared, near }, m, n: caseSizes.get(caseId) };
  };
  // Every case once, cold (nothing of it read before), then again as when the case is open in the workspace
  // (its graph already loaded by the graph view, so in the store's case-graph cache).
  const cpu0 = process.cpuUsage();
  const crossColdMs = await timeAll(caseSample, async (caseId) => {
    const { r, m, n } = await crossOnce(caseId);
    sharedSum += r.shared.length;
    nearSum += r.near.length;
    noticeSum += m.hidden.length + m.identifiers.length;
    entitySum += n;
  });
  const crossCpu = process.cpuUsage(cpu0);
  // The same cases again: pages now in the cache, as for an analyst coming back to the tab.
  const crossMs = await timeAll(caseSample, crossOnce);

  // ---- duplicate candidates for one new person (as ResolutionService: key lookup + scoring) ----
  const names = db
    .prepare(
      `SELECT json_extract(props, '$.fullName') AS name, json_extract(props, '$.dateOfBirth') AS dob FROM ` +
        `entity WHERE kind = 'PERSON' AND rid % 97 = 0 LIMIT 5000`,
    )
    .all();
  const agencyId = db.prepare('SELECT id FROM agency LIMIT 1').pluck().get();
  const userId = db.prepare('SELECT id FROM user_account LIMIT 1').pluck().get();
  const benchCase = await stores.cases.createCase({
    id: `case_dupbench_${Date.now()}`,
    reference: `DUP-BENCH-${Date.now()}`,
    title: 'duplicate bench',
    category: 'UNKNOWN',
    status: 'OPEN',
    riskLevel: 'LOW',
    country: 'GT',
    reportedAt: new Date().toISOString(),
    lastSeenAt: null,
    leadAgencyId: agencyId,
    createdBy: userId,
  });
  const dupScope = { caseIds: new Set([...scope.caseIds, benchCase.id]) };
  const newPeople = [];
  for (let i = 0; i < SAMPLES; i++) {
    const src = pick(names);
    const id = `ent_dupbench_${i}_${Date.now()}`;
    await graph.write(
      {
        caseId: benchCase.id,
        entities: [
          { id, kind: 'PERSON', props: { fullName: variant(src.name), ...(rng() < 0.5 && src.dob ? { dateOfBirth: src.dob } : {}) } },
        ],
      },
      { actorId: userId },
    );
    newPeople.push(id);
  }
  let proposed = 0;
  let raw = 0;
  const dupMs = await timeAll(newPeople, async (id) => {
    const [target] = await graph.getEntities([id], dupScope);
    const rows = await graph.duplicateCandidates(id, dupScope, 100);
    raw += rows.length;
    const scored = rows.map((r) => scoreCandidate(target, r.record, r.keys)).filter((s) => s !== null);
    proposed += Math.min(10, scored.length);
  });
  for (const id of newPeople) await graph.removeEntity(benchCase.id, id, { actorId: userId });
  db.prepare('DELETE FROM case_file WHERE id = ?').run(benchCase.id);

  // ---- centrality of a 2,000-node case graph (four generated cases read as one network) ----
  const four = sized.slice(0, 4);
  const parts = await Promise.all(four.map((c) => graph.caseGraph(c, scope)));
  const nodes = new Map();
  const edges = new Map();
  for (const p of parts) {
    for (const n of p.nodes) nodes.set(n.id, n);
    for (const e of p.edges) edges.set(e.id, e);
  }
  const big = { nodes: [...nodes.values()], edges: [...edges.values()] };
  const centMs = [];
  let communities = 0;
  let exact = true;
  const cpu1 = process.cpuUsage();
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = centrality(big, 1);
    topHubs(r, 'BETWEENNESS', 10);
    centMs.push(performance.now() - t);
    communities = r.communities.length;
    exact = r.exact;
  }
  const centCpu = process.cpuUsage(cpu1);
  centMs.sort((a, b) => a - b);
  const cpuMs = (u, n) => (u.user + u.system) / 1000 / Math.max(1, n);

  await stores.close();
  done();

  const nc = Math.max(1, caseSample.length);
  const rows = [
    [
      'cross-case links of a 500-entity case, first ask, p50 ms',
      percentile(crossColdMs, 50),
      50,
      `${caseSample.length} cases of ${Math.round(entitySum / nc)} entities, k=1; p99 ` +
        `${percentile(crossColdMs, 99).toFixed(1)} ms; ${cpuMs(crossCpu, nc).toFixed(1)} ms CPU on average; ` +
        `${(sharedSum / nc).toFixed(1)} shared, ${(nearSum / nc).toFixed(1)} near cases, ` +
        `${(noticeSum / nc).toFixed(1)} identifier matches/notices on average`,
    ],
    ['cross-case links, the same cases again, p50 ms', percentile(crossMs, 50), 50, `p99 ${percentile(crossMs, 99).toFixed(1)} ms`],
    [
      'duplicate candidates for one new person, p50 ms',
      percentile(dupMs, 50),
      20,
      `${newPeople.length} new people; p99 ${percentile(dupMs, 99).toFixed(1)} ms; ` +
        `${(raw / Math.max(1, newPeople.length)).toFixed(0)} read from the key index, ` +
        `${(proposed / Math.max(1, newPeople.length)).toFixed(1)} proposed on average`,
    ],
    [
      'centrality of a 2,000-node case graph, median ms',
      percentile(centMs, 50),
      500,
      `${big.nodes.length} nodes, ${big.edges.length} links; degree + betweenness ` +
        `(${exact ? 'exact' : `estimated from 1,000 sample sources`}) + Louvain (${communities} ` +
        `communities); ${cpuMs(centCpu, 5).toFixed(0)} ms CPU on average; max ` +
        `${centMs[centMs.length - 1].toFixed(0)} ms of 5`,
    ],
  ];
  console.log(
    `\nAnalyst-intelligence benchmark, embedded store: ${counts.entities.toLocaleString('en-US')} ` +
      `entities, ${counts.links.toLocaleString('en-US')} links, ${scope.caseIds.size} cases\n`,
  );
  console.log(`${'measure'.padEnd(50)} ${'measured'.padStart(10)} ${'budget'.padStart(10)}  result  notes`);
  let failed = 0;
  for (const [name, value, budget, note] of rows) {
    const pass = !Number.isNaN(value) && value <= budget;
    if (!pass) failed++;
    console.log(`${name.padEnd(50)} ${value.toFixed(2).padStart(10)} ${`<= ${budget}`.padStart(10)}  ${pass ? 'PASS' : 'FAIL'}    ${note}`);
  }
  console.log(
    `(opening the database, including building the blocking-key index when it was missing: ${(openMs / 1000).toFixed(1)} s; load average at the end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')})\n`,
  );
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
