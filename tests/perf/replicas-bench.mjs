#!/usr/bin/env node
// Several replicas (issue #14; not part of `npm test`): `npm run perf:replicas`.
//  1. Collaboration: BENCH_ROOMS rooms x BENCH_CLIENTS clients x BENCH_RATE updates/s for
//     BENCH_SECONDS, each room's clients spread over two replica processes (CollabServer on the
//     Neo4j document store, relaying through Redis as the API does), then the same load on one
//     process alone. Prints relay latency across replicas, lost updates and CPU per replica.
//  2. graphChanged: two built servers on the same Neo4j and Redis; BENCH_SUBSCRIBERS graphql-ws
//     subscribers on replica B, mutations on replica A; then the subscribers on A itself.
// Uses NEO4J_URI (+ NEO4J_USER/NEO4J_PASSWORD) and REDIS_URL when set: THE DATABASE IS EMPTIED.
// Without them it starts the repository's Neo4j and a redis-server on free ports.
//   BENCH_ROOMS=50 BENCH_SECONDS=15 node tests/perf/replicas-bench.mjs
//   BENCH_PARTS=collab BENCH_ROOMS=50 node tests/perf/replicas-bench.mjs   (only the collaboration run across two replicas)
// Also BENCH_ROOM_AFFINITY=1 (each room's clients all on one replica), BENCH_CLIENT_PROCS (client processes, 2),
// BENCH_COLLAB_DIST (another build of libs/collab/dist for the replicas).
// Each collaboration run prints where the time went: per replica its group commits (size, transaction time, retries, the
// slowest five with the time each ended),
// appends from call to seq, read-backs of missed updates and event-loop delay; Redis publish -> receive; and each
// client process's CPU, event-loop delay and send lateness.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const req = createRequire(join(root, 'package.json'));
const num = (k, d) => Number(process.env[k] ?? d);
const ROOMS = num('BENCH_ROOMS', 200);
const CLIENTS = num('BENCH_CLIENTS', 3);
const RATE = num('BENCH_RATE', 2);
const SECONDS = num('BENCH_SECONDS', 60);
const SUBSCRIBERS = num('BENCH_SUBSCRIBERS', 100);
const MUTATIONS = num('BENCH_MUTATIONS', 100);
/** The clients run in this many processes (each holds whole rooms), so that one process's event loop is not the limit. */
const CLIENT_PROCS = num('BENCH_CLIENT_PROCS', 2);
/** Which parts run (all by default): graph (graphChanged), collab (two replicas), single (one process). */
const AFFINITY = process.env.BENCH_ROOM_AFFINITY === '1';
const PARTS = (process.env.BENCH_PARTS ?? 'graph,collab,single').split(',');
const now = () => performance.timeOrigin + performance.now();
const apiDist = (p) => pathToFileURL(join(root, 'apps/api/dist/apps/api/src', p)).href;
const quantile = (s, q) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN);
const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : String(n));

function once(child, type) {
  return new Promise((res, rej) => {
    const on = (m) => {
      if (m?.type === type) {
        child.off('message', on);
        res(m);
      }
    };
    child.on('message', on);
    child.once('exit', (code) => rej(new Error(`${type}: process exited (${code})`)));
  });
}

