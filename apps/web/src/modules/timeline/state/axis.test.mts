// modules/timeline: the axis's view, zoom, ticks and gaps.
import { describe, expect, it } from 'vitest';
import { fit, gaps, pan, ticks, zoom } from './axis.js';

const H = 3_600_000;

describe('timeline axis', () => {
  it('fits the entries with a margin, and zooms around a point', () => {
    const v = fit([0, 100 * H]);
    expect(v.start).toBe(-5 * H);
    expect(v.end).toBe(105 * H);
    const z = zoom({ start: 0, end: 100 * H }, 0.5, 20 * H);
    expect(z).toEqual({ start: 10 * H, end: 60 * H });
    expect(zoom({ start: 0, end: H }, 0.01).end - zoom({ start: 0, end: H }, 0.01).start).toBe(30 * 60_000);
    expect(pan({ start: 0, end: 10 * H }, 0.5)).toEqual({ start: 5 * H, end: 15 * H });
  });
  it('puts ticks on round steps at least 90 px apart', () => {
    const t = ticks({ start: 0, end: 48 * H }, 900);
    expect(t.step).toBe(6 * H);
    expect(t.at[0]).toBe(0);
    expect(t.at).toHaveLength(9);
  });
  it('finds the gaps longer than asked', () => {
    expect(gaps([10 * H, 0, 11 * H, 30 * H], 6 * H)).toEqual([
      { from: 0, to: 10 * H },
      { from: 11 * H, to: 30 * H },
    ]);
  });
});
