#!/usr/bin/env node
// Link-graph benchmark of the embedded store at investigation scale (not part
// of `npm test`). Builds a data directory with the demo accounts and a
// generated graph loaded through the CSV importer, times the store's queries
// in process, then starts the built server on it and times caseGraph over
// GraphQL/HTTP and reads its RSS. Prints measured vs budget, PASS/FAIL.
//
//   npm run perf:graph                       # 1,000,000 entities, ~3,000,000 links
//   BENCH_ENTITIES=50000 npm run perf:graph  # a short run
//
// BENCH_ENTITIES, BENCH_CASES (default entities/500), BENCH_LINKS_PER_ENTITY (3),
// BENCH_SEED (1), BENCH_DIR (default: a temp dir, removed unless BENCH_KEEP=1).
/* global fetch -- Node 20's built-in fetch; the lint config lists only the older Node globals for .mjs files */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateGraph, importCsv, openEmbeddedStores, writeGraphCsv } from '@homeward/graph-store';
import { envNumber, pairsApart, percentile, timeAll } from './bench-support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = join(ROOT, 'apps/api/dist/apps/api/src/main.js');
const DEMO_PASSWORD = 'graph-bench-demo-pw';
const INVESTIGATOR = 'investigator.gt@demo.local';

const env = envNumber;
const ENTITIES = env('BENCH_ENTITIES', 1_000_000);
const CASES = env('BENCH_CASES', Math.max(1, Math.round(ENTITIES / 500)));
const LINKS_PER_ENTITY = env('BENCH_LINKS_PER_ENTITY', 3);
const SEED = env('BENCH_SEED', 1);
const SAMPLES = env('BENCH_SAMPLES', 200);
const dir = process.env.BENCH_DIR ? resolve(process.env.BENCH_DIR) : mkdtempSync(join(tmpdir(), 'homeward-graph-bench-'));
const dataDir = join(dir, 'data');
const csvDir = join(dir, 'csv');

const log = (msg) => process.stderr.write(`[graph-bench] ${msg}\n`);
const rng = (() => {
  // The benchmark's own choices (start entities, names) are seeded too, so two runs ask the same questions.
  let s = (SEED * 2654435761) >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 4294967296;
  };
})();

// ---- the built server -----------------------------------------------------------

function startServer(extraEnv) {
  return new Promise((ok, fail) => {
    const proc = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_PASSWORD, SEED_DEMO: '1', NODE_ENV: 'production', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start in 120 s:\n${out}`)), 120_000);
    const onData = (d) => {
      out += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({
          url: `http://127.0.0.1:${m[1]}`,
          pid: proc.pid,
          stop: () =>
            new Promise((done) => {
              proc.once('exit', () => done());
              proc.kill('SIGTERM');
            }),
        });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (d) => (out += d));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

async function gql(url, query, variables, token) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

// ---- picking the questions ------------------------------------------------------------

/** Entities with about 30 links (25–35): a sample of rids, their degree from the link indexes. */
function entitiesOfDegree(db, lo, hi, want) {
  const degree = db.prepare('SELECT (SELECT count(*) FROM link WHERE src = @r) + (SELECT count(*) FROM link WHERE dst = @r) AS d');
  const idOf = db.prepare('SELECT id FROM entity WHERE rid = ?');
  const max = db.prepare('SELECT max(rid) AS m FROM entity').get().m;
  const out = [];
  for (let tries = 0; tries < 400_000 && out.length < want; tries++) {
    const rid = 1 + Math.floor(rng() * max);
    const d = degree.get({ r: rid }).d;
    if (d >= lo && d <= hi) out.push(idOf.get(rid).id);
  }
  return out;
}


// ---- main ----------------------------------------------------------------------------------

