import type { EntityKind, LinkType } from '@homeward/graph-schema';
import {
  DomainError,
  ErrorCode,
  KEYED_KINDS,
  RESOLUTION_KEY_VERSION,
  badInput,
  isIdentifierKey,
  resolutionKeys,
  type EntityRecord,
  type LinkRecord,
} from '@homeward/domain';
import { validateEntityProps, entityLabel } from '@homeward/domain';
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
import type { GraphCore } from './core';
import type { Db } from './database';
import type { EntityRow } from './rows';

/*
 * Entity resolution and cross-case matches for the embedded store: the
 * blocking-key index (entity_key), merges that can be undone (entity_merge),
 * rejected pairs (merge_rejection). Kept apart from graph.ts; both work on one
 * GraphCore (core.ts: statements, scopes, records, an entity's indexes, the cache).
 */

/** Entities read per key: a very common name pair must not turn one lookup into a scan. */
const PER_KEY = 400;
/** Key-sharing pairs read for one case at most: a name pair shared by hundreds must not make it quadratic. */
const MAX_CASE_PAIRS = 5000;
/** Other entities examined per identifier of a case: a plate shared by thousands is not evidence. */
const PER_IDENTIFIER = 50;

/** A link row as stored, every column but the rowid, its ends and case by id (so it can be written back). */
type StoredLink = Record<string, unknown> & { id: string; type: LinkType; src: number; dst: number; case_rid: number };
type SnapshotLink = MergeSnapshot['links'][number] & { readonly row: Record<string, unknown> };

interface MergeRow {
  id: string;
  case_id: string;
  kind: EntityKind;
  survivor_id: string;
  merged_id: string;
  merged_label: string;
  snapshot: string;
  merged_by: string;
  merged_at: string;
  undone_by: string | null;
  undone_at: string | null;
}

const toMerge = (r: MergeRow): MergeRecord => {
  const snap = JSON.parse(r.snapshot) as Omit<MergeSnapshot, 'links'> & { links: SnapshotLink[] };
  // The stored rows are for undo only; the record shows the links as link records.
  const links = snap.links.map(({ row: _row, ...l }) => l);
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    survivorId: r.survivor_id,
    mergedId: r.merged_id,
    mergedLabel: r.merged_label,
    mergedBy: r.merged_by,
    mergedAt: r.merged_at,
    undoneBy: r.undone_by,
    undoneAt: r.undone_at,
    snapshot: { ...snap, links },
  };
};

const conflict = (field: string, reason: string) => new DomainError(ErrorCode.Conflict, `${field}: ${reason}`, field);
const absent = (field: string, what: string, id: string) => new DomainError(ErrorCode.NotFound, `${what} ${id} not found`, field);

export class EmbeddedResolution {
  /** Resolution's own statements; those the graph store has too are taken from core.q (`this.g`). */
  private readonly q;
  private readonly g: GraphCore['q'];
  private readonly db: Db;
  private readonly agencyNames = new Map<number, string>();
  private linkColumns: string[] | null = null;

