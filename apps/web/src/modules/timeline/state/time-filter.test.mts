import { describe, expect, it } from 'vitest';
import { inFilter, narrowest, windowOf, withoutSightingsOutside } from './time-filter.js';

const nov = (d: number, h = 0) => Date.UTC(2026, 10, d, h);

describe('the shared time filter', () => {
  it('is a window for the graph, narrowed by the graph’s own dates', () => {
    expect(windowOf(null)).toEqual({ from: null, to: null });
    const shared = windowOf({ start: nov(20), end: nov(22) });
    expect(narrowest(shared, { from: null, to: null })).toEqual({ from: nov(20), to: nov(22) });
    expect(narrowest(shared, { from: nov(21), to: null })).toEqual({ from: nov(21), to: nov(22) });
    expect(narrowest({ from: nov(10), to: nov(21, 12) }, shared)).toEqual({ from: nov(20), to: nov(21, 12) });
  });

  it('leaves out the sightings outside it and their links, never places or people', () => {
    const g = {
      nodes: [
        { id: 's1', kind: 'SIGHTING', props: { observedAt: new Date(nov(20, 22)).toISOString() } },
        { id: 's2', kind: 'SIGHTING', props: { observedAt: new Date(nov(25)).toISOString() } },
        { id: 'p', kind: 'PERSON', props: {} },
        { id: 'l', kind: 'LOCATION', props: {} },
      ],
      edges: [
        { id: 'e1', source: 's1', target: 'l' },
        { id: 'e2', source: 's2', target: 'l' },
        { id: 'e3', source: 's2', target: 'p' },
      ],
    };
    const f = { start: nov(20), end: nov(22) };
    const kept = withoutSightingsOutside(g, f);
    expect(kept.nodes.map((n) => n.id)).toEqual(['s1', 'p', 'l']);
    expect(kept.edges.map((e) => e.id)).toEqual(['e1']);
    expect(withoutSightingsOutside(g, null)).toBe(g);
    expect(inFilter(f, 'not a time')).toBe(false);
  });
});
