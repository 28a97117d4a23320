import { ENTITY_KINDS, PERSON_ROLES, type EntityKind } from '@homeward/graph-schema';
import {
  DomainError,
  ErrorCode,
  badInput,
  checkLinkKinds,
  entityLabel,
  notFound,
  validateEntityProps,
  type EntityRecord,
  type LinkRecord,
  type Subgraph,
} from '@homeward/domain';
import type {
  AdjacentLink,
  DuplicatePairRow,
  RejectedPairRow,
  ExpandFilters,
  GraphStore,
  GraphWrite,
  LinkGrade,
  NeighborhoodQuery,
  NewEntity,
  NewLink,
  Scope,
  SearchQuery,
  WriteMeta,
} from '../port';
import { acceptedGrades } from '../expand-filters';
import type { Db } from './database';
import { InMemoryAdjacency } from './adjacency';
import { BulkCache } from './bulk-cache';
import { GraphCore } from './core';
import { EmbeddedResolution } from './resolution';
import {
  entityProvenance,
  entityRow,
  linkProvenance,
  linkRow,
  type AdjacentTuple,
  type BareLinkRow,
  type CachedCaseGraph,
  type EntityRow,
  type LightRow,
  type LinkRow,
  type StepRow,
} from './rows';
import { SEARCH_LIMIT, SEARCH_PAGE, SEARCH_PAGES, ftsQuery, rankByLabel } from './search-text';
import type { GraphStatements } from './statements';

export { BulkCache } from './bulk-cache';
export { ftsQuery } from './search-text';
import type { CrossCaseMatches, DuplicateCandidateRow, MergeRecord, MergeRequest, NearCaseRow } from '../port';

const DEFAULT_NODE_LIMIT = 2000;
/** How many case graphs are kept in memory (the most recently loaded). */
const CASE_GRAPH_CACHE = 64;
/** Up to this many links the in-memory adjacency is read again within the request that finds it stale. */
const SMALL_GRAPH_LINKS = 50_000;
/** How long the graph must go unwritten before the in-memory adjacency is read again. */
const ADJACENCY_QUIET_MS = 2000;
/** A bulk load of more rows than this drops the in-memory adjacency instead of patching it. */
const BULK_SUSPENDS_ADJACENCY = 1000;

export class EmbeddedGraphStore implements GraphStore {
  /** Statements, cases and scopes, records, indexes and the cache, shared with entity resolution (embedded/core.ts). */
  private readonly core: GraphCore;
  private readonly q: GraphStatements;
  private cacheDataVersion = -1;
  /** What the neighbourhood reads of every node and link it meets, in memory (embedded/adjacency.ts). */
  private readonly adjacency: InMemoryAdjacency;
  private adjacencyPending = false;
  /** Entity resolution and cross-case matches (embedded/resolution.ts). */
  private readonly resolution: EmbeddedResolution;

  constructor(private readonly db: Db) {
    this.core = new GraphCore(db);
    this.q = this.core.q;
    this.resolution = new EmbeddedResolution(this.core);
    this.adjacency = new InMemoryAdjacency(db);
  }

  // ---- records ----------------------------------------------------------------

  /** Links whose ends are (almost always) among `ids`, which maps entity rids to their ids. */
  private idOf(rid: number, ids: Map<number, string>): string {
    let id = ids.get(rid);
    if (id === undefined) ids.set(rid, (id = this.q.idByRid.get(rid)!.id));
    return id;
  }

