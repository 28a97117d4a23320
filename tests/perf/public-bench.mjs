// The public page's budgets, on the built server over HTTP on this machine:
//   - a public page: p50 server time <= 20 ms and <= 50 KB transferred without the photo;
//   - 200 concurrent readers of one page: p99 <= 100 ms.
//
//   node tools/build.mjs --api-only && node tests/perf/public-bench.mjs      (npm run perf:public)
//   PUBLIC_BENCH_N=2000 PUBLIC_BENCH_READERS=200 PUBLIC_BENCH_ROUNDS=10 node tests/perf/public-bench.mjs
//
// Server time is read from the page's Server-Timing header (the handler's own time: store read and
// render), and the time to the whole answer on the loopback is printed beside it. The readers are
// 200 concurrent keep-alive clients, each reading the page ROUNDS times. Only 127.0.0.1 is contacted,
// every loop is bounded in count, and the server is stopped at the end. Exits 1 when a budget is missed.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startBenchServer } from './lib/server.mjs';
import http from 'node:http';

const N = Number(process.env.PUBLIC_BENCH_N ?? 1000);
const READERS = Number(process.env.PUBLIC_BENCH_READERS ?? 200);
const ROUNDS = Number(process.env.PUBLIC_BENCH_ROUNDS ?? 10);
// A reader looks at the page a while before reading it again; 0 makes every reader ask again at once (a closed loop).
const THINK_MS = Number(process.env.PUBLIC_BENCH_THINK_MS ?? 1000);
const PASSWORD = 'public-bench-demo-pw';
const BUDGET = { p50ServerMs: 20, bytes: 50 * 1024, concurrentP99Ms: 100 };

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (v) => `${v.toFixed(2)} ms`;

// RATE_LIMITS from the environment wins, to measure the public pages with the limits on.
const server = await startBenchServer({
  name: 'public',
  demoPassword: PASSWORD,
  env: process.env.RATE_LIMITS ? { RATE_LIMITS: process.env.RATE_LIMITS } : {},
});
const url = server.url;

async function gql(query, variables, token) {
  const res = await globalThis.fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

let failed = false;
try {
  const { login } = await gql('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', {
    e: 'supervisor.gt@demo.local',
    p: PASSWORD,
  });
  const token = login.token;
  const { cases } = await gql('{ cases { id reference } }', {}, token);
  const ana = cases.find((c) => c.reference === 'GT-2026-0001').id;
  await gql(
    'mutation($c:ID!){ updateChildProfile(caseId:$c, input:{ clothing: "Blue school uniform, white ' +
      'sneakers", physicalDescription: "Long black hair" }){ personId } }',
    { c: ana },
    token,
  );
  const { publishChild } = await gql(
    'mutation($c:ID!){ publishChild(caseId:$c, input:{ fields:[NAME, AGE, DESCRIPTION, CLOTHING, ' +
      'LAST_SEEN, HOTLINE], languages:["en","es","fr","pt"] }){ path } }',
    { c: ana },
    token,
  );
  const page = `${url}${publishChild.path}`;

  // GT's public site is configured (name, colour, logo), as a member country's would be: each page reads it too.
  const admin = (
    await gql('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e: 'admin@demo.local', p: PASSWORD })
  ).login.token;
  await gql('mutation { setPublicSite(country:"GT", input:{ siteName:"Alerta Guatemala", brandColour:"#0a5c36" }){ country } }', {}, admin);
  const sharp = (await import('sharp')).default;
  const logo = await sharp({ create: { width: 600, height: 200, channels: 3, background: '#0a5c36' } })
    .png()
    .toBuffer();
  const up = await globalThis.fetch(`${url}/media/public-sites/GT/logo`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}` },
    body: logo,
  });
  if (up.status !== 201) throw new Error(`logo upload answered ${up.status}`);
  const first = await (await globalThis.fetch(page)).text();
  if (!first.includes('--brand:#0a5c36') || !first.includes('class="logo"')) throw new Error('the page does not show the configured site');

  const agent = new http.Agent({ keepAlive: true, maxSockets: READERS });
  function read() {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.get(page, { agent, headers: { 'accept-language': 'es-GT,es;q=0.9' } }, (res) => {
        let size = 0;
        res.on('data', (c) => (size += c.length));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`page answered ${res.statusCode}`));
          const st = /app;dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''));
          const head = res.rawHeaders.reduce((n, h) => n + h.length + 2, 0);
          resolve({ total: performance.now() - t0, server: st ? Number(st[1]) : NaN, bytes: size + head });
        });
        res.on('error', reject);
      });
      req.setTimeout(60_000, () => req.destroy(new Error('read timed out')));
      req.on('error', reject);
    });
  }

  console.log(`published ${publishChild.path}; warming up`);
  for (let i = 0; i < 100; i++) await read();
  console.log('sequential reads');
  const seq = [];
  for (let i = 0; i < N; i++) seq.push(await read());
  const server = seq.map((r) => r.server);
  const total = seq.map((r) => r.total);
  const bytes = seq[0].bytes;

  async function readers(thinkMs) {
    const lat = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: READERS }, async (_, r) => {
        // Readers start spread over one think time, as people arriving do.
        if (thinkMs) await new Promise((ok) => setTimeout(ok, (r / READERS) * thinkMs));
        for (let i = 0; i < ROUNDS; i++) {
          lat.push((await read()).total);
          if (thinkMs) await new Promise((ok) => setTimeout(ok, thinkMs));
        }
      }),
    );
    return { lat, wall: performance.now() - t0 };
  }
  console.log(`${READERS} concurrent readers, ${THINK_MS} ms between reads`);
  const paced = await readers(THINK_MS);
  console.log(`${READERS} concurrent readers, no pause (closed loop)`);
  const closed = await readers(0);
  agent.destroy();

  const verdict = (ok) => {
    if (!ok) failed = true;
    return ok ? 'within budget' : 'OVER BUDGET';
  };
  const p50s = pct(server, 50);
  const p99c = pct(paced.lat, 99);
  console.log(
    `public page bench (embedded store, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${N} sequential reads)`,
  );
  console.log(
    `  server time    p50 ${ms(p50s)}  p99 ${ms(pct(server, 99))}  (budget p50 <= ${BUDGET.p50ServerMs} ms: ${verdict(p50s <= BUDGET.p50ServerMs)})`,
  );
  console.log(`  whole answer   p50 ${ms(pct(total, 50))}  p99 ${ms(pct(total, 99))}  (loopback, client side)`);
  console.log(`  transferred    ${bytes} bytes with headers, no photo (budget <= ${BUDGET.bytes}: ${verdict(bytes <= BUDGET.bytes)})`);
  const line = (label, r) =>
    `  ${label}: p50 ${ms(pct(r.lat, 50))}  p99 ${ms(pct(r.lat, 99))}  max ${ms(Math.max(...r.lat))}, ` +
    `${Math.round((r.lat.length / r.wall) * 1000)} pages/s`;
  console.log(
    `${line(`${READERS} readers x ${ROUNDS}, ${THINK_MS} ms apart`, paced)} ` +
      `(budget p99 <= ${BUDGET.concurrentP99Ms} ms: ${verdict(p99c <= BUDGET.concurrentP99Ms)})`,
  );
  console.log(`${line(`${READERS} readers x ${ROUNDS}, no pause`, closed)} (no budget: a closed loop measures throughput)`);
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
