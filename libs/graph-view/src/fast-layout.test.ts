import { describe, expect, it } from 'vitest';
import { fastLayout } from './fast-layout';
import { coversMost } from './position-cache';

function star(n: number): { ids: string[]; edges: [number, number][] } {
  const ids = Array.from({ length: n }, (_, i) => `n${i}`);
  const edges: [number, number][] = [];
  for (let i = 1; i < n; i++) edges.push([Math.floor((i - 1) / 4), i]);
  return { ids, edges };
}

describe('fastLayout', () => {
  it('places every node at a finite position, the same way every time', () => {
    const g = star(300);
    const a = fastLayout(g);
    const b = fastLayout(g);
    expect(Array.from(a.x).every(Number.isFinite)).toBe(true);
    expect(Array.from(a.y).every(Number.isFinite)).toBe(true);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
  });

  it('keeps linked nodes closer than unlinked ones on average', () => {
    const g = star(400);
    const { x, y } = fastLayout(g);
    const d = (i: number, j: number) => Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!);
    const linked = g.edges.reduce((s, [a, b]) => s + d(a, b), 0) / g.edges.length;
    let random = 0;
    for (let k = 0; k < 400; k++) random += d(k, (k * 7919) % 400);
    expect(linked).toBeLessThan(random / 400);
  });

  it('does not stack nodes on one another', () => {
    const { x, y } = fastLayout(star(200));
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(`${Math.round(x[i]!)}:${Math.round(y[i]!)}`);
    expect(seen.size).toBe(200);
  });

  it('keeps a graph of mostly unlinked entities compact (a case early on: many records, few links yet)', () => {
    // 120 linked in a tree, 1,080 linked to nothing: laid out together they used to push one another
    // apart from a common origin and each took an 80-unit box, spreading over about 5,000 × 6,400 units.
    const tree = star(120);
    const ids = [...tree.ids, ...Array.from({ length: 1080 }, (_, i) => `lone${i}`)];
    const { x, y } = fastLayout({ ids, edges: tree.edges });
    const span = (v: Float64Array) => Math.max(...v) - Math.min(...v);
    // Nodes about 40 units apart on a square grid need about 1,400 × 1,400 units; allow half again.
    expect(span(x) * span(y)).toBeLessThan(2100 * 2100);
    const seen = new Set<string>();
    for (let i = 0; i < ids.length; i++) seen.add(`${Math.round(x[i]! / 10)}:${Math.round(y[i]! / 10)}`);
    expect(seen.size).toBe(ids.length);
  });

  it('lays out parts that are not connected side by side', () => {
    const { x } = fastLayout({
      ids: ['a', 'b', 'c', 'd'],
      edges: [
        [0, 1],
        [2, 3],
      ],
    });
    expect(Math.min(x[2]!, x[3]!)).toBeGreaterThan(Math.max(x[0]!, x[1]!));
  });

  it('places a case-shaped graph exactly where earlier versions did (grid kept in a typed array since, not a Map)', () => {
    // The benchmark's 500-node case: a case drawn before and after the change looks the same.
    let s = 7;
    const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const edges: [number, number][] = [];
    for (let i = 1; i < 500; i++) edges.push([i, Math.floor(rnd() * Math.min(i, Math.max(10, i / 3)))]);
    for (let k = 0; k < 100; k++) {
      const a = Math.floor(rnd() * 500);
      const b = Math.floor(rnd() * 500);
      if (a !== b) edges.push([a, b]);
    }
    const { x, y } = fastLayout({ ids: Array.from({ length: 500 }, (_, i) => `n${i}`), edges });
    expect(x[17]).toBe(614.45817950613);
    expect(y[400]).toBe(621.1709445291015);
  });
});

describe('coversMost', () => {
  it('accepts saved positions only when nearly every node has one', () => {
    const saved = new Map(Array.from({ length: 95 }, (_, i) => [`n${i}`, { x: i, y: i }] as const));
    const ids = Array.from({ length: 100 }, (_, i) => `n${i}`);
    expect(coversMost(saved, ids)).toBe(true);
    expect(coversMost(saved, [...ids, ...Array.from({ length: 20 }, (_, i) => `m${i}`)])).toBe(false);
  });
});