  constructor(private readonly core: GraphCore) {
    const db = (this.db = core.db);
    this.g = core.q;
    this.q = {
      keysOf: db.prepare<[number], { key: string }>('SELECT key FROM entity_key WHERE entity_rid = ?'),
      keysOfMany: db.prepare<[string], { key: string; entity_rid: number }>(
        'SELECT key, entity_rid FROM entity_key WHERE entity_rid IN (SELECT value FROM json_each(?))',
      ),
      withKey: db.prepare<[string, number], { entity_rid: number }>('SELECT entity_rid FROM entity_key WHERE key = ? LIMIT ?'),
      idsByRids: db.prepare<[string], { rid: number; id: string }>(
        'SELECT rid, id FROM entity WHERE rid IN (SELECT value FROM json_each(?))',
      ),
      entityRidsOfCase: db.prepare<[number], { entity_rid: number }>('SELECT entity_rid FROM entity_case WHERE case_rid = ?'),
      fullMemberships: db.prepare<[number], { case_rid: number; role: string | null; added_by: string; added_at: string }>(
        'SELECT case_rid, role, added_by, added_at FROM entity_case WHERE entity_rid = ? ORDER BY case_rid',
      ),
      agencyOfCase: db.prepare<[number], { name: string }>(
        'SELECT a.name FROM case_file c JOIN agency a ON a.id = c.lead_agency_id WHERE c.rid = ?',
      ),
      rejectedWith: db.prepare<[string, string], { other: string }>(
        'SELECT b_id AS other FROM merge_rejection WHERE a_id = ? UNION ALL SELECT a_id AS other FROM merge_rejection WHERE b_id = ?',
      ),
      casePairs: db.prepare<[number, number], { a: number; b: number; keys: string }>(
        `SELECT x.entity_rid AS a, y.entity_rid AS b, json_group_array(x.key) AS keys
         FROM entity_case ca
         JOIN entity_key x ON x.entity_rid = ca.entity_rid
         JOIN entity_key y ON y.key = x.key AND y.entity_rid <> x.entity_rid
         JOIN entity_case cb ON cb.entity_rid = y.entity_rid AND cb.case_rid = ca.case_rid
         WHERE ca.case_rid = ?
         GROUP BY x.entity_rid, y.entity_rid
         LIMIT ?`,
      ),
      rejectedAmong: db.prepare<[string, string], { a_id: string; b_id: string; rejected_by: string; rejected_at: string }>(
        `SELECT a_id, b_id, rejected_by, rejected_at FROM merge_rejection
         WHERE a_id IN (SELECT value FROM json_each(?)) AND b_id IN (SELECT value FROM json_each(?))
         ORDER BY rejected_at DESC, a_id, b_id`,
      ),
      unreject: db.prepare<[string, string]>('DELETE FROM merge_rejection WHERE a_id = ? AND b_id = ?'),
      reject: db.prepare('INSERT OR IGNORE INTO merge_rejection (a_id, b_id, rejected_by, rejected_at) VALUES (?, ?, ?, ?)'),
      linksOf: db.prepare<[number, number], StoredLink & { rid: number }>('SELECT * FROM link WHERE src = ? OR dst = ? ORDER BY rid'),
      linkById: db.prepare<[string], StoredLink & { rid: number }>('SELECT * FROM link WHERE id = ?'),
      repoint: db.prepare('UPDATE link SET src = ?, dst = ? WHERE rid = ?'),
      linksOfInCase: db.prepare<[number, number, number, number], { n: number }>(
        'SELECT count(*) AS n FROM link WHERE (src = ? AND case_rid = ?) OR (dst = ? AND case_rid = ?)',
      ),
      restoreEntity: db.prepare(
        `INSERT INTO entity (id, kind, label, props, created_by, created_at, updated_by, updated_at, source, reliability)
         VALUES (@id, @kind, @label, @props, @createdBy, @createdAt, @updatedBy, @updatedAt, @source, @reliability)`,
      ),
      insertMerge: db.prepare(
        `INSERT INTO entity_merge (id, case_id, kind, survivor_id, merged_id, merged_label, snapshot, merged_by, merged_at)
         VALUES (@id, @caseId, @kind, @survivorId, @mergedId, @mergedLabel, @snapshot, @mergedBy, @mergedAt)`,
      ),
      mergeById: db.prepare<[string], MergeRow>('SELECT * FROM entity_merge WHERE id = ?'),
      mergesOfCase: db.prepare<[string], MergeRow>(
        'SELECT * FROM entity_merge WHERE case_id = ? ORDER BY merged_at DESC, id DESC LIMIT 200',
      ),
      markUndone: db.prepare('UPDATE entity_merge SET undone_by = ?, undone_at = ? WHERE id = ?'),
      keyVersion: db.prepare<[], { version: number }>('SELECT version FROM entity_key_state LIMIT 1'),
      // Covering indexes only: a step of the near-cases walk reads no entity row.
      linksFrom: db.prepare<[number], { other: number; case_rid: number }>(
        'SELECT dst AS other, case_rid FROM link INDEXED BY link_by_src WHERE src = ?',
      ),
      linksTo: db.prepare<[number], { other: number; case_rid: number }>(
        'SELECT src AS other, case_rid FROM link INDEXED BY link_by_dst WHERE dst = ?',
      ),
    };
    this.ensureKeys();
  }

  // ---- the key index ----------------------------------------------------------------

