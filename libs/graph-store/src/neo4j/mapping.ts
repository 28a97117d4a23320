import {
  CREDIBILITY_GRADES,
  ENTITY_KINDS,
  ENTITY_KIND_NAMES,
  SEARCH_KEYS_PROP,
  LINK_TYPES,
  searchableProps,
  RELIABILITY_GRADES,
  type EntityKind,
  type EntityKindDef,
  type LinkType,
} from '@homeward/graph-schema';
import {
  entityLabel,
  validateEntityProps,
  type Agency,
  type CaseRecord,
  type EntityRecord,
  type LinkRecord,
  type Provenance,
  type Role,
  type UserRecord,
} from '@homeward/domain';
import neo4j from 'neo4j-driver';
import type { SessionRecord } from '../port';
import { compactIdentifiers } from '../search-keys';

/*
 * Pure conversions between the flattened node/relationship properties Neo4j
 * holds and the records of the port. Rows arrive as plain objects (the driver
 * is opened with `disableLosslessIntegers`, so integers are numbers).
 */

export type Row = Record<string, unknown>;

/** WGS 84 in Neo4j's coordinate reference system numbering. */
const WGS84 = 4326;

function fail(what: string, key: string, value: unknown): never {
  throw new Error(`neo4j: ${what} has an unexpected ${key}: ${JSON.stringify(value)}`);
}

export function str(row: Row, key: string, what = 'row'): string {
  const v = row[key];
  if (typeof v !== 'string') fail(what, key, v);
  return v;
}

export function optStr(row: Row, key: string): string | null {
  const v = row[key];
  return typeof v === 'string' ? v : null;
}

export function num(row: Row, key: string, what = 'row'): number {
  const v = row[key];
  if (typeof v === 'number') return v;
  // Counts come back as numbers; this only guards against a driver opened without disableLosslessIntegers.
  if (neo4j.isInt(v)) return v.toNumber();
  fail(what, key, v);
}

export function optNum(row: Row, key: string): number | null {
  const v = row[key];
  if (v === null || v === undefined) return null;
  return num(row, key);
}

export function obj(row: Row, key: string, what = 'row'): Row {
  const v = row[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(what, key, v);
  return v as Row;
}

function reliability(v: unknown): Provenance['reliability'] {
  return typeof v === 'string' && (RELIABILITY_GRADES as readonly string[]).includes(v) ? (v as Provenance['reliability']) : null;
}

/** A stored credibility grade, or null when absent or not one of the grades (never guessed). */
export function credibility(v: unknown): number | null {
  return typeof v === 'number' && (CREDIBILITY_GRADES as readonly number[]).includes(v) ? v : null;
}

export function isEntityKind(v: unknown): v is EntityKind {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(ENTITY_KINDS, v);
}

export function isLinkType(v: unknown): v is LinkType {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(LINK_TYPES, v);
}

/** The model's properties of an entity node: bookkeeping (id, kind, provenance, point) stays out. */
export function entityProps(kind: EntityKind, node: Row): Record<string, unknown> {
  const def: EntityKindDef = ENTITY_KINDS[kind];
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(def.props)) {
    if (node[name] !== undefined && node[name] !== null) out[name] = node[name];
  }
  return out;
}

/**
 * An entity as the reader sees it, from the node's properties (`properties(e)`) and its memberships
 * as [caseId, role, caseCreatedAt] rows: the record entityOfList makes of the same entity as a list.
 */
export function toEntityRecord(node: Row, cases: unknown): EntityRecord {
  const kind = node.kind;
  if (!isEntityKind(kind)) fail('entity', 'kind', kind);
  const listed = [...ENTITY_LIST_FIELDS.map((k) => node[k]), ENTITY_KIND_PROP_NAMES[kind].map((p) => node[p])];
  return entityOfList(
    listed,
    (Array.isArray(cases) ? (cases as Row[]) : []).map((c) => [c.caseId, c.role, c.caseCreatedAt]),
  );
}

/** What cypher.ts entityList sends of every entity first, in this order; then its kind's own properties (ENTITY_KIND_PROP_NAMES). */
export const ENTITY_LIST_FIELDS = [
  'id',
  'kind',
  'label',
  'createdBy',
  'createdAt',
  'updatedAt',
  'updatedBy',
  'source',
  'reliability',
] as const;

/** Each kind's own property names in the order cypher.ts entityList sends them (the schema's). */
export const ENTITY_KIND_PROP_NAMES: Readonly<Record<EntityKind, readonly string[]>> = (() => {
  const names = {} as Record<EntityKind, readonly string[]>;
  for (const kind of ENTITY_KIND_NAMES) names[kind] = Object.keys(ENTITY_KINDS[kind].props);
  return names;
})();

