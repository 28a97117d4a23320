#!/usr/bin/env node
// Graph drawing budgets in headless Chromium: a 500-node case in the real app (built
// server, real data, from clicking the case to the graph drawn), 500- and 5,000-node
// layout+draw in a bare harness, pan/zoom frame times on the big graph, and the web
// client's initial JavaScript (gzip). Each measurement runs RUNS times (3); the median is reported.
// Usage: node tests/perf/web-graph.mjs   (CHROMIUM_PATH overrides /usr/bin/chromium)
//   ONLY=app: the real-app open only; WARM_MS (1000): how long the case list is on screen before the click
//   (0: clicked the moment it appears, before any idle-time preloading); PROFILE=file.cpuprofile: a CPU profile of
//   the first cold open; TRACE=dir: Chromium traces of the first cold open and reopen, for tests/perf/trace-summary.mjs;
//   AB=1: each run also opens the case with the client's preloading off, in turn, to measure what it saves;
//   WEB_DIST=dirA,dirB: the app's open with each of these builds of the client (`vite build --outDir dir`), in turn
//   (A B, B A, ...), served in front of the same server and case (web-graph-proxy.mjs); CPU=1: every open traced,
//   and the main thread's CPU time from the click to the graph drawn printed beside the wall time; NO_BUILD=1: as built.
//   REQUESTS=1: each open also prints its requests (ms after the click: start, first byte, end).
/* global window, document, performance, requestAnimationFrame, sessionStorage, PerformanceObserver -- used inside page.evaluate, which runs in the browser */
import { launchChromium } from './lib/browser.mjs';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gqlRequest, startBenchServer } from './lib/server.mjs';
import { serveBuild } from './web-graph-proxy.mjs';
import { mainThreadCpu } from './web-graph-cpu.mjs';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { INITIAL_JS_BUDGET_KB, STATS_FILE, initialJs } from '../../tools/web-budget.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../..');
// Issue 15's budgets: a case opens in half a second (a quarter reopened), pan and zoom frames at 30 per second.
const budgets = { open: 500, reopen: 250, draw500: 300, draw5000: 1500, frameP99: 33, frame: 50, initialKb: INITIAL_JS_BUDGET_KB };
const RUNS = Number(process.env.RUNS ?? 3);
const DEMO_PASSWORD = 'perf-demo-password';
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'loading',
  'netlog',
];
/** Enough for the main thread's CPU time between the marks (CPU=1), and little overhead. */
const CPU_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];
/** How long the case list stays on screen before the click, as a user reads it (and the page may prefetch when idle). */
const WARM_MS = Number(process.env.WARM_MS ?? 1000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const startApi = () => startBenchServer({ name: 'web', demoPassword: DEMO_PASSWORD, neo4j: true });
const gql = async (url, token, query, variables) => (await gqlRequest(url, token, query, variables)).data;

/** A case-shaped graph through the public API: people seen with each other around the child, their phones and cars. */
async function seedCase(url, n) {
  const login = await gql(url, null, 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', {
    e: 'investigator.gt@demo.local',
    p: DEMO_PASSWORD,
  });
  const token = login.login.token;
  const c = await gql(
    url,
    token,
    'mutation { createCase(input:{ title:"Perf 500-node case", category: NON_FAMILY_ABDUCTION, riskLevel: HIGH, country:"gt" }) { id } }',
  );
  const caseId = c.createCase.id;
  let s = 7;
  const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const add = 'mutation($c:ID!,$k:EntityKind!,$p:JSONObject!,$r:PersonRole){ addEntity(caseId:$c, kind:$k, props:$p, role:$r){ id } }';
  const link = 'mutation($c:ID!,$a:ID!,$b:ID!,$t:LinkType!){ linkEntities(caseId:$c, input:{fromId:$a,toId:$b,type:$t}){ id } }';
  const specs = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 5 === 3 ? 'PHONE' : i % 5 === 4 ? 'VEHICLE' : 'PERSON';
    const props =
      kind === 'PERSON'
        ? { fullName: `Person ${i}` }
        : kind === 'PHONE'
          ? { number: `+502 5${String(i).padStart(7, '0')}` }
          : { plate: `P-${i}PRF` };
    specs.push({ kind, props, role: i === 0 ? 'MISSING_CHILD' : kind === 'PERSON' && i % 7 === 1 ? 'SUSPECT' : null });
  }
  const ids = new Array(n);
  const pool = async (count, fn) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) await fn(next++);
      }),
    );
  };
  await pool(n, async (i) => {
    const d = await gql(url, token, add, { c: caseId, k: specs[i].kind, p: specs[i].props, r: specs[i].role });
    ids[i] = d.addEntity.id;
  });
  const people = specs.map((sp, i) => (sp.kind === 'PERSON' ? i : -1)).filter((i) => i >= 0);
  const links = [];
  for (let i = 1; i < n; i++) {
    const earlier = people.filter((p) => p < i);
    const pick = earlier[Math.floor(rnd() * Math.min(earlier.length, Math.max(6, earlier.length / 3)))];
    links.push(specs[i].kind === 'PERSON' ? [i, pick, 'SEEN_WITH'] : [pick, i, 'OWNS']);
  }
  for (let k = 0; k < n / 5; k++) {
    const a = people[Math.floor(rnd() * people.length)];
    const b = people[Math.floor(rnd() * people.length)];
    if (a !== b) links.push([a, b, 'ASSOCIATE_OF']);
  }
  await pool(links.length, async (k) => {
    const [a, b, t] = links[k];
    await gql(url, token, link, { c: caseId, a: ids[a], b: ids[b], t });
  });
  return { caseId, nodes: n, links: links.length };
}

