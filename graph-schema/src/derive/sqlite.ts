import {
  AGENCY_KINDS,
  CASE_CATEGORIES,
  CASE_STATUSES,
  CREDIBILITY_GRADES,
  ENTITY_KINDS,
  ENTITY_KIND_NAMES,
  LINK_TYPE_NAMES,
  PERSON_ROLES,
  RELIABILITY_GRADES,
  RISK_LEVELS,
  ROLES,
  type EntityKindDef,
} from '../model';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** Names of the properties of one kind that are part of the full-text index. */
export function searchableProps(kind: EntityKindDef): string[] {
  return Object.entries(kind.props)
    .filter(([, def]) => 'searchable' in def && def.searchable)
    .map(([name]) => name);
}

/** Every (kind, property) pair that gets an exact-match index. */
export function indexedProps(): Array<{ kind: string; label: string; prop: string }> {
  const out: Array<{ kind: string; label: string; prop: string }> = [];
  for (const kind of ENTITY_KIND_NAMES) {
    const def: EntityKindDef = ENTITY_KINDS[kind];
    for (const [prop, p] of Object.entries(def.props)) {
      if ('indexed' in p && p.indexed) out.push({ kind, label: def.label, prop });
    }
  }
  return out;
}

/**
 * Columns added after the first release. New files get them in CREATE TABLE; a database file
 * made before has them added at open (SQLite has no ADD COLUMN IF NOT EXISTS, so the opener
 * compares with PRAGMA table_info). A CHECK on an added column must allow NULL for old rows.
 */
export const ADDED_COLUMNS: ReadonlyArray<{ readonly table: string; readonly column: string; readonly definition: string }> = [
  {
    table: 'link',
    column: 'credibility',
    definition: `credibility INTEGER CHECK (credibility IS NULL OR credibility IN (${CREDIBILITY_GRADES.join(', ')}))`,
  },
  // Who last changed the entity (updated, removed from one of its cases, or lost a link); NULL until then.
  { table: 'entity', column: 'updated_by', definition: 'updated_by TEXT' },
  // A membership's case role, narrowing what the account's role allows on that case; NULL: the account's role.
  {
    table: 'case_member',
    column: 'case_role',
    definition: `case_role TEXT CHECK (case_role IS NULL OR case_role IN ('ANALYST', 'INVESTIGATOR', 'SUPERVISOR'))`,
  },
];

/** The added columns of one table, for its CREATE TABLE (each table gets its own, not every table's). */
function addedColumns(table: string): string {
  return ADDED_COLUMNS.filter((c) => c.table === table)
    .map((c) => `,\n      ${c.definition}`)
    .join('');
}

/** Statements that bring an older database file up to the current columns, given the columns it has per table. */
export function sqliteColumnMigrations(existing: (table: string) => readonly string[]): string[] {
  return ADDED_COLUMNS.filter((c) => !existing(c.table).includes(c.column)).map((c) => `ALTER TABLE ${c.table} ADD COLUMN ${c.definition}`);
}

/**
 * The embedded store's DDL. Idempotent (IF NOT EXISTS throughout) so it runs
 * at every start. Entities and links are generic rows keyed by integer rowids
 * (fast joins); the rules on kinds, enums and indexed properties come from
 * the model above.
 */
