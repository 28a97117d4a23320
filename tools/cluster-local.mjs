#!/usr/bin/env node
// `npm run cluster:local -- [--replicas N] [--port P]`: several Homeward replicas on this machine,
// as in production (docs/deploy.md): the repository's Neo4j, a redis-server, N replicas of the
// built server on their own ports (same JWT_SECRET and DEMO_PASSWORD; the first seeds the demo),
// and nginx in front spreading HTTP and websockets over them. Prints one line
//   cluster ready: http://127.0.0.1:PORT replicas: http://127.0.0.1:P1 http://127.0.0.1:P2 …
// once every replica answers /healthz, and stops everything on SIGTERM or Ctrl-C.
// Needs Java 17+ and Maven (Neo4j), redis-server and nginx (Debian packages) on the PATH.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingPrerequisite, startNeo4j } from './neo4j.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(root, 'apps/api/dist/apps/api/src/main.js');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const REPLICAS = Number(arg('--replicas', '2'));
if (!Number.isInteger(REPLICAS) || REPLICAS < 1 || REPLICAS > 16) {
  console.error('--replicas: a number from 1 to 16');
  process.exit(1);
}
const fail = (line) => {
  console.error(line);
  process.exit(1);
};
for (const [cmd, pkg] of [
  ['redis-server', 'redis-server'],
  ['nginx', 'nginx'],
]) {
  if (spawnSync('sh', ['-c', `command -v ${cmd} || test -x /usr/sbin/${cmd}`], { stdio: 'ignore' }).status !== 0)
    fail(`${cmd} not found: install the Debian package ${pkg}`);
}
const missing = missingPrerequisite();
if (missing) fail(`Neo4j cannot start: ${missing}`);
if (!existsSync(MAIN)) fail(`${MAIN} is missing: run \`node tools/build.mjs\` first`);

const freePort = () =>
  new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

const work = mkdtempSync(join(tmpdir(), 'homeward-cluster-'));
const children = [];
let neo4j = null;
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  // Replicas first (they drain and close their connections), then nginx, Redis and Neo4j.
  for (const c of children.filter((c) => c.role === 'replica')) c.proc.kill('SIGTERM');
  await Promise.all(children.filter((c) => c.role === 'replica').map((c) => c.exited));
  for (const c of children.filter((c) => c.role !== 'replica')) c.proc.kill('SIGTERM');
  await Promise.all(children.map((c) => c.exited));
  await neo4j?.stop().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

function run(role, cmd, args, opts = {}) {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const exited = new Promise((r) => proc.once('exit', r));
  const child = { role, proc, exited, output: () => out };
  children.push(child);
  proc.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${role} exited (${code ?? signal}):\n${out.slice(-2000)}`);
      void stopAll(1);
    }
  });
  return child;
}

async function waitHealthy(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await globalThis.fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url}/healthz did not answer in ${ms / 1000} s`);
}

try {
  neo4j = await startNeo4j({ port: 0, data: join(work, 'neo4j'), heap: '1g', pageCache: '256m' });
  const redisPort = await freePort();
  run('redis', 'redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);

  const shared = {
    NEO4J_URI: neo4j.uri,
    NEO4J_USER: neo4j.user,
    NEO4J_PASSWORD: neo4j.password,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    // Equal on every replica: a token signed by one is checked by the others.
    JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(36).toString('base64url'),
    DEMO_PASSWORD: process.env.DEMO_PASSWORD ?? 'homeward-cluster-demo',
    SHUTDOWN_DRAIN_MS: '1000',
    // nginx in front: the client's address comes from its X-Forwarded-For (limits per address).
    TRUST_PROXY: '1',
  };
  const proxyPort = Number(arg('--port', '0')) || (await freePort());
  const ports = [];
  for (let i = 0; i < REPLICAS; i++) ports.push(await freePort());
  // Browsers reach the replicas through the proxy: its origin is the one to allow on websockets.
  const origins = [`http://127.0.0.1:${proxyPort}`, `http://localhost:${proxyPort}`, ...ports.map((p) => `http://127.0.0.1:${p}`)].join(
    ',',
  );
  const replica = (i) => {
    const dataDir = join(work, `replica-${i + 1}`);
    mkdirSync(dataDir, { recursive: true });
    return run('replica', process.execPath, [MAIN], {
      cwd: root,
      env: {
        ...process.env,
        ...shared,
        PORT: String(ports[i]),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ALLOWED_ORIGINS: origins,
        SEED_DEMO: '1',
      },
    });
  };
  // The first seeds the demo into the empty database; the others start on what it wrote.
  replica(0);
  await waitHealthy(`http://127.0.0.1:${ports[0]}`, 180_000);
  for (let i = 1; i < REPLICAS; i++) replica(i);
  await Promise.all(ports.slice(1).map((p) => waitHealthy(`http://127.0.0.1:${p}`, 120_000)));

  const nginxDir = join(work, 'nginx');
  mkdirSync(join(nginxDir, 'tmp'), { recursive: true });
  const conf = join(nginxDir, 'nginx.conf');
  writeFileSync(
    conf,
    `# Written by tools/cluster-local.mjs; deploy/nginx.conf is the commented production version.
daemon off;
worker_processes 1;
pid ${nginxDir}/nginx.pid;
error_log ${nginxDir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${nginxDir}/tmp/body;
  proxy_temp_path ${nginxDir}/tmp/proxy;
  fastcgi_temp_path ${nginxDir}/tmp/fastcgi;
  uwsgi_temp_path ${nginxDir}/tmp/uwsgi;
  scgi_temp_path ${nginxDir}/tmp/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream homeward {
    least_conn;
${ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${proxyPort};
    client_max_body_size 30m;
    location / {
      proxy_pass http://homeward;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_read_timeout 1h;
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
`,
  );
  const nginxBin = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
  run('nginx', nginxBin, ['-c', conf, '-p', nginxDir, '-e', join(nginxDir, 'error.log')]);
  await waitHealthy(`http://127.0.0.1:${proxyPort}`, 30_000);
  console.log(`cluster ready: http://127.0.0.1:${proxyPort} replicas: ${ports.map((p) => `http://127.0.0.1:${p}`).join(' ')}`);
} catch (err) {
  console.error(`cluster:local failed: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll(1);
}
