// modules/map: overlapping markers grouped.
import { describe, expect, it } from 'vitest';
import { cluster } from './cluster.js';

describe('cluster', () => {
  it('groups points closer than the radius and keeps the others apart', () => {
    const pts = [
      { id: 'a', x: 0, y: 0 },
      { id: 'b', x: 10, y: 5 },
      { id: 'c', x: 100, y: 0 },
      { id: 'd', x: 3, y: 20 },
    ];
    const groups = cluster(pts, (p) => p, 24).map((g) => g.map((p) => p.id));
    expect(groups).toEqual([['a', 'b', 'd'], ['c']]);
    expect(cluster(pts, (p) => p, 1)).toHaveLength(4);
  });
});