/** A replica of the collaboration side: CollabServer on the Neo4j document store, relaying through Redis when `relay` is set. */
async function serveReplica(relayOn) {
  // BENCH_COLLAB_DIST: another build of libs/collab (an earlier commit's, say) to compare with under the same load.
  const { CollabServer, openNeo4jDocumentStore } = req(
    process.env.BENCH_COLLAB_DIST ? resolve(process.env.BENCH_COLLAB_DIST, 'index.js') : './libs/collab/dist/index.js',
  );
  const { openNeo4jStores } = req('./libs/graph-store/dist/index.js');
  const base = await openNeo4jStores({ uri: process.env.NEO4J_URI, user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD });
  // Where the time goes, measured inside the replica: group commits (size, transaction time, retries),
  // each append from its call to its seq, read-backs of missed updates, Redis publish -> receive.
  const trace = { groups: [], appends: [], readBacks: [], published: [], received: [] };
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const raw = openNeo4jDocumentStore(base.driver, undefined, { onAppendGroup: (g) => trace.groups.push({ ...g, at: now() }) });
  const store = {
    ...raw,
    append: (...args) => {
      const t = now();
      return raw.append(...args).then((seq) => (trace.appends.push(now() - t), seq));
    },
    updatesAfter: (room, after) => {
      const t = now();
      return raw.updatesAfter(room, after).then((rows) => (trace.readBacks.push([now() - t, rows.length]), rows));
    },
  };
  let bus = null;
  let relay = null;
  if (relayOn === 'relay') {
    const { openClusterBus } = await import(apiDist('base/cluster.js'));
    const { redisCollabRelay } = await import(apiDist('realtime/collab-relay.js'));
    bus = await openClusterBus(process.env.REDIS_URL);
    const inner = redisCollabRelay(bus);
    relay = {
      join: (room, onMessage) =>
        inner.join(room, (m) => {
          if (m.kind === 'update') trace.received.push([`${room}#${m.seq}`, now()]);
          onMessage(m);
        }),
      publish: (room, m) => {
        if (m.kind === 'update') trace.published.push([`${room}#${m.seq}`, now()]);
        inner.publish(room, m);
      },
    };
  }
  const collab = new CollabServer({
    store,
    relay,
    auth: { authenticate: async (t) => ({ userId: t, displayName: t }), authorizeCase: async () => 'ok' },
    log: () => {},
  });
  const http = (await import('node:http')).createServer();
  http.on('upgrade', (r, s, h) => collab.handleUpgrade(r, s, h));
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  process.on('message', async (m) => {
    if (m === 'usage') {
      process.send({ type: 'usage', cpu: process.cpuUsage(), at: now() });
      if (!loopDelay.enabled) loopDelay.enable();
    }
    if (m === 'trace') process.send({ type: 'trace', ...trace, loopP99: loopDelay.percentile(99) / 1e6, loopMax: loopDelay.max / 1e6 });
    if (m === 'stop') {
      await collab.close();
      await store.close();
      await bus?.close();
      await base.close();
      process.exit(0);
    }
  });
  process.send({ type: 'ready', url: `ws://127.0.0.1:${http.address().port}/collab` });
}

/**
 * The clients: every client of room i connects to urls[(i + c) % urls.length], or with BENCH_ROOM_AFFINITY=1 all of
 * them to urls[i % urls.length] (each room on one replica: no two replicas write one room, for comparison).
 */
