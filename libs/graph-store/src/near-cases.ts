import type { NearCaseRow } from './port';

/** Entities shown per near case: enough to see where the link is, not a second graph. */
const VIA_LIMIT = 5;
/** Entities reached before the walk stops (a hub must not turn one question into a scan of the graph). */
export const NEAR_CASES_NODE_LIMIT = 20_000;

export interface NearCasesWalk<K> {
  readonly caseKey: K;
  /** Every entity of the case with its visible cases. */
  readonly own: ReadonlyMap<K, readonly K[]>;
  readonly maxDistance: number;
  /** Visible links at each entity that belong to another case than the one asked about: the other end. */
  expand(frontier: readonly K[]): Promise<Array<{ from: K; other: K }>>;
  /** Visible cases of each entity. */
  memberships(entities: readonly K[]): Promise<ReadonlyMap<K, readonly K[]>>;
}

/**
 * Near cases by a breadth-first walk shared by both adapters (they differ only
 * in how a step and memberships are read). Every entity of the case is at
 * distance 0; a link joins two members of its own case, so the walk leaves the
 * case only through entities it shares with other cases, along their links.
 */
export async function walkNearCases<K>(w: NearCasesWalk<K>): Promise<Array<{ caseKey: K; distance: number; via: K[]; from: K[] }>> {
  const dist = new Map<K, number>();
  const origin = new Map<K, Set<K>>();
  const best = new Map<K, { distance: number; via: Set<K>; from: Set<K> }>();
  const note = (entity: K, cases: readonly K[], d: number) => {
    for (const c of cases) {
      if (c === w.caseKey) continue;
      const hit = best.get(c);
      if (!hit || d < hit.distance) best.set(c, { distance: d, via: new Set([entity]), from: new Set(origin.get(entity)) });
      else if (d === hit.distance) {
        hit.via.add(entity);
        for (const o of origin.get(entity) ?? []) hit.from.add(o);
      }
    }
  };
  let frontier: K[] = [];
  for (const [e, cases] of w.own) {
    dist.set(e, 0);
    origin.set(e, new Set([e]));
    note(e, cases, 0);
    if (cases.some((c) => c !== w.caseKey)) frontier.push(e);
  }
  for (let d = 1; d <= w.maxDistance && frontier.length && dist.size < NEAR_CASES_NODE_LIMIT; d++) {
    const next: K[] = [];
    for (const { from, other } of await w.expand(frontier)) {
      const known = dist.get(other);
      if (known === undefined) {
        if (dist.size >= NEAR_CASES_NODE_LIMIT) continue;
        dist.set(other, d);
        origin.set(other, new Set(origin.get(from)));
        next.push(other);
      } else if (known === d) {
        for (const o of origin.get(from) ?? []) origin.get(other)!.add(o);
      }
    }
    if (next.length === 0) break;
    const cases = await w.memberships(next);
    for (const e of next) note(e, cases.get(e) ?? [], d);
    frontier = next;
  }
  return [...best.entries()].map(([caseKey, h]) => ({ caseKey, distance: h.distance, via: [...h.via], from: [...h.from] }));
}

/** Orders and trims the walk's answer once the keys are ids. */
export function nearCaseRows(rows: Array<{ caseId: string; distance: number; via: string[]; from: string[] }>): NearCaseRow[] {
  return rows
    .map((r) => ({
      caseId: r.caseId,
      distance: r.distance,
      viaEntityIds: [...r.via].sort().slice(0, VIA_LIMIT),
      fromEntityIds: [...r.from].sort().slice(0, VIA_LIMIT),
      n: r.via.length,
    }))
    .sort((a, b) => a.distance - b.distance || b.n - a.n || a.caseId.localeCompare(b.caseId))
    .map(({ n: _n, ...row }) => row);
}
