/**
 * The timeline's time axis (issue 18), as pure arithmetic: the view (a start and an end in epoch ms),
 * zooming around a point, ticks at a readable step, and the gaps between consecutive entries.
 */
export interface View {
  readonly start: number;
  readonly end: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEPS = [15 * MIN, 30 * MIN, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 30 * DAY, 91 * DAY, 365 * DAY];

/** Everything, with a margin; an hour either side of a single moment. */
export function fit(times: readonly number[]): View {
  if (times.length === 0) {
    const now = Date.now();
    return { start: now - DAY, end: now + DAY };
  }
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const pad = Math.max((hi - lo) * 0.05, HOUR);
  return { start: lo - pad, end: hi + pad };
}

/** Zoomed by `factor` (< 1 in, > 1 out) keeping `at` where it is; never narrower than 30 minutes nor wider than 50 years. */
export function zoom(v: View, factor: number, at = (v.start + v.end) / 2): View {
  const span = Math.min(Math.max((v.end - v.start) * factor, 30 * MIN), 50 * 365 * DAY);
  const k = (at - v.start) / (v.end - v.start);
  return { start: at - span * k, end: at + span * (1 - k) };
}

export function pan(v: View, fraction: number): View {
  const d = (v.end - v.start) * fraction;
  return { start: v.start + d, end: v.end + d };
}

/** Tick instants for a view `width` pixels wide: at least ~90 px apart, on round steps (UTC-aligned). */
export function ticks(v: View, width: number): { step: number; at: number[] } {
  const want = ((v.end - v.start) / Math.max(width, 1)) * 90;
  const step = STEPS.find((s) => s >= want) ?? STEPS[STEPS.length - 1]!;
  const at: number[] = [];
  for (let t = Math.ceil(v.start / step) * step; t <= v.end && at.length < 200; t += step) at.push(t);
  return { step, at };
}

/** Stretches between consecutive entries longer than `min` ms: the time nobody knows about. */
export function gaps(times: readonly number[], min: number): Array<{ from: number; to: number }> {
  const sorted = [...times].sort((a, b) => a - b);
  const out: Array<{ from: number; to: number }> = [];
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! >= min) out.push({ from: sorted[i - 1]!, to: sorted[i]! });
  return out;
}
