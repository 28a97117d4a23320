// The graph's filter state: ticking kinds and link types, and the date window.
import { describe, expect, it } from 'vitest';
import { FILTER_KINDS, NO_FILTERS, shows, timeWindow, toggleIn } from './graph-filters.js';

const ALL = ['A', 'B', 'C'] as const;

describe('toggleIn', () => {
  it('unticking one from "all" keeps every other', () => {
    const s = toggleIn(new Set(), 'B', ALL);
    expect([...s].sort()).toEqual(['A', 'C']);
    expect(shows(s, 'B')).toBe(false);
    expect(shows(s, 'A')).toBe(true);
  });

  it('ticking the last one back is "all" again (the empty set), so kinds added later show', () => {
    const s = toggleIn(toggleIn(new Set(), 'B', ALL), 'B', ALL);
    expect(s.size).toBe(0);
    expect(shows(s, 'a kind added later')).toBe(true);
  });

  it('unticks down to one and ticks another without touching the input set', () => {
    const before: ReadonlySet<string> = new Set(['A']);
    const after = toggleIn(before, 'C', ALL);
    expect([...after].sort()).toEqual(['A', 'C']);
    expect([...before]).toEqual(['A']);
    expect(toggleIn(new Set(['A']), 'A', ALL).size).toBe(0);
  });

  it('offers every entity kind of the schema', () => {
    expect(FILTER_KINDS).toContain('PERSON');
    expect(FILTER_KINDS).toContain('SIGHTING');
    expect(NO_FILTERS.kinds.size + NO_FILTERS.linkTypes.size).toBe(0);
  });
});

describe('timeWindow', () => {
  it('is unbounded without dates', () => {
    expect(timeWindow(NO_FILTERS)).toEqual({ from: null, to: null });
  });

  it('counts the end date to its last millisecond, and starts at the first of the start date', () => {
    const w = timeWindow({ ...NO_FILTERS, from: '2026-03-01', to: '2026-03-02' });
    expect(w.from).toBe(Date.parse('2026-03-01T00:00:00.000Z'));
    expect(w.to).toBe(Date.parse('2026-03-02T23:59:59.999Z'));
    expect(w.to! - w.from!).toBe(2 * 86_400_000 - 1);
  });
});