/** A membership as cypher.ts visibleCaseList sends it: [caseId, role, caseCreatedAt]. */
function membershipOf(m: unknown): { caseId: string; role: string | null; createdAt: string } {
  const v = Array.isArray(m) ? m : [];
  const caseId = v[0];
  if (typeof caseId !== 'string') fail('membership', 'caseId', caseId);
  return { caseId, role: typeof v[1] === 'string' ? v[1] : null, createdAt: typeof v[2] === 'string' ? v[2] : '' };
}

/**
 * An entity as the reader sees it, sent as cypher.ts entityList (ENTITY_LIST_FIELDS, then its kind's
 * own properties in ENTITY_KIND_PROP_NAMES order) with its visible memberships as visibleCaseList sends
 * them (cases in the reader's scope only), ordered like the embedded store: by the cases' creation, then
 * id. Built straight from the lists (no row in between: a large answer is thousands of entities, and
 * each object made is collected again); toEntityRecord reads properties(e) through it.
 */
export function entityOfList(v: unknown[], cases: unknown[]): EntityRecord {
  const [id, kind, label, createdBy, createdAt, updatedAt, updatedBy, source, reliabilityGrade] = v;
  if (!isEntityKind(kind)) fail('entity', 'kind', kind);
  if (typeof id !== 'string') fail('entity', 'id', id);
  if (typeof label !== 'string') fail('entity', 'label', label);
  if (typeof createdBy !== 'string') fail('entity', 'createdBy', createdBy);
  if (typeof createdAt !== 'string') fail('entity', 'createdAt', createdAt);
  const props: Record<string, unknown> = {};
  const own = v[ENTITY_LIST_FIELDS.length];
  if (Array.isArray(own)) {
    const names = ENTITY_KIND_PROP_NAMES[kind];
    for (let i = 0; i < names.length; i++) if (own[i] !== null && own[i] !== undefined) props[names[i]] = own[i];
  }
  const memberships = (Array.isArray(cases) ? cases : []).map(membershipOf);
  if (memberships.length > 1) memberships.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.caseId.localeCompare(b.caseId));
  const editor = typeof updatedBy === 'string' ? updatedBy : null;
  return {
    id,
    kind,
    label,
    props,
    cases: memberships.map((m) => ({ caseId: m.caseId, role: m.role })),
    provenance: {
      createdBy,
      createdAt,
      source: typeof source === 'string' ? source : null,
      reliability: reliability(reliabilityGrade),
      updatedBy: editor,
      updatedAt: editor === null || typeof updatedAt !== 'string' ? null : updatedAt,
    },
  };
}

/** The properties of a link that cypher.ts linkRelList sends, in this order: what toLinkRecord reads. */
export const LINK_REL_FIELDS = ['caseId', 'createdBy', 'createdAt', 'source', 'reliability', 'credibility'] as const;

/** A link's id, type and ends, and its properties as cypher.ts linkRelList sends them: the record toLinkRecord makes. */
export function linkOfList(id: unknown, type: unknown, source: unknown, target: unknown, rel: unknown): LinkRecord {
  if (!isLinkType(type)) fail('link', 'type', type);
  if (typeof id !== 'string') fail('link', 'id', id);
  if (typeof source !== 'string') fail('link', 'source', source);
  if (typeof target !== 'string') fail('link', 'target', target);
  const [caseId, createdBy, createdAt, origin, grade, cred] = Array.isArray(rel) ? rel : [];
  if (typeof caseId !== 'string') fail('link', 'caseId', caseId);
  if (typeof createdBy !== 'string') fail('link', 'createdBy', createdBy);
  if (typeof createdAt !== 'string') fail('link', 'createdAt', createdAt);
  return {
    id,
    type,
    source,
    target,
    caseId,
    provenance: {
      createdBy,
      createdAt,
      source: typeof origin === 'string' ? origin : null,
      reliability: reliability(grade),
      credibility: credibility(cred),
    },
  };
}

/** A row of `linkFields`: id, type, source, target and the relationship's properties (the record linkOfList makes). */
export function toLinkRecord(row: Row): LinkRecord {
  const rel = obj(row, 'rel', 'link');
  return linkOfList(
    row.id,
    row.type,
    row.source,
    row.target,
    LINK_REL_FIELDS.map((k) => rel[k]),
  );
}

export function toCaseRecord(c: Row): CaseRecord {
  const s = (k: string) => str(c, k, 'case');
  return {
    id: s('id'),
    reference: s('reference'),
    title: s('title'),
    category: s('category'),
    status: s('status'),
    riskLevel: s('riskLevel'),
    country: s('country'),
    reportedAt: s('reportedAt'),
    lastSeenAt: optStr(c, 'lastSeenAt'),
    leadAgencyId: s('leadAgencyId'),
    createdBy: s('createdBy'),
    createdAt: s('createdAt'),
  };
}

