import { PERSON_ROLES, type EntityKind } from '@homeward/graph-schema';
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
  ExpandFilters,
  GraphStore,
  GraphWrite,
  LinkGrade,
  NeighborhoodQuery,
  Scope,
  SearchQuery,
  WriteMeta,
} from '../port';
import { acceptedGrades } from '../expand-filters';
import { MAX_CHAIN_LENGTH, type CypherName } from './cypher';
import { luceneQuery } from './lucene';
import {
  entityUpdate,
  isEntityKind,
  obj,
  optStr,
  storedProps,
  str,
  toEntityRecord,
  toLinkRecord,
  entityOfList,
  linkOfList,
  LINK_REL_FIELDS,
  type Row,
} from './mapping';
import { int, type Tx, type TxRunner } from './tx';
import { Neo4jResolution, setResolutionKeys } from './resolution';
import type {
  CrossCaseMatches,
  DuplicateCandidateRow,
  DuplicatePairRow,
  RejectedPairRow,
  MergeRecord,
  MergeRequest,
  NearCaseRow,
} from '../port';

/* Limits shared with the embedded store, so both adapters answer alike. */
const DEFAULT_NODE_LIMIT = 2000;
const MAX_NEIGHBORHOOD_DEPTH = 6;
const SEARCH_LIMIT = 50;
const MAX_SEARCH_LIMIT = 200;
const MAX_LOCATIONS = 5000;
/** Shortest chains a shortestChain statement collects to choose from; at this many the general search answers instead. */
const CHAIN_CAP = 1000;

const caseIdsOf = (scope: Scope) => [...scope.caseIds];
const EMPTY: Subgraph = { nodes: [], edges: [] };

/** A person's role in a case, checked like the embedded store: people default to OTHER, other kinds have none. */
export function checkRole(kind: EntityKind, role: string | null | undefined, field: string): string | null {
  if (role === undefined || role === null) return kind === 'PERSON' ? 'OTHER' : null;
  if (kind !== 'PERSON') throw badInput(field, 'only a person has a role in a case');
  if (!(PERSON_ROLES as readonly string[]).includes(role)) throw badInput(field, `must be one of ${PERSON_ROLES.join(', ')}`);
  return role;
}

/** Field names of a write, as the embedded store reports them: `input` for a single item, `entities.3` in a batch. */
const fieldOf = (what: 'entities' | 'links', i: number, count: number) => (count > 1 ? `${what}.${i}` : 'input');

/**
 * A traversal step as cypher.ts hopFields sends it: [fromId, otherId, otherKind, link id, type, whether
 * the link points away from fromId, linkRelList].
 */
type Hop = readonly unknown[];

/** A step's link: its ends are the step's two ends, in the direction the step says. */
const hopLink = (h: Hop): LinkRecord =>
  h[5] === true ? linkOfList(h[3], h[4], h[0], h[1], h[6]) : linkOfList(h[3], h[4], h[1], h[0], h[6]);

/** A row of the `expand` statement (the levels after the second) as a Hop. */
const hopOfRow = (r: Row): Hop => {
  const rel = obj(r, 'rel', 'link');
  return [r.fromId, r.otherId, r.otherKind, r.id, r.type, r.source === r.fromId, LINK_REL_FIELDS.map((k) => rel[k])];
};

/** An entity sent as cypher.ts entityList, with its memberships as visibleCaseList (caseGraph, search). */
const listedEntity = (node: unknown, cases: unknown): EntityRecord => entityOfList(node as unknown[], cases as unknown[]);

async function visible(tx: Tx, ids: readonly string[], caseIds: readonly string[]): Promise<EntityRecord[]> {
  if (ids.length === 0 || caseIds.length === 0) return [];
  const rows = await tx.run('visibleEntities', { ids: [...new Set(ids)], caseIds });
  const byId = new Map(rows.map((r) => [str(obj(r, 'node'), 'id'), toEntityRecord(obj(r, 'node'), r.cases)]));
  return ids.flatMap((id) => {
    const rec = byId.get(id);
    return rec ? [rec] : [];
  });
}

