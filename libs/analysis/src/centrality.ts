import Graph from 'graphology';
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
  /** False when betweenness was estimated from a sample of sources (graphs above EXACT_BETWEENNESS_UP_TO entities). */
  readonly exact: boolean;
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
    // Plain code-unit order: localeCompare cost tens of milliseconds on a few thousand links.
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  for (const [a, b] of edges) if (!graph.hasEdge(a, b)) graph.addEdge(a, b);

  const between = betweennessOf(graph, seed);
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
    const list = members.get(c);
    if (list) list.push(n);
    else members.set(c, [n]);
  });
  const ordered = [...members.entries()].sort((x, y) => y[1].length - x[1].length || (x[1][0] < y[1][0] ? -1 : 1));
  const index = new Map(ordered.map(([c], i) => [c, i]));
  const nodes: NodeCentrality[] = [];
  graph.forEachNode((n) => {
    nodes.push({
      id: n,
      degree: graph.degree(n),
      betweenness: Math.round((between[n] ?? 0) * 1e6) / 1e6,
      community: index.get(raw[n] ?? -1) ?? 0,
    });
  });
  return {
    exact: graph.order <= EXACT_BETWEENNESS_UP_TO,
    nodes,
    communities: ordered.map(([, ids], i) => ({ index: i, size: ids.length })),
    modularity: Math.round(modularity * 1e6) / 1e6,
  };
}

/**
 * Brandes' betweenness over compact typed arrays. graphology-metrics' version
 * keeps its queues and maps per node in objects and took 2.4 s on a 2,000-node,
 * 6,000-link graph here; this one does the same sums in tens of milliseconds.
 * Undirected, unweighted; normalised by the number of pairs of other nodes,
 * (n-1)(n-2)/2, so a value is the share of shortest paths through the node.
 */
/** Up to this many entities betweenness is exact; above, it is estimated from this many seeded sample sources. */
export const EXACT_BETWEENNESS_UP_TO = 1000;

export function betweennessOf(graph: Graph, seed = 1, maxSources = EXACT_BETWEENNESS_UP_TO): Record<string, number> {
  const ids = graph.nodes();
  const n = ids.length;
  const out: Record<string, number> = {};
  if (n < 3) {
    for (const id of ids) out[id] = 0;
    return out;
  }
  const index = new Map(ids.map((id, i) => [id, i]));
  // Compressed adjacency: neighbours of i are adj[start[i] .. start[i + 1]).
  const start = new Int32Array(n + 1);
  graph.forEachNode((id) => (start[index.get(id)! + 1] = graph.degree(id)));
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const adj = new Int32Array(start[n]);
  const fill = start.slice(0, n);
  graph.forEachEdge((_e, _a, source, target) => {
    const a = index.get(source)!;
    const b = index.get(target)!;
    adj[fill[a]++] = b;
    adj[fill[b]++] = a;
  });
  const score = new Float64Array(n);
  const sigma = new Float64Array(n);
  const dist = new Int32Array(n).fill(-1);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  // Leaves (one neighbour) need no search of their own: every shortest path from a leaf runs through its
  // neighbour v, so its dependencies are v's (same sums) plus, at v, every other node v reaches. A search
  // from v is therefore counted once for v and once per leaf hanging on it. Case graphs have many leaves.
  const leavesOn = new Int32Array(n);
  const skip = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (start[i + 1] - start[i] !== 1) continue;
    const v = adj[start[i]];
    if (start[v + 1] - start[v] === 1) continue; // two leaves joined: each searches for itself
    skip[i] = 1;
    leavesOn[v]++;
  }
  // Sources: every node (less the leaves), or above the limit a seeded sample of them, each counted
  // n / k times (Brandes & Pich's pivot estimate: unbiased, and it keeps the hubs on top).
  let sources = Array.from({ length: n }, (_, i) => i).filter((i) => !skip[i]);
  let weight = 1;
  if (sources.length > maxSources) {
    const rnd = seededRandom(seed);
    for (let i = sources.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [sources[i], sources[j]] = [sources[j], sources[i]];
    }
    weight = sources.length / maxSources;
    sources = sources.slice(0, maxSources).sort((a, b) => a - b);
  }
  let tail = 0;
  for (const s of sources) {
    // Only the nodes the last search reached need resetting (a case graph is rarely one component).
    for (let i = 0; i < tail; i++) {
      const v = order[i];
      sigma[v] = 0;
      dist[v] = -1;
      delta[v] = 0;
    }
    sigma[s] = 1;
    dist[s] = 0;
    let head = 0;
    tail = 0;
    order[tail++] = s;
    while (head < tail) {
      const v = order[head++];
      const next = dist[v] + 1;
      const sv = sigma[v];
      for (let k = start[v], end = start[v + 1]; k < end; k++) {
        const w = adj[k];
        if (dist[w] < 0) {
          dist[w] = next;
          order[tail++] = w;
        }
        if (dist[w] === next) sigma[w] += sv;
      }
    }
    // Dependencies, farthest first: a node's predecessors are its neighbours one step closer.
    for (let i = tail - 1; i > 0; i--) {
      const w = order[i];
      const prev = dist[w] - 1;
      const share = (1 + delta[w]) / sigma[w];
      for (let k = start[w], end = start[w + 1]; k < end; k++) {
        const v = adj[k];
        if (dist[v] === prev) delta[v] += sigma[v] * share;
      }
      score[w] += delta[w] * (1 + leavesOn[s]) * weight;
    }
    // From each leaf of s, every node s reaches but the leaf and s itself lies beyond s.
    score[s] += leavesOn[s] * (tail - 2) * weight;
  }
  // Each pair was counted from both ends.
  const norm = 2 / ((n - 1) * (n - 2));
  for (let i = 0; i < n; i++) out[ids[i]] = (score[i] / 2) * norm;
  return out;
}

export type CentralityMeasure = 'DEGREE' | 'BETWEENNESS';

/** The `n` most central nodes by one measure (ties: the other measure, then id). */
export function topHubs(r: CentralityResult, measure: CentralityMeasure, n = 10): NodeCentrality[] {
  const [main, other] = measure === 'DEGREE' ? (['degree', 'betweenness'] as const) : (['betweenness', 'degree'] as const);
  return [...r.nodes].sort((a, b) => b[main] - a[main] || b[other] - a[other] || a.id.localeCompare(b.id)).slice(0, n);
}