  /**
   * A database file written before the key index existed (or by older key functions) is indexed
   * once, at open, in one transaction; afterwards every write keeps it up to date.
   */
  private ensureKeys(): void {
    if (this.q.keyVersion.get()?.version === RESOLUTION_KEY_VERSION) return;
    // Pages by rid: a connection cannot write while it is still iterating a read.
    const page = this.db.prepare<[number], { rid: number; kind: EntityKind; props: string }>(
      `SELECT rid, kind, props FROM entity WHERE rid > ? AND kind IN (${KEYED_KINDS.map((k) => `'${k}'`).join(', ')}) ORDER BY rid LIMIT 20000`,
    );
    this.db.transaction(() => {
      this.db.exec('DELETE FROM entity_key');
      for (let rows = page.all(0); rows.length; rows = page.all(rows[rows.length - 1].rid)) {
        for (const r of rows)
          for (const key of resolutionKeys(r.kind, JSON.parse(r.props) as Record<string, unknown>)) this.g.insertKey.run(key, r.rid);
      }
      this.db.exec('DELETE FROM entity_key_state');
      this.db.prepare('INSERT INTO entity_key_state (version) VALUES (?)').run(RESOLUTION_KEY_VERSION);
    })();
  }

  private agencyName(caseRid: number): string {
    let name = this.agencyNames.get(caseRid);
    if (name === undefined) {
      name = this.q.agencyOfCase.get(caseRid)?.name ?? 'unknown agency';
      this.agencyNames.set(caseRid, name);
    }
    return name;
  }

  // ---- cross-case matches -------------------------------------------------------------

  crossCaseMatches(caseId: string, scope: Scope): CrossCaseMatches {
    const caseRid = scope.caseIds.has(caseId) ? this.core.caseRid(caseId) : undefined;
    if (caseRid === undefined) return { shared: [], identifiers: [], hidden: [] };
    const scopeRids = this.core.scopeRids(scope);
    const visible = new Set(scopeRids);
    const own = this.q.entityRidsOfCase.all(caseRid).map((r) => r.entity_rid);
    if (own.length === 0) return { shared: [], identifiers: [], hidden: [] };
    const ownSet = new Set(own);
    const ids = new Map(this.q.idsByRids.all(JSON.stringify(own)).map((r) => [r.rid, r.id]));

    // Only the agency's name leaves this function for a case outside the scope: never its id, title, or the entity there.
    const hidden = new Map<string, HiddenMatch>();
    const hide = (entityRid: number, caseRidOut: number, reason: HiddenMatch['reason']) => {
      const m: HiddenMatch = { entityId: ids.get(entityRid)!, agencyName: this.agencyName(caseRidOut), reason };
      hidden.set(`${m.entityId}\u0000${m.agencyName}\u0000${reason}`, m);
    };
    const sharedWith = new Map<number, string[]>();
    for (const m of this.g.membershipRids.all(JSON.stringify(own))) {
      if (!visible.has(m.case_rid)) hide(m.entity_rid, m.case_rid, 'SAME_ENTITY');
      else if (m.case_rid !== caseRid)
        sharedWith.set(m.entity_rid, [...(sharedWith.get(m.entity_rid) ?? []), this.core.caseIdOf(m.case_rid)]);
    }
    const shared = [...sharedWith]
      .map(([rid, cases]) => ({ entityId: ids.get(rid)!, otherCaseIds: cases.sort() }))
      .sort((a, b) => b.otherCaseIds.length - a.otherCaseIds.length || a.entityId.localeCompare(b.entityId));

    const byKey = new Map<string, number[]>();
    for (const k of this.q.keysOfMany.all(JSON.stringify(own))) {
      if (!isIdentifierKey(k.key)) continue;
      byKey.set(k.key, [...(byKey.get(k.key) ?? []), k.entity_rid]);
    }
    const pairs: Array<{ key: string; mine: number; other: number }> = [];
    for (const [key, mine] of byKey) {
      for (const { entity_rid: other } of this.q.withKey.all(key, PER_IDENTIFIER)) {
        if (ownSet.has(other)) continue;
        for (const m of mine) pairs.push({ key, mine: m, other });
      }
    }
    const identifiers: IdentifierMatch[] = [];
    if (pairs.length) {
      const others = [...new Set(pairs.map((p) => p.other))];
      const outside = new Map<number, number[]>();
      for (const m of this.g.membershipRids.all(JSON.stringify(others))) {
        if (!visible.has(m.case_rid)) outside.set(m.entity_rid, [...(outside.get(m.entity_rid) ?? []), m.case_rid]);
      }
      const records = new Map<string, EntityRecord>();
      const rows = this.g.entitiesByRids.all(JSON.stringify(others));
      const ridOf = new Map(rows.map((r) => [r.id, r.rid]));
      for (const rec of this.core.toRecords(rows, scopeRids)) records.set(rec.id, rec);
      const recordByRid = new Map([...records.values()].map((r) => [ridOf.get(r.id)!, r]));
      for (const p of pairs) {
        const rec = recordByRid.get(p.other);
        if (rec) identifiers.push({ entityId: ids.get(p.mine)!, other: rec, key: p.key });
        for (const c of outside.get(p.other) ?? []) hide(p.mine, c, 'SAME_IDENTIFIER');
      }
    }
    const sortedHidden = [...hidden.values()].sort(
      (a, b) => a.agencyName.localeCompare(b.agencyName) || a.entityId.localeCompare(b.entityId) || a.reason.localeCompare(b.reason),
    );
    return { shared, identifiers, hidden: sortedHidden };
  }