async function main() {
  mkdirSync(csvDir, { recursive: true });
  log(`data in ${dir}: ${ENTITIES} entities, ${CASES} cases, ~${LINKS_PER_ENTITY} links per entity, seed ${SEED}`);

  // 1. The demo workspace (accounts, agencies) exactly as the server seeds it.
  const seeding = await startServer({});
  await seeding.stop();

  // 2. The generated graph, written as CSV, then loaded through the importer.
  let t = performance.now();
  const written = writeGraphCsv(generateGraph({ entities: ENTITIES, cases: CASES, linksPerEntity: LINKS_PER_ENTITY, seed: SEED }), csvDir);
  log(`generated and wrote ${written.entities} entities, ${written.attached} attachments, ${written.links} links in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const stores = openEmbeddedStores(dataDir);
  const investigator = await stores.accounts.findUserByEmail(INVESTIGATOR);
  if (!investigator) throw new Error(`${INVESTIGATOR} missing after the demo seed`);
  // Created by the investigator, who is thereby a member of every generated case.
  for (const c of written.cases) await stores.cases.createCase({ ...c, leadAgencyId: investigator.agencyId, createdBy: investigator.id });

  let lastLog = 0;
  t = performance.now();
  const imported = await importCsv(stores, {
    entitiesFile: written.entitiesFile,
    linksFile: written.linksFile,
    actorId: investigator.id,
    onProgress: (p) => {
      if (p.elapsedMs - lastLog < 10_000) return;
      lastLog = p.elapsedMs;
      log(`  ${p.file}: ${p.rows} rows, ${Math.round((p.rows * 1000) / p.elapsedMs)} rows/s`);
    },
  });
  const loadSeconds = (performance.now() - t) / 1000;
  if (!imported.ok) throw new Error(`import refused: ${JSON.stringify(imported.errors.slice(0, 5))}`);
  const loaded = imported.entities + imported.attached + imported.links;
  const loadRate = loaded / loadSeconds;
  log(`imported ${loaded} rows in ${loadSeconds.toFixed(1)} s`);
  const counts = await stores.graph.counts();

  const scope = { caseIds: new Set(await stores.cases.caseIdsOfUser(investigator.id)) };
  const { db, graph } = stores;

  // 3. In-process queries of the store, as the API calls them, with the investigator's scope.
  const starts = entitiesOfDegree(db, 25, 35, SAMPLES);
  log(`neighborhood: ${starts.length} start entities of 25–35 links`);
  await timeAll(starts.slice(0, 10), (id) => graph.neighborhood({ ids: [id], depth: 2 }, scope));
  let sizes = 0;
  const nbMs = await timeAll(starts, async (id) => {
    sizes += (await graph.neighborhood({ ids: [id], depth: 2 }, scope)).nodes.length;
  });
  const nbNodes = Math.round(sizes / Math.max(1, starts.length));

  const pairs = await pairsApart(db, graph, scope, { hops: 5, want: Math.min(100, SAMPLES), rng, maxDepth: 6 });
  log(`shortestPath: ${pairs.length} pairs 5 links apart`);
  const spMs = await timeAll(pairs, ([a, b]) => graph.shortestPath(a, b, 6, scope));

  const names = db
    .prepare(`SELECT json_extract(props, '$.fullName') AS name FROM entity WHERE kind = 'PERSON' AND rid % 101 = 7 LIMIT ?`)
    .all(SAMPLES * 5)
    .filter(() => rng() < 0.2)
    .slice(0, SAMPLES)
    // As an investigator types a name: given name and first surname.
    .map((r) => r.name.split(' ').slice(0, 2).join(' '));
  await timeAll(names.slice(0, 10), (text) => graph.search({ text }, scope));
  let hits = 0;
  const searchMs = await timeAll(names, async (text) => {
    hits += (await graph.search({ text }, scope)).length;
  });

  const target = db
    .prepare(
      `SELECT c.id, c.reference, count(*) AS n FROM entity_case ec JOIN case_file c ON c.rid = ec.case_rid
       WHERE c.reference LIKE '%-SIM%' GROUP BY ec.case_rid ORDER BY abs(count(*) - 500) LIMIT 1`,
    )
    .get();
  await stores.close();

  // 4. The real server on this data: caseGraph over GraphQL/HTTP, then its RSS.
  const server = await startServer({});
  let cgMs = [];
  let rss = NaN;
  let cgNodes = 0;
  let cgEdges = 0;
  try {
    const { login } = await gql(server.url, 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e: INVESTIGATOR, p: DEMO_PASSWORD });
    const query = 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id kind label role caseIds } edges { id type source target } } }';
    const ask = () => gql(server.url, query, { c: target.id }, login.token);
    for (let i = 0; i < 5; i++) await ask();
    cgMs = await timeAll(Array.from({ length: Math.max(30, Math.min(SAMPLES, 100)) }), async () => {
      const r = await ask();
      cgNodes = r.caseGraph.nodes.length;
      cgEdges = r.caseGraph.edges.length;
    });
    rss = rssMiB(server.pid);
  } finally {
    await server.stop();
  }

  // 5. The table.
  const rows = [
    ['bulk load via importer (entities+attachments+links)/s', loadRate, '>=', 50_000, `${loaded} rows in ${loadSeconds.toFixed(1)} s`],
    ['neighborhood depth 2 from ~30-link entities, p50 ms', percentile(nbMs, 50), '<=', 5, `${starts.length} starts, ${nbNodes} nodes avg`],
    ['neighborhood depth 2 from ~30-link entities, p99 ms', percentile(nbMs, 99), '<=', 20, ''],
    ['shortestPath 5 links apart, p50 ms', percentile(spMs, 50), '<=', 20, `${pairs.length} pairs, p99 ${percentile(spMs, 99).toFixed(1)} ms`],
    ['search a name, p50 ms', percentile(searchMs, 50), '<=', 5, `${names.length} names, ${(hits / Math.max(1, names.length)).toFixed(1)} hits avg, p99 ${percentile(searchMs, 99).toFixed(1)} ms`],
    ['caseGraph via GraphQL/HTTP, p50 ms', percentile(cgMs, 50), '<=', 30, `${target.reference}: ${cgNodes} nodes, ${cgEdges} edges, p99 ${percentile(cgMs, 99).toFixed(1)} ms`],
    ['server RSS with the graph open, MiB', rss, '<=', 1024, ''],
  ];
  const fmt = (v) => (Number.isNaN(v) ? 'n/a' : v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));
  console.log(`\nGraph benchmark, embedded store: ${counts.entities.toLocaleString('en-US')} entities, ${counts.links.toLocaleString('en-US')} links, ${CASES} cases (seed ${SEED})\n`);
  console.log(`${'measure'.padEnd(56)} ${'measured'.padStart(12)} ${'budget'.padStart(12)}  result  notes`);
  let failed = 0;
  for (const [name, value, op, budget, note] of rows) {
    const pass = !Number.isNaN(value) && (op === '>=' ? value >= budget : value <= budget);
    if (!pass) failed++;
    console.log(`${name.padEnd(56)} ${fmt(value).padStart(12)} ${`${op} ${fmt(budget)}`.padStart(12)}  ${pass ? 'PASS' : 'FAIL'}    ${note}`);
  }
  console.log('');
  if (!process.env.BENCH_DIR && process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
