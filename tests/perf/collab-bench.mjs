#!/usr/bin/env node
// Collaboration load benchmark (not part of `npm test`): N rooms x C clients,
// each client sending R updates a second for S seconds, against the Homeward
// collab server and against Hocuspocus, each in its own process so their CPU
// and memory are measured alone. Prints relay latency, lost updates, server
// CPU and RSS, and the ratios.
//
//   npx tsc -b libs/collab && node tests/perf/collab-bench.mjs
//   BENCH_ROOMS=50 BENCH_SECONDS=15 node tests/perf/collab-bench.mjs
//
// Env: BENCH_ROOMS (200), BENCH_CLIENTS (3), BENCH_RATE (2 /s), BENCH_SECONDS
// (60), BENCH_WORKERS (2 client processes), BENCH_TARGETS (homeward,hocuspocus), BENCH_MENTIONS (1: the
// notes-mentions hook on every stored update, as the API runs it),
// HOCUSPOCUS_DIR (a folder whose node_modules has @hocuspocus/server and
// @hocuspocus/provider v3; default: this repository).
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const env = (k, d) => Number(process.env[k] ?? d);
const ROOMS = env('BENCH_ROOMS', 200);
const CLIENTS = env('BENCH_CLIENTS', 3);
const RATE = env('BENCH_RATE', 2);
const SECONDS = env('BENCH_SECONDS', 60);
const WORKERS = env('BENCH_WORKERS', 2);
const TARGETS = (process.env.BENCH_TARGETS ?? 'homeward,hocuspocus').split(',');
const HP_DIR = process.env.HOCUSPOCUS_DIR ?? root;
const requireFrom = (dir) => createRequire(join(dir, 'package.json'));
const now = () => performance.timeOrigin + performance.now();

// Server processes report their own CPU time and RSS once a second.
// Event-loop delay (10 ms resolution) shows which process a latency tail comes from.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const delayMs = () => ({ p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 });

function reportUsage() {
  process.on('message', (m) => m === 'reset-delay' && loopDelay.reset());
  const send = () =>
    process.send?.({ type: 'usage', cpu: process.cpuUsage(), rss: process.memoryUsage().rss, at: now(), delay: delayMs() });
  setInterval(send, 1000).unref();
  process.on('message', (m) => m === 'usage' && send());
}