  async nearCases(caseId: string, maxDistance: number, scope: Scope): Promise<NearCaseRow[]> {
    const caseRid = scope.caseIds.has(caseId) ? this.core.caseRid(caseId) : undefined;
    if (caseRid === undefined) return [];
    const visible = new Set(this.core.scopeRids(scope));
    const memberships = async (rids: readonly number[]) => {
      const out = new Map<number, number[]>();
      for (const m of this.g.membershipRids.all(JSON.stringify(rids))) {
        if (!visible.has(m.case_rid)) continue;
        let list = out.get(m.entity_rid);
        if (!list) out.set(m.entity_rid, (list = []));
        list.push(m.case_rid);
      }
      return out;
    };
    const ownRids = this.q.entityRidsOfCase.all(caseRid).map((r) => r.entity_rid);
    const ownCases = await memberships(ownRids);
    const found = await walkNearCases<number>({
      caseKey: caseRid,
      own: new Map(ownRids.map((r) => [r, ownCases.get(r) ?? []])),
      maxDistance,
      expand: async (frontier) => {
        const out: Array<{ from: number; other: number }> = [];
        for (const from of frontier) {
          for (const l of this.q.linksFrom.all(from))
            if (l.case_rid !== caseRid && visible.has(l.case_rid)) out.push({ from, other: l.other });
          for (const l of this.q.linksTo.all(from))
            if (l.case_rid !== caseRid && visible.has(l.case_rid)) out.push({ from, other: l.other });
        }
        return out;
      },
      memberships,
    });
    const shown = [...new Set(found.flatMap((f) => [...f.via.slice(0, 50), ...f.from.slice(0, 50)]))];
    const ids = new Map(this.q.idsByRids.all(JSON.stringify(shown)).map((r) => [r.rid, r.id]));
    return nearCaseRows(
      found.map((f) => ({
        caseId: this.core.caseIdOf(f.caseKey),
        distance: f.distance,
        via: f.via.slice(0, 50).map((r) => ids.get(r)!),
        from: f.from.slice(0, 50).map((r) => ids.get(r)!),
      })),
    );
  }

  // ---- duplicate candidates -----------------------------------------------------------

  private visibleRow(id: string, scopeRids: readonly number[], field: string): { row: EntityRow; record: EntityRecord } {
    const row = this.g.entityById.get(id);
    const record = row ? this.core.toRecords([row], scopeRids)[0] : undefined;
    if (!row || !record) throw absent(field, 'entity', id);
    return { row, record };
  }