/** A `userFields` row: the user's properties and the id of the agency they work for. */
export function toUserRecord(row: Row): UserRecord {
  const u = obj(row, 'user', 'user');
  return {
    id: str(u, 'id', 'user'),
    email: str(u, 'email', 'user'),
    displayName: str(u, 'displayName', 'user'),
    role: str(u, 'role', 'user') as Role,
    agencyId: str(row, 'agencyId', 'user'),
    disabled: u.disabled === true,
  };
}

export function toLoginRecord(row: Row): UserRecord & { passwordHash: string; failedLogins: number; lockedUntil: number | null } {
  const u = obj(row, 'user', 'user');
  return {
    ...toUserRecord(row),
    passwordHash: str(u, 'passwordHash', 'user'),
    failedLogins: optNum(u, 'failedLogins') ?? 0,
    lockedUntil: optNum(u, 'lockedUntil'),
  };
}

export function toAgency(a: Row): Agency {
  return {
    id: str(a, 'id', 'agency'),
    name: str(a, 'name', 'agency'),
    country: str(a, 'country', 'agency'),
    kind: str(a, 'kind', 'agency') as Agency['kind'],
  };
}

export function toSession(s: Row): SessionRecord {
  return {
    id: str(s, 'id', 'session'),
    userId: str(s, 'userId', 'session'),
    createdAt: num(s, 'createdAt', 'session'),
    lastSeenAt: num(s, 'lastSeenAt', 'session'),
    expiresAt: num(s, 'expiresAt', 'session'),
    revoked: s.revoked === true,
  };
}

/**
 * Characters Lucene's standard tokenizer (Unicode word breaks) keeps inside a word between letters or
 * digits: "tomas.escobar77", "o'brien", "1.5", "ana_lopez" are one token each. A generous set: a
 * character it does split at only adds a word that is indexed already.
 */
const JOINED = /[\p{L}\p{N}]+(?:[._:,;'\u2018\u2019\u00B7\u0387\u05F4\u2024\u2027\uFE13\uFE52\uFE55\uFF07\uFF0E\uFF1A]+[\p{L}\p{N}]+)+/gu;

/**
 * The extra text the full-text index covers (SEARCH_KEYS_PROP): the compact identifiers ("P-512DKL" also
 * as "P512DKL"), and every word the standard tokenizer would keep joined, split as the embedded store's
 * tokenizer and the query (lucene.ts) split it, so "tomas.escobar77" is found by "tomas" and "escobar77".
 */
export function searchKeys(kind: EntityKind, props: Record<string, unknown>): string {
  const out = compactIdentifiers(kind, props);
  for (const name of searchableProps(ENTITY_KINDS[kind] as EntityKindDef)) {
    const v = props[name];
    for (const text of Array.isArray(v) ? v : [v]) {
      if (typeof text !== 'string') continue;
      for (const m of text.matchAll(JOINED)) out.push(m[0].replace(/[^\p{L}\p{N}]+/gu, ' '));
    }
  }
  return out.join(' ');
}

/**
 * What to store on an entity node for validated props: the props themselves,
 * the search keys the full-text index covers (SEARCH_KEYS_PROP, see searchKeys),
 * and for a kind with coordinates the `point` the spatial index covers. Absent
 * (null) coordinates drop the point too.
 */
export function storedProps(kind: EntityKind, props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...props };
  // Always set ('' when none) so that an update which drops the dash drops the stale key.
  out[SEARCH_KEYS_PROP] = searchKeys(kind, props);
  const spatial = (ENTITY_KINDS[kind] as EntityKindDef).spatial;
  if (!spatial) return out;
  const lat = props[spatial.lat];
  const lon = props[spatial.lon];
  out.point = typeof lat === 'number' && typeof lon === 'number' ? new neo4j.types.Point(neo4j.int(WGS84), lon, lat) : null;
  return out;
}

/**
 * Applies a partial update the way the embedded store does: a null value
 * removes the property, the result must still be a valid entity. Returns the
 * map for `SET e += $set` (nulls remove in Cypher too) and the new label.
 */
export function entityUpdate(
  kind: EntityKind,
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): { set: Record<string, unknown>; props: Record<string, unknown>; label: string } {
  const checked = validateEntityProps(kind, patch, 'props', true);
  const merged: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k];
    else if (v !== undefined) merged[k] = checked[k];
  }
  const props = validateEntityProps(kind, merged, 'props');
  const set: Record<string, unknown> = {};
  for (const name of Object.keys(ENTITY_KINDS[kind].props)) set[name] = props[name] ?? null;
  return { set: storedProps(kind, set), props, label: entityLabel(kind, props) };
}
