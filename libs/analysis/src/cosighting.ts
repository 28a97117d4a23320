import type { EntityRecord, LinkRecord, Subgraph } from '@homeward/domain';

/** Two people or vehicles seen together, how often, and the sightings that show it. */
export interface CoSighting {
  readonly aId: string;
  readonly bId: string;
  /** Shared sightings. */
  readonly count: number;
  /**
   * Shared sightings weighed by each sighting's confidence (1 when not given),
   * over the sightings of either (a weighted Jaccard index, 0..1): two people
   * always seen together score 1, a crowd seen once with everyone scores low.
   */
  readonly strength: number;
  readonly sightingIds: readonly string[];
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
}

const confidenceOf = (s: EntityRecord | undefined) => {
  const c = s?.props.confidence;
  return typeof c === 'number' && c >= 0 && c <= 1 ? c : 1;
};

/**
 * The derived "seen with" view of a graph: every pair of persons/vehicles that
 * are SIGHTING_OF the same sighting. With `focusId`, only pairs that include
 * it. Sorted by count, then strength, then ids, so the answer is stable.
 */
export function coSightings(g: Subgraph, opts: { focusId?: string; limit?: number } = {}): CoSighting[] {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  // Who each sighting saw (a link may appear once per case it is in: dedupe by sighting and target).
  const seenBy = new Map<string, Set<string>>();
  for (const e of g.edges as readonly LinkRecord[]) {
    if (e.type !== 'SIGHTING_OF') continue;
    let set = seenBy.get(e.source);
    if (!set) seenBy.set(e.source, (set = new Set()));
    set.add(e.target);
  }
  const mass = new Map<string, number>();
  const pairs = new Map<string, { a: string; b: string; sightings: string[]; weight: number }>();
  for (const [sightingId, seen] of seenBy) {
    const w = confidenceOf(byId.get(sightingId));
    for (const id of seen) mass.set(id, (mass.get(id) ?? 0) + w);
    const ids = [...seen].sort();
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        if (opts.focusId && ids[i] !== opts.focusId && ids[j] !== opts.focusId) continue;
        const key = `${ids[i]}\u0000${ids[j]}`;
        let p = pairs.get(key);
        if (!p) pairs.set(key, (p = { a: ids[i], b: ids[j], sightings: [], weight: 0 }));
        p.sightings.push(sightingId);
        p.weight += w;
      }
    }
  }
  const timeOf = (id: string) => {
    const t = byId.get(id)?.props.observedAt;
    return typeof t === 'string' ? t : null;
  };
  const out: CoSighting[] = [];
  for (const p of pairs.values()) {
    const union = (mass.get(p.a) ?? 0) + (mass.get(p.b) ?? 0) - p.weight;
    const times = p.sightings
      .map(timeOf)
      .filter((t): t is string => t !== null)
      .sort();
    const sightingIds = [...p.sightings].sort((x, y) => (timeOf(x) ?? '').localeCompare(timeOf(y) ?? '') || x.localeCompare(y));
    out.push({
      aId: p.a,
      bId: p.b,
      count: p.sightings.length,
      strength: union > 0 ? Math.round((p.weight / union) * 1000) / 1000 : 0,
      sightingIds,
      firstSeen: times[0] ?? null,
      lastSeen: times[times.length - 1] ?? null,
    });
  }
  out.sort((x, y) => y.count - x.count || y.strength - x.strength || x.aId.localeCompare(y.aId) || x.bId.localeCompare(y.bId));
  return opts.limit ? out.slice(0, opts.limit) : out;
}
