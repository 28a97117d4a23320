import { ENTITY_KINDS, type EntityKind, type EntityKindDef } from '@homeward/graph-schema';
import { KEYED_KINDS, resolutionKeys, type EntityRecord } from '@homeward/domain';
import type { Scope } from '../port';
import type { Db } from './database';
import { entityProvenance, type CachedCaseGraph, type EntityRow } from './rows';
import { indexText } from './search-text';
import { prepareGraphStatements, type GraphStatements } from './statements';

/*
 * What the embedded graph store (graph.ts) and entity resolution (resolution.ts)
 * share over one connection: the prepared statements, case ids and their rids,
 * scopes, entity records as a scope sees them, an entity's indexes (full text,
 * spatial, blocking keys), and the case-graph cache that every write drops.
 * Both hold the same GraphCore; neither reaches into the other.
 */
export class GraphCore {
  readonly q: GraphStatements;
  private readonly caseRidCache = new Map<string, number>();
  private readonly caseIdByRidCache = new Map<number, string>();
  /** Case graphs by case rid (filled by EmbeddedGraphStore's cachedCaseGraph), dropped by every write. */
  readonly caseGraphs = new Map<number, CachedCaseGraph>();
  /**
   * During a bulk load: the blocking keys of the entities it inserted, written in key order at the
   * end of its batch (insertKeys) instead of one by one. Null otherwise.
   */
  bulkKeys: Array<[string, number]> | null = null;

  constructor(readonly db: Db) {
    this.q = prepareGraphStatements(db);
  }

  // ---- cases and scopes -------------------------------------------------------

  caseRid(caseId: string): number | undefined {
    const cached = this.caseRidCache.get(caseId);
    if (cached !== undefined) return cached;
    const row = this.q.caseRid.get(caseId);
    if (row) this.caseRidCache.set(caseId, row.rid);
    return row?.rid;
  }

  scopeRids(scope: Scope): number[] {
    const out: number[] = [];
    for (const id of scope.caseIds) {
      const rid = this.caseRid(id);
      if (rid !== undefined) out.push(rid);
    }
    return out;
  }

  caseIdOf(rid: number): string {
    let id = this.caseIdByRidCache.get(rid);
    if (id === undefined) {
      id = this.q.caseIdByRid.get(rid)!.id;
      this.caseIdByRidCache.set(rid, id);
    }
    return id;
  }

  // ---- entity records ---------------------------------------------------------

  /** The visible memberships of each entity, by rid; an entity absent from the map is invisible. */
  private visibleMemberships(
    rids: readonly number[],
    scopeRids: readonly number[] | ReadonlySet<number>,
  ): Map<number, Array<{ caseId: string; role: string | null }>> {
    const visible = scopeRids instanceof Set ? scopeRids : new Set(scopeRids as readonly number[]);
    const byRid = new Map<number, Array<{ caseId: string; role: string | null }>>();
    if (rids.length === 0 || visible.size === 0) return byRid;
    for (const [entityRid, caseRid, role] of this.q.membershipTuples.all(JSON.stringify(rids))) {
      if (!visible.has(caseRid)) continue;
      let list = byRid.get(entityRid);
      if (!list) byRid.set(entityRid, (list = []));
      list.push({ caseId: this.caseIdOf(caseRid), role });
    }
    return byRid;
  }

  /** The rows as records with the memberships the scope sees; a row in no visible case is left out. */
  toRecords(rows: EntityRow[], scopeRids: readonly number[] | ReadonlySet<number>): EntityRecord[] {
    if (rows.length === 0) return [];
    const byRid = this.visibleMemberships(
      rows.map((r) => r.rid),
      scopeRids,
    );
    return this.recordsOf(rows, byRid);
  }

  /** The rows as records with the given visible memberships; a row without any is left out. */
  recordsOf(rows: EntityRow[], byRid: ReadonlyMap<number, Array<{ caseId: string; role: string | null }>>): EntityRecord[] {
    const out: EntityRecord[] = [];
    for (const r of rows) {
      const cases = byRid.get(r.rid);
      // Not in any visible case: invisible, whatever else holds it.
      if (!cases) continue;
      out.push({
        id: r.id,
        kind: r.kind,
        label: r.label,
        props: JSON.parse(r.props) as Record<string, unknown>,
        cases,
        provenance: entityProvenance(r),
      });
    }
    return out;
  }

  // ---- an entity's indexes ------------------------------------------------------

  /**
   * Full-text, blocking-key and spatial indexes of one entity (its full-text row must be absent:
   * fresh, or deleted before). `fresh`: just inserted, so it has no keys to drop (one index probe
   * less per row); during a bulk load its keys go to bulkKeys.
   */
  index(rid: number, kind: EntityKind, props: Record<string, unknown>, fresh = false): void {
    this.q.ftsInsert.run(rid, indexText(kind, props));
    if (!fresh) this.q.deleteKeys.run(rid);
    if (KEYED_KINDS.includes(kind)) {
      const deferred = fresh ? this.bulkKeys : null;
      for (const key of resolutionKeys(kind, props)) {
        if (deferred) deferred.push([key, rid]);
        else this.q.insertKey.run(key, rid);
      }
    }
    const spatial = (ENTITY_KINDS[kind] as EntityKindDef).spatial;
    if (spatial) {
      const lat = props[spatial.lat] as number;
      const lon = props[spatial.lon] as number;
      this.q.rtreeUpsert.run(rid, lat, lat, lon, lon);
    }
  }

  /** Drops an entity's full-text and spatial rows (its keys go with the entity row, ON DELETE CASCADE). */
  unindex(rid: number): void {
    this.q.ftsDelete.run(rid);
    this.q.rtreeDelete.run(rid);
  }

  /**
   * Writes keys collected by a bulk load, in key order: the key index is a B-tree ordered by key,
   * and keys of consecutive rows land anywhere in it; sorted, neighbouring inserts share pages.
   */
  insertKeys(pairs: Array<[string, number]>): void {
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    for (const [key, rid] of pairs) this.q.insertKey.run(key, rid);
  }

  /** Every write through the store drops the cached case graphs (writes are rare; a stale graph is not acceptable). */
  wrote(): void {
    this.caseGraphs.clear();
  }

  /** Runs `fn` as one transaction (all of it or nothing), then drops the cached case graphs whatever the outcome. */
  write<T>(fn: () => T): T {
    const tx = this.db.transaction(fn);
    try {
      return tx();
    } finally {
      this.wrote();
    }
  }
}