  duplicateCandidates(entityId: string, scope: Scope, limit = 200): DuplicateCandidateRow[] {
    const scopeRids = this.core.scopeRids(scope);
    const { row } = this.visibleRow(entityId, scopeRids, 'entityId');
    const shared = new Map<number, string[]>();
    for (const { key } of this.q.keysOf.all(row.rid)) {
      for (const { entity_rid } of this.q.withKey.all(key, PER_KEY)) {
        if (entity_rid === row.rid) continue;
        shared.set(entity_rid, [...(shared.get(entity_rid) ?? []), key]);
      }
    }
    if (shared.size === 0) return [];
    const rejected = new Set(this.q.rejectedWith.all(entityId, entityId).map((r) => r.other));
    // Most shared keys first: with a cap, the likeliest duplicates are the ones kept.
    const chosen = [...shared.entries()]
      .sort((a, b) => b[1].length - a[1].length || b[0] - a[0])
      .slice(0, Math.max(1, Math.min(limit, 1000)) + rejected.size);
    const rows = this.g.entitiesByRids.all(JSON.stringify(chosen.map(([rid]) => rid)));
    const keysByRid = new Map(chosen);
    const ridById = new Map(rows.map((r) => [r.id, r.rid]));
    const out: DuplicateCandidateRow[] = [];
    for (const record of this.core.toRecords(rows, scopeRids)) {
      if (rejected.has(record.id) || record.kind !== row.kind) continue;
      out.push({ record, keys: keysByRid.get(ridById.get(record.id)!) ?? [] });
    }
    return out.sort((a, b) => b.keys.length - a.keys.length || a.record.id.localeCompare(b.record.id)).slice(0, limit);
  }

  rejectDuplicate(entityId: string, otherId: string, scope: Scope, meta: WriteMeta): void {
    if (entityId === otherId) throw badInput('otherId', 'is the same entity');
    const scopeRids = this.core.scopeRids(scope);
    this.visibleRow(entityId, scopeRids, 'entityId');
    this.visibleRow(otherId, scopeRids, 'otherId');
    const [a, b] = entityId < otherId ? [entityId, otherId] : [otherId, entityId];
    this.q.reject.run(a, b, meta.actorId, new Date().toISOString());
  }

  /** The case's entities by rid and id, or null when the case is not in scope. */
  private caseEntities(caseId: string, scope: Scope): { caseRid: number; ids: Map<number, string> } | null {
    const caseRid = scope.caseIds.has(caseId) ? this.core.caseRid(caseId) : undefined;
    if (caseRid === undefined) return null;
    const own = this.q.entityRidsOfCase.all(caseRid).map((r) => r.entity_rid);
    return { caseRid, ids: new Map(this.q.idsByRids.all(JSON.stringify(own)).map((r) => [r.rid, r.id])) };
  }

  caseDuplicatePairs(caseId: string, scope: Scope, limit = 1000): DuplicatePairRow[] {
    const found = this.caseEntities(caseId, scope);
    if (!found) return [];
    const { caseRid, ids } = found;
    const ownIds = JSON.stringify([...ids.values()]);
    const rejected = new Set(this.q.rejectedAmong.all(ownIds, ownIds).map((r) => `${r.a_id}|${r.b_id}`));
    // Each pair comes twice (x, y) and (y, x): kept once, with a.id < b.id.
    const pairs: Array<{ a: number; b: number; keys: string[] }> = [];
    for (const r of this.q.casePairs.all(caseRid, 2 * MAX_CASE_PAIRS)) {
      const a = ids.get(r.a);
      const b = ids.get(r.b);
      if (!a || !b || a >= b || rejected.has(`${a}|${b}`)) continue;
      pairs.push({ a: r.a, b: r.b, keys: JSON.parse(r.keys) as string[] });
    }
    pairs.sort(
      (x, y) => y.keys.length - x.keys.length || ids.get(x.a)!.localeCompare(ids.get(y.a)!) || ids.get(x.b)!.localeCompare(ids.get(y.b)!),
    );
    const chosen = pairs.slice(0, Math.max(1, Math.min(limit, MAX_CASE_PAIRS)));
    const rids = [...new Set(chosen.flatMap((p) => [p.a, p.b]))];
    const rows = this.g.entitiesByRids.all(JSON.stringify(rids));
    const records = new Map(this.core.toRecords(rows, this.core.scopeRids(scope)).map((r) => [r.id, r]));
    const out: DuplicatePairRow[] = [];
    for (const p of chosen) {
      const a = records.get(ids.get(p.a)!);
      const b = records.get(ids.get(p.b)!);
      if (a && b && a.kind === b.kind) out.push({ a, b, keys: p.keys });
    }
    return out;
  }