const records = (rows: Row[]) => rows.map((r) => toEntityRecord(obj(r, 'node'), r.cases));

export class Neo4jGraphStore implements GraphStore {
  /** Entity resolution and cross-case matches (neo4j/resolution.ts). */
  private readonly resolution: Neo4jResolution;

  constructor(private readonly db: TxRunner) {
    this.resolution = new Neo4jResolution(db);
  }

  async write(change: GraphWrite, meta: WriteMeta): Promise<Subgraph> {
    const entities = change.entities ?? [];
    const attach = change.attach ?? [];
    const links = change.links ?? [];
    // Everything that needs no database is checked before the transaction opens.
    const prepared = entities.map((e, i) => {
      const field = fieldOf('entities', i, entities.length);
      if (!isEntityKind(e.kind)) throw badInput(`${field}.kind`, `unknown entity kind ${String(e.kind)}`);
      const props = validateEntityProps(e.kind, e.props, field);
      return {
        kind: e.kind,
        row: {
          id: e.id,
          props: storedProps(e.kind, props),
          label: entityLabel(e.kind, props),
          role: checkRole(e.kind, e.role, `${field}.role`),
        },
      };
    });
    const now = new Date().toISOString();
    const common = {
      caseId: change.caseId,
      actorId: meta.actorId,
      now,
      source: meta.source ?? null,
      reliability: meta.reliability ?? null,
    };
    // An integer in Neo4j (a JS number would be stored as a float).
    const linkCommon = { ...common, credibility: typeof meta.credibility === 'number' ? int(meta.credibility) : null };

    return this.db.write(async (tx) => {
      if ((await tx.run('caseExists', { caseId: change.caseId })).length === 0) throw notFound('case', change.caseId);

      const newIds = prepared.map((p) => p.row.id);
      const attachIds = attach.map((a) => a.entityId);
      const endpointIds = links.flatMap((l) => [l.fromId, l.toId]);
      const before = await this.states(tx, newIds, change.caseId);
      prepared.forEach((p, i) => {
        if (before.has(p.row.id))
          throw new DomainError(ErrorCode.Conflict, `entity ${p.row.id} already exists`, `${fieldOf('entities', i, prepared.length)}.id`);
      });

      for (const kind of new Set(prepared.map((p) => p.kind))) {
        const rows = prepared.filter((p) => p.kind === kind).map((p) => p.row);
        await tx.run(`createEntity.${kind}`, { ...common, kind, rows });
      }
      await setResolutionKeys(
        tx,
        entities.map((e, i) => ({ id: e.id, kind: prepared[i].kind, props: e.props })),
        true,
      );

      const attached = await this.states(tx, attachIds, change.caseId);
      const attachRows = attach.map((a, i) => {
        const state = attached.get(a.entityId);
        if (!state) throw notFound('entity', a.entityId);
        const role = checkRole(state.kind, a.role, `attach.${i}.role`);
        return { entityId: a.entityId, role, newRole: a.role ? role : null };
      });
      if (attachRows.length) await tx.run('attachEntities', { caseId: change.caseId, actorId: meta.actorId, now, rows: attachRows });

      const edges: LinkRecord[] = [];
      if (links.length) {
        const inCase = await this.states(tx, endpointIds, change.caseId);
        const byType = new Map<string, Array<{ id: string; fromId: string; toId: string }>>();
        links.forEach((l, i) => {
          const field = fieldOf('links', i, links.length);
          const from = inCase.get(l.fromId);
          if (!from?.inCase) throw badInput(`${field}.fromId`, `entity ${l.fromId} is not in this case`);
          const to = inCase.get(l.toId);
          if (!to?.inCase) throw badInput(`${field}.toId`, `entity ${l.toId} is not in this case`);
          if (l.fromId === l.toId) throw badInput(`${field}.toId`, 'an entity cannot be linked to itself');
          checkLinkKinds(l.type, from.kind, to.kind);
          byType.set(l.type, [...(byType.get(l.type) ?? []), { id: l.id, fromId: l.fromId, toId: l.toId }]);
        });
        const taken = await tx.run('linkIdsTaken', { rows: links.map((l) => ({ id: l.id, fromId: l.fromId })) });
        if (taken.length) {
          const id = str(taken[0], 'id');
          const i = links.findIndex((l) => l.id === id);
          throw new DomainError(ErrorCode.Conflict, `link ${id} already exists`, `${fieldOf('links', i, links.length)}.id`);
        }
        const written = new Map<string, LinkRecord>();
        for (const [type, rows] of byType) {
          for (const r of await tx.run(`createLink.${type}` as CypherName, { ...linkCommon, rows })) {
            const rec = toLinkRecord(r);
            written.set(rec.id, rec);
          }
        }
        for (const l of links) {
          const rec = written.get(l.id);
          if (rec) edges.push(rec);
        }
      }
      // "As the case sees it": memberships in this case only.
      const nodes = await visible(tx, [...newIds, ...attachIds], [change.caseId]);
      return { nodes, edges };
    });
  }

