import type { EntityKind } from '@homeward/graph-schema';
import type { Db } from './database';
import {
  ENTITY_COLUMNS,
  LINK_COLUMNS,
  type AdjacentTuple,
  type BareLinkRow,
  type EntityRow,
  type EntityTuple,
  type LightRow,
  type LinkRow,
  type LinkTuple,
  type MembershipTuple,
  type StepRow,
} from './rows';

/**
 * A prepared statement as the graph store uses it. better-sqlite3's own statement type lives in a
 * namespace its typings do not export, so the record below could not be written into the
 * declaration files; this names the part the store calls.
 */
export interface Stmt<P extends unknown[] = unknown[], R = unknown> {
  run(...params: P): { changes: number; lastInsertRowid: number | bigint };
  get(...params: P): R | undefined;
  all(...params: P): R[];
}

const prep = <P extends unknown[] = unknown[], R = unknown>(db: Db, sql: string): Stmt<P, R> =>
  db.prepare<P, R>(sql) as unknown as Stmt<P, R>;
/** Rows as arrays (raw mode): see rows.ts for why the busiest reads use it. */
const rawPrep = <P extends unknown[], R>(db: Db, sql: string): Stmt<P, R> => db.prepare<P, R>(sql).raw(true) as unknown as Stmt<P, R>;
/** The first column's value instead of a row. */
const pluckPrep = (db: Db, sql: string): Stmt<[], number> => db.prepare(sql).pluck(true) as unknown as Stmt<[], number>;

