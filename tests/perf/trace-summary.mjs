#!/usr/bin/env node
// Where a traced case open's time goes: reads a Chromium trace written by `TRACE=dir npm run perf:web`
// (dir/cold.json, dir/reopen.json) and prints, between the benchmark's click (`homeward:open`) and the
// graph on screen (`homeward:graph-drawn`): the requests (when each started and ended), the renderer
// main thread's time by kind of work (self time: script, compile, style, layout, paint, GC, idle), and the
// scripts' CPU samples by function and by file.
//
//   node tests/perf/trace-summary.mjs /tmp/trace/cold.json [--top 25]
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node tests/perf/trace-summary.mjs TRACE.json [--top N]');
  process.exit(2);
}
const topAt = process.argv.indexOf('--top');
const TOP = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;
const raw = JSON.parse(readFileSync(file, 'utf8'));
const events = Array.isArray(raw) ? raw : raw.traceEvents;

const mark = (name) =>
  events.find((e) => e.name === name && (e.ph === 'R' || e.ph === 'I' || e.ph === 'n' || e.ph === 'b' || e.ph === 'X'));
const open = mark('homeward:open');
const drawn = mark('homeward:graph-drawn');
if (!open || !drawn) {
  console.error(`marks not found in ${file} (homeward:open ${Boolean(open)}, homeward:graph-drawn ${Boolean(drawn)})`);
  process.exit(1);
}
const pid = drawn.pid;
const t0 = open.ts;
const t1 = drawn.ts;
const ms = (us) => (us / 1000).toFixed(1);
const at = (ts) => ms(ts - t0).padStart(7);
const mainTid = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain')?.tid;
console.log(`${file}: click → graph drawn ${ms(t1 - t0)} ms (renderer pid ${pid}, main thread ${mainTid})`);

// ---- requests -------------------------------------------------------------------------------
const reqs = new Map();
for (const e of events) {
  const d = e.args?.data;
  if (!d?.requestId) continue;
  if (e.name === 'ResourceSendRequest') reqs.set(d.requestId, { url: d.url, method: d.requestMethod, start: e.ts });
  const r = reqs.get(d.requestId);
  if (!r) continue;
  if (e.name === 'ResourceReceiveResponse') r.response = e.ts;
  if (e.name === 'ResourceFinish') {
    r.end = e.ts;
    r.bytes = d.encodedDataLength;
  }
}
console.log('\nrequests (ms after the click: sent, first byte, finished; bytes on the wire)');
for (const r of [...reqs.values()].filter((r) => r.start >= t0 - 2e6 && r.start <= t1).sort((a, b) => a.start - b.start)) {
  const u = r.url.replace(/^https?:\/\/[^/]+/, '');
  console.log(
    `  ${at(r.start)} ${r.response ? at(r.response) : '      -'} ${r.end ? at(r.end) : '      -'}  ${String(r.bytes ?? '').padStart(8)}  ${r.method} ${u}`,
  );
}

// ---- main thread: self time by event name -------------------------------------------------------
const main = events
  .filter((e) => e.pid === pid && e.tid === mainTid && e.ph === 'X' && e.dur !== undefined && e.ts + e.dur >= t0 && e.ts <= t1)
  .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const self = new Map();
const stack = [];
let busy = 0;
/** Thread time (CPU) of the top-level events: what the work costs with the machine to itself, roughly. */
let cpu = 0;
const clip = (s, e) => Math.max(0, Math.min(e, t1) - Math.max(s, t0));
for (const e of main) {
  while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
  const parent = stack[stack.length - 1];
  const d = clip(e.ts, e.ts + e.dur);
  if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - d);
  else {
    busy += d;
    if (e.tdur !== undefined && e.dur > 0) cpu += e.tdur * (d / e.dur);
  }
  self.set(e.name, (self.get(e.name) ?? 0) + d);
  stack.push(e);
}
console.log(
  `\nmain thread: busy ${ms(busy)} ms (of which on a CPU ${ms(cpu)} ms; the rest it waited for a core), ` +
    `idle ${ms(t1 - t0 - busy)} ms (waiting for the network or the next frame)`,
);
const label = {
  RunTask: 'task overhead',
  FunctionCall: 'script (function calls)',
  EvaluateScript: 'script (top level of a loaded chunk)',
  'v8.compile': 'compile',
  'v8.compileModule': 'compile (modules)',
  'v8.produceModuleCache': 'code cache',
  UpdateLayoutTree: 'style recalculation',
  Layout: 'layout',
  Paint: 'paint',
  PrePaint: 'pre-paint',
  MinorGC: 'GC (minor)',
  MajorGC: 'GC (major)',
  'V8.GC_SCAVENGER': 'GC (scavenge)',
};
for (const [name, us] of [...self].filter(([, us]) => us > 2000).sort((a, b) => b[1] - a[1]))
  console.log(`  ${ms(us).padStart(7)} ms  ${name}${label[name] ? ` (${label[name]})` : ''}`);