  private async states(tx: Tx, ids: readonly string[], caseId: string): Promise<Map<string, { kind: EntityKind; inCase: boolean }>> {
    const out = new Map<string, { kind: EntityKind; inCase: boolean }>();
    if (ids.length === 0) return out;
    for (const r of await tx.run('entityStates', { ids: [...new Set(ids)], caseId })) {
      const kind = r.kind;
      if (!isEntityKind(kind)) throw new Error(`neo4j: entity ${String(r.id)} has an unknown kind ${String(kind)}`);
      out.set(str(r, 'id'), { kind, inCase: r.inCase === true });
    }
    return out;
  }

  async updateEntity(id: string, patch: Record<string, unknown>, scope: Scope, meta: WriteMeta): Promise<EntityRecord> {
    const caseIds = caseIdsOf(scope);
    return this.db.write(async (tx) => {
      const [current] = await visible(tx, [id], caseIds);
      if (!current) throw notFound('entity', id);
      const { set, label, props } = entityUpdate(current.kind, current.props, patch);
      await tx.run('setEntityProps', { id, set, label, actorId: meta.actorId, now: new Date().toISOString() });
      await setResolutionKeys(tx, [{ id, kind: current.kind, props }]);
      const [updated] = await visible(tx, [id], caseIds);
      return updated;
    });
  }

  async removeEntity(caseId: string, id: string, meta: WriteMeta): Promise<{ removedLinks: string[] }> {
    return this.db.write(async (tx) => {
      if ((await tx.run('caseExists', { caseId })).length === 0) throw notFound('case', caseId);
      if ((await tx.run('entityInCase', { id, caseId })).length === 0) throw notFound('entity', id);
      const removed = await tx.run('deleteCaseLinksOfEntity', { id, caseId });
      await tx.run('deleteMembership', { id, caseId });
      // The entity (when it stays in other cases) and the other ends of its links there changed. Stamped
      // before the orphan check: an entity deleted outright takes its stamp with it, its trace is the audit record.
      const changed = [id, ...new Set(removed.map((r) => str(r, 'otherId')))];
      await tx.run('stampEntities', { ids: changed, actorId: meta.actorId, now: new Date().toISOString() });
      // A link's case holds both its ends, so an entity in no case has no links left to lose.
      await tx.run('deleteOrphanEntity', { id });
      return { removedLinks: removed.map((r) => str(r, 'id')) };
    });
  }

  async deleteLink(caseId: string, id: string, meta: WriteMeta): Promise<LinkRecord> {
    return this.db.write(async (tx) => {
      if ((await tx.run('caseExists', { caseId })).length === 0) throw notFound('case', caseId);
      const [row] = await tx.run('deleteLink', { caseId, id });
      if (!row?.link) throw notFound('link', id);
      const link = toLinkRecord(row.link as Row);
      // Both ends changed by losing the link.
      await tx.run('stampEntities', { ids: [link.source, link.target], actorId: meta.actorId, now: new Date().toISOString() });
      return link;
    });
  }

