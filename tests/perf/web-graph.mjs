#!/usr/bin/env node
// Graph drawing budgets in headless Chromium: 500-node draw, 5,000-node layout+draw,
// pan/zoom frame times on the big graph, and the web client's initial JavaScript (gzip).
// Usage: node tests/perf/web-graph.mjs   (CHROMIUM_PATH overrides /usr/bin/chromium)
/* global window, performance, requestAnimationFrame -- used inside page.evaluate, which runs in the browser */
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../..');
const budgets = { draw500: 1500, draw5000: 5000, frame: 50, initialKb: 500 };

function initialJsGzip() {
  const dist = join(root, 'apps/web/dist');
  if (!existsSync(join(dist, 'index.html'))) {
    execFileSync('npx', ['vite', 'build', '-c', 'apps/web/vite.config.mts'], { cwd: root, stdio: 'inherit' });
  }
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  // What the browser fetches before first render: the entry script and its modulepreloads.
  const files = [...html.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
  let total = 0;
  for (const f of files) total += gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  return { files, kb: total / 1024 };
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
  const js = initialJsGzip();
  const dir = await buildHarness();
  const server = await serve(dir);
  const url = `http://127.0.0.1:${server.address().port}/web-graph.html`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.waitForFunction(() => typeof window.perfRun === 'function');
    // One warm-up so the first number is not the JIT compiling Cytoscape.
    await page.evaluate(() => window.perfRun(50));
    const r500 = await page.evaluate(() => window.perfRun(500));
    const r5000 = await page.evaluate(() => window.perfRun(5000));

    // Frames while a user drags and wheels across the 5,000-node graph.
    await page.evaluate(() => {
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
    const frames = await page.evaluate(() => {
      window.stopFrames_ = true;
      return window.frames_.slice(1);
    });

    const line = (name, value, budget, unit) => console.log(`${name.padEnd(34)} ${value.toFixed(1).padStart(8)} ${unit}  (budget ${budget} ${unit}) ${value <= budget ? 'OK' : 'OVER'}`);
    line('500-node layout+draw', r500.ms, budgets.draw500, 'ms');
    line('5,000-node layout+draw', r5000.ms, budgets.draw5000, 'ms');
    line('pan/zoom frame p50', pct(frames, 50), budgets.frame, 'ms');
    line('pan/zoom frame p99', pct(frames, 99), budgets.frame, 'ms');
    line('pan/zoom frame max', Math.max(...frames), budgets.frame, 'ms');
    console.log(`${'frames measured'.padEnd(34)} ${String(frames.length).padStart(8)}`);
    line('initial JS (gzip)', js.kb, budgets.initialKb, 'KB');
    console.log(`initial files: ${js.files.join(', ')}`);
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
