#!/usr/bin/env node
// Link-graph benchmark at investigation scale (not part of `npm test`), of the
// embedded store and, when NEO4J_URI is set, of Neo4j on the same graph with the
// same questions. Builds a data directory with the demo accounts and a generated
// graph loaded through the CSV importer, times the store's queries in process,
// then starts the built server on it and times caseGraph over GraphQL/HTTP and
// reads its RSS. With NEO4J_URI the same CSV files go through the Neo4j importer
// into that database, the same questions are asked of the Neo4j adapter, and the
// built server is started on Neo4j. Prints measured vs budget, PASS/FAIL, both
// backends side by side with the ratio Neo4j/embedded. Each kind of question is
// timed after BENCH_WARMUP_PASSES (3) passes over as many others of its kind (a
// server that has been up a while, V8's and the JVM's compilers warm); how the
// first pass went is in the notes.
//
//   npm run perf:graph                       # 1,000,000 entities, ~3,000,000 links
//   BENCH_ENTITIES=50000 npm run perf:graph  # a short run
//   NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=… npm run perf:graph   # both backends
//
// BENCH_ENTITIES, BENCH_CASES (default entities/500), BENCH_LINKS_PER_ENTITY (3),
// BENCH_SEED (1), BENCH_DIR (default: a temp dir, removed unless BENCH_KEEP=1).
// The Neo4j database must hold no entities (the generated ids are the same every
// run, so a second load would only find them stored): use a fresh one.
//
// BENCH_NEO4J_OFFLINE=1 (no NEO4J_URI needed): the benchmark starts its own Neo4j
// (tools/neo4j.mjs, heap and page cache BENCH_NEO4J_HEAP / BENCH_NEO4J_PAGE_CACHE,
// default 4g each, Bolt port BENCH_NEO4J_PORT, default any free one) on
// BENCH_NEO4J_DATA (default BENCH_DIR/neo4j-offline, emptied first), seeds the demo
// workspace and the cases there, stops it, loads the CSV files with the offline
// import (npm run import -- --neo4j-offline: Neo4j's batch importer) and starts it
// again for the questions (the import's JVM: BENCH_NEO4J_IMPORT_HEAP and
// BENCH_NEO4J_IMPORT_OFF_HEAP, default 2g each). With BENCH_NEO4J_REUSE=1 a database
// such a run loaded (BENCH_NEO4J_DATA, its homeward-bench-loaded.json matching the
// settings) is started as it is and only the questions are asked.
/* global fetch -- Node 20's built-in fetch; the lint config lists only the older Node globals for .mjs files */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateGraph, openEmbeddedStores, openNeo4jStores, writeGraphCsv } from '@homeward/graph-store';
import { envNumber, pairsApart, percentile, timeAll } from './bench-support.mjs';
import { importInProcess } from './lib/import-process.mjs';
import { shortestPath } from '@homeward/analysis';
import { startNeo4j } from '../../tools/neo4j.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = join(ROOT, 'apps/api/dist/apps/api/src/main.js');
const DEMO_PASSWORD = 'graph-bench-demo-pw';
const INVESTIGATOR = 'investigator.gt@demo.local';

const env = envNumber;
const CPUS = availableParallelism();
const ENTITIES = env('BENCH_ENTITIES', 1_000_000);
const CASES = env('BENCH_CASES', Math.max(1, Math.round(ENTITIES / 500)));
const LINKS_PER_ENTITY = env('BENCH_LINKS_PER_ENTITY', 3);
const SEED = env('BENCH_SEED', 1);
const SAMPLES = env('BENCH_SAMPLES', 200);
// Passes over the warm-up questions before the measured ones (BENCH_WARMUP_PASSES): the JVM compiles Neo4j's hot code
// after thousands of calls, V8 the server's after hundreds. The first pass is printed in the notes.
const WARMUP_PASSES = Math.max(1, env('BENCH_WARMUP_PASSES', 3));
const START_S = env('BENCH_SERVER_START_S', 900);
const OFFLINE = process.env.BENCH_NEO4J_OFFLINE === '1';
const NEO4J =
  process.env.NEO4J_URI && !OFFLINE
    ? {
        uri: process.env.NEO4J_URI,
        user: process.env.NEO4J_USER,
        password: process.env.NEO4J_PASSWORD,
        database: process.env.NEO4J_DATABASE,
      }
    : null;