  async regradeLink(caseId: string, id: string, grade: LinkGrade, meta: WriteMeta): Promise<{ before: LinkRecord; after: LinkRecord }> {
    return this.db.write(async (tx) => {
      if ((await tx.run('caseExists', { caseId })).length === 0) throw notFound('case', caseId);
      const [row] = await tx.run('regradeLink', {
        caseId,
        id,
        reliability: grade.reliability,
        credibility: grade.credibility === null ? null : int(grade.credibility),
      });
      if (!row?.before) throw notFound('link', id);
      const [before, after] = [toLinkRecord(row.before as Row), toLinkRecord(row.after as Row)];
      // Both ends changed with it: their "last changed by" names who regraded.
      await tx.run('stampEntities', { ids: [after.source, after.target], actorId: meta.actorId, now: new Date().toISOString() });
      return { before, after };
    });
  }

  async getEntities(ids: readonly string[], scope: Scope): Promise<EntityRecord[]> {
    return this.db.read((tx) => visible(tx, ids, caseIdsOf(scope)));
  }

  async caseGraph(caseId: string, scope: Scope): Promise<Subgraph> {
    if (!scope.caseIds.has(caseId)) return EMPTY;
    return this.db.read(async (tx) => {
      const rows = await tx.run('caseGraph', { caseId, caseIds: caseIdsOf(scope) });
      const nodes: EntityRecord[] = [];
      const edges: LinkRecord[] = [];
      for (const r of rows) {
        const node = listedEntity(r.node, r.cases);
        nodes.push(node);
        for (const l of r.links as unknown[][]) edges.push(linkOfList(l[0], l[1], node.id, l[2], l[3]));
      }
      return { nodes, edges };
    });
  }

  async neighborhood(q: NeighborhoodQuery, scope: Scope): Promise<Subgraph> {
    const caseIds = caseIdsOf(scope);
    const linkTypes = q.linkTypes && q.linkTypes.length ? [...q.linkTypes] : null;
    const kinds = q.kinds && q.kinds.length ? new Set<string>(q.kinds) : null;
    const limit = q.limit ?? DEFAULT_NODE_LIMIT;
    const depth = Math.max(0, Math.min(q.depth, MAX_NEIGHBORHOOD_DEPTH));
    if (q.ids.length === 0 || caseIds.length === 0) return EMPTY;
    return this.db.read(async (tx) => {
      // Levels 1 and 2 (and the starts' visibility) in one statement; deeper levels a statement each.
      const rows = await tx.run('neighborhood', {
        ids: [...new Set(q.ids)],
        caseIds,
        linkTypes,
        kinds: kinds ? [...kinds] : null,
        depth: int(Math.min(depth, 2)),
      });
      // Every node the statement reached, by id (null: in none of the reader's cases, so not shown).
      const records = new Map<string, EntityRecord | null>();
      const fetched: Hop[][] = [[], []];
      for (const r of rows) {
        const k = Number(r.k);
        const v = r.v as unknown[];
        if (k === 1 || k === 2) fetched[k - 1].push(v);
        else {
          const node = v[0] as unknown[];
          const cases = v[1] as unknown[];
          if (cases.length) {
            const rec = entityOfList(node, cases);
            records.set(rec.id, rec);
          } else records.set(String(node[0]), null);
        }
      }
      // A start entity outside the scope is treated as absent (an error would confirm it exists).
      const seen = new Set(q.ids.filter((id) => records.get(id)));
      const edges = new Map<string, LinkRecord>();
      let frontier = [...seen];
      /** One level of the breadth-first walk over `hops` (links from the frontier): the node limit and kinds filter apply. */
      const level = (hops: readonly Hop[], from: ReadonlySet<string>): string[] => {
        const next: string[] = [];
        for (const h of hops) {
          if (!from.has(h[0] as string)) continue;
          const other = h[1] as string;
          if (!seen.has(other)) {
            if (seen.size >= limit) continue;
            if (kinds && !kinds.has(h[2] as string)) continue;
            seen.add(other);
            next.push(other);
          }
          const id = h[3] as string;
          if (!edges.has(id)) edges.set(id, hopLink(h));
        }
        return next;
      };
      for (let d = 0; d < depth && frontier.length && seen.size < limit; d++) {
        const hops = d < fetched.length ? fetched[d] : (await tx.run('expand', { frontier, caseIds, linkTypes })).map(hopOfRow);
        frontier = level(hops, new Set(frontier));
      }
      const missing = [...seen].filter((id) => !records.has(id));
      for (const rec of await visible(tx, missing, caseIds)) records.set(rec.id, rec);
      const nodes = [...seen].flatMap((id) => {
        const rec = records.get(id);
        return rec ? [rec] : [];
      });
      return { nodes, edges: [...edges.values()] };
    });
  }

