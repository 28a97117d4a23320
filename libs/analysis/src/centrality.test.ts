import { describe, expect, it } from 'vitest';
import type { EntityRecord, LinkRecord, Subgraph } from '@homeward/domain';
import { centrality, topHubs } from './centrality';

const prov = { createdBy: 'u', createdAt: '2026-01-01T00:00:00Z' };
const node = (id: string, cases: string[] = ['c']): EntityRecord => ({
  id,
  kind: 'PERSON',
  label: id,
  props: {},
  cases: cases.map((caseId) => ({ caseId, role: null })),
  provenance: prov,
});
const link = (a: string, b: string, caseId = 'c'): LinkRecord => ({
  id: `${a}-${b}`,
  type: 'ASSOCIATE_OF',
  source: a,
  target: b,
  caseId,
  provenance: prov,
});

/** Two triangles joined through one broker: the broker is the hub by betweenness, the groups are the triangles. */
function bowtie(): Subgraph {
  const ids = ['a1', 'a2', 'a3', 'broker', 'b1', 'b2', 'b3'];
  return {
    nodes: ids.map((id) => node(id)),
    edges: [
      link('a1', 'a2'),
      link('a2', 'a3'),
      link('a1', 'a3'),
      link('a1', 'broker'),
      link('broker', 'b1'),
      link('b1', 'b2'),
      link('b2', 'b3'),
      link('b1', 'b3'),
      link('a2', 'a1'),
    ],
  };
}

describe('centrality and communities', () => {
  it('finds the broker between two groups, counting parallel links once', () => {
    const r = centrality(bowtie());
    const by = new Map(r.nodes.map((n) => [n.id, n]));
    expect(by.get('a1')!.degree).toBe(3);
    expect(topHubs(r, 'BETWEENNESS', 1)[0].id).toBe('broker');
    expect(by.get('a3')!.betweenness).toBe(0);
    expect(r.communities.reduce((n, c) => n + c.size, 0)).toBe(7);
    expect(by.get('a2')!.community).toBe(by.get('a3')!.community);
    expect(by.get('b2')!.community).toBe(by.get('b3')!.community);
    expect(by.get('a2')!.community).not.toBe(by.get('b2')!.community);
  });

  it('is deterministic for a seed, whatever the order rows came in', () => {
    const g = bowtie();
    const reversed: Subgraph = { nodes: [...g.nodes].reverse(), edges: [...g.edges].reverse() };
    expect(centrality(reversed, 7)).toEqual(centrality(g, 7));
  });

  it('copes with a graph without links', () => {
    const r = centrality({ nodes: [node('x'), node('y')], edges: [] });
    expect(r.communities).toHaveLength(2);
    expect(r.nodes.every((n) => n.degree === 0 && n.betweenness === 0)).toBe(true);
  });
});

describe('betweenness', () => {
  it('is the share of shortest paths between other pairs through a node', () => {
    const path = (ids: string[]): Subgraph => ({ nodes: ids.map((id) => node(id)), edges: ids.slice(1).map((id, i) => link(ids[i], id)) });
    const three = new Map(centrality(path(['a', 'b', 'c'])).nodes.map((n) => [n.id, n.betweenness]));
    expect(three.get('b')).toBe(1);
    expect(three.get('a')).toBe(0);
    const four = new Map(centrality(path(['a', 'b', 'c', 'd'])).nodes.map((n) => [n.id, n.betweenness]));
    expect(four.get('b')).toBeCloseTo(2 / 3, 6);
    // Two equal shortest routes share the credit.
    const square: Subgraph = {
      nodes: ['a', 'b', 'c', 'd'].map((id) => node(id)),
      edges: [link('a', 'b'), link('b', 'c'), link('c', 'd'), link('d', 'a')],
    };
    expect(centrality(square).nodes.every((n) => Math.abs(n.betweenness - 1 / 6) < 1e-6)).toBe(true);
  });
});

describe('betweenness against a direct count', () => {
  /** Betweenness by enumerating every shortest path between every pair (tiny graphs only). */
  function direct(ids: string[], edges: Array<[string, string]>): Map<string, number> {
    const nb = new Map(ids.map((id) => [id, new Set<string>()]));
    for (const [a, b] of edges) {
      if (a === b) continue;
      nb.get(a)!.add(b);
      nb.get(b)!.add(a);
    }
    const out = new Map(ids.map((id) => [id, 0]));
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        // All shortest paths from ids[i] to ids[j] by breadth-first layers.
        let paths: string[][] = [[ids[i]]];
        let found: string[][] = [];
        const seen = new Set([ids[i]]);
        while (paths.length && !found.length) {
          const next: string[][] = [];
          const layer = new Set<string>();
          for (const p of paths) {
            for (const w of nb.get(p[p.length - 1])!) {
              if (seen.has(w)) continue;
              next.push([...p, w]);
              layer.add(w);
            }
          }
          for (const w of layer) seen.add(w);
          found = next.filter((p) => p[p.length - 1] === ids[j]);
          paths = next;
        }
        for (const p of found) for (const x of p.slice(1, -1)) out.set(x, out.get(x)! + 1 / found.length);
      }
    }
    const norm = 2 / ((ids.length - 1) * (ids.length - 2));
    return new Map([...out].map(([k, v]) => [k, v * norm]));
  }

  it('matches on small random graphs with leaves, chains and several components', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
    for (let round = 0; round < 25; round++) {
      const ids = Array.from({ length: 4 + Math.floor(rnd() * 9) }, (_, i) => `n${i}`);
      const edges: Array<[string, string]> = [];
      for (let k = 0; k < ids.length + Math.floor(rnd() * ids.length); k++)
        edges.push([ids[Math.floor(rnd() * ids.length)], ids[Math.floor(rnd() * ids.length)]]);
      const expected = direct(ids, edges);
      const got = centrality({ nodes: ids.map((id) => node(id)), edges: edges.map(([a, b], i) => ({ ...link(a, b), id: `l${i}` })) });
      for (const n of got.nodes) expect(n.betweenness, `round ${round} node ${n.id}`).toBeCloseTo(expected.get(n.id)!, 5);
    }
  });
});

describe('betweenness of a large graph', () => {
  it('is estimated from seeded samples above the exact limit, deterministically, keeping the broker on top', () => {
    // Three rings of 400 joined through one broker: 1,201 entities.
    const nodes = [node('broker')];
    const edges: LinkRecord[] = [];
    for (let r = 0; r < 3; r++) {
      for (let i = 0; i < 400; i++) nodes.push(node(`r${r}-${i}`));
      for (let i = 0; i < 400; i++) edges.push({ ...link(`r${r}-${i}`, `r${r}-${(i + 1) % 400}`), id: `l${r}-${i}` });
      edges.push({ ...link('broker', `r${r}-0`), id: `b${r}` });
    }
    const a = centrality({ nodes, edges }, 3);
    expect(a.exact).toBe(false);
    expect(topHubs(a, 'BETWEENNESS', 1)[0].id).toBe('broker');
    expect(centrality({ nodes: [...nodes].reverse(), edges }, 3)).toEqual(a);
    expect(centrality(bowtie()).exact).toBe(true);
  });
});