/** The server's environment for each backend: the embedded run must not pick up NEO4J_URI from the caller. */
const EMBEDDED_ENV = { NEO4J_URI: '' };
const neo4jEnv = (c) => ({
  NEO4J_URI: c.uri,
  ...(c.user ? { NEO4J_USER: c.user } : {}),
  ...(c.password ? { NEO4J_PASSWORD: c.password } : {}),
  ...(c.database ? { NEO4J_DATABASE: c.database } : {}),
});
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
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DEMO_PASSWORD,
        // A benchmark is a script hammering the API: the per-user limits would measure themselves.
        RATE_LIMITS: 'user=off,mutations=off,anonymous=off',
        SEED_DEMO: '1',
        NODE_ENV: 'production',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    // Long on Neo4j: at start the server may build indexes over the whole graph.
    const timer = setTimeout(() => fail(new Error(`server did not start in ${START_S} s:\n${out}`)), START_S * 1000);
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

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * The pid of the local java process serving Bolt on the URI's port (tools/neo4j.mjs passes
 * `--port P`; a packaged Neo4j has the port in its config, so it is not found), or null.
 */
function neo4jPid(uri) {
  const port = /:(\d+)\/?$/.exec(uri)?.[1] ?? '7687';
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args;
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!/(^|\/)java$/.test(args[0] ?? '')) continue;
    const at = args.indexOf('--port');
    if (at >= 0 && args[at + 1] === port) return Number(entry);
  }
  return null;
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
  const { written, load } = await loadGraph();
  const stores = openEmbeddedStores(dataDir);
  // A large graph's in-memory adjacency is read in steps after opening (the server answers from SQLite meanwhile):
  // the questions below are asked once it is read, as a server that has been up for a minute answers them.
  const adjacencyFrom = performance.now();
  const adjacencyRead = await stores.graph.adjacencyOpened;
  log(
    `neighbourhood adjacency ${adjacencyRead ? 'read' : 'NOT read (SQLite answers)'} ` +
      `${((performance.now() - adjacencyFrom) / 1000).toFixed(1)} s after opening`,
  );
  const investigator = await stores.accounts.findUserByEmail(INVESTIGATOR);
  if (!investigator) throw new Error(`${INVESTIGATOR} missing after the demo seed`);
  const counts = await stores.graph.counts();
  const scope = { caseIds: new Set(await stores.cases.caseIdsOfUser(investigator.id)) };
  const { db, graph } = stores;

  // 3. The questions, picked on the embedded store and asked of both backends.
  const starts = entitiesOfDegree(db, 25, 35, SAMPLES);
  log(`neighborhood: ${starts.length} start entities of 25–35 links`);
  const pairs = await pairsApart(db, graph, scope, { hops: 5, want: Math.min(100, SAMPLES), rng, maxDepth: 6 });
  log(`shortestPath: ${pairs.length} pairs 5 links apart`);
  const names = db
    .prepare(`SELECT json_extract(props, '$.fullName') AS name FROM entity WHERE kind = 'PERSON' AND rid % 101 = 7 LIMIT ?`)
    .all(SAMPLES * 5)
    .filter(() => rng() < 0.2)
    .slice(0, SAMPLES)
    // As an investigator types a name: given name and first surname.
    .map((r) => r.name.split(' ').slice(0, 2).join(' '));
  const target = db
    .prepare(
      `SELECT c.id, c.reference, count(*) AS n FROM entity_case ec JOIN case_file c ON c.rid = ec.case_rid
       WHERE c.reference LIKE '%-SIM%' GROUP BY ec.case_rid ORDER BY abs(count(*) - 500) LIMIT 1`,
    )
    .get();
  // Other questions of the same kinds, asked first: a server answers after it has been up a while, its JIT
  // (V8's, and the JVM's on Neo4j) warm. How these first ones went is printed in the notes.
  const startSet = new Set(starts);
  const warmStarts = entitiesOfDegree(db, 25, 35, SAMPLES * 2)
    .filter((id) => !startSet.has(id))
    .slice(0, SAMPLES);
  const warmNames = db
    .prepare(`SELECT json_extract(props, '$.fullName') AS name FROM entity WHERE kind = 'PERSON' AND rid % 101 = 11 LIMIT ?`)
    .all(SAMPLES)
    .map((r) => r.name.split(' ').slice(0, 2).join(' '));
  const questions = { starts, pairs, names, target, warmStarts, warmNames };

  const embedded = { load, counts, ...(await askStore(graph, scope, questions)) };
  await stores.close();
  // 4. The real server on this data: caseGraph over GraphQL/HTTP, then its RSS.
  Object.assign(embedded, await askServer(EMBEDDED_ENV, target));

  let neo4j = null;
  let skipped = 'NEO4J_URI is not set (nor BENCH_NEO4J_OFFLINE=1): embedded store only';
  if (NEO4J || OFFLINE) {
    const n = OFFLINE ? await benchNeo4jOffline(written, questions) : await benchNeo4j(written, questions);
    if (typeof n === 'string') skipped = n;
    else neo4j = n;
  }

  printTable(embedded, neo4j, skipped, questions);
  if (!process.env.BENCH_DIR && process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
}

