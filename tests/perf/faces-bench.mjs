// Face-match benchmark against the budgets of the photos issue: detecting and
// describing the faces of one photo takes <= 1 s on this machine, and
// searching 10,000 stored face descriptors takes <= 50 ms.
//
//   npx tsc -b libs/media && node tests/perf/faces-bench.mjs
//   FACES_BENCH_PHOTOS=20 FACES_BENCH_N=10000 node tests/perf/faces-bench.mjs
//
// Photos are made from the sample grid Human ships (faces pasted at several
// sizes into 1280×960 scenes, and the grid itself), written to a temporary
// folder and analysed by the same worker the server uses (WASM backend). The
// event loop's delay is sampled meanwhile: analysis must not block it.
// Exits non-zero when a budget is missed.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import { FACE_DIM, FACE_MATCH_THRESHOLD, FaceAnalyzer, FaceIndex, normalize } from '@homeward/media';
import { percentile as pct } from './bench-support.mjs';

const PHOTOS = Number(process.env.FACES_BENCH_PHOTOS ?? 12);
const N = Number(process.env.FACES_BENCH_N ?? 10_000);
const QUERIES = Number(process.env.FACES_BENCH_QUERIES ?? 50);
const PHOTO_BUDGET_MS = 1000;
const SEARCH_BUDGET_MS = 50;

const require = createRequire(import.meta.url);
const SAMPLES = join(dirname(require.resolve('@vladmandic/human')), '..', 'assets', 'samples.jpg');
const fmt = (ms) => `${ms.toFixed(1)} ms`;

async function makePhotos(dir) {
  const files = [join(dir, 'grid.jpg')];
  await sharp(SAMPLES).jpeg({ quality: 90 }).toFile(files[0]);
  const tiles = [1, 2, 4, 7];
  for (let i = 1; i < PHOTOS; i++) {
    const tile = tiles[i % tiles.length];
    const side = 200 + ((i * 97) % 5) * 60;
    const face = await sharp(SAMPLES)
      .extract({ left: tile * 160, top: 0, width: 160, height: 156 })
      .resize(side)
      .jpeg()
      .toBuffer();
    const scene = sharp({ create: { width: 1280, height: 960, channels: 3, background: { r: 40 + i * 9, g: 90, b: 120 } } }).composite([
      { input: face, left: (i * 131) % 900, top: (i * 71) % 500 },
    ]);
    const file = join(dir, `scene-${i}.jpg`);
    await scene.jpeg({ quality: 88 }).toFile(file);
    files.push(file);
  }
  return files;
}

function randomUnit(seed) {
  let s = seed >>> 0;
  const v = new Float32Array(FACE_DIM);
  for (let i = 0; i < FACE_DIM; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    v[i] = s / 2 ** 32 - 0.5;
  }
  return normalize(v);
}

const dir = mkdtempSync(join(tmpdir(), 'homeward-faces-bench-'));
const analyzer = new FaceAnalyzer();
let failed = false;
try {
  console.log(
    `faces bench: ${availableParallelism()} cores, load ${loadavg()[0].toFixed(2)}, ${PHOTOS} photos, ${N} stored descriptors, node ${process.version}`,
  );
  const files = await makePhotos(dir);

  // The first photo pays for starting the worker, compiling WASM and loading the models.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let t0 = performance.now();
  const first = await analyzer.analyse(files[0]);
  const coldMs = performance.now() - t0;
  const times = [];
  const workerTimes = [];
  const descriptors = [];
  let faces = first.faces.length;
  for (const f of first.faces) descriptors.push(f.embedding);
  for (let round = 0; round < 2; round++) {
    for (const file of files) {
      t0 = performance.now();
      const r = await analyzer.analyse(file);
      times.push(performance.now() - t0);
      workerTimes.push(r.ms);
      if (round === 0) {
        faces += r.faces.length;
        for (const f of r.faces) descriptors.push(f.embedding);
      }
    }
  }
  loop.disable();
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const photoPass = pct(times, 50) <= PHOTO_BUDGET_MS && mean <= PHOTO_BUDGET_MS;
  console.log(`first photo (worker start, WASM, models): ${fmt(coldMs)}`);
  console.log(
    `per photo (decode + detect + describe, ${times.length} runs, ${faces} faces in ${files.length} ` +
      `photos): mean ${fmt(mean)}, p50 ${fmt(pct(times, 50))}, p95 ${fmt(pct(times, 95))}, max ` +
      `${fmt(times.at(-1))} (worker's own time p50 ` +
      `${fmt([...workerTimes].sort((a, b) => a - b)[Math.floor(workerTimes.length / 2)])})  budget <= ` +
      `${PHOTO_BUDGET_MS} ms  ${photoPass ? 'PASS' : 'FAIL'}`,
  );
  console.log(
    `event loop delay while analysing: p99 ${fmt(loop.percentile(99) / 1e6)}, max ${fmt(loop.max / 1e6)} (analysis runs on a worker thread)`,
  );
  failed ||= !photoPass;

  // Search: N stored descriptors (the real ones found above among random unit vectors), QUERIES queries.
  const index = new FaceIndex(FACE_DIM, N);
  for (let i = 0; i < N; i++) index.add(i, i < descriptors.length ? descriptors[i] : randomUnit(i + 1));
  const queries = Array.from({ length: QUERIES }, (_, i) => (i < descriptors.length ? descriptors[i] : randomUnit(1_000_000 + i)));
  for (const q of queries.slice(0, 5)) index.search(q, FACE_MATCH_THRESHOLD); // warm the JIT
  const searches = [];
  let hits = 0;
  for (const q of queries) {
    t0 = performance.now();
    hits += index.search(q, FACE_MATCH_THRESHOLD).length;
    searches.push(performance.now() - t0);
  }
  searches.sort((a, b) => a - b);
  // Judged on the median, as the audit bench does: the tail is reported, not judged, because on this shared
  // 2-core machine it is set by whatever else runs (one search is 10 M multiply-adds over 40 MB, ~17 ms idle).
  const searchPass = pct(searches, 50) <= SEARCH_BUDGET_MS;
  console.log(
    `search ${index.size} descriptors (${QUERIES} queries, ${hits} hits at >= ${FACE_MATCH_THRESHOLD}): ` +
      `p50 ${fmt(pct(searches, 50))}, p99 ${fmt(pct(searches, 99))}, max ${fmt(searches.at(-1))}  budget ` +
      `(median) <= ${SEARCH_BUDGET_MS} ms  ${searchPass ? 'PASS' : 'FAIL'}`,
  );
  failed ||= !searchPass;
} finally {
  await analyzer.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
