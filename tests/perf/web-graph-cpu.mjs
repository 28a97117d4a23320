// The CPU time of the page's main thread between two user-timing marks of a Chromium trace (written with the
// devtools.timeline categories): on a loaded machine, wall-clock time is mostly waiting for a core, while the
// main thread's CPU time is what the code costs. Used by web-graph.mjs (CPU=1) and first-draw-ab.mjs.
import { readFileSync } from 'node:fs';

/** `{ cpu, busy, span }` in ms: CPU of the main thread's top-level tasks, their wall time, and the marks' distance. */
export function mainThreadCpu(file, fromName, toName) {
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  const ev = Array.isArray(raw) ? raw : raw.traceEvents;
  const mark = (name) => ev.find((e) => e.name === name && e.ph !== 'M');
  const a = mark(fromName);
  const b = mark(toName);
  if (!a || !b) throw new Error(`${file}: marks ${fromName} (${Boolean(a)}) and ${toName} (${Boolean(b)}) expected`);
  const pid = b.pid;
  const tid = ev.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain')?.tid;
  const main = ev
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined && e.ts + e.dur >= a.ts && e.ts <= b.ts)
    .sort((x, y) => x.ts - y.ts || y.dur - x.dur);
  let end = -1;
  let cpu = 0;
  let busy = 0;
  for (const e of main) {
    // Top-level events only: a nested one is inside the last top-level event's span.
    if (e.ts < end) continue;
    end = e.ts + e.dur;
    const d = Math.max(0, Math.min(end, b.ts) - Math.max(e.ts, a.ts));
    busy += d;
    if (e.tdur) cpu += e.tdur * (d / e.dur);
  }
  return { cpu: cpu / 1000, busy: busy / 1000, span: (b.ts - a.ts) / 1000 };
}