/**
 * The demo workspace and the generated graph, loaded through the importer, in `dataDir`. With
 * BENCH_DIR naming a directory an earlier run loaded (its `loaded.json`, written once the import
 * succeeded, matches these settings), that database is reused as it is: the queries are then measured
 * on the same graph without an import of several minutes, and the load figures printed are that run's.
 */
async function loadGraph() {
  const settings = { entities: ENTITIES, cases: CASES, linksPerEntity: LINKS_PER_ENTITY, seed: SEED };
  const marker = join(dir, 'loaded.json');
  if (process.env.BENCH_DIR && existsSync(marker)) {
    const kept = JSON.parse(readFileSync(marker, 'utf8'));
    if (JSON.stringify(kept.settings) === JSON.stringify(settings)) {
      log(`reusing the graph loaded in ${dir} (load measured then: ${Math.round(kept.load.rate)} rows/s); delete ${marker} to load again`);
      return { written: kept.written, load: { ...kept.load, reused: true } };
    }
    throw new Error(`${dir} holds a graph made with other settings (${JSON.stringify(kept.settings)}): use another BENCH_DIR`);
  }
  // 1. The demo workspace (accounts, agencies) exactly as the server seeds it.
  const seeding = await startServer(EMBEDDED_ENV);
  await seeding.stop();

  // 2. The generated graph, written as CSV, then loaded through the importer.
  let t = performance.now();
  const written = writeGraphCsv(generateGraph({ entities: ENTITIES, cases: CASES, linksPerEntity: LINKS_PER_ENTITY, seed: SEED }), csvDir);
  log(
    `generated and wrote ${written.entities} entities, ${written.attached} attachments, ${written.links} links ` +
      `in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const stores = openEmbeddedStores(dataDir);
  const investigator = await stores.accounts.findUserByEmail(INVESTIGATOR);
  if (!investigator) throw new Error(`${INVESTIGATOR} missing after the demo seed`);
  // Created by the investigator, who is thereby a member of every generated case.
  for (const c of written.cases) await stores.cases.createCase({ ...c, leadAgencyId: investigator.agencyId, createdBy: investigator.id });
  await stores.close();

  let lastLog = 0;
  t = performance.now();
  // In a process started as `npm run import` starts the importer (lib/import-process.mjs).
  const { result: imported } = await importInProcess(
    'embedded',
    { dataDir, entitiesFile: written.entitiesFile, linksFile: written.linksFile, actorId: investigator.id },
    (p) => {
      if (p.elapsedMs - lastLog < 10_000) return;
      lastLog = p.elapsedMs;
      log(`  ${p.file}: ${p.rows} rows, ${Math.round((p.rows * 1000) / p.elapsedMs)} rows/s`);
    },
  );
  const loadSeconds = (performance.now() - t) / 1000;
  if (!imported.ok) throw new Error(`import refused: ${JSON.stringify(imported.errors.slice(0, 5))}`);
  const loaded = imported.entities + imported.attached + imported.links;
  const loadRate = loaded / loadSeconds;
  log(`imported ${loaded} rows in ${loadSeconds.toFixed(1)} s`);
  const load = { rate: loadRate, rows: loaded, seconds: loadSeconds };
  const { entities, attached, links, cases, entitiesFile, linksFile } = written;
  const kept = { entities, attached, links, cases, entitiesFile, linksFile };
  writeFileSync(marker, JSON.stringify({ settings, load, written: kept }));
  return { written: kept, load };
}

/** WARMUP_PASSES passes of `fn` over `items`; the first pass's times, sorted (printed in the notes). */
async function warmUp(items, fn) {
  const first = await timeAll(items, fn);
  for (let pass = 1; pass < WARMUP_PASSES; pass++) await timeAll(items, fn);
  return first;
}

/** The store's queries in process, as the API calls them, with the investigator's scope. */
async function askStore(graph, scope, { starts, pairs, names, warmStarts, warmNames }) {
  const firstNbMs = await warmUp(warmStarts, (id) => graph.neighborhood({ ids: [id], depth: 2 }, scope));
  let sizes = 0;
  // Each answer's size beside its time and CPU time (which waiting for a core does not inflate): the
  // tail's starts, next to hubs, are the big answers.
  const each = [];
  const nbMs = await timeAll(starts, async (id) => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const g = await graph.neighborhood({ ids: [id], depth: 2 }, scope);
    const used = process.cpuUsage(cpu);
    each.push({ ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000, nodes: g.nodes.length, links: g.edges.length });
    sizes += g.nodes.length;
  });
  const slowest = [...each].sort((a, b) => b.ms - a.ms).slice(0, 3);
  await timeAll(pairs.slice(0, 5), ([a, b]) => shortestPath(graph, scope, a, b, 6));
  let found = 0;
  const spMs = await timeAll(pairs, async ([a, b]) => {
    const p = await shortestPath(graph, scope, a, b, 6);
    if (p && p.edges.length === 5) found++;
  });
  const firstSearchMs = await warmUp(warmNames, (text) => graph.search({ text }, scope));
  let hits = 0;
  const searchMs = await timeAll(names, async (text) => {
    hits += (await graph.search({ text }, scope)).length;
  });
  return {
    firstNbMs,
    firstSearchMs,
    nbMs,
    nbNodes: Math.round(sizes / Math.max(1, starts.length)),
    nbCpu: each.map((e) => e.cpuMs).sort((a, b) => a - b),
    nbSlowest: slowest,
    spMs,
    spFound: found,
    searchMs,
    hits: hits / Math.max(1, names.length),
  };
}

/** caseGraph over GraphQL/HTTP on the built server started with `extraEnv`, then the server's RSS. */
async function askServer(extraEnv, target) {
  const server = await startServer(extraEnv);
  try {
    // A server just started on a large graph still does work of its own for a while (the embedded store reads its
    // in-memory adjacency in steps; Neo4j warms up): caseGraph is timed once the server has settled, as it would be in
    // use, i.e. once it has used under a tenth of a core for a second (at most two minutes).
    const settleFrom = performance.now();
    for (let before = cpuSeconds(server.pid); performance.now() - settleFrom < 120_000;) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = cpuSeconds(server.pid);
      if (now - before < 0.1) break;
      before = now;
    }
    log(`server settled ${((performance.now() - settleFrom) / 1000).toFixed(1)} s after it answered`);
    const { login } = await gql(server.url, 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', {
      e: INVESTIGATOR,
      p: DEMO_PASSWORD,
    });
    const query = 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id kind label role caseIds } edges { id type source target } } }';
    const ask = () => gql(server.url, query, { c: target.id }, login.token);
    // The first requests to a server just started wait for V8 to compile: timed apart, printed in the notes.
    const firstCgMs = await warmUp(Array.from({ length: 100 }), ask);
    let cgNodes = 0;
    let cgEdges = 0;
    const cgMs = await timeAll(Array.from({ length: Math.max(30, Math.min(SAMPLES, 100)) }), async () => {
      const r = await ask();
      cgNodes = r.caseGraph.nodes.length;
      cgEdges = r.caseGraph.edges.length;
    });
    return { firstCgMs, cgMs, cgNodes, cgEdges, rss: rssMiB(server.pid) };
  } finally {
    await server.stop();
  }
}

/**
 * The same CSV files through the Neo4j importer, the same questions of the Neo4j adapter, the
 * server on Neo4j. Returns the measures, or why Neo4j was left out.
 */
async function benchNeo4j(written, questions) {
  const stores = await openNeo4jStores(NEO4J);
  try {
    const before = await stores.graph.counts();
    if (before.entities > 0) {
      return (
        `Neo4j at ${NEO4J.uri} already holds ${before.entities.toLocaleString('en-US')} entities; ` +
        'the benchmark loads fixed ids and needs an empty graph (start a fresh Neo4j)'
      );
    }
  } finally {
    await stores.close();
  }
  // The demo workspace on Neo4j, seeded by the server as on the embedded store.
  const seeding = await startServer(neo4jEnv(NEO4J));
  await seeding.stop();

  const n4 = await openNeo4jStores(NEO4J);
  try {
    const investigator = await n4.accounts.findUserByEmail(INVESTIGATOR);
    if (!investigator) throw new Error(`${INVESTIGATOR} missing after the demo seed on Neo4j`);
    for (const c of written.cases) await n4.cases.createCase({ ...c, leadAgencyId: investigator.agencyId, createdBy: investigator.id });
    let lastLog = 0;
    // CPU used by Neo4j and by this process during the import: on a shared machine the wall-clock
    // rate depends on the other load, the CPU per row does much less.
    const loadPid = neo4jPid(NEO4J.uri);
    const javaCpu0 = loadPid ? cpuSeconds(loadPid) : NaN;
    const load0 = loadAverage();
    const t = performance.now();
    const { result: imported, cpu: importerCpu } = await importInProcess(
      'neo4j',
      { conn: NEO4J, entitiesFile: written.entitiesFile, linksFile: written.linksFile, actorId: investigator.id },
      (p) => {
        if (p.elapsedMs - lastLog < 10_000) return;
        lastLog = p.elapsedMs;
        log(`  neo4j ${p.phase ?? 'read'}: ${p.file}: ${p.rows} rows`);
      },
    );
    const seconds = (performance.now() - t) / 1000;
    const cpu = {
      java: loadPid ? cpuSeconds(loadPid) - javaCpu0 : NaN,
      importer: importerCpu.importer,
      load: `${load0} -> ${loadAverage()}`,
    };
    if (!imported.ok) throw new Error(`Neo4j import refused: ${JSON.stringify(imported.errors.slice(0, 5))}`);
    const rows = imported.entities + imported.attached + imported.links;
    log(`neo4j: imported ${rows} rows in ${seconds.toFixed(1)} s`);
    await n4.close();
    return await measureNeo4j(NEO4J, neo4jPid(NEO4J.uri), { rate: rows / seconds, rows, seconds, cpu }, questions);
  } catch (err) {
    await n4.close().catch(() => undefined);
    throw err;
  }
}

/** The questions of the Neo4j adapter in process, then caseGraph of the server on Neo4j, and the memory of both. */
/**
 * Neo4j Community starts with an empty page cache (its warm-up on restart is an Enterprise feature): until
 * the store has been read once, each question reads its pages from disk, which is not how a server in use
 * answers. Every node and relationship is read once, with its properties and both ends, unless
 * BENCH_NEO4J_COLD=1 (the questions then go to the cold cache).
 */
async function warmNeo4j(conn) {
  if (process.env.BENCH_NEO4J_COLD === '1') return log('neo4j: page cache left cold (BENCH_NEO4J_COLD=1)');
  const { default: neo4j } = await import('neo4j-driver');
  const driver = neo4j.driver(conn.uri, neo4j.auth.basic(conn.user ?? 'neo4j', conn.password ?? ''));
  const t = performance.now();
  try {
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      // Label-free: no statement here needs the graph schema's lint.
      await session.run('MATCH (n) RETURN count(n) AS nodes, sum(size(keys(properties(n)))) AS props');
      await session.run('MATCH (a)-[r]->(b) RETURN count(r) AS links, sum(size(keys(properties(r)))) AS props');
    } finally {
      await session.close();
    }
  } finally {
    await driver.close();
  }
  log(`neo4j: page cache warmed (every node and relationship read once) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

async function measureNeo4j(conn, javaPid, load, questions) {
  await warmNeo4j(conn);
  const n4 = await openNeo4jStores(conn);
  let measures;
  try {
    const investigator = await n4.accounts.findUserByEmail(INVESTIGATOR);
    if (!investigator) throw new Error(`${INVESTIGATOR} missing on Neo4j`);
    const counts = await n4.graph.counts();
    const scope = { caseIds: new Set(await n4.cases.caseIdsOfUser(investigator.id)) };
    measures = { load, counts, uri: conn.uri, ...(await askStore(n4.graph, scope, questions)) };
  } finally {
    await n4.close();
  }
  const javaRss = javaPid ? rssMiB(javaPid) : NaN;
  let server;
  try {
    server = await askServer(neo4jEnv(conn), questions.target);
  } catch (err) {
    // The in-process measures are still worth printing.
    log(`neo4j: the server step failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    server = { cgMs: [], cgNodes: 0, cgEdges: 0, rss: NaN };
  }
  return { ...measures, ...server, javaRss, javaPid };
}

/** CPU seconds of this process's children that ended and were waited for (the JVMs of the offline import), from /proc. */

/**
 * Neo4j loaded by the offline import (Neo4j's batch importer) on a Neo4j this benchmark starts:
 * the demo workspace and the cases first (the server's seeding, as on the embedded store), then
 * Neo4j stopped, the same CSV files through offlineImportToNeo4j, Neo4j started again.
 */
async function benchNeo4jOffline(written, questions) {
  const data = resolve(process.env.BENCH_NEO4J_DATA ?? join(dir, 'neo4j-offline'));
  const opts = {
    port: env('BENCH_NEO4J_PORT', 0),
    data,
    heap: process.env.BENCH_NEO4J_HEAP ?? '4g',
    pageCache: process.env.BENCH_NEO4J_PAGE_CACHE ?? '4g',
    quiet: true,
  };
  // A database an earlier run loaded (its marker, written once the import succeeded, matches these settings):
  // started as it is, the load figures printed are that run's.
  const marker = join(data, 'homeward-bench-loaded.json');
  const settings = { entities: ENTITIES, cases: CASES, linksPerEntity: LINKS_PER_ENTITY, seed: SEED };
  if (process.env.BENCH_NEO4J_REUSE === '1' && existsSync(marker)) {
    const kept = JSON.parse(readFileSync(marker, 'utf8'));
    if (JSON.stringify(kept.settings) !== JSON.stringify(settings)) {
      throw new Error(`${data} holds a graph made with other settings (${JSON.stringify(kept.settings)})`);
    }
    log(`neo4j: reusing the database loaded in ${data} (load measured then: ${Math.round(kept.load.rate)} rows/s)`);
    const neo = await startNeo4j(opts);
    try {
      const conn = { uri: neo.uri, user: neo.user, password: neo.password };
      return await measureNeo4j(conn, neo.pid, { ...kept.load, reused: true }, questions);
    } finally {
      await neo.stop();
    }
  }
  rmSync(data, { recursive: true, force: true });
  log(`neo4j (offline import): a new Neo4j in ${data}, heap ${opts.heap}, page cache ${opts.pageCache}`);
  let neo = await startNeo4j(opts);
  try {
    const conn = { uri: neo.uri, user: neo.user, password: neo.password };
    const seeding = await startServer(neo4jEnv(conn));
    await seeding.stop();
    const n4 = await openNeo4jStores(conn);
    try {
      const investigator = await n4.accounts.findUserByEmail(INVESTIGATOR);
      if (!investigator) throw new Error(`${INVESTIGATOR} missing after the demo seed on Neo4j`);
      for (const c of written.cases) await n4.cases.createCase({ ...c, leadAgencyId: investigator.agencyId, createdBy: investigator.id });
    } finally {
      await n4.close();
    }
  } finally {
    await neo.stop();
  }

  let lastLog = 0;
  const load0 = loadAverage();
  const t = performance.now();
  const { result: imported, cpu: importerCpu } = await importInProcess(
    'offline',
    {
      dataDir: data,
      actorEmail: INVESTIGATOR,
      entitiesFile: written.entitiesFile,
      linksFile: written.linksFile,
      // The import's JVM beside nothing else of Neo4j (stopped): 2 GiB of heap, 2 GiB off it, the page cache for the index build.
      javaHeap: process.env.BENCH_NEO4J_IMPORT_HEAP ?? '2g',
      maxOffHeap: process.env.BENCH_NEO4J_IMPORT_OFF_HEAP ?? '2g',
      pageCache: opts.pageCache,
    },
    (p) => {
      if (p.elapsedMs - lastLog < 10_000) return;
      lastLog = p.elapsedMs;
      log(`  neo4j offline ${p.phase === 'written' ? 'staged' : 'checked'}: ${p.file}: ${p.rows} rows`);
    },
  );
  const seconds = (performance.now() - t) / 1000;
  const cpu = {
    java: importerCpu.children,
    importer: importerCpu.importer,
    load: `${load0} -> ${loadAverage()}`,
  };
  if (!imported.ok) throw new Error(`offline import refused: ${JSON.stringify(imported.errors.slice(0, 5))}`);
  const rows = imported.entities + imported.attached + imported.links;
  const s = imported.steps;
  log(
    `neo4j offline import: ${rows} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s): snapshot ` +
      `${(s.snapshotMs / 1000).toFixed(1)} s, check and stage ${(s.checkMs / 1000).toFixed(1)} s, batch import with indexes ` +
      `${(s.importMs / 1000).toFixed(1)} s; CPU: JVMs ${cpu.java.toFixed(1)} s, node ${cpu.importer.toFixed(1)} s; load average ${cpu.load}`,
  );
  const load = { rate: rows / seconds, rows, seconds, cpu, steps: s, offline: true };
  writeFileSync(marker, JSON.stringify({ settings, load }));
  const started = performance.now();
  neo = await startNeo4j(opts);
  log(`neo4j started on the imported database in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  try {
    const conn = { uri: neo.uri, user: neo.user, password: neo.password };
    return await measureNeo4j(conn, neo.pid, load, questions);
  } finally {
    await neo.stop();
  }
}

const BUDGETS = {
  load: { op: '>=', embedded: 50_000, neo4j: 50_000 },
  nb50: { op: '<=', embedded: 3, neo4j: 10 },
  nb99: { op: '<=', embedded: 15, neo4j: 50 },
  sp50: { op: '<=', embedded: 20, neo4j: 20 },
  search50: { op: '<=', embedded: 5, neo4j: 10 },
  cg50: { op: '<=', embedded: 30, neo4j: 50 },
  rss: { op: '<=', embedded: 1024, neo4j: 1024 },
};

function printTable(embedded, neo4j, skipped, { starts, pairs, names, target }) {
  const value = (m) => ({
    load: m.load.rate,
    nb50: percentile(m.nbMs, 50),
    nb99: percentile(m.nbMs, 99),
    sp50: percentile(m.spMs, 50),
    search50: percentile(m.searchMs, 50),
    cg50: percentile(m.cgMs, 50),
    rss: m.rss,
  });
  const notes = (m) => ({
    load:
      `${m.load.rows} rows in ${m.load.seconds.toFixed(1)} s${m.load.reused ? ' (when BENCH_DIR was loaded; reused now)' : ''}` +
      (m.load.steps
        ? ` by the offline import (snapshot ${(m.load.steps.snapshotMs / 1000).toFixed(1)} s, check and stage ` +
          `${(m.load.steps.checkMs / 1000).toFixed(1)} s, batch import with indexes ${(m.load.steps.importMs / 1000).toFixed(1)} s)`
        : '') +
      (m.load.cpu
        ? `; CPU: ${m.load.steps ? 'JVMs' : 'Neo4j'} ${m.load.cpu.java.toFixed(1)} s, importer ${m.load.cpu.importer.toFixed(1)} s ` +
          `(${Math.round(m.load.rows / (m.load.cpu.java + m.load.cpu.importer)).toLocaleString('en-US')} rows per CPU-second), ` +
          `load average ${m.load.cpu.load}`
        : ''),
    nb50:
      `${starts.length} starts, ${m.nbNodes} nodes avg; after ${WARMUP_PASSES} passes over ${m.firstNbMs.length} others ` +
      `(the first: p50 ${percentile(m.firstNbMs, 50).toFixed(2)} ms, p99 ${percentile(m.firstNbMs, 99).toFixed(1)} ms)`,
    nb99: m.nbCpu
      ? `CPU in this process p50 ${percentile(m.nbCpu, 50).toFixed(2)} ms, p99 ${percentile(m.nbCpu, 99).toFixed(2)} ms; slowest: ` +
        m.nbSlowest.map((x) => `${x.ms.toFixed(1)} ms (CPU ${x.cpuMs.toFixed(1)}) for ${x.nodes} nodes, ${x.links} links`).join('; ')
      : '',
    sp50: `${pairs.length} pairs (${m.spFound} found at 5), p99 ${percentile(m.spMs, 99).toFixed(1)} ms`,
    search50:
      `${names.length} names, ${m.hits.toFixed(1)} hits avg, p99 ${percentile(m.searchMs, 99).toFixed(1)} ms; ` +
      `after ${WARMUP_PASSES} passes over ${m.firstSearchMs.length} other names (the first: p50 ${percentile(m.firstSearchMs, 50).toFixed(2)} ms)`,
    cg50:
      `${target.reference}: ${m.cgNodes} nodes, ${m.cgEdges} edges, p99 ${percentile(m.cgMs, 99).toFixed(1)} ms; ` +
      `after ${WARMUP_PASSES * m.firstCgMs.length} others (the server's first ${m.firstCgMs.length}: p50 ${percentile(m.firstCgMs, 50).toFixed(1)} ms)`,
    rss:
      m.javaRss !== undefined
        ? `Neo4j's own java process: ${Number.isNaN(m.javaRss) ? 'not found' : `${Math.round(m.javaRss)} MiB (pid ${m.javaPid})`}`
        : '',
  });
  const names_ = {
    load: 'bulk load via importer (entities+attachments+links)/s',
    nb50: 'neighborhood depth 2 from ~30-link entities, p50 ms',
    nb99: 'neighborhood depth 2 from ~30-link entities, p99 ms',
    sp50: 'shortestPath 5 links apart, p50 ms',
    search50: 'search a name, p50 ms',
    cg50: 'caseGraph via GraphQL/HTTP, p50 ms',
    rss: 'server RSS with the graph open, MiB',
  };
  const fmt = (v) => (v === undefined || Number.isNaN(v) ? 'n/a' : v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));
  const passes = (v, op, budget) => !Number.isNaN(v) && (op === '>=' ? v >= budget : v <= budget);
  const e = value(embedded);
  const n = neo4j ? value(neo4j) : null;
  const c = embedded.counts;
  console.log(
    `\nGraph benchmark: ${c.entities.toLocaleString('en-US')} entities, ${c.links.toLocaleString('en-US')} links, ${CASES} cases (seed ${SEED})`,
  );
  if (neo4j)
    console.log(
      `Neo4j holds ${neo4j.counts.entities.toLocaleString('en-US')} entities, ${neo4j.counts.links.toLocaleString('en-US')} links (${neo4j.uri})`,
    );
  else console.log(`Neo4j not measured: ${skipped}`);
  console.log(`load average at the end: ${loadAverage()} (${CPUS} cores)`);
  console.log('');
  const head =
    `${'measure'.padEnd(54)} ${'embedded'.padStart(10)} ${'budget'.padStart(10)} result` +
    (n ? ` ${'neo4j'.padStart(10)} ${'budget'.padStart(10)} result ${'neo4j/emb'.padStart(9)}` : '');
  console.log(head);
  let failed = 0;
  for (const key of Object.keys(BUDGETS)) {
    const b = BUDGETS[key];
    const ep = passes(e[key], b.op, b.embedded);
    if (!ep) failed++;
    let line = `${names_[key].padEnd(54)} ${fmt(e[key]).padStart(10)} ${`${b.op} ${fmt(b.embedded)}`.padStart(10)} ${(ep ? 'PASS' : 'FAIL').padEnd(6)}`;
    if (n) {
      const np = passes(n[key], b.op, b.neo4j);
      if (!np) failed++;
      const ratio = n[key] / e[key];
      const shown = Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a';
      line += ` ${fmt(n[key]).padStart(10)} ${`${b.op} ${fmt(b.neo4j)}`.padStart(10)} ${(np ? 'PASS' : 'FAIL').padEnd(6)} ${shown.padStart(9)}`;
    }
    console.log(line);
  }
  console.log('\nnotes (embedded | neo4j):');
  const en = notes(embedded);
  const nn = neo4j ? notes(neo4j) : null;
  for (const key of Object.keys(BUDGETS)) {
    const text = [en[key], nn?.[key]].filter((x) => x).join(' | ');
    if (text) console.log(`  ${names_[key]}: ${text}`);
  }
  console.log('');
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