/**
 * What the investigator waits for: from clicking the case in the list to the
 * graph drawn (the app marks `homeward:graph-drawn` two frames after the
 * layout). Includes the lazy graph chunk, the case and graph queries, React
 * and Cytoscape. Each run is a fresh browser context: no cached chunks, no
 * saved positions. A second open in the same context shows the reopen path.
 */
async function realApp500(browser) {
  const api = await startApi();
  const dists = process.env.WEB_DIST ? process.env.WEB_DIST.split(',') : [];
  const proxies = [];
  try {
    for (const d of dists) proxies.push(await serveBuild(d, api.url));
    const seeded = await seedCase(api.url, 500);
    // AB=1: each run also opens the case with preloading turned off (the client as it was before it
    // preloaded), in turn with the normal run, so that both are measured under the same load.
    // WEB_DIST: each run opens the case with each build in turn instead.
    const variants = dists.length
      ? dists.map((d, i) => ({ name: d, url: proxies[i].url, preload: true }))
      : (process.env.AB === '1' ? ['off', 'on'] : ['on']).map((m) => ({ name: m, url: api.url, preload: m === 'on' }));
    const results = variants.map(() => ({ cold: [], reopen: [] }));
    const cpuDir = process.env.CPU === '1' ? mkdtempSync(join(tmpdir(), 'hw-web-cpu-')) : null;
    for (let step = 0; step < RUNS * variants.length; step++) {
      const run = Math.floor(step / variants.length);
      // A B, B A, ...: neither build always goes first after the other's run.
      const order = run % 2 ? [...variants.keys()].reverse() : [...variants.keys()];
      const vi = order[step % variants.length];
      const variant = variants[vi];
      const into = results[vi];
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
      if (!variant.preload) await context.addInitScript(() => sessionStorage.setItem('homeward.preload', 'off'));
      const page = await context.newPage();
      await page.goto(`${variant.url}/`);
      await page.getByLabel('Email').fill('investigator.gt@demo.local');
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator(`a[href="/cases/${seeded.caseId}/graph"]`).first().waitFor();
      const open = async (name) => {
        await page.locator(`a[href="/cases/${seeded.caseId}/graph"]`).first().waitFor();
        const cpuFile = cpuDir ? join(cpuDir, `${name}-${step}.json`) : null;
        if (cpuFile) await browser.startTracing(page, { path: cpuFile, categories: CPU_CATEGORIES });
        // The click and the wait in one call: polling from here (Playwright's waitForFunction) would run its
        // injected script in the page during the open (about 20 ms of main thread on the first one, every frame after).
        const mark = await page.evaluate(untilMark, { name: 'homeward:graph-drawn', timeoutMs: 60_000, click: seeded.caseId });
        if (!mark) throw new Error('the graph was not drawn within 60 s');
        const t0 = mark.t0;
        if (cpuFile) await browser.stopTracing();
        // A new drawing's names come a frame after its shapes (graph-view's first-frame.ts): when they are on screen.
        const labelsAt = name === 'reopen' ? null : await page.evaluate(untilMark, { name: 'homeward:graph-labels', timeoutMs: 5_000 });
        if (process.env.REQUESTS === '1')
          console.log(
            name,
            (mark.at - t0).toFixed(0),
            JSON.stringify(
              await page.evaluate(
                (t) =>
                  performance
                    .getEntriesByType('resource')
                    .filter((r) => r.startTime >= t)
                    .map((r) => [
                      r.name.split('/').pop().slice(0, 30),
                      Math.round(r.startTime - t),
                      Math.round(r.responseStart - t),
                      Math.round(r.responseEnd - t),
                    ]),
                t0,
              ),
            ),
          );
        if (mark.detail?.nodes !== seeded.nodes) throw new Error(`drew ${mark.detail?.nodes} nodes, expected ${seeded.nodes}`);
        const cpu = cpuFile ? mainThreadCpu(cpuFile, 'homeward:open', 'homeward:graph-drawn').cpu : null;
        // Null when there were no names to draw: at the zoom that fits the case no label reaches its smallest readable size.
        const named = labelsAt?.detail?.drawn !== false;
        const labels = labelsAt == null || !named ? null : labelsAt.at - t0;
        return { ms: mark.at - t0, labels, unreadable: labelsAt != null && !named, layout: mark.detail.layout, cpu };
      };
      // PROFILE=file.cpuprofile keeps a CPU profile of the first cold open, for finding where the time goes.
      const cdp = run === 0 && vi === variants.length - 1 && process.env.PROFILE ? await context.newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
        await cdp.send('Profiler.start');
      }
      // TRACE=dir keeps Chromium traces of the first cold open and reopen (dir/cold.json, dir/reopen.json):
      // network, parse and compile, scripts with CPU samples, style, layout and paint, for tests/perf/trace-summary.mjs.
      const tracing = run === 0 && process.env.TRACE && !cpuDir;
      const suffix = dists.length ? `-${vi}` : variant.preload ? '' : '-without-preload';
      const traceFile = (name) => join(process.env.TRACE, `${name}${suffix}.json`);
      if (tracing) await browser.startTracing(page, { path: traceFile('cold'), categories: TRACE_CATEGORIES });
      // The real user waits from the list being on screen, with the browser idle (idle-time prefetch included).
      await page.waitForTimeout(WARM_MS);
      into.cold.push(await open('cold'));
      if (tracing) await browser.stopTracing();
      if (cdp) writeFileSync(process.env.PROFILE, JSON.stringify((await cdp.send('Profiler.stop')).profile));
      await page.evaluate(() => document.querySelector('.case-head a[href="/"]').click());
      await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
      await page.waitForTimeout(WARM_MS);
      if (tracing) await browser.startTracing(page, { path: traceFile('reopen'), categories: TRACE_CATEGORIES });
      into.reopen.push(await open('reopen'));
      if (tracing) await browser.stopTracing();
      await context.close();
    }
    const last = results[results.length - 1];
    const without = dists.length || results.length === 1 ? { cold: [], reopen: [] } : results[0];
    return { seeded, cold: last.cold, reopen: last.reopen, without, variants: variants.map((v, i) => ({ name: v.name, ...results[i] })) };
  } finally {
    for (const p of proxies) await p.close();
    await api.stop();
  }
}

