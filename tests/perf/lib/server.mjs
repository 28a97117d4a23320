// The built server as the benchmarks start it: its own throwaway data directory, a free port on the loopback,
// the demo workspace seeded, production mode, and the per-user rate limits off (a benchmark is a script
// hammering the API: the limits would measure themselves). Shared by the benchmarks that go over HTTP.
/* global fetch -- Node 20 has it built in */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const MAIN = join(ROOT, 'apps/api/dist/apps/api/src/main.js');

/**
 * Starts the built server and resolves once it listens.
 * - `name`: the data directory's prefix (kept apart per benchmark).
 * - `demoPassword`: the demo accounts' password.
 * - `neo4j`: keep `NEO4J_URI` from the environment (default: the embedded store).
 * - `env`: more variables, over the defaults (e.g. `RATE_LIMITS` to measure the limits themselves).
 * - `timeoutMs`: how long it may take to listen (a million-entity store takes minutes).
 * Resolves to `{ url, port, dataDir, proc, output(), stop() }`; `stop()` ends it with SIGTERM and removes its data.
 */
export async function startBenchServer({ name = 'bench', demoPassword, neo4j = false, env = {}, timeoutMs = 120_000 } = {}) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`node tools/build.mjs --api-only\` first`);
  const dataDir = mkdtempSync(join(tmpdir(), `hw-perf-${name}-`));
  const proc = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      NEO4J_URI: neo4j ? (process.env.NEO4J_URI ?? '') : '',
      REDIS_URL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_DEMO: '1',
      NODE_ENV: 'production',
      RATE_LIMITS: 'user=off,mutations=off,anonymous=off',
      ...(demoPassword ? { DEMO_PASSWORD: demoPassword } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const port = await new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      proc.kill('SIGTERM');
      fail(new Error(`the server did not listen within ${timeoutMs / 1000} s:\n${out}`));
    }, timeoutMs);
    const onData = (d) => {
      out += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the server exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    proc,
    output: () => out,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One GraphQL request; throws with the (shortened) errors. Resolves to `{ data, bytes }` (the answer's size). */
export async function gqlRequest(url, token, query, variables = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  const body = JSON.parse(text);
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return { data: body.data, bytes: Buffer.byteLength(text) };
}