  async expand(ids: readonly string[], scope: Scope, filters?: ExpandFilters): Promise<AdjacentLink[]> {
    const caseIds = caseIdsOf(scope);
    if (ids.length === 0 || caseIds.length === 0) return [];
    const { reliabilities, credibilities } = acceptedGrades(filters);
    const linkTypes = filters?.linkTypes && filters.linkTypes.length ? [...filters.linkTypes] : null;
    return this.db.read(async (tx) => {
      const rows = await tx.run('expandGraded', {
        ids: [...new Set(ids)],
        caseIds,
        linkTypes,
        reliabilities,
        credibilities: credibilities?.map((c) => int(c)) ?? null,
      });
      return rows.map((r) => {
        const kind = r.otherKind;
        if (!isEntityKind(kind)) throw new Error(`neo4j: entity ${String(r.otherId)} has an unknown kind ${String(kind)}`);
        return {
          fromId: str(r, 'fromId'),
          otherId: str(r, 'otherId'),
          otherKind: kind,
          otherObservedAt: optStr(r, 'otherObservedAt'),
          link: toLinkRecord(r),
        };
      });
    });
  }

  async shortestChain(fromId: string, toId: string, maxLength: number, scope: Scope): Promise<Subgraph | null | undefined> {
    const caseIds = caseIdsOf(scope);
    if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > MAX_CHAIN_LENGTH || fromId === toId) return undefined;
    if (caseIds.length === 0) return null;
    return this.db.read(async (tx) => {
      const rows = await tx.run(`shortestChain.${maxLength}` as CypherName, { fromId, toId, caseIds, cap: int(CHAIN_CAP) });
      // No row: an end is not visible (treated as absent, as everywhere).
      if (rows.length === 0) return null;
      const nodes: EntityRecord[] = [];
      const edges: LinkRecord[] = [];
      for (const r of rows) {
        const v = r.v as unknown[];
        const k = Number(r.k);
        if (k === 0) {
          const found = Number(v[0]);
          // As many chains as the statement collects: the one to answer may be among those it left out.
          if (found >= CHAIN_CAP) return undefined;
          if (found === 0) return null;
        } else if (k === 1) {
          const cases = (v[1] as unknown[][]).map((c) => ({ caseId: c[0], role: c[1], caseCreatedAt: c[2] }));
          if (cases.length) nodes.push(toEntityRecord(v[0] as Row, cases));
        } else edges.push(toLinkRecord({ id: v[0], type: v[1], source: v[2], target: v[3], rel: v[4] }));
      }
      return { nodes, edges };
    });
  }

  async search(q: SearchQuery, scope: Scope): Promise<EntityRecord[]> {
    const query = luceneQuery(q.text);
    if (!query) return [];
    if (q.caseId !== undefined && !scope.caseIds.has(q.caseId)) return [];
    const caseIds = caseIdsOf(scope);
    if (caseIds.length === 0) return [];
    // Null: every visible case (the statement falls back to $caseIds, so the list is not sent twice).
    const searchCaseIds = q.caseId !== undefined ? [q.caseId] : null;
    const limit = Math.max(1, Math.min(q.limit ?? SEARCH_LIMIT, MAX_SEARCH_LIMIT));
    const kinds = q.kinds && q.kinds.length ? [...q.kinds] : null;
    return this.db.read(async (tx) =>
      // Memberships are reported for every visible case, not only the one searched in.
      (await tx.run('search', { query, kinds, searchCaseIds, caseIds, limit: int(limit) })).map((r) => listedEntity(r.node, r.cases)),
    );
  }

  async locationsWithin(box: { minLat: number; maxLat: number; minLon: number; maxLon: number }, scope: Scope): Promise<EntityRecord[]> {
    const caseIds = caseIdsOf(scope);
    const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
    // An inverted or non-numeric box finds nothing, as in the embedded store (Neo4j would read minLon > maxLon as crossing the antimeridian).
    if (caseIds.length === 0 || !(box.minLat <= box.maxLat) || !(box.minLon <= box.maxLon)) return [];
    const params = {
      caseIds,
      minLat: clamp(box.minLat, -90, 90),
      maxLat: clamp(box.maxLat, -90, 90),
      minLon: clamp(box.minLon, -180, 180),
      maxLon: clamp(box.maxLon, -180, 180),
      limit: int(MAX_LOCATIONS),
    };
    return this.db.read(async (tx) => records(await tx.run('locationsWithin', params)));
  }

  async caseSightings(caseId: string, scope: Scope): Promise<EntityRecord[]> {
    if (!scope.caseIds.has(caseId)) return [];
    return this.db.read(async (tx) => records(await tx.run('caseSightings', { caseId, caseIds: caseIdsOf(scope) })));
  }

  async counts(): Promise<{ entities: number; links: number }> {
    return this.db.read(async (tx) => {
      const [row] = await tx.run('counts');
      return { entities: Number(row?.entities ?? 0), links: Number(row?.links ?? 0) };
    });
  }

  // ---- entity resolution and cross-case matches (neo4j/resolution.ts) -----------------

  crossCaseMatches(caseId: string, scope: Scope): Promise<CrossCaseMatches> {
    return this.resolution.crossCaseMatches(caseId, scope);
  }

  nearCases(caseId: string, maxDistance: number, scope: Scope): Promise<NearCaseRow[]> {
    return this.resolution.nearCases(caseId, maxDistance, scope);
  }

  duplicateCandidates(entityId: string, scope: Scope, limit?: number): Promise<DuplicateCandidateRow[]> {
    return this.resolution.duplicateCandidates(entityId, scope, limit);
  }

  rejectDuplicate(entityId: string, otherId: string, scope: Scope, meta: WriteMeta): Promise<void> {
    return this.resolution.rejectDuplicate(entityId, otherId, scope, meta);
  }

  caseDuplicatePairs(caseId: string, scope: Scope, limit?: number): Promise<DuplicatePairRow[]> {
    return this.resolution.caseDuplicatePairs(caseId, scope, limit);
  }

  rejectedPairs(caseId: string, scope: Scope): Promise<RejectedPairRow[]> {
    return this.resolution.rejectedPairs(caseId, scope);
  }

  unrejectDuplicate(entityId: string, otherId: string, scope: Scope, _meta: WriteMeta): Promise<boolean> {
    return this.resolution.unrejectDuplicate(entityId, otherId, scope);
  }

  mergeEntities(req: MergeRequest, scope: Scope, meta: WriteMeta): Promise<MergeRecord> {
    return this.resolution.mergeEntities(req, scope, meta);
  }

  undoMerge(mergeId: string, scope: Scope, meta: WriteMeta): Promise<MergeRecord> {
    return this.resolution.undoMerge(mergeId, scope, meta);
  }

  merges(caseId: string, scope: Scope): Promise<MergeRecord[]> {
    return this.resolution.merges(caseId, scope);
  }
}
