import type { EntityKind } from '@homeward/graph-schema';
import {
  DomainError,
  ErrorCode,
  badInput,
  entityLabel,
  isIdentifierKey,
  resolutionKeys,
  type EntityRecord,
  type LinkRecord,
} from '@homeward/domain';
import type {
  CrossCaseMatches,
  DuplicateCandidateRow,
  DuplicatePairRow,
  RejectedPairRow,
  HiddenMatch,
  IdentifierMatch,
  MergeRecord,
  MergeRequest,
  MergeSnapshot,
  NearCaseRow,
  Scope,
  WriteMeta,
} from '../port';
import { nearCaseRows, walkNearCases } from '../near-cases';
import { aliasesAfter, aliasesFromMerge } from '../merge-aliases';
import type { CypherName } from './cypher';
import { entityProps, entityUpdate, isEntityKind, obj, optStr, storedProps, str, toEntityRecord, toLinkRecord, type Row } from './mapping';
import { int, type Tx, type TxRunner } from './tx';

/*
 * Entity resolution and cross-case matches for Neo4j: blocking keys as
 * (:Entity)-[:HAS_KEY]->(:ResolutionKey) (its id is unique, so a lookup is an
 * index seek), merges as (:Merge) nodes holding a JSON snapshot for undo,
 * rejected pairs as (:MergeRejection). Same rules and limits as the embedded
 * store (embedded/resolution.ts); the shared contract suite checks both.
 */

const IDENTIFIER_PREFIXES = ['plate:', 'vin:', 'phone:', 'imei:', 'handle:'];
const MAX_IDENTIFIER_ROWS = 5000;

const conflict = (field: string, reason: string) => new DomainError(ErrorCode.Conflict, `${field}: ${reason}`, field);
const absent = (field: string, what: string, id: string) => new DomainError(ErrorCode.NotFound, `${what} ${id} not found`, field);

/** Keeps an entity's blocking keys in step with its props (called by the graph store's writes). */
export async function setResolutionKeys(
  tx: Tx,
  entities: ReadonlyArray<{ id: string; kind: EntityKind; props: Record<string, unknown> }>,
  /** New entities have no old keys to remove: those without keys (locations, sightings) need no statement. */
  fresh = false,
): Promise<void> {
  const rows = entities.map((e) => ({ id: e.id, keys: resolutionKeys(e.kind, e.props) })).filter((r) => !fresh || r.keys.length > 0);
  if (rows.length === 0) return;
  await tx.run('setResolutionKeys', { rows });
}

function toMerge(m: Row): MergeRecord {
  const kind = m.kind;
  if (!isEntityKind(kind)) throw new Error(`neo4j: merge ${String(m.id)} has an unknown kind ${String(kind)}`);
  const snap = JSON.parse(str(m, 'snapshot', 'merge')) as Omit<MergeSnapshot, 'links'> & {
    links: Array<MergeSnapshot['links'][number] & { rel?: unknown }>;
  };
  return {
    id: str(m, 'id', 'merge'),
    caseId: str(m, 'caseId', 'merge'),
    kind,
    survivorId: str(m, 'survivorId', 'merge'),
    mergedId: str(m, 'mergedId', 'merge'),
    mergedLabel: str(m, 'mergedLabel', 'merge'),
    mergedBy: str(m, 'mergedBy', 'merge'),
    mergedAt: str(m, 'mergedAt', 'merge'),
    undoneBy: optStr(m, 'undoneBy'),
    undoneAt: optStr(m, 'undoneAt'),
    snapshot: { ...snap, links: snap.links.map(({ rel: _rel, ...l }) => l) },
  };
}

export class Neo4jResolution {
  constructor(private readonly db: TxRunner) {}

