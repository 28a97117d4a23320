#!/usr/bin/env node
// `npm test`: typecheck, lint, unit/contract/integration tests, browser tests.
// Steps run in order and stop at the first failure; each prints its time.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

// The browser tests' server gets a port nobody uses now (a developer's `npm start` may hold 4000).
const freePort = await new Promise((resolve) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => {
    const { port } = srv.address();
    srv.close(() => resolve(port));
  });
});

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: 'true', E2E_PORT: process.env.E2E_PORT ?? String(freePort) };
const steps = [
  ['build', 'node', ['tools/build.mjs']],
  ['typecheck', 'npx', ['tsc', '-b', 'tsconfig.json']],
  // Test files are transpiled by Vitest without type checks; check them here.
  ['typecheck tests', 'npx', ['tsc', '-p', 'tsconfig.tests.json']],
  // The module-boundaries lint rule reads Nx's project graph; compute it first (no daemon, no cloud).
  ['project graph', 'npx', ['nx', 'show', 'projects']],
  ['lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ['unit, contract and integration tests', 'npx', ['vitest', 'run']],
  ['browser tests', 'npx', ['playwright', 'test', '-c', 'tests/e2e/playwright.config.ts']],
];
const only = process.argv.slice(2);
for (const [name, cmd, args] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`✖ ${name} failed after ${secs}s`);
    process.exit(r.status ?? 1);
  }
  console.log(`✔ ${name} (${secs}s)`);
}
