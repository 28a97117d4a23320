import type { JournalEntry } from '@homeward/graph-store';
import type { GraphEdge, GraphNode } from '../graph/graph.types.js';

/** A change of the case's graph, recorded or rebuilt (the ReplayChange without its actor's name). */
export interface Change {
  readonly seq: number;
  readonly at: string;
  readonly actorId: string | null;
  readonly kind: 'UPSERTED' | 'REMOVED';
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly synthesized: boolean;
}

// Every `at` here is in one form (toISOString: UTC, milliseconds), so the strings order as the times do.
const byTime = (a: Change, b: Change): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq);

/**
 * The case's graph changes from its journal, with what the journal cannot have: the creation of every
 * entity and link written before the journal existed (the demo seed, an import, an older case). Such an
 * item is one whose first journal entry is not its creation (a removal, an edit, a regrade, a merge) or
 * which the journal never mentions but the case holds now. Its creation is rebuilt at its provenance
 * (createdAt, createdBy) with the item as that first entry carried it (a removal carries it as it was),
 * else as it is now. Rebuilt creations at the same moment by the same actor make one change; they get
 * seq 0, -1, -2... so that every change still has its own seq, in time order.
 */
export function withSynthesized(
  entries: readonly JournalEntry[],
  current: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] },
): Change[] {
  const first = new Map<string, { node?: GraphNode; edge?: GraphEdge; creation: boolean }>();
  const recorded: Change[] = entries.map((e) => {
    const nodes = e.nodes as unknown as GraphNode[];
    const edges = e.edges as unknown as GraphEdge[];
    const creation = (id: string) => e.kind === 'UPSERTED' && e.created.includes(id);
    for (const n of nodes) if (!first.has(n.id)) first.set(n.id, { node: n, creation: creation(n.id) });
    for (const l of edges) if (!first.has(l.id)) first.set(l.id, { edge: l, creation: creation(l.id) });
    return { seq: e.seq, at: new Date(e.at).toISOString(), actorId: e.actorId, kind: e.kind, nodes, edges, synthesized: false };
  });
  const rebuilt: Array<{ node?: GraphNode; edge?: GraphEdge }> = [];
  for (const f of first.values()) if (!f.creation) rebuilt.push(f);
  for (const n of current.nodes) if (!first.has(n.id)) rebuilt.push({ node: n });
  for (const l of current.edges) if (!first.has(l.id)) rebuilt.push({ edge: l });

  const groups = new Map<string, { at: string; actorId: string; nodes: GraphNode[]; edges: GraphEdge[] }>();
  for (const r of rebuilt) {
    const item = r.node ?? r.edge!;
    const at = new Date(item.createdAt).toISOString();
    const key = `${at}\n${item.createdBy}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { at, actorId: item.createdBy, nodes: [], edges: [] }));
    if (r.node) g.nodes.push(r.node);
    else g.edges.push(r.edge!);
  }
  const synthesized = [...groups.values()]
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.actorId < b.actorId ? -1 : a.actorId > b.actorId ? 1 : 0))
    .map((g, i, all): Change => ({
      seq: i - all.length + 1,
      at: g.at,
      actorId: g.actorId,
      kind: 'UPSERTED',
      nodes: g.nodes,
      edges: g.edges,
      synthesized: true,
    }));
  return [...synthesized, ...recorded].sort(byTime);
}

/**
 * The graph at a moment: the changes made at or before `at` (oldest first, as withSynthesized orders
 * them) applied in turn. A link whose end is not there (removed with it) is left out.
 */
export function foldAt(changes: readonly Change[], at: string): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const until = new Date(at).toISOString();
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const c of changes) {
    if (c.at > until) break;
    if (c.kind === 'UPSERTED') {
      for (const n of c.nodes) nodes.set(n.id, n);
      for (const l of c.edges) edges.set(l.id, l);
    } else {
      for (const n of c.nodes) nodes.delete(n.id);
      for (const l of c.edges) edges.delete(l.id);
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()].filter((l) => nodes.has(l.source) && nodes.has(l.target)) };
}