// ---- CPU samples ----------------------------------------------------------------------------------
const nodes = new Map();
const samples = [];
for (const e of events) {
  if (e.pid !== pid || (e.name !== 'Profile' && e.name !== 'ProfileChunk')) continue;
  const d = e.args?.data;
  if (e.name === 'Profile') {
    samples.push({ profile: e.id, t: d.startTime, ids: [], deltas: [] });
    continue;
  }
  const cp = d?.cpuProfile;
  if (!cp) continue;
  for (const n of cp.nodes ?? [])
    nodes.set(`${e.id}:${n.id}`, { ...n.callFrame, parent: n.parent !== undefined ? `${e.id}:${n.parent}` : null });
  const prof = samples.find((s) => s.profile === e.id);
  if (!prof) continue;
  prof.ids.push(...(cp.samples ?? []).map((id) => `${e.id}:${id}`));
  prof.deltas.push(...(d.timeDeltas ?? []));
}
const byFn = new Map();
const byUrl = new Map();
/** Every sample in the window: when, how long, which function (for the long tasks below). */
const timed = [];
let sampled = 0;
for (const p of samples) {
  let t = p.t;
  for (let i = 0; i < p.ids.length; i++) {
    t += p.deltas[i] ?? 0;
    const next = t + (p.deltas[i + 1] ?? 0);
    if (t < t0 || t > t1) continue;
    const n = nodes.get(p.ids[i]);
    if (!n || n.functionName === '(idle)' || n.functionName === '(program)') continue;
    const dt = Math.max(0, next - t);
    sampled += dt;
    const url = (n.url || '').replace(/^https?:\/\/[^/]+/, '') || '(native)';
    const key = `${n.functionName || '(anonymous)'} ${url}:${(n.lineNumber ?? 0) + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + dt);
    timed.push({ t, dt, key: `${n.functionName || '(anonymous)'} ${url.replace(/^.*\//, '')}:${(n.lineNumber ?? 0) + 1}` });
    byUrl.set(url, (byUrl.get(url) ?? 0) + dt);
  }
}
if (sampled) {
  console.log(`\nCPU samples in the window: ${ms(sampled)} ms of script and VM work`);
  console.log('  by file:');
  for (const [u, us] of [...byUrl].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${ms(us).padStart(7)} ms  ${u}`);
  console.log(`  by function (self time, top ${TOP}):`);
  for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`    ${ms(us).padStart(7)} ms  ${k}`);
}

// Long tasks, to see the order of things: the event that took most of each, and its top functions.
console.log('\nmain-thread tasks over 15 ms (start after the click, duration, the largest event in it, then its busiest functions)');
for (const e of main.filter((e) => e.name === 'RunTask' && e.dur > 15000)) {
  const inner = main.filter((x) => x.ts >= e.ts && x.ts < e.ts + e.dur && x !== e && x.name !== 'RunTask').sort((a, b) => b.dur - a.dur)[0];
  const fn = inner?.args?.data?.functionName;
  const what = inner ? `${inner.name}${fn ? ` ${fn}` : ''} ${ms(inner.dur)} ms` : '';
  const fns = new Map();
  for (const x of timed) if (x.t >= e.ts && x.t < e.ts + e.dur) fns.set(x.key, (fns.get(x.key) ?? 0) + x.dt);
  const top = [...fns].sort((a, b) => b[1] - a[1]).slice(0, 6);
  console.log(`  ${at(e.ts)} ${ms(e.dur).padStart(7)} ms (CPU ${ms(e.tdur ?? 0)})  ${what}`);
  if (top.length) console.log(`            ${top.map(([k, us]) => `${k} ${ms(us)}`).join('; ')}`);
}