  rejectedPairs(caseId: string, scope: Scope): RejectedPairRow[] {
    const found = this.caseEntities(caseId, scope);
    if (!found) return [];
    const ownIds = JSON.stringify([...found.ids.values()]);
    return this.q.rejectedAmong
      .all(ownIds, ownIds)
      .map((r) => ({ aId: r.a_id, bId: r.b_id, rejectedBy: r.rejected_by, rejectedAt: r.rejected_at }));
  }

  unrejectDuplicate(entityId: string, otherId: string, scope: Scope): boolean {
    if (entityId === otherId) throw badInput('otherId', 'is the same entity');
    const scopeRids = this.core.scopeRids(scope);
    this.visibleRow(entityId, scopeRids, 'entityId');
    this.visibleRow(otherId, scopeRids, 'otherId');
    const [a, b] = entityId < otherId ? [entityId, otherId] : [otherId, entityId];
    return this.q.unreject.run(a, b).changes > 0;
  }

  /** Sets the survivor's aliases (a merge adds the merged spelling, an undo takes it off), its indexes with them. */
  private setAliases(rid: number, aliases: string[], actorId: string | null, at: string | null): void {
    const row = this.g.entityByRid.get(rid)!;
    const props = validateEntityProps(row.kind, { ...(JSON.parse(row.props) as Record<string, unknown>), aliases }, 'props');
    if (aliases.length === 0) delete props.aliases;
    this.g.updateEntity.run(entityLabel(row.kind, props), JSON.stringify(props), actorId, at, rid);
    this.g.ftsDelete.run(rid);
    this.core.index(rid, row.kind, props);
  }

  // ---- merge and undo -----------------------------------------------------------------

  private columnsOfLink(): string[] {
    this.linkColumns ??= (this.db.prepare('PRAGMA table_info(link)').all() as Array<{ name: string }>).map((c) => c.name);
    return this.linkColumns;
  }

  private linkRecord(l: StoredLink, ends: Map<number, string>): LinkRecord {
    const prov: Record<string, unknown> = {
      createdBy: l.created_by,
      createdAt: l.created_at,
      source: l.source ?? null,
      reliability: l.reliability ?? null,
    };
    if ('credibility' in l) prov.credibility = l.credibility ?? null;
    return {
      id: l.id,
      type: l.type,
      source: ends.get(l.src)!,
      target: ends.get(l.dst)!,
      caseId: this.core.caseIdOf(l.case_rid),
      provenance: prov as unknown as LinkRecord['provenance'],
    };
  }

