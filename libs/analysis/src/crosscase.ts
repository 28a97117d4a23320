import type { EntityRecord, Subgraph } from '@homeward/domain';

/** An entity of the case that other cases (visible to the reader) hold too. */
export interface SharedEntity {
  readonly entity: EntityRecord;
  readonly otherCaseIds: string[];
}

/** A visible case within `distance` links of the case (0: they share an entity). */
export interface NearCase {
  readonly caseId: string;
  readonly distance: number;
  /** Entities of that case at that distance (the nearest ones, a few). */
  readonly viaEntityIds: string[];
  /** Entities of this case the nearest ones are reached from. */
  readonly fromEntityIds: string[];
}

/** At most this many entity ids per near case: enough to show where the link is, not a second graph. */
const VIA_LIMIT = 5;

/**
 * Shared entities and near cases of `caseId`, from the case's own entities and
 * the visible graph within k links of them (a breadth-first walk over `around`
 * gives each entity's distance and which of the case's entities it came from).
 */
export function crossCaseLinks(caseId: string, caseNodes: readonly EntityRecord[], around: Subgraph, maxDistance: number): { shared: SharedEntity[]; near: NearCase[] } {
  const shared: SharedEntity[] = [];
  for (const n of caseNodes) {
    const others = n.cases.map((c) => c.caseId).filter((c) => c !== caseId);
    if (others.length) shared.push({ entity: n, otherCaseIds: others.sort() });
  }
  shared.sort((a, b) => b.otherCaseIds.length - a.otherCaseIds.length || a.entity.id.localeCompare(b.entity.id));

  const adj = new Map<string, string[]>();
  for (const e of around.edges) {
    adj.set(e.source, [...(adj.get(e.source) ?? []), e.target]);
    adj.set(e.target, [...(adj.get(e.target) ?? []), e.source]);
  }
  const dist = new Map<string, number>();
  const origin = new Map<string, Set<string>>();
  let frontier: string[] = [];
  for (const n of caseNodes) {
    dist.set(n.id, 0);
    origin.set(n.id, new Set([n.id]));
    frontier.push(n.id);
  }
  for (let d = 1; d <= maxDistance && frontier.length; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of adj.get(id) ?? []) {
        const known = dist.get(other);
        if (known === undefined) {
          dist.set(other, d);
          origin.set(other, new Set(origin.get(id)));
          next.push(other);
        } else if (known === d) {
          for (const o of origin.get(id) ?? []) origin.get(other)!.add(o);
        }
      }
    }
    frontier = next;
  }
  const nodes = new Map<string, EntityRecord>([...around.nodes, ...caseNodes].map((n) => [n.id, n]));
  const best = new Map<string, { distance: number; via: Set<string>; from: Set<string> }>();
  for (const [id, d] of dist) {
    const node = nodes.get(id);
    if (!node) continue;
    for (const c of node.cases) {
      if (c.caseId === caseId) continue;
      const hit = best.get(c.caseId);
      if (!hit || d < hit.distance) best.set(c.caseId, { distance: d, via: new Set([id]), from: new Set(origin.get(id)) });
      else if (d === hit.distance) {
        hit.via.add(id);
        for (const o of origin.get(id) ?? []) hit.from.add(o);
      }
    }
  }
  const near: NearCase[] = [...best.entries()]
    .map(([c, h]) => ({ caseId: c, distance: h.distance, viaEntityIds: [...h.via].sort().slice(0, VIA_LIMIT), fromEntityIds: [...h.from].sort().slice(0, VIA_LIMIT) }))
    .sort((a, b) => a.distance - b.distance || b.viaEntityIds.length - a.viaEntityIds.length || a.caseId.localeCompare(b.caseId));
  return { shared, near };
}
