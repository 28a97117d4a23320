#!/usr/bin/env node
// `npm test`: build, typecheck, format, lint, unit/contract/integration tests, browser tests,
// on the embedded store and on a live Neo4j 5.26 started once for the whole run.
// Steps run in order and stop at the first failure; each prints its time.
//
// Neo4j: with NEO4J_URI set, the tests use that database (they write test data
// into it, each test under its own fresh ids). Otherwise this script starts the
// repository's Neo4j (tools/neo4j-dev) on a free port with a throwaway data
// directory, and stops it at the end. Without Java 17+ and Maven the Neo4j runs
// are skipped with the reason printed; in CI that is a failure instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingPrerequisite, startNeo4j } from './neo4j.mjs';

const inCI = Boolean(process.env.CI);

// The browser tests' server gets a port nobody uses now (a developer's `npm start` may hold 4000).
const freePort = () =>
  new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const reportFile = join(mkdtempSync(join(tmpdir(), 'homeward-test-')), 'vitest.json');
const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_SKIP_NX_CACHE: 'true',
  E2E_PORT: process.env.E2E_PORT ?? String(await freePort()),
};

let neo4j = null;
let neo4jData = null;
let redis = null;
const stopNeo4j = async () => {
  if (neo4j) await neo4j.stop();
  neo4j = null;
  if (neo4jData) rmSync(neo4jData, { recursive: true, force: true });
  if (redis) redis.kill('SIGTERM');
  redis = null;
};

/**
 * The replicas test needs a Redis beside the Neo4j: REDIS_URL when set (CI starts one), else a
 * redis-server of this machine on a free port, for this run only. Without either it skips and says why.
 */
async function ensureRedis() {
  if (process.env.REDIS_URL) return;
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.log('Redis: redis-server not found, the replicas test will skip (install redis-server to run it)');
    return;
  }
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  env.REDIS_URL = `redis://127.0.0.1:${port}`;
  console.log(`Redis started at ${env.REDIS_URL} for the replicas test`);
}

async function ensureNeo4j() {
  if (process.env.NEO4J_URI) {
    console.log(`Neo4j: using NEO4J_URI=${process.env.NEO4J_URI} (test data is written there)`);
    return true;
  }
  const missing = missingPrerequisite();
  if (missing) {
    if (inCI) {
      console.error(`✖ Neo4j cannot start in CI: ${missing}`);
      process.exit(1);
    }
    console.log(`Neo4j runs skipped: ${missing}`);
    return false;
  }
  neo4jData = mkdtempSync(join(tmpdir(), 'homeward-neo4j-test-'));
  const t0 = Date.now();
  neo4j = await startNeo4j({ port: 0, data: neo4jData, heap: '1g', pageCache: '256m' });
  Object.assign(env, { NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password });
  console.log(`Neo4j 5.26 ready at ${neo4j.uri} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return true;
}

/** Counts of the Vitest run per backend, and the skipped tests (none may be skipped in CI). */
function vitestSummary() {
  if (!existsSync(reportFile)) return;
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const counts = { neo4j: { passed: 0, failed: 0, skipped: 0 }, other: { passed: 0, failed: 0, skipped: 0 } };
  const skipped = [];
  for (const file of report.testResults) {
    for (const t of file.assertionResults) {
      const onNeo4j = /neo4j/i.test(`${file.name} ${t.fullName}`);
      const bucket = counts[onNeo4j ? 'neo4j' : 'other'];
      const status = t.status === 'passed' ? 'passed' : t.status === 'failed' ? 'failed' : 'skipped';
      bucket[status]++;
      if (status === 'skipped') skipped.push(`${file.name.replace(process.cwd() + '/', '')}: ${t.fullName}`);
    }
  }
  const line = (c) => `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
  console.log(`  tests on Neo4j (names or files mentioning it): ${line(counts.neo4j)}`);
  console.log(`  other tests (embedded store, pure units):       ${line(counts.other)}`);
  if (skipped.length && inCI) {
    console.error(`✖ ${skipped.length} test(s) skipped in CI:\n  ${skipped.join('\n  ')}`);
    return false;
  }
  return true;
}

const steps = [
  ['build', 'node', ['tools/build.mjs']],
  // The web client's initial JavaScript (entry and modulepreloaded chunks, gzip) stays within 150 KB.
  ['initial javascript budget', 'node', ['tools/web-budget.mjs']],
  ['typecheck', 'npx', ['tsc', '-b', 'tsconfig.json']],
  // Test files are transpiled by Vitest without type checks; check them here.
  ['typecheck tests', 'npx', ['tsc', '-p', 'tsconfig.tests.json']],
  // The server's own unit tests, under the server's settings (decorators, its property rules).
  ['typecheck server tests', 'npx', ['tsc', '-p', 'apps/api/tsconfig.test.json']],
  // The module-boundaries lint rule reads Nx's project graph; compute it first (no daemon, no cloud).
  ['project graph', 'npx', ['nx', 'show', 'projects']],
  // Formatting as Prettier writes it (npm run format), and no line over 160 characters (long strings, comments).
  ['format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']],
  ['line length', 'node', ['tools/line-length.mjs']],
  ['lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ['neo4j', null, null],
  // The replicas test empties the shared Neo4j: it runs in the sequential Neo4j pass below only.
  [
    'unit, contract and integration tests',
    'npx',
    [
      'vitest',
      'run',
      '--exclude',
      'tests/integration/replicas.test.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reportFile}`,
    ],
    { after: vitestSummary },
  ],
  // The built server on Neo4j: one file at a time, each server start on an emptied database.
  [
    'integration tests on neo4j',
    'npx',
    ['vitest', 'run', 'tests/integration', '--no-file-parallelism'],
    { neo4j: true, env: { HOMEWARD_IT_BACKEND: 'neo4j' } },
  ],
  ['browser tests', 'npx', ['playwright', 'test', '-c', 'tests/e2e/playwright.config.ts']],
  ['browser tests on neo4j', 'npx', ['playwright', 'test', '-c', 'tests/e2e/playwright.neo4j.config.ts'], { neo4j: true }],
  // Node 24 LTS beside the Node running this (20.19+): its own install of the dependencies, the server and its API tests.
  ['runtime node 24', 'node', ['tools/node24-check.mjs']],
];

const only = process.argv.slice(2);
let haveNeo4j = false;
let status = 0;
try {
  for (const [name, cmd, args, opts = {}] of steps) {
    if (only.length && !only.some((o) => name.startsWith(o)) && name !== 'neo4j') continue;
    if (name === 'neo4j') {
      haveNeo4j = await ensureNeo4j();
      if (haveNeo4j) await ensureRedis();
      continue;
    }
    if (opts.neo4j && !haveNeo4j) {
      console.log(`\n▷ ${name}: skipped (no Neo4j, see above)`);
      continue;
    }
    const t0 = Date.now();
    console.log(`\n▶ ${name}`);
    const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...opts.env } });
    const ok = r.status === 0 && (opts.after ? opts.after() !== false : true);
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (!ok) {
      console.error(`✖ ${name} failed after ${secs}s`);
      status = r.status || 1;
      break;
    }
    console.log(`✔ ${name} (${secs}s)`);
  }
} finally {
  await stopNeo4j();
}
process.exit(status);