  mergeEntities(req: MergeRequest, scope: Scope, meta: WriteMeta): MergeRecord {
    if (req.survivorId === req.mergedId) throw badInput('mergedId', 'an entity cannot be merged into itself');
    return this.core.write((): MergeRecord => {
      const caseRid = scope.caseIds.has(req.caseId) ? this.core.caseRid(req.caseId) : undefined;
      if (caseRid === undefined) throw absent('caseId', 'case', req.caseId);
      const scopeRids = this.core.scopeRids(scope);
      const visible = new Set(scopeRids);
      const s = this.visibleRow(req.survivorId, scopeRids, 'survivorId');
      const m = this.visibleRow(req.mergedId, scopeRids, 'mergedId');
      if (s.row.kind !== m.row.kind)
        throw badInput(
          'mergedId',
          `is a ${m.row.kind.toLowerCase()} and the survivor a ${s.row.kind.toLowerCase()}: only entities of one kind merge`,
        );
      if (!this.g.inCase.get(s.row.rid, caseRid) && !this.g.inCase.get(m.row.rid, caseRid))
        throw badInput('caseId', 'neither entity is in this case');
      const memberships = this.q.fullMemberships.all(m.row.rid);
      // Merging changes every case that holds the merged entity: the caller must be a member of each.
      if (memberships.some((x) => !visible.has(x.case_rid))) {
        throw new DomainError(
          ErrorCode.Forbidden,
          'mergedId: the entity is also in cases you are not a member of; ask their owners',
          'mergedId',
        );
      }
      const now = new Date().toISOString();
      const addedMemberships: string[] = [];
      for (const x of memberships) {
        if (this.g.inCase.get(s.row.rid, x.case_rid)) continue;
        this.g.insertMembership.run(s.row.rid, x.case_rid, x.role, x.added_by, x.added_at);
        addedMemberships.push(this.core.caseIdOf(x.case_rid));
      }

      const survivorLinks = this.q.linksOf.all(s.row.rid, s.row.rid);
      const mergedLinks = this.q.linksOf.all(m.row.rid, m.row.rid);
      const endRids = [...new Set([...mergedLinks.flatMap((l) => [l.src, l.dst])])];
      const ends = new Map(this.q.idsByRids.all(JSON.stringify(endRids)).map((r) => [r.rid, r.id]));
      // A link as the survivor would hold it: type, case, direction and the other end.
      const shape = (l: { type: string; case_rid: number; src: number; dst: number }, self: number) =>
        l.src === self ? `${l.type}|${l.case_rid}|out|${l.dst}` : `${l.type}|${l.case_rid}|in|${l.src}`;
      const held = new Set(survivorLinks.map((l) => shape(l, s.row.rid)));
      const links: SnapshotLink[] = [];
      for (const l of mergedLinks) {
        const { rid: _rid, ...stored } = l;
        const row = { ...stored, src: ends.get(l.src), dst: ends.get(l.dst), case_rid: this.core.caseIdOf(l.case_rid) };
        const base = this.linkRecord(l, ends);
        const other = l.src === m.row.rid ? l.dst : l.src;
        if (other === s.row.rid) {
          this.g.deleteLinkRid.run(l.rid);
          links.push({ ...base, fate: 'DROPPED_SELF', row });
          continue;
        }
        const moved = {
          type: l.type,
          case_rid: l.case_rid,
          src: l.src === m.row.rid ? s.row.rid : l.src,
          dst: l.dst === m.row.rid ? s.row.rid : l.dst,
        };
        const key = shape(moved, s.row.rid);
        if (held.has(key)) {
          this.g.deleteLinkRid.run(l.rid);
          links.push({ ...base, fate: 'DROPPED_DUPLICATE', row });
          continue;
        }
        held.add(key);
        this.q.repoint.run(moved.src, moved.dst, l.rid);
        links.push({ ...base, fate: 'REPOINTED', row });
      }

      const mergedProps = JSON.parse(m.row.props) as Record<string, unknown>;
      const survivorProps = JSON.parse(s.row.props) as Record<string, unknown>;
      const aliasesAdded = aliasesFromMerge(s.row.kind, survivorProps, mergedProps);
      const withAliases = aliasesAfter(survivorProps, aliasesAdded, false);
      const survivorStamp = { updatedBy: s.row.updated_by ?? null, updatedAt: s.row.updated_at ?? null };
      if (withAliases) this.setAliases(s.row.rid, withAliases, meta.actorId, now);

      const snapshot: Omit<MergeSnapshot, 'links'> & { links: SnapshotLink[] } = {
        entity: {
          id: m.row.id,
          kind: m.row.kind,
          label: m.row.label,
          props: JSON.parse(m.row.props) as Record<string, unknown>,
          provenance: m.record.provenance,
          updatedAt: m.row.updated_at,
        },
        memberships: memberships.map((x) => ({
          caseId: this.core.caseIdOf(x.case_rid),
          role: x.role,
          addedBy: x.added_by,
          addedAt: x.added_at,
        })),
        links,
        addedMemberships,
        aliasesAdded,
        survivorStamp,
      };
      this.core.unindex(m.row.rid);
      // Cascades to its memberships and keys; its links were re-pointed or deleted above.
      this.g.deleteEntity.run(m.row.rid);
      this.q.insertMerge.run({
        id: req.id,
        caseId: req.caseId,
        kind: m.row.kind,
        survivorId: s.row.id,
        mergedId: m.row.id,
        mergedLabel: m.row.label,
        snapshot: JSON.stringify(snapshot),
        mergedBy: meta.actorId,
        mergedAt: now,
      });
      return toMerge(this.q.mergeById.get(req.id)!);
    });
  }