  private async agencyNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await tx.run('agencyNames', { ids: [...new Set(ids)] });
    return new Map(rows.map((r) => [str(r, 'id'), str(r, 'name')]));
  }

  async crossCaseMatches(caseId: string, scope: Scope): Promise<CrossCaseMatches> {
    if (!scope.caseIds.has(caseId)) return { shared: [], identifiers: [], hidden: [] };
    const caseIds = [...scope.caseIds];
    return this.db.read(async (tx) => {
      const shared = (await tx.run('caseEntityCases', { caseId, caseIds }))
        .map((r) => ({
          entityId: str(r, 'id'),
          otherCaseIds: (Array.isArray(r.cases) ? r.cases : [])
            .map(String)
            .filter((c) => c !== caseId)
            .sort(),
        }))
        .filter((x) => x.otherCaseIds.length > 0)
        .sort((a, b) => b.otherCaseIds.length - a.otherCaseIds.length || a.entityId.localeCompare(b.entityId));
      const same = await tx.run('hiddenSameEntity', { caseId, caseIds });
      const idRows = await tx.run('identifierMatches', { caseId, caseIds, prefixes: IDENTIFIER_PREFIXES, limit: int(MAX_IDENTIFIER_ROWS) });
      const names = await this.agencyNames(tx, [
        ...same.map((r) => str(r, 'agencyId')),
        ...idRows.flatMap((r) => (Array.isArray(r.hiddenAgencyIds) ? r.hiddenAgencyIds.map(String) : [])),
      ]);
      // Only the agency's name leaves the store for a case outside the scope.
      const hidden = new Map<string, HiddenMatch>();
      const hide = (entityId: string, agencyId: string, reason: HiddenMatch['reason']) => {
        const m: HiddenMatch = { entityId, agencyName: names.get(agencyId) ?? 'unknown agency', reason };
        hidden.set(`${entityId}\u0000${m.agencyName}\u0000${reason}`, m);
      };
      for (const r of same) hide(str(r, 'entityId'), str(r, 'agencyId'), 'SAME_ENTITY');
      const identifiers: IdentifierMatch[] = [];
      for (const r of idRows) {
        const key = str(r, 'key');
        if (!isIdentifierKey(key)) continue;
        const cases = Array.isArray(r.cases) ? r.cases : [];
        if (cases.length) identifiers.push({ entityId: str(r, 'entityId'), other: toEntityRecord(obj(r, 'node'), cases), key });
        for (const a of Array.isArray(r.hiddenAgencyIds) ? r.hiddenAgencyIds.map(String) : [])
          hide(str(r, 'entityId'), a, 'SAME_IDENTIFIER');
      }
      const sorted = [...hidden.values()].sort(
        (a, b) => a.agencyName.localeCompare(b.agencyName) || a.entityId.localeCompare(b.entityId) || a.reason.localeCompare(b.reason),
      );
      return { shared, identifiers, hidden: sorted };
    });
  }

  async nearCases(caseId: string, maxDistance: number, scope: Scope): Promise<NearCaseRow[]> {
    if (!scope.caseIds.has(caseId)) return [];
    const caseIds = [...scope.caseIds];
    // Steps take links of the other visible cases only: this case's own links join its own entities.
    const otherCaseIds = caseIds.filter((c) => c !== caseId);
    return this.db.read(async (tx) => {
      const casesOf = (rows: Row[]) => new Map(rows.map((r) => [str(r, 'id'), (Array.isArray(r.cases) ? r.cases : []).map(String)]));
      const own = casesOf(await tx.run('caseEntityCases', { caseId, caseIds }));
      const found = await walkNearCases<string>({
        caseKey: caseId,
        own,
        maxDistance,
        expand: async (frontier) =>
          (await tx.run('expand', { frontier: [...frontier], caseIds: otherCaseIds, linkTypes: null })).map((r) => ({
            from: str(r, 'fromId'),
            other: str(r, 'otherId'),
          })),
        memberships: async (ids) => casesOf(await tx.run('entityCases', { ids: [...ids], caseIds })),
      });
      return nearCaseRows(found.map((f) => ({ caseId: f.caseKey, distance: f.distance, via: f.via, from: f.from })));
    });
  }

  private async visibleOne(tx: Tx, id: string, caseIds: string[], field: string): Promise<EntityRecord> {
    const [row] = await tx.run('visibleEntities', { ids: [id], caseIds });
    if (!row) throw absent(field, 'entity', id);
    return toEntityRecord(obj(row, 'node'), row.cases);
  }

  async duplicateCandidates(entityId: string, scope: Scope, limit = 200): Promise<DuplicateCandidateRow[]> {
    const caseIds = [...scope.caseIds];
    return this.db.read(async (tx) => {
      await this.visibleOne(tx, entityId, caseIds, 'entityId');
      const rows = await tx.run('duplicateCandidates', { id: entityId, caseIds, limit: int(Math.max(1, Math.min(limit, 1000))) });
      return rows.map((r) => ({
        record: toEntityRecord(obj(r, 'node'), r.cases),
        keys: (Array.isArray(r.keys) ? r.keys : []).map(String),
      }));
    });
  }

  async caseDuplicatePairs(caseId: string, scope: Scope, limit = 1000): Promise<DuplicatePairRow[]> {
    if (!scope.caseIds.has(caseId)) return [];
    const caseIds = [...scope.caseIds];
    return this.db.read(async (tx) =>
      (await tx.run('caseDuplicatePairs', { caseId, caseIds, limit: int(Math.max(1, Math.min(limit, 5000))) })).map((r) => ({
        a: toEntityRecord(obj(r, 'a'), r.aCases),
        b: toEntityRecord(obj(r, 'b'), r.bCases),
        keys: (Array.isArray(r.keys) ? r.keys : []).map(String),
      })),
    );
  }

  async rejectedPairs(caseId: string, scope: Scope): Promise<RejectedPairRow[]> {
    if (!scope.caseIds.has(caseId)) return [];
    return this.db.read(async (tx) =>
      (await tx.run('rejectedPairsOfCase', { caseId })).map((r) => ({
        aId: str(r, 'aId'),
        bId: str(r, 'bId'),
        rejectedBy: str(r, 'rejectedBy'),
        rejectedAt: str(r, 'rejectedAt'),
      })),
    );
  }

  async unrejectDuplicate(entityId: string, otherId: string, scope: Scope): Promise<boolean> {
    if (entityId === otherId) throw badInput('otherId', 'is the same entity');
    const caseIds = [...scope.caseIds];
    return this.db.write(async (tx) => {
      await this.visibleOne(tx, entityId, caseIds, 'entityId');
      await this.visibleOne(tx, otherId, caseIds, 'otherId');
      const [aId, bId] = entityId < otherId ? [entityId, otherId] : [otherId, entityId];
      const [row] = await tx.run('unrejectPair', { id: `${aId}|${bId}` });
      return Number(row?.deleted ?? 0) > 0;
    });
  }

  /** Sets the survivor's aliases (a merge adds the merged spelling, an undo takes it off), its keys with them. */
  private async setAliases(tx: Tx, e: EntityRecord, aliases: string[], actorId: string | null, now: string | null): Promise<void> {
    const { set, label, props } = entityUpdate(e.kind, e.props, { aliases: aliases.length ? aliases : null });
    await tx.run('setEntityProps', { id: e.id, set, label, actorId, now });
    await setResolutionKeys(tx, [{ id: e.id, kind: e.kind, props }]);
  }

  async rejectDuplicate(entityId: string, otherId: string, scope: Scope, meta: WriteMeta): Promise<void> {
    if (entityId === otherId) throw badInput('otherId', 'is the same entity');
    const caseIds = [...scope.caseIds];
    await this.db.write(async (tx) => {
      await this.visibleOne(tx, entityId, caseIds, 'entityId');
      await this.visibleOne(tx, otherId, caseIds, 'otherId');
      const [aId, bId] = entityId < otherId ? [entityId, otherId] : [otherId, entityId];
      await tx.run('rejectPair', { id: `${aId}|${bId}`, aId, bId, rejectedBy: meta.actorId, rejectedAt: new Date().toISOString() });
    });
  }

  async mergeEntities(req: MergeRequest, scope: Scope, meta: WriteMeta): Promise<MergeRecord> {
    if (req.survivorId === req.mergedId) throw badInput('mergedId', 'an entity cannot be merged into itself');
    if (!scope.caseIds.has(req.caseId)) throw absent('caseId', 'case', req.caseId);
    const caseIds = [...scope.caseIds];
    return this.db.write(async (tx) => {
      const s = await this.visibleOne(tx, req.survivorId, caseIds, 'survivorId');
      const m = await this.visibleOne(tx, req.mergedId, caseIds, 'mergedId');
      if (s.kind !== m.kind)
        throw badInput(
          'mergedId',
          `is a ${m.kind.toLowerCase()} and the survivor a ${s.kind.toLowerCase()}: only entities of one kind merge`,
        );
      const [full] = await tx.run('entityForMerge', { id: m.id });
      const [survivorFull] = await tx.run('entityForMerge', { id: s.id });
      const memberships = (full.memberships as Row[]).map((x) => ({
        caseId: str(x, 'caseId'),
        role: optStr(x, 'role'),
        addedBy: str(x, 'addedBy'),
        addedAt: str(x, 'addedAt'),
      }));
      const survivorCases = new Set((survivorFull.memberships as Row[]).map((x) => str(x, 'caseId')));
      if (!survivorCases.has(req.caseId) && !memberships.some((x) => x.caseId === req.caseId))
        throw badInput('caseId', 'neither entity is in this case');
      if (memberships.some((x) => !scope.caseIds.has(x.caseId))) {
        throw new DomainError(
          ErrorCode.Forbidden,
          'mergedId: the entity is also in cases you are not a member of; ask their owners',
          'mergedId',
        );
      }
      const addedMemberships: string[] = [];
      for (const x of memberships) {
        if (survivorCases.has(x.caseId)) continue;
        await tx.run('addMembership', { id: s.id, caseId: x.caseId, role: x.role, addedBy: x.addedBy, addedAt: x.addedAt });
        addedMemberships.push(x.caseId);
      }
      const shape = (l: { type: string; caseId: string; source: string; target: string }) =>
        l.source === s.id ? `${l.type}|${l.caseId}|out|${l.target}` : `${l.type}|${l.caseId}|in|${l.source}`;
      const held = new Set((await tx.run('linksOfEntity', { id: s.id })).map((r) => shape(toLinkRecord(r))));
      const links: Array<LinkRecord & { fate: 'REPOINTED' | 'DROPPED_DUPLICATE' | 'DROPPED_SELF'; rel: Row }> = [];
      for (const r of await tx.run('linksOfEntity', { id: m.id })) {
        const l = toLinkRecord(r);
        const rel = obj(r, 'rel');
        const other = l.source === m.id ? l.target : l.source;
        if (other === s.id) {
          links.push({ ...l, fate: 'DROPPED_SELF', rel });
          continue;
        }
        const moved = { ...l, source: l.source === m.id ? s.id : l.source, target: l.target === m.id ? s.id : l.target };
        if (held.has(shape(moved))) {
          links.push({ ...l, fate: 'DROPPED_DUPLICATE', rel });
          continue;
        }
        held.add(shape(moved));
        // Same id and properties on the survivor; the merged entity's own copy goes with it below.
        await tx.run(`relink.${l.type}` as CypherName, { source: moved.source, target: moved.target, rel });
        links.push({ ...l, fate: 'REPOINTED', rel });
      }
      const node = obj(full, 'node');
      const mergedAt = new Date().toISOString();
      const aliasesAdded = aliasesFromMerge(s.kind, s.props, m.props);
      const withAliases = aliasesAfter(s.props, aliasesAdded, false);
      const survivorNode = obj(survivorFull, 'node');
      const survivorStamp = { updatedBy: optStr(survivorNode, 'updatedBy'), updatedAt: optStr(survivorNode, 'updatedAt') };
      if (withAliases) await this.setAliases(tx, s, withAliases, meta.actorId, mergedAt);
      const snapshot = {
        entity: {
          id: m.id,
          kind: m.kind,
          label: m.label,
          props: entityProps(m.kind, node),
          provenance: m.provenance,
          updatedAt: optStr(node, 'updatedAt') ?? m.provenance.createdAt,
        },
        memberships,
        links,
        addedMemberships,
        aliasesAdded,
        survivorStamp,
      };
      await tx.run('detachDeleteEntity', { id: m.id });
      const [row] = await tx.run('createMerge', {
        id: req.id,
        caseId: req.caseId,
        kind: m.kind,
        survivorId: s.id,
        mergedId: m.id,
        mergedLabel: m.label,
        snapshot: JSON.stringify(snapshot),
        mergedBy: meta.actorId,
        mergedAt,
      });
      return toMerge(obj(row, 'merge'));
    });
  }

  async undoMerge(mergeId: string, scope: Scope, meta: WriteMeta): Promise<MergeRecord> {
    return this.db.write(async (tx) => {
      const [found] = await tx.run('mergeById', { id: mergeId });
      const merge = found ? obj(found, 'merge') : null;
      if (!merge || !scope.caseIds.has(str(merge, 'caseId'))) throw absent('id', 'merge', mergeId);
      if (optStr(merge, 'undoneAt')) throw conflict('id', `merge ${mergeId} was already undone`);
      const snap = JSON.parse(str(merge, 'snapshot')) as Omit<MergeSnapshot, 'links'> & {
        links: Array<MergeSnapshot['links'][number] & { rel: Row }>;
      };
      const survivorId = str(merge, 'survivorId');
      if ((await tx.run('entityForMerge', { id: survivorId })).length === 0)
        throw conflict('id', `the surviving entity ${survivorId} no longer exists`);
      if ((await tx.run('entityForMerge', { id: snap.entity.id })).length > 0)
        throw conflict('id', `an entity ${snap.entity.id} exists again`);
      if (snap.memberships.some((x) => !scope.caseIds.has(x.caseId))) {
        throw new DomainError(ErrorCode.Forbidden, 'id: the merged entity was in cases you are no longer a member of', 'id');
      }
      const e = snap.entity;
      await tx.run(`restoreEntity.${e.kind}` as CypherName, {
        id: e.id,
        props: storedProps(e.kind, e.props),
        kind: e.kind,
        label: e.label || entityLabel(e.kind, e.props),
        createdBy: e.provenance.createdBy,
        createdAt: e.provenance.createdAt,
        // Restored as it was: the undo itself is in the merge record (undoneBy/undoneAt).
        updatedBy: e.provenance.updatedBy ?? null,
        updatedAt: e.updatedAt,
        source: e.provenance.source ?? null,
        reliability: e.provenance.reliability ?? null,
      });
      await setResolutionKeys(tx, [{ id: e.id, kind: e.kind, props: e.props }]);
      for (const x of snap.memberships)
        await tx.run('addMembership', { id: e.id, caseId: x.caseId, role: x.role, addedBy: x.addedBy, addedAt: x.addedAt });
      for (const l of snap.links) {
        if (l.fate === 'REPOINTED') {
          const [gone] = await tx.run('deleteEntityLink', { entityId: survivorId, id: l.id });
          if (!gone || Number(gone.deleted) === 0)
            throw conflict('id', `link ${l.id} was deleted after the merge; the merge cannot be undone exactly`);
        }
        await tx.run(`relink.${l.type}` as CypherName, { source: l.source, target: l.target, rel: l.rel });
      }
      for (const caseId of snap.addedMemberships) await tx.run('dropMembershipIfUnlinked', { id: survivorId, caseId });
      const undoneAt = new Date().toISOString();
      // The merged spelling leaves the survivor's aliases (one a person removed since stays removed).
      const [survivor] = await tx.run('visibleEntities', { ids: [survivorId], caseIds: [...scope.caseIds] });
      if (survivor) {
        const node = obj(survivor, 'node');
        const rec = toEntityRecord(node, survivor.cases);
        const without = aliasesAfter(rec.props, snap.aliasesAdded ?? [], true);
        // Nobody changed the survivor since the merge: it is left as it was before, its last change included.
        const stamp = snap.survivorStamp;
        const untouched =
          stamp && optStr(node, 'updatedBy') === str(merge, 'mergedBy') && optStr(node, 'updatedAt') === str(merge, 'mergedAt');
        if (without && untouched) await this.setAliases(tx, rec, without, stamp.updatedBy, stamp.updatedAt);
        else if (without) await this.setAliases(tx, rec, without, meta.actorId, undoneAt);
      }
      const [row] = await tx.run('markMergeUndone', { id: mergeId, undoneBy: meta.actorId, undoneAt });
      return toMerge(obj(row, 'merge'));
    });
  }

  async merges(caseId: string, scope: Scope): Promise<MergeRecord[]> {
    if (!scope.caseIds.has(caseId)) return [];
    return this.db.read(async (tx) => (await tx.run('mergesOfCase', { caseId })).map((r) => toMerge(obj(r, 'merge'))));
  }
}