/**
 * Runs in the page: resolves with the user-timing mark `name` ({ at, detail, t0 }) once it is made (or already
 * was), null after `timeoutMs`. With `click` (a case id) it opens that case itself: clears the benchmark's marks,
 * marks `homeward:open` (t0) and clicks the case's link, once it is watching for the mark.
 */
function untilMark({ name, timeoutMs, click }) {
  return new Promise((resolve) => {
    let t0 = null;
    if (click) {
      for (const m of ['homeward:graph-drawn', 'homeward:graph-labels', 'homeward:open']) performance.clearMarks(m);
      t0 = performance.mark('homeward:open').startTime;
    }
    const timer = setTimeout(() => resolve(null), timeoutMs);
    const seen = new PerformanceObserver((list) => {
      const m = list.getEntriesByName(name)[0];
      if (!m) return;
      seen.disconnect();
      clearTimeout(timer);
      resolve({ at: m.startTime, detail: m.detail, t0 });
    });
    seen.observe({ type: 'mark', buffered: true });
    if (click) document.querySelector(`a[href="/cases/${click}/graph"]`).click();
  });
}

/** What the browser fetches before first render (the entry script and its modulepreloads), as npm test checks it. */
function initialJsGzip() {
  const dist = join(root, 'apps/web/dist');
  if (!existsSync(join(dist, 'index.html'))) {
    execFileSync('npx', ['vite', 'build', '-c', 'apps/web/vite.config.mts'], { cwd: root, stdio: 'inherit' });
  }
  return initialJs(dist, join(root, STATS_FILE));
}