async function serveHomeward() {
  const req = requireFrom(root);
  const { CollabServer, openEmbeddedDocumentStore } = req('./libs/collab/dist/index.js');
  // The database exactly as the server opens it (pragmas, background checkpoints).
  const { openEmbeddedStores } = req('./libs/graph-store/dist/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'collab-bench-'));
  const stores = openEmbeddedStores(dir);
  const db = stores.db;
  const store = openEmbeddedDocumentStore(db);
  // BENCH_MENTIONS=1: the API's notes-mentions hook as it runs there (apps/api notes-mentions.service): every
  // stored update queued, read per case 150 ms later with mentionsAdded (telling needs the API; here it is counted).
  const { mentionsAdded } = req('./libs/collab/dist/index.js');
  let queued = [];
  let mentionTimer = null;
  const onUpdate =
    process.env.BENCH_MENTIONS === '1'
      ? (e) => {
          queued.push(e);
          mentionTimer ??= setTimeout(() => {
            mentionTimer = null;
            const batch = queued;
            queued = [];
            const byCase = new Map();
            for (const u of batch) byCase.set(u.caseId, [...(byCase.get(u.caseId) ?? []), u]);
            for (const updates of byCase.values()) for (const u of updates) mentionsAdded(u.update);
          }, 150);
        }
      : undefined;
  const collab = new CollabServer({
    store,
    auth: { authenticate: async (t) => ({ userId: t, displayName: t }), authorizeCase: async () => 'ok' },
    maxMessagesPerSecond: 100,
    log: () => {},
    events: onUpdate ? { onUpdate } : {},
  });
  const http = createServer();
  http.on('upgrade', (r, s, h) => collab.handleUpgrade(r, s, h));
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  reportUsage();
  process.on('message', async (m) => {
    if (m === 'count') {
      const row = db.prepare('SELECT count(*) AS n FROM collab_update').get();
      process.send({ type: 'count', stored: row.n, rooms: collab.stats().rooms });
    }
    if (m === 'stop') {
      await collab.close();
      await store.close();
      await stores.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  process.send({ type: 'ready', url: `ws://127.0.0.1:${http.address().port}/collab` });
}

async function serveHocuspocus() {
  const req = requireFrom(HP_DIR);
  const { Server } = req('@hocuspocus/server');
  const Y = req('yjs');
  const Database = requireFrom(root)('better-sqlite3');
  const dir = mkdtempSync(join(tmpdir(), 'collab-bench-hp-'));
  const db = new Database(join(dir, 'bench.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE docs (name TEXT PRIMARY KEY, state BLOB)');
  const upsert = db.prepare('INSERT INTO docs (name, state) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state');
  const select = db.prepare('SELECT state FROM docs WHERE name = ?');
  // Hocuspocus' idiomatic persistence: the whole document, debounced (2 s by
  // default), so it does less disk work than a per-update log and is not
  // durable against kill -9 in that window.
  const server = new Server({
    port: 0,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
    async onAuthenticate({ token }) {
      return { user: token };
    },
    async onLoadDocument({ documentName, document }) {
      const row = select.get(documentName);
      if (row) Y.applyUpdate(document, row.state);
      return document;
    },
    async onStoreDocument({ documentName, document }) {
      upsert.run(documentName, Buffer.from(Y.encodeStateAsUpdate(document)));
    },
  });
  await server.listen();
  reportUsage();
  process.on('message', async (m) => {
    if (m === 'count') process.send({ type: 'count', stored: null, rooms: server.hocuspocus.getDocumentsCount() });
    if (m === 'stop') {
      await server.destroy();
      db.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  process.send({ type: 'ready', url: `ws://127.0.0.1:${server.httpServer.address().port}` });
}

/** A client process: some rooms, all their clients, latency measured within one clock. */
async function runWorker(target, url, rooms) {
  // Every provider adds a process 'exit' listener; hundreds are expected here.
  process.setMaxListeners(0);
  const WebSocket = requireFrom(root)('ws');
  let Y;
  let open;
  if (target === 'homeward') {
    Y = requireFrom(root)('yjs');
    const { WebsocketProvider } = requireFrom(root)('y-websocket');
    open = (room, user, doc) =>
      new WebsocketProvider(url, room, doc, { params: { token: user }, WebSocketPolyfill: WebSocket, disableBc: true });
  } else {
    const req = requireFrom(HP_DIR);
    Y = req('yjs');
    const { HocuspocusProvider } = req('@hocuspocus/provider');
    open = (room, user, doc) => new HocuspocusProvider({ url, name: room, document: doc, token: user, WebSocketPolyfill: WebSocket });
  }
  const latencies = [];
  const clients = [];
  for (const room of rooms) {
    for (let c = 0; c < CLIENTS; c++) {
      const doc = new Y.Doc();
      const id = `${room}#${c}`;
      const client = { id, doc, sent: 0, received: 0, provider: null };
      // One key per update in a Y.Map: its event names the keys changed, so reading an arrival is
      // O(1). (A Y.Array event's \`changes\` walks the whole array: the load generator's own CPU grew
      // through the run and, sharing the server's two cores, stretched the latencies it measured.)
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
      client.provider = open(`cases/${room}/notes`, `u${c}`, doc);
      clients.push(client);
    }
  }
  const syncedAll = () => clients.every((c) => c.provider.synced ?? c.provider.isSynced);
  const t0 = Date.now();
  while (!syncedAll()) {
    if (Date.now() - t0 > 60_000) throw new Error('clients did not sync within 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  process.send({ type: 'synced' });
  await new Promise((r) => process.once('message', r));
  loopDelay.reset();
  const period = 1000 / RATE;
  const end = Date.now() + SECONDS * 1000;
  const timers = clients.map((client) =>
    setTimeout(function tick() {
      if (Date.now() >= end) return;
      client.sent++;
      client.doc.getMap('items').set(`${client.id}:${client.sent}`, { t: now(), n: client.sent, from: client.id });
      client.timer = setTimeout(tick, period);
    }, Math.random() * period),
  );
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  timers.forEach(clearTimeout);
  const byRoom = new Map();
  for (const c of clients) {
    const room = c.id.split('#')[0];
    byRoom.set(room, (byRoom.get(room) ?? 0) + c.sent);
  }
  const expected = clients.reduce((n, c) => n + byRoom.get(c.id.split('#')[0]) - c.sent, 0);
  const receivedNow = () => clients.reduce((n, c) => n + c.received, 0);
  // Lost means never arrived: give stragglers up to 15 s to drain.
  const drainEnd = Date.now() + 15_000;
  while (receivedNow() < expected && Date.now() < drainEnd) await new Promise((r) => setTimeout(r, 100));
  const received = receivedNow();
  const sent = clients.reduce((n, c) => n + c.sent, 0);
  process.send({ type: 'result', latencies, expected, received, sent, delay: delayMs() });
  for (const c of clients) c.provider.destroy();
  setTimeout(() => process.exit(0), 200);
}

function quantile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

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

async function bench(target) {
  const server = fork(fileURLToPath(import.meta.url), ['server', target], { stdio: 'inherit' });
  const { url } = await once(server, 'ready');
  server.send('usage');
  const idle = await once(server, 'usage');
  const roomIds = Array.from({ length: ROOMS }, (_, i) => `bench${i}`);
  const workers = Array.from({ length: WORKERS }, (_, w) =>
    fork(fileURLToPath(import.meta.url), ['worker', target, url, JSON.stringify(roomIds.filter((_, i) => i % WORKERS === w))], {
      stdio: 'inherit',
    }),
  );
  await Promise.all(workers.map((w) => once(w, 'synced')));
  server.send('reset-delay');
  server.send('usage');
  const before = await once(server, 'usage');
  const results = workers.map((w) => once(w, 'result'));
  workers.forEach((w) => w.send('go'));
  let peakRss = before.rss;
  const sampler = (m) => m?.type === 'usage' && (peakRss = Math.max(peakRss, m.rss));
  server.on('message', sampler);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  server.send('usage');
  const after = await once(server, 'usage');
  server.off('message', sampler);
  const res = await Promise.all(results);
  server.send('count');
  const { stored, rooms } = await once(server, 'count');
  server.send('stop');
  await new Promise((r) => server.once('exit', r));
  const lat = res.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const cpuMs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;
  const wallMs = after.at - before.at;
  const out = {
    target,
    sent: res.reduce((n, r) => n + r.sent, 0),
    stored,
    lost: res.reduce((n, r) => n + r.expected - r.received, 0),
    p50: quantile(lat, 0.5),
    p99: quantile(lat, 0.99),
    max: lat[lat.length - 1] ?? NaN,
    cpuCores: cpuMs / wallMs,
    rssMB: peakRss / 2 ** 20,
    rssPerRoomMB: peakRss / 2 ** 20 / ROOMS,
    rssAddedPerRoomMB: (peakRss - idle.rss) / 2 ** 20 / ROOMS,
    roomsOpen: rooms,
    serverDelay: after.delay,
    clientDelay: { p99: Math.max(...res.map((r) => r.delay.p99)), max: Math.max(...res.map((r) => r.delay.max)) },
  };
  const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : String(n));
  console.log(
    `${target.padEnd(10)} sent ${out.sent}, lost ` +
      `${out.lost}${stored === null ? '' : `, stored ${stored}`} | relay p50 ${f(out.p50)} ms, p99 ` +
      `${f(out.p99)} ms, max ${f(out.max)} ms | server CPU ${f(out.cpuCores, 2)} cores | RSS ` +
      `${f(out.rssMB)} MB, ${f(out.rssPerRoomMB, 2)} MB/room (${f(out.rssAddedPerRoomMB, 2)} MB/room above ` +
      `idle)`,
  );
  console.log(
    `${''.padEnd(10)} event-loop delay while loaded: server p99 ${f(out.serverDelay.p99)} ms, max ` +
      `${f(out.serverDelay.max)} ms | client processes p99 ${f(out.clientDelay.p99)} ms, max ` +
      `${f(out.clientDelay.max)} ms`,
  );
  return out;
}

async function main() {
  const [role, target, url, rooms] = process.argv.slice(2);
  if (role === 'server') return target === 'homeward' ? serveHomeward() : serveHocuspocus();
  if (role === 'worker') return runWorker(target, url, JSON.parse(rooms));
  const version = (dir, pkg) => {
    try {
      // Walks up from the entry point: package.json is not in every package's exports.
      let d = dirname(requireFrom(dir).resolve(pkg));
      while (!d.endsWith(pkg)) d = dirname(d);
      return JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  };
  const hp = version(HP_DIR, '@hocuspocus/server');
  console.log(`collab bench: ${ROOMS} rooms x ${CLIENTS} clients x ${RATE} updates/s for ${SECONDS} s (${WORKERS} client processes)`);
  const results = {};
  for (const t of TARGETS) {
    if (t === 'hocuspocus' && !hp) {
      console.log('hocuspocus: @hocuspocus/server not found (set HOCUSPOCUS_DIR); skipped');
      continue;
    }
    if (t === 'hocuspocus') console.log(`hocuspocus ${hp}`);
    results[t] = await bench(t);
  }
  const h = results.homeward;
  if (h) {
    // Per-room memory is judged on what the rooms add above the idle process:
    // with few rooms the runtime's own ~70 MB would otherwise dominate.
    const ok = h.p99 <= 50 && h.lost === 0 && h.cpuCores < 1 && h.rssAddedPerRoomMB <= 2 && (h.stored === null || h.stored >= h.sent);
    console.log(`budgets (p99 <= 50 ms, 0 lost, < 1 core, <= 2 MB/room above idle, all stored): ${ok ? 'met' : 'NOT met'}`);
  }
  if (h && results.hocuspocus) {
    const x = results.hocuspocus;
    const r = (a, b) => (b ? (a / b).toFixed(2) : 'n/a');
    console.log(
      `ratios homeward/hocuspocus: p99 ${r(h.p99, x.p99)}, p50 ${r(h.p50, x.p50)}, CPU ${r(h.cpuCores, x.cpuCores)}, RSS ${r(h.rssMB, x.rssMB)}`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