  undoMerge(mergeId: string, scope: Scope, meta: WriteMeta): MergeRecord {
    return this.core.write((): MergeRecord => {
      const row = this.q.mergeById.get(mergeId);
      if (!row || !scope.caseIds.has(row.case_id)) throw absent('id', 'merge', mergeId);
      if (row.undone_at) throw conflict('id', `merge ${mergeId} was already undone`);
      const snap = JSON.parse(row.snapshot) as Omit<MergeSnapshot, 'links'> & { links: SnapshotLink[] };
      const survivor = this.g.entityById.get(row.survivor_id);
      if (!survivor) throw conflict('id', `the surviving entity ${row.survivor_id} no longer exists`);
      if (this.g.entityById.get(row.merged_id)) throw conflict('id', `an entity ${row.merged_id} exists again`);
      if (snap.memberships.some((x) => !scope.caseIds.has(x.caseId))) {
        throw new DomainError(ErrorCode.Forbidden, 'id: the merged entity was in cases you are no longer a member of', 'id');
      }
      const e = snap.entity;
      const info = this.q.restoreEntity.run({
        id: e.id,
        kind: e.kind,
        label: e.label,
        props: JSON.stringify(e.props),
        createdBy: e.provenance.createdBy,
        createdAt: e.provenance.createdAt,
        // Restored as it was: the undo itself is in the merge record (undoneBy/undoneAt).
        updatedBy: e.provenance.updatedBy ?? null,
        updatedAt: e.updatedAt,
        source: e.provenance.source ?? null,
        reliability: e.provenance.reliability ?? null,
      });
      const rid = Number(info.lastInsertRowid);
      this.core.index(rid, e.kind, e.props);
      const caseRidOf = (id: string) => {
        const r = this.core.caseRid(id);
        if (r === undefined) throw conflict('id', `case ${id} no longer exists`);
        return r;
      };
      for (const x of snap.memberships) this.g.insertMembership.run(rid, caseRidOf(x.caseId), x.role, x.addedBy, x.addedAt);
      const ridOf = (id: string) => {
        if (id === e.id) return rid;
        const r = this.g.entityById.get(id);
        if (!r) throw conflict('id', `entity ${id}, at the other end of link, no longer exists`);
        return r.rid;
      };
      const columns = this.columnsOfLink();
      for (const l of snap.links) {
        if (l.fate === 'REPOINTED') {
          const now = this.q.linkById.get(l.id);
          if (!now) throw conflict('id', `link ${l.id} was deleted after the merge; the merge cannot be undone exactly`);
          this.q.repoint.run(ridOf(l.source), ridOf(l.target), now.rid);
        } else {
          const values: Record<string, unknown> = { ...l.row, src: ridOf(l.source), dst: ridOf(l.target), case_rid: caseRidOf(l.caseId) };
          // Only columns the table has (from PRAGMA table_info, never from the stored JSON's keys alone).
          const names = columns.filter((c) => c !== 'rid' && c in values);
          this.db
            .prepare(`INSERT INTO link (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
            .run(...names.map((n) => values[n] as string | number | null));
        }
      }
      for (const caseId of snap.addedMemberships) {
        const c = caseRidOf(caseId);
        // The survivor leaves a case it joined through the merge, unless it has been linked there since.
        if (this.q.linksOfInCase.get(survivor.rid, c, survivor.rid, c)!.n === 0) this.g.deleteMembership.run(survivor.rid, c);
      }
      // The merged spelling leaves the survivor's aliases (one a person removed since stays removed).
      const undoneAt = new Date().toISOString();
      const current = this.g.entityByRid.get(survivor.rid)!;
      const without = aliasesAfter(JSON.parse(current.props) as Record<string, unknown>, snap.aliasesAdded ?? [], true);
      // Nobody changed the survivor since the merge: it is left as it was before, its last change included.
      const untouched = snap.survivorStamp && current.updated_by === row.merged_by && current.updated_at === row.merged_at;
      if (without && untouched) this.setAliases(survivor.rid, without, snap.survivorStamp!.updatedBy, snap.survivorStamp!.updatedAt);
      else if (without) this.setAliases(survivor.rid, without, meta.actorId, undoneAt);
      this.q.markUndone.run(meta.actorId, undoneAt, mergeId);
      return toMerge(this.q.mergeById.get(mergeId)!);
    });
  }

  merges(caseId: string, scope: Scope): MergeRecord[] {
    if (!scope.caseIds.has(caseId)) return [];
    return this.q.mergesOfCase.all(caseId).map(toMerge);
  }
}