/** Every statement of the embedded graph store, prepared once per connection. */
export function prepareGraphStatements(db: Db) {
  return {
    caseRid: prep<[string], { rid: number }>(db, 'SELECT rid FROM case_file WHERE id = ?'),
    entityById: prep<[string], EntityRow>(db, 'SELECT * FROM entity WHERE id = ?'),
    entityByRid: prep<[number], EntityRow>(db, 'SELECT * FROM entity WHERE rid = ?'),
    kindByRid: prep<[number], { kind: string }>(db, 'SELECT kind FROM entity WHERE rid = ?'),
    // A link's ends need only rid and kind: not reading the props JSON roughly halves the lookup in bulk loads.
    endById: prep<[string], { rid: number; kind: EntityKind }>(db, 'SELECT rid, kind FROM entity WHERE id = ?'),
    entitiesByRids: prep<[string], EntityRow>(db, 'SELECT * FROM entity WHERE rid IN (SELECT value FROM json_each(?))'),
    // `+` keeps the planner off entity_case_by_case: with a scope of thousands of cases it probed every (case, entity)
    // pair (250 ms for 300 entities at 2,000 cases); driven by the entities through the primary key it is sub-millisecond.
    // Driven by the entities only; the scope (possibly thousands of cases) is applied in memory.
    memberships: prep<[string], { entity_rid: number; case_rid: number; role: string | null }>(
      db,
      'SELECT entity_rid, case_rid, role FROM entity_case WHERE entity_rid IN (SELECT value FROM json_each(?)) ORDER BY entity_rid, case_rid',
    ),
    dataVersion: pluckPrep(db, 'PRAGMA data_version'),
    caseIdByRid: prep<[number], { id: string }>(db, 'SELECT id FROM case_file WHERE rid = ?'),
    inCase: prep<[number, number], { role: string | null }>(db, 'SELECT role FROM entity_case WHERE entity_rid = ? AND case_rid = ?'),
    insertEntity: prep(
      db,
      `INSERT INTO entity (id, kind, label, props, created_by, created_at, updated_at, source, reliability)
       VALUES (@id, @kind, @label, @props, @createdBy, @now, @now, @source, @reliability)`,
    ),
    updateEntity: prep(db, 'UPDATE entity SET label = ?, props = ?, updated_by = ?, updated_at = ? WHERE rid = ?'),
    stampEntity: prep<[string, string, number]>(db, 'UPDATE entity SET updated_by = ?, updated_at = ? WHERE rid = ?'),
    deleteEntity: prep(db, 'DELETE FROM entity WHERE rid = ?'),
    insertMembership: prep(db, 'INSERT INTO entity_case (entity_rid, case_rid, role, added_by, added_at) VALUES (?, ?, ?, ?, ?)'),
    updateRole: prep(db, 'UPDATE entity_case SET role = ? WHERE entity_rid = ? AND case_rid = ?'),
    deleteMembership: prep(db, 'DELETE FROM entity_case WHERE entity_rid = ? AND case_rid = ?'),
    membershipCount: prep<[number], { n: number }>(db, 'SELECT count(*) AS n FROM entity_case WHERE entity_rid = ?'),
    ftsInsert: prep(db, 'INSERT INTO entity_fts (rowid, body) VALUES (?, ?)'),
    ftsDelete: prep(db, 'DELETE FROM entity_fts WHERE rowid = ?'),
    rtreeUpsert: prep(db, 'INSERT OR REPLACE INTO location_rtree (rid, min_lat, max_lat, min_lon, max_lon) VALUES (?, ?, ?, ?, ?)'),
    rtreeDelete: prep(db, 'DELETE FROM location_rtree WHERE rid = ?'),
    // The blocking keys of entity resolution (entity_key): replaced on every insert and update of an entity.
    deleteKeys: prep<[number]>(db, 'DELETE FROM entity_key WHERE entity_rid = ?'),
    insertKey: prep<[string, number]>(db, 'INSERT OR IGNORE INTO entity_key (key, entity_rid) VALUES (?, ?)'),
    insertLink: prep(
      db,
      `INSERT INTO link (id, type, src, dst, case_rid, created_by, created_at, source, reliability, credibility)
       VALUES (@id, @type, @src, @dst, @caseRid, @createdBy, @now, @source, @reliability, @credibility)`,
    ),
    linkById: prep<[string], LinkRow>(
      db,
      `SELECT l.*, s.id AS src_id, d.id AS dst_id, c.id AS case_id FROM link l
       JOIN entity s ON s.rid = l.src JOIN entity d ON d.rid = l.dst JOIN case_file c ON c.rid = l.case_rid WHERE l.id = ?`,
    ),
    linkTuplesByRids: rawPrep<[string], LinkTuple>(db, `SELECT ${LINK_COLUMNS} FROM link WHERE rid IN (SELECT value FROM json_each(?))`),
    entityTuplesByRids: rawPrep<[string], EntityTuple>(
      db,
      `SELECT ${ENTITY_COLUMNS} FROM entity WHERE rid IN (SELECT value FROM json_each(?))`,
    ),
    membershipTuples: rawPrep<[string], MembershipTuple>(
      db,
      'SELECT entity_rid, case_rid, role FROM entity_case WHERE entity_rid IN (SELECT value FROM json_each(?)) ORDER BY entity_rid, case_rid',
    ),
    // A whole BFS level in two statements (one per direction) instead of two per entity of it.
    adjOutOfMany: rawPrep<[string], AdjacentTuple>(
      db,
      'SELECT rid, dst, case_rid, type FROM link INDEXED BY link_by_src WHERE src IN (SELECT value FROM json_each(?))',
    ),
    adjInOfMany: rawPrep<[string], AdjacentTuple>(
      db,
      'SELECT rid, src, case_rid, type FROM link INDEXED BY link_by_dst WHERE dst IN (SELECT value FROM json_each(?))',
    ),
    // The same with the end read from (for the in-memory adjacency's entities changed since it was read).
    adjOutOfManyWithEnd: rawPrep<[string], [number, ...AdjacentTuple]>(
      db,
      'SELECT src, rid, dst, case_rid, type FROM link INDEXED BY link_by_src WHERE src IN (SELECT value FROM json_each(?))',
    ),
    adjInOfManyWithEnd: rawPrep<[string], [number, ...AdjacentTuple]>(
      db,
      'SELECT dst, rid, src, case_rid, type FROM link INDEXED BY link_by_dst WHERE dst IN (SELECT value FROM json_each(?))',
    ),
    bareLinksOfCase: prep<[number], BareLinkRow>(db, 'SELECT * FROM link WHERE case_rid = ?'),
    idByRid: prep<[number], { id: string }>(db, 'SELECT id FROM entity WHERE rid = ?'),
    linksOfEntityInCase: prep<[number, number, number, number], { id: string; rid: number; src: number; dst: number }>(
      db,
      'SELECT id, rid, src, dst FROM link WHERE (src = ? AND case_rid = ?) OR (dst = ? AND case_rid = ?)',
    ),
    deleteLinkRid: prep(db, 'DELETE FROM link WHERE rid = ?'),
    regradeLinkRid: prep<[string | null, number | null, number]>(db, 'UPDATE link SET reliability = ?, credibility = ? WHERE rid = ?'),
    entitiesOfCase: prep<[number], EntityRow>(
      db,
      'SELECT e.* FROM entity_case ec JOIN entity e ON e.rid = ec.entity_rid WHERE ec.case_rid = ?',
    ),
    sightingsOfCase: prep<[number], EntityRow>(
      db,
      `SELECT e.* FROM entity_case ec JOIN entity e ON e.rid = ec.entity_rid WHERE ec.case_rid = ? AND e.kind = 'SIGHTING'`,
    ),
    // One traversal step with what path algorithms need: the link's provenance, the other end's id and kind, and
    // its observedAt when it is a sighting (read from the JSON only then). Driven by the link indexes on src/dst.
    stepOut: prep<[number], StepRow>(
      db,
      `SELECT l.id, l.type, l.case_rid, l.created_by, l.created_at, l.source, l.reliability, l.credibility, e.id AS other_id, e.kind AS other_kind,
         CASE WHEN e.kind = 'SIGHTING' THEN json_extract(e.props, '$.observedAt') END AS observed_at
       FROM link l INDEXED BY link_by_src JOIN entity e ON e.rid = l.dst WHERE l.src = ?`,
    ),
    stepIn: prep<[number], StepRow>(
      db,
      `SELECT l.id, l.type, l.case_rid, l.created_by, l.created_at, l.source, l.reliability, l.credibility, e.id AS other_id, e.kind AS other_kind,
         CASE WHEN e.kind = 'SIGHTING' THEN json_extract(e.props, '$.observedAt') END AS observed_at
       FROM link l INDEXED BY link_by_dst JOIN entity e ON e.rid = l.src WHERE l.dst = ?`,
    ),
    membershipRids: prep<[string], { entity_rid: number; case_rid: number }>(
      db,
      'SELECT entity_rid, case_rid FROM entity_case WHERE entity_rid IN (SELECT value FROM json_each(?))',
    ),
    lightByRids: prep<[string], LightRow>(db, 'SELECT rid, kind, label FROM entity WHERE rid IN (SELECT value FROM json_each(?))'),
    ftsPage: prep<[string, number, number], { rowid: number }>(
      db,
      'SELECT rowid FROM entity_fts WHERE entity_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?',
    ),
    searchRest: prep<[string, number, string, number], EntityRow>(
      db,
      `SELECT e.* FROM entity_fts f JOIN entity e ON e.rid = f.rowid
       WHERE entity_fts MATCH ? AND f.rowid < ? AND EXISTS (SELECT 1 FROM entity_case ec WHERE ec.entity_rid = e.rid
         AND ec.case_rid IN (SELECT value FROM json_each(?)))
       ORDER BY f.rowid DESC LIMIT ?`,
    ),
    within: prep<[number, number, number, number, string], EntityRow>(
      db,
      `SELECT e.* FROM location_rtree r JOIN entity e ON e.rid = r.rid
       WHERE r.max_lat >= ? AND r.min_lat <= ? AND r.max_lon >= ? AND r.min_lon <= ?
         AND EXISTS (SELECT 1 FROM entity_case ec WHERE ec.entity_rid = e.rid AND ec.case_rid IN (SELECT value FROM json_each(?)))
       LIMIT 5000`,
    ),
    maxLinkRid: pluckPrep(db, 'SELECT max(rid) FROM link'),
    counts: prep<[], { entities: number; links: number }>(
      db,
      'SELECT (SELECT count(*) FROM entity) AS entities, (SELECT count(*) FROM link) AS links',
    ),
  };
}

export type GraphStatements = ReturnType<typeof prepareGraphStatements>;