async function runClients(urls, prefix, part) {
  process.setMaxListeners(0);
  const WebSocket = req('ws');
  const Y = req('yjs');
  const { WebsocketProvider } = req('y-websocket');
  const latencies = [];
  const clients = [];
  // Client process `part` of CLIENT_PROCS holds every client of rooms part, part + CLIENT_PROCS, ...
  for (let i = Number(part); i < ROOMS; i += CLIENT_PROCS) {
    for (let c = 0; c < CLIENTS; c++) {
      const doc = new Y.Doc();
      const client = { id: `${i}#${c}`, room: i, doc, sent: 0, received: 0 };
      doc.getMap('items').observe((e, tr) => {
        if (tr.local) return;
        const t = now();
        for (const key of e.keysChanged) {
          const item = e.target.get(key);
          if (!item) continue;
          client.received++;
          latencies.push(t - item.t);
        }
      });
      client.provider = new WebsocketProvider(urls[(AFFINITY ? i : i + c) % urls.length], `cases/${prefix}r${i}/notes`, doc, {
        params: { token: `u${c}` },
        WebSocketPolyfill: WebSocket,
        disableBc: true,
      });
      clients.push(client);
    }
  }
  const t0 = Date.now();
  while (!clients.every((c) => c.provider.synced)) {
    if (Date.now() - t0 > 120_000) throw new Error('clients did not sync within 120 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  process.send({ type: 'synced' });
  await new Promise((r) => process.once('message', r));
  const period = 1000 / RATE;
  const end = Date.now() + SECONDS * 1000;
  // The benchmark's own load: its CPU, its event loop's delay, and how late the clients' sends fall behind their schedule.
  const cpu0 = process.cpuUsage();
  const at0 = now();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const late = [];
  for (const client of clients) {
    let due = Date.now() + Math.random() * period;
    setTimeout(function tick() {
      const t = Date.now();
      if (t >= end) return;
      late.push(t - due);
      client.sent++;
      client.doc.getMap('items').set(`${client.id}:${client.sent}`, { t: now() });
      due += period;
      setTimeout(tick, Math.max(0, due - Date.now()));
    }, due - Date.now());
  }
  await new Promise((r) => setTimeout(r, SECONDS * 1000 + 200));
  const cpu1 = process.cpuUsage(cpu0);
  const own = { cpu: (cpu1.user + cpu1.system) / 1000 / (now() - at0), loopP99: loopDelay.percentile(99) / 1e6 };
  late.sort((a, b) => a - b);
  own.lateP50 = quantile(late, 0.5);
  own.lateP99 = quantile(late, 0.99);
  const sentByRoom = new Map();
  for (const c of clients) sentByRoom.set(c.room, (sentByRoom.get(c.room) ?? 0) + c.sent);
  const expected = clients.reduce((n, c) => n + sentByRoom.get(c.room) - c.sent, 0);
  const received = () => clients.reduce((n, c) => n + c.received, 0);
  const drainEnd = Date.now() + 15_000;
  while (received() < expected && Date.now() < drainEnd) await new Promise((r) => setTimeout(r, 100));
  for (const c of clients) c.provider.destroy();
  // Exit once the result is handed over: a large result on a starved machine took longer than a fixed delay.
  process.send({ type: 'result', latencies, expected, received: received(), sent: clients.reduce((n, c) => n + c.sent, 0), own }, () =>
    process.exit(0),
  );
}

async function collabRun(label, replicas) {
  const self = fileURLToPath(import.meta.url);
  const servers = Array.from({ length: replicas }, () => fork(self, ['replica', replicas > 1 ? 'relay' : 'alone'], { stdio: 'inherit' }));
  const urls = (await Promise.all(servers.map((s) => once(s, 'ready')))).map((m) => m.url);
  const prefix = `b${Date.now().toString(36)}`;
  const workers = Array.from({ length: CLIENT_PROCS }, (_, k) =>
    fork(self, ['clients', JSON.stringify(urls), prefix, String(k)], { stdio: 'inherit' }),
  );
  await Promise.all(workers.map((w) => once(w, 'synced')));
  const usage = async () => Promise.all(servers.map((s) => (s.send('usage'), once(s, 'usage'))));
  const before = await usage();
  const results = Promise.all(workers.map((w) => once(w, 'result')));
  for (const w of workers) w.send('go');
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const after = await usage();
  const parts = await results;
  const r = {
    latencies: parts.flatMap((p) => p.latencies),
    expected: parts.reduce((n, p) => n + p.expected, 0),
    received: parts.reduce((n, p) => n + p.received, 0),
    sent: parts.reduce((n, p) => n + p.sent, 0),
    own: parts.map((p) => p.own),
  };
  const traces = await Promise.all(servers.map((s) => (s.send('trace'), once(s, 'trace'))));
  for (const s of servers) s.send('stop');
  await Promise.all(servers.map((s) => new Promise((ok) => s.once('exit', ok))));
  const lat = r.latencies.sort((a, b) => a - b);
  const cpu = after.map((a, i) => (a.cpu.user + a.cpu.system - before[i].cpu.user - before[i].cpu.system) / 1000 / (a.at - before[i].at));
  const out = {
    p50: quantile(lat, 0.5),
    p99: quantile(lat, 0.99),
    max: lat[lat.length - 1],
    lost: r.expected - r.received,
    sent: r.sent,
    cpu,
  };
  console.log(
    `${label.padEnd(24)} sent ${out.sent}, lost ${out.lost} | relay p50 ${f(out.p50)} ms, p99 ` +
      `${f(out.p99)} ms, max ${f(out.max)} ms | CPU per process ` +
      `${cpu.map((c) => `${f(c, 2)} cores`).join(', ')} | load average ${loadavg()
        .map((x) => f(x, 2))
        .join(' ')}`,
  );
  printTrace(traces, r.own);
  return out;
}

/** Where the time went (see serveReplica and runClients). */
function printTrace(traces, own) {
  const q = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return `p50 ${f(quantile(s, 0.5))} / p99 ${f(quantile(s, 0.99))} / max ${f(s[s.length - 1])} ms`;
  };
  traces.forEach((t, i) => {
    const g = t.groups;
    const updates = g.reduce((n, x) => n + x.updates, 0);
    console.log(
      `  replica ${i + 1}: ${g.length} group commits, ${f(updates / Math.max(1, g.length))} updates in ${f(
        g.reduce((n, x) => n + x.rooms, 0) / Math.max(1, g.length),
      )} rooms each, transaction ${q(g.map((x) => x.ms))}, retried ${g.filter((x) => x.attempts > 1).length}, ` +
        `failed ${g.filter((x) => x.failed).length}`,
    );
    // The slowest, with the wall-clock time each ended at (to lay beside Neo4j's GC log, or the system's).
    const slow = [...g].sort((a, b) => b.ms - a.ms).slice(0, 5);
    console.log(
      `    slowest transactions: ${slow.map((x) => `${f(x.ms)} ms at ${new Date(x.at).toISOString().slice(11, 23)}`).join(', ')}`,
    );
    console.log(
      `    append call -> seq ${q(t.appends)} (${t.appends.length}); read-backs ${t.readBacks.length} ` +
        `(${t.readBacks.reduce((n, [, k]) => n + k, 0)} updates, ${q(t.readBacks.map(([ms]) => ms))}); event loop delay p99 ` +
        `${f(t.loopP99)} ms, max ${f(t.loopMax)} ms`,
    );
  });
  if (traces.length > 1) {
    const sent = new Map(traces.flatMap((t) => t.published));
    const delays = traces.flatMap((t) => t.received.map(([k, at]) => at - (sent.get(k) ?? NaN))).filter(Number.isFinite);
    console.log(`  Redis publish -> receive ${q(delays)} (${delays.length} messages)`);
  }
  for (const [k, o] of own.entries())
    console.log(
      `  benchmark clients (process ${k + 1} of ${own.length}): ${f(o.cpu, 2)} cores, event loop delay p99 ${f(o.loopP99)} ms, ` +
        `sends late p50 ${f(o.lateP50)} / p99 ${f(o.lateP99)} ms`,
    );
}

async function startApi(env, port) {
  const dataDir = mkdtempSync(join(tmpdir(), 'replicas-bench-'));
  const proc = spawn(process.execPath, [join(root, 'apps/api/dist/apps/api/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
      RATE_LIMITS: 'user=off,mutations=off,anonymous=off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const end = Date.now() + 180_000;
  while (!/listening on/.test(out)) {
    if (proc.exitCode !== null || Date.now() > end) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((ok) => (proc.once('exit', ok), proc.kill('SIGTERM'))).then(() => rmSync(dataDir, { recursive: true, force: true })),
  };
}

async function gql(url, query, variables = {}, token) {
  const res = await globalThis.fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

async function fanOut(a, target, label) {
  const WebSocket = req('ws');
  const { createClient } = req('graphql-ws');
  const login = async (url) =>
    (
      await gql(url, 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', {
        e: 'investigator.gt@demo.local',
        p: process.env.DEMO_PASSWORD,
      })
    ).data.login.token;
  const token = await login(a.url);
  const cases = await gql(a.url, '{ cases { id reference } }', {}, token);
  const caseId = cases.data.cases.find((c) => c.reference === 'GT-2026-0001').id;
  const sent = new Map();
  const afterAnswer = [];
  const fromRequest = [];
  const clients = [];
  let got = 0;
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const client = createClient({
      url: `${target.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    client.subscribe(
      { query: 'subscription($c:ID!){ graphChanged(caseId:$c){ nodes { label } } }', variables: { c: caseId } },
      {
        next: (v) => {
          const t = now();
          const s = sent.get(v.data.graphChanged.nodes[0]?.label);
          if (!s) return;
          got++;
          fromRequest.push(t - s.request);
          if (s.answer !== undefined) afterAnswer.push(Math.max(0, t - s.answer));
          else s.early.push(t);
        },
        error: () => {},
        complete: () => {},
      },
    );
    clients.push(client);
  }
  await new Promise((r) => setTimeout(r, 2000));
  const roundTrips = [];
  for (let m = 0; m < MUTATIONS; m++) {
    const name = `bench ${m} ${Date.now()}`;
    const s = { request: now(), answer: undefined, early: [] };
    sent.set(name, s);
    await gql(
      a.url,
      'mutation($c:ID!,$n:String!){ addPerson(caseId:$c, input:{fullName:$n, role: WITNESS}) { id } }',
      { c: caseId, n: name },
      token,
    );
    s.answer = now();
    roundTrips.push(s.answer - s.request);
    // Events that arrived before the answer count as 0 ms after it.
    afterAnswer.push(...s.early.map(() => 0));
    await new Promise((r) => setTimeout(r, 50));
  }
  const end = Date.now() + 10_000;
  while (got < MUTATIONS * SUBSCRIBERS && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  for (const c of clients) await c.dispose();
  const sa = afterAnswer.sort((x, y) => x - y);
  const sr = fromRequest.sort((x, y) => x - y);
  roundTrips.sort((x, y) => x - y);
  console.log(
    `${label.padEnd(24)} ${got}/${MUTATIONS * SUBSCRIBERS} events | after the mutation's answer p50 ` +
      `${f(quantile(sa, 0.5))} ms, p99 ${f(quantile(sa, 0.99))} ms | from its request p50 ` +
      `${f(quantile(sr, 0.5))} ms, p99 ${f(quantile(sr, 0.99))} ms (mutation round trip p50 ` +
      `${f(quantile(roundTrips, 0.5))} ms)`,
  );
}

const freePort = () =>
  new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

async function main() {
  const [role, arg, prefix] = process.argv.slice(2);
  if (role === 'replica') return serveReplica(arg);
  if (role === 'clients') return runClients(JSON.parse(arg), prefix, process.argv[5]);
  let stopNeo4j = async () => {};
  let redis = null;
  if (!process.env.NEO4J_URI) {
    const { startNeo4j } = await import(pathToFileURL(join(root, 'tools/neo4j.mjs')).href);
    const n = await startNeo4j({ port: 0, data: mkdtempSync(join(tmpdir(), 'replicas-bench-neo4j-')), heap: '1g', pageCache: '256m' });
    Object.assign(process.env, { NEO4J_URI: n.uri, NEO4J_USER: n.user, NEO4J_PASSWORD: n.password });
    stopNeo4j = n.stop;
  }
  if (!process.env.REDIS_URL) {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 300));
  }
  process.env.DEMO_PASSWORD ??= 'replicas-bench-demo';
  const neo4j = req('neo4j-driver');
  const driver = neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''));
  console.log(
    `replicas bench on ${process.env.NEO4J_URI} (emptied) and Redis: ${ROOMS} rooms x ${CLIENTS} clients ` +
      `x ${RATE} updates/s for ${SECONDS} s; graphChanged to ${SUBSCRIBERS} subscribers, ${MUTATIONS} ` +
      `mutations; ${CLIENT_PROCS} client processes; load average at the start ${loadavg()
        .map((x) => f(x, 2))
        .join(' ')}`,
  );
  // CALL … IN TRANSACTIONS needs an auto-commit transaction (session.run, not executeQuery).
  const session = driver.session();
  await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  await session.close();
  await driver.close();
  try {
    const env = { JWT_SECRET: 'replicas-bench-secret-0123456789abcdef0123456789', SEED_DEMO: '1' };
    if (PARTS.includes('graph')) {
      const a = await startApi(env, await freePort());
      const b = await startApi(env, await freePort());
      await fanOut(a, b, 'graphChanged A -> B');
      await fanOut(a, a, 'graphChanged A -> A');
      await Promise.all([a.stop(), b.stop()]);
    }
    if (PARTS.includes('collab')) await collabRun('collab, 2 replicas', 2);
    if (PARTS.includes('single')) await collabRun('collab, 1 process', 1);
  } finally {
    redis?.kill('SIGTERM');
    await stopNeo4j();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
