import Graph from 'graphology';
import betweenness from 'graphology-metrics/centrality/betweenness.js';
import louvain from 'graphology-communities-louvain';
import type { Subgraph } from '@homeward/domain';

export interface NodeCentrality {
  readonly id: string;
  /** Distinct neighbours. */
  readonly degree: number;
  /** Share of shortest paths between other nodes that pass through this one (normalised, 0..1). */
  readonly betweenness: number;
  /** Index of the node's community (0 is the largest). */
  readonly community: number;
}

export interface CentralityResult {
  readonly nodes: NodeCentrality[];
  readonly communities: Array<{ readonly index: number; readonly size: number }>;
  readonly modularity: number;
}

/** A small seeded PRNG (mulberry32): Louvain shuffles its visits, and the same graph must give the same groups. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Degree, betweenness and Louvain communities of a graph, treated as simple
 * and undirected (several links between the same two entities count once:
 * a hub is one who connects many, not one linked often). Nodes are added in
 * id order and Louvain is seeded, so the answer does not depend on the
 * order the store returned rows in.
 */
export function centrality(g: Subgraph, seed = 1): CentralityResult {
  const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (const id of g.nodes.map((n) => n.id).sort()) graph.addNode(id);
  const edges = g.edges
    .filter((e) => e.source !== e.target && graph.hasNode(e.source) && graph.hasNode(e.target))
    .map((e) => (e.source < e.target ? [e.source, e.target] : [e.target, e.source]))
    .sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]));
  for (const [a, b] of edges) if (!graph.hasEdge(a, b)) graph.addEdge(a, b);

  const between = graph.order > 2 ? betweenness(graph, { normalized: true }) : {};
  let raw: Record<string, number> = {};
  let modularity = 0;
  if (graph.size > 0) {
    const detailed = louvain.detailed(graph, { rng: seededRandom(seed) });
    raw = detailed.communities;
    modularity = detailed.modularity;
  } else {
    // No links: every entity is a group of its own.
    raw = Object.fromEntries(graph.nodes().map((n, i) => [n, i]));
  }
  // Renumber communities by size (largest first), ties by their smallest member id: stable labels for the client.
  const members = new Map<number, string[]>();
  graph.forEachNode((n) => {
    const c = raw[n] ?? -1;
    members.set(c, [...(members.get(c) ?? []), n]);
  });
  const ordered = [...members.entries()].sort((x, y) => y[1].length - x[1].length || x[1][0].localeCompare(y[1][0]));
  const index = new Map(ordered.map(([c], i) => [c, i]));
  const nodes: NodeCentrality[] = [];
  graph.forEachNode((n) => {
    nodes.push({ id: n, degree: graph.degree(n), betweenness: Math.round((between[n] ?? 0) * 1e6) / 1e6, community: index.get(raw[n] ?? -1) ?? 0 });
  });
  return { nodes, communities: ordered.map(([, ids], i) => ({ index: i, size: ids.length })), modularity: Math.round(modularity * 1e6) / 1e6 };
}

export type CentralityMeasure = 'DEGREE' | 'BETWEENNESS';

/** The `n` most central nodes by one measure (ties: the other measure, then id). */
export function topHubs(r: CentralityResult, measure: CentralityMeasure, n = 10): NodeCentrality[] {
  const [main, other] = measure === 'DEGREE' ? (['degree', 'betweenness'] as const) : (['betweenness', 'degree'] as const);
  return [...r.nodes].sort((a, b) => b[main] - a[main] || b[other] - a[other] || a.id.localeCompare(b.id)).slice(0, n);
}