async function buildHarness() {
  const out = mkdtempSync(join(tmpdir(), 'hw-perf-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: here,
    plugins: [react()],
    resolve: { conditions: ['@homeward/source', 'module', 'browser', 'production'] },
    build: { outDir: out, emptyOutDir: true, rollupOptions: { input: join(here, 'web-graph.html') } },
  });
  return out;
}

function serve(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const p = join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!p.startsWith(dir) || !existsSync(p) || statSync(p).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(p)] ?? 'application/octet-stream' });
    createReadStream(p).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main() {
  // The API and the client as `npm start` serves them; a no-op when up to date.
  // NO_BUILD=1: the server and client as last built (another change in the shared tree may not compile right now).
  if (process.env.NO_BUILD !== '1') execFileSync(process.execPath, ['tools/build.mjs'], { cwd: root, stdio: 'inherit' });
  const js = initialJsGzip();
  const dir = await buildHarness();
  const server = await serve(dir);
  const url = `http://127.0.0.1:${server.address().port}/web-graph.html`;
  const browser = await launchChromium();
  try {
    const app = await realApp500(browser);
    const runsOf = (xs) => xs.map((r) => r.ms.toFixed(0)).join(', ');
    if (app.without.cold.length) {
      console.log(`without preloading (AB=1, in turn with the runs below):`);
      console.log(`  opened → drawn: median ${median(app.without.cold.map((r) => r.ms)).toFixed(1)} ms, runs ${runsOf(app.without.cold)}`);
      console.log(`  reopened: median ${median(app.without.reopen.map((r) => r.ms)).toFixed(1)} ms, runs ${runsOf(app.without.reopen)}`);
    }
    // When the names on the nodes were on screen; none are drawn where they are too small to read at the fitted zoom.
    const namesOf = (xs) => {
      const named = xs.filter((r) => r.labels != null);
      if (named.length) console.log(`  names on the nodes: median ${median(named.map((r) => r.labels)).toFixed(1)} ms`);
      const unreadable = xs.filter((r) => r.unreadable).length;
      if (unreadable)
        console.log(`  no names drawn in ${unreadable} of ${xs.length} runs: too small to read at the zoom that fits the case`);
    };
    const cpuOf = (xs) =>
      xs[0]?.cpu == null
        ? ''
        : `; main-thread CPU median ${median(xs.map((r) => r.cpu)).toFixed(0)} ms, runs ${xs.map((r) => r.cpu.toFixed(0)).join(', ')}`;
    if (process.env.WEB_DIST) {
      for (const v of app.variants) {
        console.log(`build ${v.name}:`);
        console.log(`  opened → drawn: median ${median(v.cold.map((r) => r.ms)).toFixed(1)} ms, runs ${runsOf(v.cold)}${cpuOf(v.cold)}`);
        namesOf(v.cold);
        console.log(`  reopened: median ${median(v.reopen.map((r) => r.ms)).toFixed(1)} ms, runs ${runsOf(v.reopen)}${cpuOf(v.reopen)}`);
      }
    }
    if (process.env.ONLY === 'app') {
      console.log(
        `500-node case opened → drawn: median ${median(app.cold.map((r) => r.ms)).toFixed(1)} ms, runs ${runsOf(app.cold)}${cpuOf(app.cold)}`,
      );
      namesOf(app.cold);
      console.log(
        `  reopened: median ${median(app.reopen.map((r) => r.ms)).toFixed(1)} ms, runs ${runsOf(app.reopen)}${cpuOf(app.reopen)}`,
      );
      return;
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.waitForFunction(() => typeof window.perfRun === 'function');
    // One warm-up so the first number is not the JIT compiling Cytoscape.
    await page.evaluate(() => window.perfRun(50));
    const h500 = [];
    const h5000 = [];
    for (let run = 0; run < RUNS; run++) h500.push(await page.evaluate(() => window.perfRun(500)));
    for (let run = 0; run < RUNS; run++) h5000.push(await page.evaluate(() => window.perfRun(5000)));

    // Frames while a user drags and wheels across the 5,000-node graph, RUNS times.
    const frameRuns = [];
    for (let run = 0; run < RUNS; run++) {
      if (run > 0) await page.evaluate(() => window.perfRun(5000));
      await page.evaluate(() => {
        window.stopFrames_ = false;
        window.frames_ = [];
        let last = performance.now();
        const tick = (t) => {
          window.frames_.push(t - last);
          last = t;
          if (!window.stopFrames_) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      await page.mouse.move(700, 450);
      for (let i = 0; i < 3; i++) {
        await page.mouse.down();
        for (let k = 0; k < 30; k++) await page.mouse.move(700 + k * 8, 450 + k * 4);
        await page.mouse.up();
        for (let k = 0; k < 15; k++) await page.mouse.wheel(0, k % 2 ? 120 : -120);
        await page.waitForTimeout(50);
      }
      frameRuns.push(
        await page.evaluate(() => {
          window.stopFrames_ = true;
          return window.frames_.slice(1);
        }),
      );
    }
    const fstat = (f) => median(frameRuns.map(f));

    const line = (name, value, budget, unit) =>
      console.log(
        `${name.padEnd(34)} ${value.toFixed(1).padStart(8)} ${unit}  (budget ${budget} ${unit}) ${value <= budget ? 'OK' : 'OVER'}`,
      );
    const ms = (xs) => median(xs.map((r) => r.ms ?? r.total));
    const all = (xs) => xs.map((r) => (r.ms ?? r.total).toFixed(0)).join(', ');
    console.log(`real-app case: ${app.seeded.nodes} entities, ${app.seeded.links} links; runs: ${RUNS}, medians below`);
    line('500-node case opened → drawn', ms(app.cold), budgets.open, 'ms');
    namesOf(app.cold);
    console.log(
      `  runs ${all(app.cold)} (layout ${app.cold[0].layout}; the list on screen ${WARM_MS} ms before the click)${cpuOf(app.cold)}`,
    );
    line('  reopened (saved positions)', ms(app.reopen), budgets.reopen, 'ms');
    console.log(`  runs ${all(app.reopen)} (layout ${app.reopen[0].layout})${cpuOf(app.reopen)}`);
    const h = (xs) => xs.map((r) => r.total);
    line('500-node layout+draw (harness)', median(h(h500)), budgets.draw500, 'ms');
    console.log(
      `  runs ${h(h500)
        .map((x) => x.toFixed(0))
        .join(
          ', ',
        )}; layout ${median(h500.map((r) => r.layoutMs)).toFixed(0)} ms (${h500[0].layout}), renderer ${h500[0].webgl ? 'WebGL' : 'canvas'}`,
    );
    line('5,000-node layout+draw', median(h(h5000)), budgets.draw5000, 'ms');
    console.log(
      `  runs ${h(h5000)
        .map((x) => x.toFixed(0))
        .join(
          ', ',
        )}; layout ${median(h5000.map((r) => r.layoutMs)).toFixed(0)} ms (${h5000[0].layout}), renderer ${h5000[0].webgl ? 'WebGL' : 'canvas'}`,
    );
    line(
      'pan/zoom frame p50',
      fstat((f) => pct(f, 50)),
      budgets.frame,
      'ms',
    );
    line(
      'pan/zoom frame p99',
      fstat((f) => pct(f, 99)),
      budgets.frameP99,
      'ms',
    );
    line(
      'pan/zoom frame max',
      fstat((f) => Math.max(...f)),
      budgets.frame,
      'ms',
    );
    console.log(
      `${'frames measured (median of runs)'.padEnd(34)} ${String(fstat((f) => f.length)).padStart(8)}; ` +
        `over budget: ${frameRuns.map((f) => f.filter((x) => x > budgets.frame).length).join(', ')}; max per ` +
        `run: ${frameRuns.map((f) => Math.max(...f).toFixed(1)).join(', ')} ms`,
    );
    line('initial JS (gzip)', js.kb, budgets.initialKb, 'KB');
    console.log(`initial files: ${js.files.join(', ')}`);
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
