import { describe, expect, it } from 'vitest';
import { placeJoining, type Point } from './placement';

const GAP = 70;
const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** A drawn graph: a 5x5 grid of nodes 100 apart around (0, 0). */
function grid(): Map<string, Point> {
  const out = new Map<string, Point>();
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) out.set(`g${i}${j}`, { x: (i - 2) * 100, y: (j - 2) * 100 });
  return out;
}

function noOverlap(all: Point[]): void {
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) expect(dist(all[i]!, all[j]!)).toBeGreaterThanOrEqual(GAP - 1e-6);
}

describe('placeJoining', () => {
  it('puts the expanded neighbours of a node next to it, on the outer side, clear of every drawn node and of each other', () => {
    const fixed = grid();
    const joining = Array.from({ length: 8 }, (_, k) => ({ id: `n${k}`, neighbours: ['g44'] }));
    const placed = placeJoining(fixed, joining, { fallback: { x: 0, y: 0 }, gap: GAP });
    expect(placed.size).toBe(8);
    const anchor = fixed.get('g44')!;
    for (const p of placed.values()) {
      // Next to the node they came from: within a few rings of it, nearer to it than to the middle of the graph.
      expect(dist(p, anchor)).toBeLessThan(4 * GAP);
      expect(dist(p, anchor)).toBeLessThan(dist(p, { x: 0, y: 0 }));
    }
    noOverlap([...fixed.values(), ...placed.values()]);
  });

  it('places a node between the drawn nodes it links, and one linked only to a joining node next to that one', () => {
    const fixed = new Map<string, Point>([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 400, y: 0 }],
    ]);
    const placed = placeJoining(
      fixed,
      [
        { id: 'leaf', neighbours: ['mid'] },
        { id: 'mid', neighbours: ['a', 'b'] },
      ],
      { fallback: { x: -1000, y: -1000 }, gap: GAP },
    );
    expect(dist(placed.get('mid')!, { x: 200, y: 0 })).toBeLessThan(2 * GAP);
    expect(dist(placed.get('leaf')!, placed.get('mid')!)).toBeLessThan(3 * GAP);
    noOverlap([...fixed.values(), ...placed.values()]);
  });

  it('puts an entity linked to nothing drawn near the fallback, on a free spot, and leaves fixed nodes out', () => {
    const fixed = grid();
    const placed = placeJoining(
      fixed,
      [
        { id: 'alone', neighbours: [] },
        { id: 'g00', neighbours: [] },
      ],
      { fallback: { x: 0, y: 0 }, gap: GAP },
    );
    expect([...placed.keys()]).toEqual(['alone']);
    // The grid is full (100 apart): the nearest free ring is just outside it.
    expect(dist(placed.get('alone')!, { x: 0, y: 0 })).toBeLessThan(5 * GAP);
    noOverlap([...fixed.values(), ...placed.values()]);
  });

  it('is the same for the same input (a reopened case draws new entities where they were)', () => {
    const input = [
      { id: 'x', neighbours: ['g22'] },
      { id: 'y', neighbours: ['g22'] },
    ];
    const one = placeJoining(grid(), input, { fallback: { x: 0, y: 0 }, gap: GAP });
    const two = placeJoining(grid(), input, { fallback: { x: 0, y: 0 }, gap: GAP });
    expect([...one]).toEqual([...two]);
  });

  it('places 500 joining nodes around a 5,000-node graph quickly', () => {
    const fixed = new Map<string, Point>();
    for (let i = 0; i < 5000; i++) fixed.set(`f${i}`, { x: (i % 70) * 80, y: Math.floor(i / 70) * 80 });
    const joining = Array.from({ length: 500 }, (_, k) => ({ id: `j${k}`, neighbours: [`f${(k * 37) % 5000}`] }));
    const t = performance.now();
    const placed = placeJoining(fixed, joining, { fallback: { x: 0, y: 0 }, gap: 40 });
    expect(placed.size).toBe(500);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('placeJoining direction', () => {
  it("puts expanded nodes on the far side of the anchor from its drawn neighbour, even when the graph's middle lies elsewhere", () => {
    // Child at (100, 0), Pedro at (0, 0) and, far off to the right, an unlinked place: the middle of the graph is to
    // the right of Pedro, past the child; the new nodes still go to Pedro's free side, away from the child.
    const fixed = new Map<string, Point>([
      ['child', { x: 100, y: 0 }],
      ['pedro', { x: 0, y: 0 }],
      ['place', { x: 1200, y: 0 }],
    ]);
    const placed = placeJoining(
      fixed,
      Array.from({ length: 6 }, (_, k) => ({ id: `s${k}`, neighbours: ['pedro'] })),
      { fallback: { x: 0, y: 0 }, gap: 75 },
    );
    for (const p of placed.values()) expect(dist(p, { x: 0, y: 0 })).toBeLessThan(dist(p, { x: 100, y: 0 }));
  });
});

describe('placeJoining room', () => {
  it('puts the neighbours of a node lying between two others to the open side, not towards either', () => {
    // The browser test's case: the place, Pedro and the child on one line.
    const fixed = new Map<string, Point>([
      ['place', { x: -176, y: 13 }],
      ['pedro', { x: 48, y: 13 }],
      ['child', { x: 174, y: 13 }],
    ]);
    const placed = placeJoining(
      fixed,
      Array.from({ length: 6 }, (_, k) => ({ id: `s${k}`, neighbours: ['pedro'] })),
      { fallback: { x: 0, y: 0 }, gap: 75 },
    );
    const all = [...placed.values()];
    const mean = { x: all.reduce((s, p) => s + p.x, 0) / all.length, y: all.reduce((s, p) => s + p.y, 0) / all.length };
    // As a group they sit by Pedro (each within three gaps of him), on the open side above or below the line.
    for (const p of all) expect(dist(p, fixed.get('pedro')!)).toBeLessThan(3 * 75);
    expect(dist(mean, fixed.get('pedro')!)).toBeLessThan(dist(mean, fixed.get('child')!));
    expect(dist(mean, fixed.get('pedro')!)).toBeLessThan(dist(mean, fixed.get('place')!));
    expect(Math.abs(mean.y - 13)).toBeGreaterThan(75);
    noOverlap([...fixed.values(), ...placed.values()]);
  });
});