export function sqliteDdl(): string[] {
  const stmts = [
    `CREATE TABLE IF NOT EXISTS agency (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      country TEXT NOT NULL CHECK (length(country) = 2),
      kind TEXT NOT NULL CHECK (kind IN (${list(AGENCY_KINDS)}))
    )`,
    `CREATE TABLE IF NOT EXISTS user_account (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN (${list(ROLES)})),
      agency_id TEXT NOT NULL REFERENCES agency(id),
      password_hash TEXT NOT NULL,
      disabled INTEGER NOT NULL DEFAULT 0,
      failed_logins INTEGER NOT NULL DEFAULT 0,
      locked_until INTEGER,
      created_at TEXT NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS user_by_agency ON user_account(agency_id)`,
    `CREATE TABLE IF NOT EXISTS session (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      revoked INTEGER NOT NULL DEFAULT 0
    )`,
    `CREATE INDEX IF NOT EXISTS session_by_user ON session(user_id)`,
    // A browser that signed in to the account before (device cookie): failures there count here, not on the account.
    `CREATE TABLE IF NOT EXISTS login_device (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      failed_logins INTEGER NOT NULL DEFAULT 0,
      locked_until INTEGER
    )`,
    `CREATE TABLE IF NOT EXISTS case_file (
      rid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      reference TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      category TEXT NOT NULL CHECK (category IN (${list(CASE_CATEGORIES)})),
      status TEXT NOT NULL CHECK (status IN (${list(CASE_STATUSES)})),
      risk_level TEXT NOT NULL CHECK (risk_level IN (${list(RISK_LEVELS)})),
      country TEXT NOT NULL CHECK (length(country) = 2),
      reported_at TEXT NOT NULL,
      last_seen_at TEXT,
      lead_agency_id TEXT NOT NULL REFERENCES agency(id),
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS case_member (
      case_rid INTEGER NOT NULL REFERENCES case_file(rid) ON DELETE CASCADE,
      user_id TEXT NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
      added_by TEXT NOT NULL,
      added_at TEXT NOT NULL${addedColumns('case_member')},
      PRIMARY KEY (case_rid, user_id)
    ) WITHOUT ROWID`,
    `CREATE INDEX IF NOT EXISTS case_member_by_user ON case_member(user_id, case_rid)`,
    `CREATE TABLE IF NOT EXISTS entity (
      rid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN (${list(ENTITY_KIND_NAMES)})),
      label TEXT NOT NULL,
      props TEXT NOT NULL CHECK (json_valid(props)),
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      source TEXT,
      reliability TEXT CHECK (reliability IS NULL OR reliability IN (${list(RELIABILITY_GRADES)}))${addedColumns('entity')}
    )`,
    `CREATE TABLE IF NOT EXISTS entity_case (
      entity_rid INTEGER NOT NULL REFERENCES entity(rid) ON DELETE CASCADE,
      case_rid INTEGER NOT NULL REFERENCES case_file(rid) ON DELETE CASCADE,
      role TEXT CHECK (role IS NULL OR role IN (${list(PERSON_ROLES)})),
      added_by TEXT NOT NULL,
      added_at TEXT NOT NULL,
      PRIMARY KEY (entity_rid, case_rid)
    ) WITHOUT ROWID`,
    `CREATE INDEX IF NOT EXISTS entity_case_by_case ON entity_case(case_rid, entity_rid)`,
    `CREATE TABLE IF NOT EXISTS link (
      rid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL CHECK (type IN (${list(LINK_TYPE_NAMES)})),
      src INTEGER NOT NULL REFERENCES entity(rid) ON DELETE CASCADE,
      dst INTEGER NOT NULL REFERENCES entity(rid) ON DELETE CASCADE,
      case_rid INTEGER NOT NULL REFERENCES case_file(rid) ON DELETE CASCADE,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      source TEXT,
      reliability TEXT CHECK (reliability IS NULL OR reliability IN (${list(RELIABILITY_GRADES)}))${addedColumns('link')}
    )`,
    // Covering indexes: a traversal step reads (neighbour, case, type) without touching the table.
    `CREATE INDEX IF NOT EXISTS link_by_src ON link(src, case_rid, dst, type)`,
    `CREATE INDEX IF NOT EXISTS link_by_dst ON link(dst, case_rid, src, type)`,
    `CREATE INDEX IF NOT EXISTS link_by_case ON link(case_rid)`,
    // Full text over names, aliases, plates and descriptions; remove_diacritics makes "jose" find "José".
    `CREATE VIRTUAL TABLE IF NOT EXISTS entity_fts USING fts5(
      body, content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 2"
    )`,
    `CREATE VIRTUAL TABLE IF NOT EXISTS location_rtree USING rtree(rid, min_lat, max_lat, min_lon, max_lon)`,
    // Entity resolution: blocking keys (folded name pairs, birth dates, normalised plates and numbers),
    // kept up to date on every write, so candidates and identifier matches are index lookups.
    `CREATE TABLE IF NOT EXISTS entity_key (
      key TEXT NOT NULL,
      entity_rid INTEGER NOT NULL REFERENCES entity(rid) ON DELETE CASCADE,
      PRIMARY KEY (key, entity_rid)
    ) WITHOUT ROWID`,
    `CREATE INDEX IF NOT EXISTS entity_key_by_entity ON entity_key(entity_rid)`,
    // Which version of the key functions built entity_key (a file from before is indexed once at open).
    `CREATE TABLE IF NOT EXISTS entity_key_state (version INTEGER NOT NULL)`,
    // The state label 'Merge': one row per merge, with what it changed (JSON) so it can be undone.
    `CREATE TABLE IF NOT EXISTS entity_merge (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN (${list(ENTITY_KIND_NAMES)})),
      survivor_id TEXT NOT NULL,
      merged_id TEXT NOT NULL,
      merged_label TEXT NOT NULL,
      snapshot TEXT NOT NULL CHECK (json_valid(snapshot)),
      merged_by TEXT NOT NULL,
      merged_at TEXT NOT NULL,
      undone_by TEXT,
      undone_at TEXT
    )`,
    `CREATE INDEX IF NOT EXISTS entity_merge_by_case ON entity_merge(case_id, merged_at)`,
    // The state label 'MergeRejection': pairs a person decided are not the same (a_id < b_id).
    `CREATE TABLE IF NOT EXISTS merge_rejection (
      a_id TEXT NOT NULL,
      b_id TEXT NOT NULL,
      rejected_by TEXT NOT NULL,
      rejected_at TEXT NOT NULL,
      PRIMARY KEY (a_id, b_id)
    ) WITHOUT ROWID`,
  ];
  for (const { kind, prop } of indexedProps()) {
    stmts.push(
      `CREATE INDEX IF NOT EXISTS entity_${kind.toLowerCase()}_${prop.toLowerCase()} ON entity(json_extract(props, '$.${prop}')) WHERE kind = '${kind}'`,
    );
  }
  return stmts;
}
