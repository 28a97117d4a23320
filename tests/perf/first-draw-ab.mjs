#!/usr/bin/env node
// A/B of a first graph draw in the bare harness (tests/perf/web-graph.html), measured as the CPU time of the
// browser's main thread from Chromium traces, so that two versions of the drawing code can be compared on a
// loaded machine, where wall-clock time is mostly waiting for a core. Build each version's harness, then run
// both in one browser, in turn (A B, B A, ...):
//   node tests/perf/first-draw-ab.mjs build /tmp/ab/A      (MINIFY=0 keeps Cytoscape's function names for profiles)
//   ... change the code ...
//   node tests/perf/first-draw-ab.mjs build /tmp/ab/B
//   node tests/perf/first-draw-ab.mjs run /tmp/ab/A /tmp/ab/B [RUNS=4]   (NODES=500, SETTLE=1500 ms)
// Prints per run the wall time to drawn and the main thread's CPU to drawn and to SETTLE ms later (labels,
// textures and redraws that follow the first frame); the traces are kept in /tmp/first-draw-ab/ for
// tests/perf/trace-summary.mjs (marks homeward:open and homeward:graph-drawn).
/* global window, performance */
import { fileURLToPath } from 'node:url';
import { launchChromium } from './lib/browser.mjs';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync, readFileSync, mkdirSync } from 'node:fs';
import { extname, join } from 'node:path';
const here = fileURLToPath(new URL('.', import.meta.url));
const [, , cmd, ...args] = process.argv;
if (cmd === 'build') {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: here,
    plugins: [react()],
    resolve: { conditions: ['@homeward/source', 'module', 'browser', 'production'] },
    build: {
      outDir: args[0],
      emptyOutDir: true,
      minify: process.env.MINIFY !== '0',
      rollupOptions: { input: join(here, 'web-graph.html') },
    },
  });
  process.exit(0);
}
function serve(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const p = join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!existsSync(p) || statSync(p).isDirectory()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(p)] ?? 'application/octet-stream' });
    createReadStream(p).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}
const dirs = args.slice(0, 2);
const N = Number(args[2] ?? 4);
const n = Number(process.env.NODES ?? 500);
const settleMs = Number(process.env.SETTLE ?? 1500);
const servers = await Promise.all(dirs.map(serve));
const browser = await launchChromium();
const cats = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
];
const res = { A: [], B: [] };
function cpuOf(file, fromName, toName) {
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  const ev = Array.isArray(raw) ? raw : raw.traceEvents;
  const m = (name) => ev.find((e) => e.name === name && e.ph !== 'M');
  const a = m(fromName),
    b = m(toName);
  const pid = b.pid;
  const tid = ev.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain')?.tid;
  const main = ev
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined && e.ts + e.dur >= a.ts && e.ts <= b.ts)
    .sort((x, y) => x.ts - y.ts || y.dur - x.dur);
  let end = -1,
    cpu = 0,
    wall = 0;
  for (const e of main) {
    if (e.ts < end) continue;
    end = e.ts + e.dur;
    const d = Math.max(0, Math.min(end, b.ts) - Math.max(e.ts, a.ts));
    wall += d;
    if (e.tdur) cpu += e.tdur * (d / e.dur);
  }
  return { cpu: cpu / 1000, busy: wall / 1000, span: (b.ts - a.ts) / 1000 };
}
mkdirSync('/tmp/first-draw-ab', { recursive: true });
const pages = [];
for (let i = 0; i < 2; i++) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${servers[i].address().port}/web-graph.html`);
  await page.waitForFunction(() => typeof window.perfRun === 'function');
  await page.evaluate(() => window.perfRun(50));
  await page.evaluate((n) => window.perfRun(n), n);
  pages.push(page);
}
for (let r = 0; r < N; r++) {
  for (const i of r % 2 ? [1, 0] : [0, 1]) {
    const page = pages[i];
    const name = i ? 'B' : 'A';
    await page.evaluate(() => window.perfRun(10));
    await page.waitForTimeout(300);
    const file = `/tmp/first-draw-ab/${name}${r}.json`;
    await browser.startTracing(page, { path: file, categories: cats });
    const out = await page.evaluate(
      async ({ n, settleMs }) => {
        performance.mark('homeward:open');
        const r = await window.perfRun(n);
        performance.mark('homeward:graph-drawn');
        await new Promise((ok) => setTimeout(ok, settleMs));
        performance.mark('ab:settled');
        return r;
      },
      { n, settleMs },
    );
    await browser.stopTracing();
    const first = cpuOf(file, 'homeward:open', 'homeward:graph-drawn');
    const all = cpuOf(file, 'homeward:open', 'ab:settled');
    res[name].push({ wall: out.total, cpu: first.cpu, cpuSettled: all.cpu });
    console.log(
      `${name} run ${r}: drawn ${out.total.toFixed(0)} ms wall, main CPU to drawn ${first.cpu.toFixed(0)} ms, ` +
        `to settled(+${settleMs}) ${all.cpu.toFixed(0)} ms`,
    );
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const k of ['A', 'B']) {
  const wall = med(res[k].map((x) => x.wall)).toFixed(0);
  const cpu = med(res[k].map((x) => x.cpu)).toFixed(0);
  const settled = med(res[k].map((x) => x.cpuSettled)).toFixed(0);
  console.log(`${k}: median wall ${wall}, CPU to drawn ${cpu}, CPU settled ${settled}`);
}
await browser.close();
servers.forEach((s) => s.close());