  private toLinks(rows: BareLinkRow[], ids: Map<number, string>): LinkRecord[] {
    const idOf = (rid: number) => this.idOf(rid, ids);
    // Built directly (no intermediate row copy): a case graph makes thousands of these per request.
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      source: idOf(r.src),
      target: idOf(r.dst),
      caseId: this.core.caseIdOf(r.case_rid),
      provenance: linkProvenance(r),
    }));
  }

  private toLink(r: LinkRow): LinkRecord {
    return {
      id: r.id,
      type: r.type,
      source: r.src_id,
      target: r.dst_id,
      caseId: r.case_id,
      provenance: linkProvenance(r),
    };
  }

  private requireCase(caseId: string): number {
    const rid = this.core.caseRid(caseId);
    if (rid === undefined) throw notFound('case', caseId);
    return rid;
  }

  // ---- writes -----------------------------------------------------------------

  private insertEntity(e: NewEntity, caseRid: number, meta: WriteMeta, now: string, field: string): EntityRow {
    if (!ENTITY_KINDS[e.kind]) throw badInput(`${field}.kind`, `unknown entity kind ${String(e.kind)}`);
    const props = validateEntityProps(e.kind, e.props, field);
    const role = this.checkRole(e.kind, e.role, `${field}.role`);
    const label = entityLabel(e.kind, props);
    let info;
    try {
      info = this.q.insertEntity.run({
        id: e.id,
        kind: e.kind,
        label,
        props: JSON.stringify(props),
        createdBy: meta.actorId,
        now,
        source: meta.source ?? null,
        reliability: meta.reliability ?? null,
      });
    } catch (err) {
      if (err instanceof Error && /UNIQUE/.test(err.message))
        throw new DomainError(ErrorCode.Conflict, `entity ${e.id} already exists`, `${field}.id`);
      throw err;
    }
    const rid = Number(info.lastInsertRowid);
    this.q.insertMembership.run(rid, caseRid, role, meta.actorId, now);
    this.core.index(rid, e.kind, props, true);
    return {
      rid,
      id: e.id,
      kind: e.kind,
      label,
      props: JSON.stringify(props),
      created_by: meta.actorId,
      created_at: now,
      updated_by: null,
      updated_at: now,
      source: meta.source ?? null,
      reliability: meta.reliability ?? null,
    };
  }

  private checkRole(kind: EntityKind, role: string | null | undefined, field: string): string | null {
    if (role === undefined || role === null) return kind === 'PERSON' ? 'OTHER' : null;
    if (kind !== 'PERSON') throw badInput(field, 'only a person has a role in a case');
    if (!(PERSON_ROLES as readonly string[]).includes(role)) throw badInput(field, `must be one of ${PERSON_ROLES.join(', ')}`);
    return role;
  }

  /** A link end that must be in the case: from the bulk cache when known, else from the database. */
  private linkEnd(id: string, caseRid: number, cache: BulkCache | undefined): { rid: number; kind: EntityKind } | null {
    const hit = cache?.ends.get(id);
    if (hit && hit.cases.has(caseRid)) return hit;
    const row = this.q.endById.get(id);
    return row && this.q.inCase.get(row.rid, caseRid) ? row : null;
  }

  private insertLink(l: NewLink, caseRid: number, meta: WriteMeta, now: string, field: string, cache?: BulkCache): void {
    const from = this.linkEnd(l.fromId, caseRid, cache);
    if (!from) throw badInput(`${field}.fromId`, `entity ${l.fromId} is not in this case`);
    const to = this.linkEnd(l.toId, caseRid, cache);
    if (!to) throw badInput(`${field}.toId`, `entity ${l.toId} is not in this case`);
    if (from.rid === to.rid) throw badInput(`${field}.toId`, 'an entity cannot be linked to itself');
    checkLinkKinds(l.type, from.kind, to.kind);
    try {
      this.q.insertLink.run({
        id: l.id,
        type: l.type,
        src: from.rid,
        dst: to.rid,
        caseRid,
        createdBy: meta.actorId,
        now,
        source: meta.source ?? null,
        reliability: meta.reliability ?? null,
        credibility: meta.credibility ?? null,
      });
    } catch (err) {
      if (err instanceof Error && /UNIQUE/.test(err.message))
        throw new DomainError(ErrorCode.Conflict, `link ${l.id} already exists`, `${field}.id`);
      throw err;
    }
  }

  /** Brings an existing entity into a case (or sets its role there when it already is); returns its rid. */
  private attachEntity(
    a: { entityId: string; role?: string | null },
    caseRid: number,
    meta: WriteMeta,
    now: string,
    field: string,
  ): number {
    const row = this.q.entityById.get(a.entityId);
    if (!row) throw notFound('entity', a.entityId);
    const role = this.checkRole(row.kind, a.role, `${field}.role`);
    if (this.q.inCase.get(row.rid, caseRid)) {
      if (a.role) this.q.updateRole.run(role, row.rid, caseRid);
    } else {
      this.q.insertMembership.run(row.rid, caseRid, role, meta.actorId, now);
    }
    return row.rid;
  }

  async write(change: GraphWrite, meta: WriteMeta): Promise<Subgraph> {
    return this.core.write(() => {
      const caseRid = this.requireCase(change.caseId);
      const now = new Date().toISOString();
      const rids: number[] = [];
      (change.entities ?? []).forEach((e, i) =>
        rids.push(this.insertEntity(e, caseRid, meta, now, change.entities!.length > 1 ? `entities.${i}` : 'input').rid),
      );
      (change.attach ?? []).forEach((a, i) => rids.push(this.attachEntity(a, caseRid, meta, now, `attach.${i}`)));
      const linkIds: string[] = [];
      (change.links ?? []).forEach((l, i) => {
        this.insertLink(l, caseRid, meta, now, change.links!.length > 1 ? `links.${i}` : 'input');
        linkIds.push(l.id);
      });
      const scope = [caseRid];
      const nodes = this.core.toRecords(this.q.entitiesByRids.all(JSON.stringify(rids)), scope);
      const edges = linkIds.map((id) => this.toLink(this.q.linkById.get(id)!));
      return { nodes, edges };
    });
  }

  async updateEntity(id: string, patch: Record<string, unknown>, scope: Scope, meta: WriteMeta): Promise<EntityRecord> {
    const scopeRids = this.core.scopeRids(scope);
    return this.core.write(() => {
      const row = this.q.entityById.get(id);
      if (!row || this.core.toRecords([row], scopeRids).length === 0) throw notFound('entity', id);
      const checked = validateEntityProps(row.kind, patch, 'props', true);
      const merged: Record<string, unknown> = { ...(JSON.parse(row.props) as Record<string, unknown>) };
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) delete merged[k];
        else merged[k] = checked[k];
      }
      const props = validateEntityProps(row.kind, merged, 'props');
      const label = entityLabel(row.kind, props);
      this.q.updateEntity.run(label, JSON.stringify(props), meta.actorId, new Date().toISOString(), row.rid);
      this.q.ftsDelete.run(row.rid);
      this.core.index(row.rid, row.kind, props);
      return this.core.toRecords([this.q.entityByRid.get(row.rid)!], scopeRids)[0];
    });
  }

  async removeEntity(caseId: string, id: string, meta: WriteMeta): Promise<{ removedLinks: string[] }> {
    return this.core.write(() => {
      const caseRid = this.requireCase(caseId);
      const row = this.q.entityById.get(id);
      if (!row || !this.q.inCase.get(row.rid, caseRid)) throw notFound('entity', id);
      const now = new Date().toISOString();
      const links = this.q.linksOfEntityInCase.all(row.rid, caseRid, row.rid, caseRid);
      for (const l of links) this.q.deleteLinkRid.run(l.rid);
      // The entities at the other end lost a link: they changed too (as with deleteLink).
      for (const other of new Set(links.map((l) => (l.src === row.rid ? l.dst : l.src)))) this.q.stampEntity.run(meta.actorId, now, other);
      this.q.deleteMembership.run(row.rid, caseRid);
      if (this.q.membershipCount.get(row.rid)!.n === 0) {
        // Gone entirely: nothing is left to stamp; the audit record of the mutation names who and when.
        this.core.unindex(row.rid);
        this.q.deleteEntity.run(row.rid);
      } else {
        this.q.stampEntity.run(meta.actorId, now, row.rid);
      }
      return { removedLinks: links.map((l) => l.id) };
    });
  }

  async deleteLink(caseId: string, id: string, meta: WriteMeta): Promise<LinkRecord> {
    return this.core.write(() => {
      const caseRid = this.requireCase(caseId);
      const row = this.q.linkById.get(id);
      if (!row || row.case_rid !== caseRid) throw notFound('link', id);
      this.q.deleteLinkRid.run(row.rid);
      // Both ends are still in the case (a link's case holds its ends): each changed by losing the link.
      const now = new Date().toISOString();
      this.q.stampEntity.run(meta.actorId, now, row.src);
      this.q.stampEntity.run(meta.actorId, now, row.dst);
      return this.toLink(row);
    });
  }

  async regradeLink(caseId: string, id: string, grade: LinkGrade, meta: WriteMeta): Promise<{ before: LinkRecord; after: LinkRecord }> {
    return this.core.write(() => {
      const caseRid = this.requireCase(caseId);
      const row = this.q.linkById.get(id);
      if (!row || row.case_rid !== caseRid) throw notFound('link', id);
      this.q.regradeLinkRid.run(grade.reliability, grade.credibility, row.rid);
      // Both ends changed with it: their "last changed by" names who regraded.
      const now = new Date().toISOString();
      this.q.stampEntity.run(meta.actorId, now, row.src);
      this.q.stampEntity.run(meta.actorId, now, row.dst);
      return { before: this.toLink(row), after: this.toLink(this.q.linkById.get(id)!) };
    });
  }

  // ---- reads ------------------------------------------------------------------

  async getEntities(ids: readonly string[], scope: Scope): Promise<EntityRecord[]> {
    const rows = ids.map((id) => this.q.entityById.get(id)).filter((r): r is EntityRow => r !== undefined);
    return this.core.toRecords(rows, this.core.scopeRids(scope));
  }

  async caseGraph(caseId: string, scope: Scope): Promise<Subgraph> {
    if (!scope.caseIds.has(caseId)) return { nodes: [], edges: [] };
    const caseRid = this.core.caseRid(caseId);
    if (caseRid === undefined) return { nodes: [], edges: [] };
    const graph = this.cachedCaseGraph(caseRid);
    // The reader's scope is applied on every read: the cache holds every membership, the answer only visible ones.
    const visible = new Set(this.core.scopeRids(scope));
    const nodes: EntityRecord[] = [];
    for (const n of graph.nodes) {
      const cases = n.memberships
        .filter((m) => visible.has(m.caseRid))
        .map((m) => ({ caseId: this.core.caseIdOf(m.caseRid), role: m.role }));
      if (cases.length) nodes.push({ ...n.record, cases });
    }
    return { nodes, edges: graph.edges };
  }

  /**
   * Case graphs are read far more often than they change. One is kept until the next write
   * through this store, or until another connection (the importer, say) commits, which
   * SQLite's data_version reveals.
   */
  private cachedCaseGraph(caseRid: number): CachedCaseGraph {
    const dataVersion = this.q.dataVersion.get() as number;
    if (dataVersion !== this.cacheDataVersion) {
      this.core.caseGraphs.clear();
      this.cacheDataVersion = dataVersion;
    }
    const hit = this.core.caseGraphs.get(caseRid);
    if (hit) return hit;
    const rows = this.q.entitiesOfCase.all(caseRid);
    const memberships = new Map<number, Array<{ caseRid: number; role: string | null }>>();
    for (const m of this.q.memberships.all(JSON.stringify(rows.map((r) => r.rid)))) {
      let list = memberships.get(m.entity_rid);
      if (!list) memberships.set(m.entity_rid, (list = []));
      list.push({ caseRid: m.case_rid, role: m.role });
    }
    const graph: CachedCaseGraph = {
      nodes: rows.map((r) => ({
        record: {
          id: r.id,
          kind: r.kind,
          label: r.label,
          props: JSON.parse(r.props) as Record<string, unknown>,
          provenance: entityProvenance(r),
        },
        memberships: memberships.get(r.rid) ?? [],
      })),
      edges: this.toLinks(this.q.bareLinksOfCase.all(caseRid), new Map(rows.map((r) => [r.rid, r.id]))),
    };
    const cache = this.core.caseGraphs;
    if (cache.size >= CASE_GRAPH_CACHE) cache.delete(cache.keys().next().value!);
    cache.set(caseRid, graph);
    return graph;
  }

  async neighborhood(q: NeighborhoodQuery, scope: Scope): Promise<Subgraph> {
    return this.walk(q, scope, this.adjacencyReady() ? this.adjacency : null);
  }

  /** The same answer read from SQLite alone, never from the in-memory adjacency (the reference its tests compare with). */
  neighborhoodFromDatabase(q: NeighborhoodQuery, scope: Scope): Subgraph {
    return this.walk(q, scope, null);
  }

  /**
   * Reads the in-memory adjacency (embedded/adjacency.ts) now. The stores call it soon after opening;
   * afterwards it is rebuilt only when another connection wrote to the file or too much changed.
   */
  buildAdjacency(): InMemoryAdjacency['lastBuild'] {
    this.adjacency.build();
    return this.adjacency.lastBuild;
  }

  /** The same in steps, the event loop free between them (what the stores do after opening a large graph). */
  buildAdjacencyInSteps(): Promise<boolean> {
    return this.adjacency.buildInSteps();
  }

  /**
   * The read of the in-memory adjacency begun when the stores opened (see openAdjacency): resolves whether it
   * was read. The benchmarks wait for it; the server does not (the neighbourhood reads SQLite until then).
   */
  adjacencyOpened: Promise<boolean> = Promise.resolve(false);
  /** Up to this many links the adjacency is read within the request that finds it stale (SMALL_GRAPH_LINKS). */
  private atOnceUpTo = SMALL_GRAPH_LINKS;

  /**
   * Reads the in-memory adjacency after opening: a small graph (up to `atOnceUpTo` links) at once, a large one in steps
   * with the event loop free between them, so that opening a million-entity store (the server's start, an
   * import's) does not wait the seconds it takes. Meanwhile, and if the read gives up (another process wrote,
   * say), the neighbourhood reads SQLite and a rebuild waits for the graph to go quiet.
   */
  openAdjacency(atOnceUpTo = SMALL_GRAPH_LINKS): Promise<boolean> {
    this.atOnceUpTo = atOnceUpTo;
    if ((this.q.maxLinkRid.get() ?? 0) <= atOnceUpTo) {
      this.adjacency.build();
      this.adjacencyOpened = Promise.resolve(true);
    } else {
      const retryLater = (read: boolean): boolean => {
        if (!read && this.db.open) this.scheduleAdjacencyBuild();
        return read;
      };
      this.adjacencyOpened = this.adjacency.buildInSteps().then(retryLater, () => retryLater(false));
    }
    return this.adjacencyOpened;
  }

  /** Whether the in-memory adjacency is current (read since the last write of another connection). */
  adjacencyInUse(): boolean {
    return this.adjacency.ready();
  }

  /** The last build of the in-memory adjacency: how long it took, its arrays' bytes, its links and memberships. */
  adjacencyStats(): InMemoryAdjacency['lastBuild'] {
    return this.adjacency.lastBuild;
  }

  /** Whether the neighbourhood may read the in-memory adjacency; schedules its rebuild when it may not. */
  private adjacencyReady(): boolean {
    if (this.adjacency.ready()) return true;
    // A small graph is read again at once (milliseconds); a large one off the request, which meanwhile reads SQLite.
    if ((this.q.maxLinkRid.get() ?? 0) <= this.atOnceUpTo) {
      this.adjacency.build();
      return true;
    }
    this.scheduleAdjacencyBuild();
    return false;
  }

  /**
   * Rebuilds the in-memory adjacency off the request once the graph has not been written for
   * ADJACENCY_QUIET_MS (during an import in this or another process, a copy would be stale at once).
   */
  scheduleAdjacencyBuild(): void {
    if (this.adjacencyPending) return;
    this.adjacencyPending = true;
    const mark = this.adjacency.activity();
    const done = () => {
      this.adjacencyPending = false;
    };
    setTimeout(() => {
      if (!this.db.open || !this.adjacency.stale()) return done();
      if (this.adjacency.activity() !== mark) {
        done();
        return this.scheduleAdjacencyBuild();
      }
      // In steps: the server keeps answering (from SQLite for the neighbourhood) while it is read.
      this.adjacency.buildInSteps().then(done, done);
    }, ADJACENCY_QUIET_MS).unref?.();
  }

  private walk(q: NeighborhoodQuery, scope: Scope, adj: InMemoryAdjacency | null): Subgraph {
    const scopeRids = this.core.scopeRids(scope);
    const visible = new Set(scopeRids);
    const types = q.linkTypes && q.linkTypes.length ? new Set<string>(q.linkTypes) : null;
    const kinds = q.kinds && q.kinds.length ? new Set<string>(q.kinds) : null;
    const limit = q.limit ?? DEFAULT_NODE_LIMIT;
    const depth = Math.max(0, Math.min(q.depth, 6));

    // Rows are fetched once, in one batch, after the walk: the walk itself reads only the link indexes
    // (or their in-memory copy), and an entity's kind when filtering by kind.
    const seen = new Set<number>();
    let frontier: number[] = [];
    for (const id of q.ids) {
      const row = this.q.entityById.get(id);
      // A start entity outside the scope is treated as absent (no error that would confirm it exists).
      if (row && !seen.has(row.rid) && this.core.toRecords([row], scopeRids).length) {
        seen.add(row.rid);
        frontier.push(row.rid);
      }
    }
    // Each link taken, with its [source, target, case, type] as the walk met it.
    const links = new Map<number, [number, number, number, string]>();
    let next: number[] = [];
    let from = 0;
    let outgoing = true;
    const visit = (linkRid: number, other: number, caseRid: number, type: string) => {
      if (!visible.has(caseRid) || (types && !types.has(type))) return;
      if (!seen.has(other)) {
        if (seen.size >= limit) return;
        if (kinds && !kinds.has(this.q.kindByRid.get(other)?.kind ?? '')) return;
        seen.add(other);
        next.push(other);
      }
      links.set(linkRid, outgoing ? [from, other, caseRid, type] : [other, from, caseRid, type]);
    };
    for (let d = 0; d < depth && frontier.length && seen.size < limit; d++) {
      next = [];
      // As SQLite reads `IN (…)`: the level in rid order, all outgoing links first, then all incoming.
      const level = frontier.sort((a, b) => a - b);
      for (const out of [true, false]) {
        outgoing = out;
        const step = out ? this.q.adjOutOfManyWithEnd : this.q.adjInOfManyWithEnd;
        const fromDb = adj ? level.filter((r) => adj.entityDirty(r)) : level;
        const read = new Map<number, AdjacentTuple[]>();
        if (fromDb.length) {
          for (const [end, ...row] of step.all(JSON.stringify(fromDb))) {
            let list = read.get(end);
            if (!list) read.set(end, (list = []));
            list.push(row);
          }
        }
        for (const rid of level) {
          from = rid;
          if (adj && !adj.entityDirty(rid)) adj.eachAdjacent(out, rid, visit);
          else for (const [linkRid, other, caseRid, type] of read.get(rid) ?? []) visit(linkRid, other, caseRid, type);
        }
      }
      frontier = next;
    }
    const rows = this.q.entityTuplesByRids.all(JSON.stringify([...seen])).map(entityRow);
    const ids = new Map(rows.map((r) => [r.rid, r.id]));
    if (!adj) {
      const nodes = this.core.toRecords(rows, visible);
      const edges = links.size ? this.toLinks(this.q.linkTuplesByRids.all(JSON.stringify([...links.keys()])).map(linkRow), ids) : [];
      return { nodes, edges };
    }

    // Memberships and links from the copy, except those changed since it was read.
    const byRid = new Map<number, Array<{ caseId: string; role: string | null }>>();
    const add = (entityRid: number, caseRid: number, role: string | null) => {
      if (!visible.has(caseRid)) return;
      let list = byRid.get(entityRid);
      if (!list) byRid.set(entityRid, (list = []));
      list.push({ caseId: this.core.caseIdOf(caseRid), role });
    };
    const changedEntities: number[] = [];
    for (const r of rows) {
      if (adj.entityDirty(r.rid)) changedEntities.push(r.rid);
      else adj.eachMembership(r.rid, (caseRid, role) => add(r.rid, caseRid, role));
    }
    if (changedEntities.length)
      for (const [entityRid, caseRid, role] of this.q.membershipTuples.all(JSON.stringify(changedEntities))) add(entityRid, caseRid, role);
    const nodes = this.core.recordsOf(rows, byRid);

    const order = [...links.keys()].sort((a, b) => a - b);
    const changedLinks = order.filter((l) => adj.linkDirty(l));
    const fromDb = new Map<number, LinkRecord>();
    if (changedLinks.length) {
      const read = this.q.linkTuplesByRids.all(JSON.stringify(changedLinks)).map(linkRow);
      this.toLinks(read, ids).forEach((l, i) => fromDb.set(read[i].rid, l));
    }
    const edges: LinkRecord[] = [];
    for (const l of order) {
      if (adj.linkDirty(l)) {
        const hit = fromDb.get(l);
        if (hit) edges.push(hit);
        continue;
      }
      const [src, dst, caseRid, type] = links.get(l)!;
      const c = adj.linkColumns(l);
      edges.push({
        id: c.id,
        type: type as LinkRecord['type'],
        source: this.idOf(src, ids),
        target: this.idOf(dst, ids),
        caseId: this.core.caseIdOf(caseRid),
        provenance: {
          createdBy: c.createdBy,
          createdAt: c.createdAt,
          source: c.source,
          reliability: c.reliability as LinkRecord['provenance']['reliability'],
          credibility: c.credibility,
        },
      });
    }
    return { nodes, edges };
  }

  async expand(ids: readonly string[], scope: Scope, filters?: ExpandFilters): Promise<AdjacentLink[]> {
    const visible = new Set(this.core.scopeRids(scope));
    if (visible.size === 0) return [];
    const types = filters?.linkTypes && filters.linkTypes.length ? new Set<string>(filters.linkTypes) : null;
    const grades = acceptedGrades(filters);
    const reliabilities = grades.reliabilities ? new Set<string>(grades.reliabilities) : null;
    const credibilities = grades.credibilities ? new Set<number>(grades.credibilities) : null;
    const out: AdjacentLink[] = [];
    const take = (fromId: string, r: StepRow, outgoing: boolean) => {
      // Scope first: a link of a case outside it is skipped before anything of it is read out.
      if (!visible.has(r.case_rid)) return;
      if (types && !types.has(r.type)) return;
      if (reliabilities && (r.reliability === null || !reliabilities.has(r.reliability))) return;
      if (credibilities && (r.credibility === null || !credibilities.has(r.credibility))) return;
      out.push({
        fromId,
        otherId: r.other_id,
        otherKind: r.other_kind,
        otherObservedAt: r.observed_at,
        link: {
          id: r.id,
          type: r.type,
          source: outgoing ? fromId : r.other_id,
          target: outgoing ? r.other_id : fromId,
          caseId: this.core.caseIdOf(r.case_rid),
          provenance: linkProvenance(r),
        },
      });
    };
    for (const id of new Set(ids)) {
      const end = this.q.endById.get(id);
      if (!end) continue;
      for (const r of this.q.stepOut.all(end.rid)) take(id, r, true);
      for (const r of this.q.stepIn.all(end.rid)) take(id, r, false);
    }
    return out;
  }

  async search(q: SearchQuery, scope: Scope): Promise<EntityRecord[]> {
    const match = ftsQuery(q.text);
    if (!match) return [];
    let scopeRids = this.core.scopeRids(scope);
    if (q.caseId !== undefined) {
      const rid = scope.caseIds.has(q.caseId) ? this.core.caseRid(q.caseId) : undefined;
      if (rid === undefined) return [];
      scopeRids = [rid];
    }
    if (scopeRids.length === 0) return [];
    const limit = Math.min(q.limit ?? SEARCH_LIMIT, 200);
    const kinds = q.kinds && q.kinds.length ? new Set<string>(q.kinds) : null;
    const scopeJson = JSON.stringify(scopeRids);
    const visibleSet = new Set(scopeRids);
    const wanted = (r: LightRow) => !kinds || kinds.has(r.kind);

    // Newest matches first, a page at a time, keeping those in scope. Ranking every match by bm25
    // costs tens of milliseconds for a common name in a million entities; reading the index in
    // rowid order stops as soon as enough candidates are found. Candidates are read light (kind
    // and label); full rows only for the few returned.
    const want = limit + 10;
    const found: LightRow[] = [];
    const taken = new Set<number>();
    const collect = (query: string) => {
      let before = Number.MAX_SAFE_INTEGER;
      let pages = 0;
      for (; pages < SEARCH_PAGES && found.length < want; pages++) {
        const page = this.q.ftsPage.all(query, before, SEARCH_PAGE).map((r) => r.rowid);
        if (page.length === 0) return;
        before = page[page.length - 1];
        const visible = new Set<number>();
        for (const m of this.q.membershipRids.all(JSON.stringify(page)))
          if (visibleSet.has(m.case_rid) && !taken.has(m.entity_rid)) visible.add(m.entity_rid);
        if (visible.size) {
          for (const row of this.q.lightByRids.all(JSON.stringify([...visible]))) {
            if (!wanted(row)) continue;
            taken.add(row.rid);
            found.push(row);
          }
        }
        if (page.length < SEARCH_PAGE) return; // the index has no more matches
      }
      // A small scope among very common words: finish with one scan of the rest, filtered in SQL.
      if (pages === SEARCH_PAGES && found.length < limit) {
        for (const row of this.q.searchRest.all(query, before, scopeJson, limit * 4)) {
          if (!wanted(row) || taken.has(row.rid)) continue;
          taken.add(row.rid);
          found.push(row);
        }
      }
    };
    // Whole words first (a prefix query costs several times more in the index), then, when they
    // are not enough, the last word as a prefix, for a name still being typed.
    const exact = match.replace(/\*$/, '');
    collect(exact);
    if (found.length < want && exact !== match) collect(match);
    const chosen = rankByLabel(found, q.text).slice(0, limit);
    const order = new Map(chosen.map((r, i) => [r.rid, i]));
    const rows = this.q.entitiesByRids.all(JSON.stringify(chosen.map((r) => r.rid))).sort((a, b) => order.get(a.rid)! - order.get(b.rid)!);
    // Memberships are reported for every visible case, not only the one searched in.
    return this.core.toRecords(rows, this.core.scopeRids(scope));
  }

  async locationsWithin(box: { minLat: number; maxLat: number; minLon: number; maxLon: number }, scope: Scope): Promise<EntityRecord[]> {
    const scopeRids = this.core.scopeRids(scope);
    return this.core.toRecords(this.q.within.all(box.minLat, box.maxLat, box.minLon, box.maxLon, JSON.stringify(scopeRids)), scopeRids);
  }

  async caseSightings(caseId: string, scope: Scope): Promise<EntityRecord[]> {
    if (!scope.caseIds.has(caseId)) return [];
    const rid = this.core.caseRid(caseId);
    if (rid === undefined) return [];
    return this.core.toRecords(this.q.sightingsOfCase.all(rid), this.core.scopeRids(scope));
  }

  async counts(): Promise<{ entities: number; links: number }> {
    return this.q.counts.get()!;
  }

  // ---- entity resolution and cross-case matches (embedded/resolution.ts) ----------

  async crossCaseMatches(caseId: string, scope: Scope): Promise<CrossCaseMatches> {
    return this.resolution.crossCaseMatches(caseId, scope);
  }

  async nearCases(caseId: string, maxDistance: number, scope: Scope): Promise<NearCaseRow[]> {
    return this.resolution.nearCases(caseId, maxDistance, scope);
  }

  async duplicateCandidates(entityId: string, scope: Scope, limit?: number): Promise<DuplicateCandidateRow[]> {
    return this.resolution.duplicateCandidates(entityId, scope, limit);
  }

  async rejectDuplicate(entityId: string, otherId: string, scope: Scope, meta: WriteMeta): Promise<void> {
    this.resolution.rejectDuplicate(entityId, otherId, scope, meta);
  }

  async caseDuplicatePairs(caseId: string, scope: Scope, limit?: number): Promise<DuplicatePairRow[]> {
    return this.resolution.caseDuplicatePairs(caseId, scope, limit);
  }

  async rejectedPairs(caseId: string, scope: Scope): Promise<RejectedPairRow[]> {
    return this.resolution.rejectedPairs(caseId, scope);
  }

  async unrejectDuplicate(entityId: string, otherId: string, scope: Scope, _meta: WriteMeta): Promise<boolean> {
    return this.core.write(() => this.resolution.unrejectDuplicate(entityId, otherId, scope));
  }

  async mergeEntities(req: MergeRequest, scope: Scope, meta: WriteMeta): Promise<MergeRecord> {
    return this.resolution.mergeEntities(req, scope, meta);
  }

  async undoMerge(mergeId: string, scope: Scope, meta: WriteMeta): Promise<MergeRecord> {
    return this.resolution.undoMerge(mergeId, scope, meta);
  }

  async merges(caseId: string, scope: Scope): Promise<MergeRecord[]> {
    return this.resolution.merges(caseId, scope);
  }

  /**
   * Loads many entities and links in one transaction with the same checks as
   * `write` (a bad row throws with its index and nothing is kept). Synchronous
   * on purpose: the importer and the benchmarks stream through it.
   */
  bulkLoad(
    rows: {
      entities: ReadonlyArray<NewEntity & { caseId: string }>;
      /** Entities already stored (or loaded above) brought into another case, as `write`'s `attach`. */
      attach?: ReadonlyArray<{ entityId: string; caseId: string; role?: string | null }>;
      links: ReadonlyArray<NewLink & { caseId: string }>;
    },
    meta: WriteMeta,
    onRow?: (kind: 'entity' | 'attach' | 'link', index: number) => void,
    cache?: BulkCache,
  ): { entities: number; attached: number; links: number } {
    // A large load drops the neighbourhood's in-memory adjacency (read again once the graph is quiet) rather than
    // patching it row by row: its triggers would cost a call into JavaScript per row.
    if (rows.entities.length + (rows.attach?.length ?? 0) + rows.links.length > BULK_SUSPENDS_ADJACENCY) this.adjacency.suspend();
    const tx = this.db.transaction(() => {
      const now = new Date().toISOString();
      this.core.bulkKeys = [];
      rows.entities.forEach((e, i) => {
        onRow?.('entity', i);
        const caseRid = this.requireCase(e.caseId);
        const row = this.insertEntity(e, caseRid, meta, now, `entities.${i}`);
        cache?.remember(e.id, row.rid, row.kind, caseRid);
      });
      (rows.attach ?? []).forEach((a, i) => {
        onRow?.('attach', i);
        const caseRid = this.requireCase(a.caseId);
        const rid = this.attachEntity(a, caseRid, meta, now, `attach.${i}`);
        if (cache) cache.remember(a.entityId, rid, this.q.kindByRid.get(rid)!.kind as EntityKind, caseRid);
      });
      rows.links.forEach((l, i) => {
        onRow?.('link', i);
        this.insertLink(l, this.requireCase(l.caseId), meta, now, `links.${i}`, cache);
      });
      // Inside the batch's transaction: a refused row rolls these back with the rest.
      this.core.insertKeys(this.core.bulkKeys);
      return { entities: rows.entities.length, attached: rows.attach?.length ?? 0, links: rows.links.length };
    });
    cache?.begin();
    try {
      const r = tx();
      cache?.commit();
      return r;
    } catch (err) {
      cache?.rollback();
      throw err;
    } finally {
      this.core.bulkKeys = null;
      this.core.wrote();
    }
  }
}
