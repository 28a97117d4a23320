import {
  ENTITY_KINDS,
  ENTITY_KIND_NAMES,
  ENTITY_LABEL,
  LINK_TYPE_NAMES,
  STATE_LABELS,
  STATE_REL_TYPES,
  type EntityKind,
  type LinkType,
} from '@homeward/graph-schema';
import { ident } from '../neo4j/cypher';

/*
 * Cypher of the CSV importer's Neo4j backend (neo4j-import.ts). Its own CYPHER
 * record, linted against the schema by neo4j/cypher-lint.test.ts like the
 * adapter's (which finds every libs/<lib>/src/**\/cypher.ts). As there, values
 * travel only as parameters; the only spliced text is a label or relationship
 * type checked against graph-schema.
 *
 * Every write is keyed on application ids (MERGE for memberships and links; new
 * entities are CREATEd under the unique constraint on their id, see below), so a
 * transaction the driver retries, or a whole import run again, writes nothing twice.
 */

const ENTITY_LABELS: readonly string[] = [ENTITY_LABEL, ...ENTITY_KIND_NAMES.map((k) => ENTITY_KINDS[k].label)];
const E = ident(ENTITY_LABEL, ENTITY_LABELS);
const CASE = ident('Case', STATE_LABELS);
const KEY = ident('ResolutionKey', STATE_LABELS);
const USER = ident('User', STATE_LABELS);
const AGENCY = ident('Agency', STATE_LABELS);
const IN_CASE = ident('IN_CASE', STATE_REL_TYPES);
const HAS_KEY = ident('HAS_KEY', STATE_REL_TYPES);
const LINKS = LINK_TYPE_NAMES.map((t) => ident(t, LINK_TYPE_NAMES)).join('|');

/*
 * Rows carry their own case id (an import spans many cases). The case is matched per row
 * through the unique index on Case.id; the count returned lets the caller notice a row that
 * found no case (deleted since the check) instead of losing it silently.
 *
 * CREATE, not MERGE: the check phase found none of these ids stored, and MERGE cost twice as
 * much here (a locking index seek per row, and Eager barriers for the label and properties it
 * sets). A retried transaction cannot duplicate an entity: the unique constraint on Entity.id
 * refuses the second one, the import fails and undoes itself, and a re-run finds the rows stored.
 */
function createEntities(kind: EntityKind): string {
  const label = ident(ENTITY_KINDS[kind].label, ENTITY_LABELS);
  return `UNWIND $rows AS row
MATCH (c:${CASE} {id: row.caseId})
CREATE (e:${E}:${label} {id: row.id})
SET e += row.props, e.kind = $kind, e.label = row.label, e.createdBy = $actorId, e.createdAt = $now,
  e.updatedAt = $now, e.source = $source, e.reliability = $reliability
CREATE (e)-[:${IN_CASE} {role: row.role, addedBy: $actorId, addedAt: $now}]->(c)
RETURN count(*) AS written`;
}

function createLinks(type: LinkType): string {
  const rel = ident(type, LINK_TYPE_NAMES);
  return `UNWIND $rows AS row
MATCH (a:${E} {id: row.fromId})
MATCH (b:${E} {id: row.toId})
MERGE (a)-[r:${rel} {id: row.id}]->(b)
ON CREATE SET r.caseId = row.caseId, r.createdBy = $actorId, r.createdAt = $now, r.source = $source, r.reliability = $reliability
RETURN count(*) AS written`;
}

const perName = <P extends string, K extends string>(prefix: P, names: readonly K[], build: (k: K) => string) =>
  Object.fromEntries(names.map((k) => [`${prefix}.${k}`, build(k)])) as Record<`${P}.${K}`, string>;

export const CYPHER = {
  // ---- checking (before anything is written) -----------------------------------
  casesByReference: `UNWIND $refs AS ref
MATCH (c:${CASE} {reference: ref})
RETURN c.reference AS reference, c.id AS id`,
  // Every membership, not only the importer's: the import is an administrator's tool, not a reader's query.
  entityStates: `UNWIND $ids AS id
MATCH (e:${E} {id: id})
RETURN e.id AS id, e.kind AS kind, CASE WHEN $withProps THEN properties(e) END AS node,
  [(e)-[m:${IN_CASE}]->(c:${CASE}) | {caseId: c.id, role: m.role}] AS cases`,
  // A link is stored from its source, so its id is looked for among the source's outgoing links.
  storedLinks: `UNWIND $rows AS row
MATCH (a:${E} {id: row.fromId})-[r:${LINKS}]->(b:${E})
WHERE r.id = row.id
RETURN r.id AS id, type(r) AS type, b.id AS toId, r.caseId AS caseId`,

  // ---- writing ---------------------------------------------------------------------
  ...perName('createEntities', ENTITY_KIND_NAMES, createEntities),
  attach: `UNWIND $rows AS row
MATCH (c:${CASE} {id: row.caseId})
MATCH (e:${E} {id: row.entityId})
MERGE (e)-[m:${IN_CASE}]->(c)
ON CREATE SET m.role = row.role, m.addedBy = $actorId, m.addedAt = $now
ON MATCH SET m.role = coalesce(row.newRole, m.role)
RETURN count(*) AS written`,
  // New entities only: they have no keys yet, so no old keys to remove and no HAS_KEY to look for.
  // One row per key, sorted by key: concurrent transactions then lock shared keys in the same order.
  resolutionKeys: `UNWIND $rows AS row
MATCH (e:${E} {id: row.id})
MERGE (k:${KEY} {id: row.key})
CREATE (e)-[:${HAS_KEY}]->(k)`,
  ...perName('createLinks', LINK_TYPE_NAMES, createLinks),

  // ---- undoing a write that failed midway -------------------------------------------
  undoLinks: `UNWIND $rows AS row
MATCH (:${E} {id: row.fromId})-[r:${LINKS}]->(:${E})
WHERE r.id = row.id
DELETE r`,
  undoMemberships: `UNWIND $rows AS row
MATCH (:${E} {id: row.entityId})-[m:${IN_CASE}]->(:${CASE} {id: row.caseId})
DELETE m`,
  undoRoles: `UNWIND $rows AS row
MATCH (:${E} {id: row.entityId})-[m:${IN_CASE}]->(:${CASE} {id: row.caseId})
SET m.role = row.role`,
  // Entities the import created: with them go their memberships, links and keys, and the keys no other entity holds.
  undoEntities: `UNWIND $ids AS id
MATCH (e:${E} {id: id})
OPTIONAL MATCH (e)-[:${HAS_KEY}]->(k:${KEY})
WITH e, collect(k) AS keys
DETACH DELETE e
WITH keys
UNWIND keys AS k
WITH DISTINCT k
WHERE NOT EXISTS { (k)<-[:${HAS_KEY}]-() }
DELETE k`,

  // ---- test harness: tests on a shared database remove exactly what they created ----------
  dropCases: `UNWIND $ids AS id
MATCH (c:${CASE} {id: id})
DETACH DELETE c`,
  dropUsers: `UNWIND $ids AS id
MATCH (u:${USER} {id: id})
DETACH DELETE u`,
  dropAgencies: `UNWIND $ids AS id
MATCH (a:${AGENCY} {id: id})
DETACH DELETE a`,
} as const;

export type ImportCypherName = keyof typeof CYPHER;
