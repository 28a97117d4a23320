import {
  ENTITY_KINDS,
  ENTITY_KIND_NAMES,
  ENTITY_LABEL,
  LINK_TYPE_NAMES,
  MIGRATION_LABEL,
  STATE_LABELS,
  STATE_REL_TYPES,
  type EntityKind,
  type LinkType,
} from '@homeward/graph-schema';
import { ENTITY_KIND_PROP_NAMES, ENTITY_LIST_FIELDS, LINK_REL_FIELDS } from './mapping';
import { RESOLUTION_CYPHER } from './resolution-cypher';

/*
 * Every Cypher statement of the Neo4j adapter, by name. Values always travel as
 * parameters; the only text spliced into a statement is a label or
 * relationship type taken from the graph-schema constants and checked by
 * `ident` below, so a statement is fixed once this module has loaded.
 * cypher-lint.test.ts lints each entry against the schema.
 */

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A label or relationship type for splicing: it must be a plain identifier and one the schema declares. */
export function ident(name: string, declared: readonly string[]): string {
  if (!IDENTIFIER.test(name) || !declared.includes(name))
    throw new Error(`not a declared label or relationship type: ${JSON.stringify(name)}`);
  return name;
}

const ENTITY_LABELS: readonly string[] = [ENTITY_LABEL, ...ENTITY_KIND_NAMES.map((k) => ENTITY_KINDS[k].label)];
const STATE: readonly string[] = [...STATE_LABELS, MIGRATION_LABEL];

const E = ident(ENTITY_LABEL, ENTITY_LABELS);
const CASE = ident('Case', STATE);
const USER = ident('User', STATE);
const AGENCY = ident('Agency', STATE);
const SESSION = ident('Session', STATE);
const LOGIN_DEVICE = ident('LoginDevice', STATE);
const MIGRATION = ident(MIGRATION_LABEL, STATE);
const LOCATION = ident(ENTITY_KINDS.LOCATION.label, ENTITY_LABELS);
const SIGHTING = ident(ENTITY_KINDS.SIGHTING.label, ENTITY_LABELS);
const IN_CASE = ident('IN_CASE', STATE_REL_TYPES);
const MEMBER_OF = ident('MEMBER_OF', STATE_REL_TYPES);
const WORKS_FOR = ident('WORKS_FOR', STATE_REL_TYPES);
/** Link relationships only: traversals must never wander over IN_CASE or membership edges. */
const LINKS = LINK_TYPE_NAMES.map((t) => ident(t, LINK_TYPE_NAMES)).join('|');

/** The fulltext index the migrations create over every searchable property. */
export const ENTITY_SEARCH_INDEX = 'entity_search';

/** Memberships of `e` restricted to the reader's cases: a reader never learns of other cases. */
const visibleCases = (e: string) =>
  `[(${e})-[m:${IN_CASE}]->(c:${CASE}) WHERE c.id IN $caseIds | {caseId: c.id, role: m.role, caseCreatedAt: c.createdAt}]`;

const linkFields = (r: string, a: string, b: string) =>
  `${r}.id AS id, type(${r}) AS type, ${a}.id AS source, ${b}.id AS target, properties(${r}) AS rel`;

/** A property name of the schema for splicing (schema constants, never input): a plain identifier. */
function propName(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain property name: ${JSON.stringify(name)}`);
  return name;
}

/**
 * An entity as a list (mapping.ts entityOfList): ENTITY_LIST_FIELDS, then a list of its kind's own
 * properties (ENTITY_KIND_PROP_NAMES). Sending properties(e) would send every key's name again for
 * each entity, and the search keys and the point, which no record reads (a 500-node case: about 8,000
 * key names fewer to decode). The values are taken from properties(e), read once: Neo4j finds each
 * property read on its own by walking the node's property records from the first (PROFILE of caseGraph
 * on a 500-node case: 37,884 db hits with each read on its own, 33,695 this way).
 */
const entityList = (e: string) =>
  `[eprops IN [properties(${e})] | [${ENTITY_LIST_FIELDS.map((k) => `eprops.${propName(k)}`).join(', ')},
  CASE eprops.kind ${ENTITY_KIND_NAMES.map(
    (kind) => `WHEN '${propName(kind)}' THEN [${ENTITY_KIND_PROP_NAMES[kind].map((p) => `eprops.${propName(p)}`).join(', ')}]`,
  ).join(' ')} END]][0]`;

/**
 * The properties of a link that a LinkRecord is made of (LINK_REL_FIELDS), as a list (mapping.ts linkOfList): a map sends
 * and unpacks each key's name again for every link (a 500-node case has about 1,500 links). Read once, as entityList.
 */
const linkRelList = (r: string) =>
  `[lprops IN [properties(${r})] | [${LINK_REL_FIELDS.map((k) => `lprops.${propName(k)}`).join(', ')}]][0]`;

/**
 * A traversal step as a list (no map keys to send and unpack for each): the end it was expanded from,
 * the other end and its kind, then the link's id, type, whether it points away from the first end (its
 * source and target are those two ends: no id read and sent twice) and properties (graph-store.ts Hop).
 */
const hopFields = (a: string, r: string, b: string) =>
  `[lprops IN [properties(${r})] | [${a}.id, ${b}.id, ${b}.kind, lprops.id, type(${r}), startNode(${r}) = ${a},
  [${LINK_REL_FIELDS.map((k) => `lprops.${propName(k)}`).join(', ')}]]][0]`;

/** visibleCases as lists [caseId, role, caseCreatedAt] (mapping.ts entityOfList). */
const visibleCaseList = (e: string) => `[(${e})-[m:${IN_CASE}]->(c:${CASE}) WHERE c.id IN $caseIds | [c.id, m.role, c.createdAt]]`;

const userFields = (u: string) => `properties(${u}) AS user, head([(${u})-[:${WORKS_FOR}]->(a:${AGENCY}) | a.id]) AS agencyId`;

function createEntityStatement(kind: EntityKind): string {
  const label = ident(ENTITY_KINDS[kind].label, ENTITY_LABELS);
  return `UNWIND $rows AS row
MATCH (c:${CASE} {id: $caseId})
MERGE (e:${E} {id: row.id})
ON CREATE SET e:${label}, e += row.props, e.kind = $kind, e.label = row.label, e.createdBy = $actorId, e.createdAt = $now,
  e.updatedAt = $now, e.source = $source, e.reliability = $reliability
MERGE (e)-[m:${IN_CASE}]->(c)
ON CREATE SET m.role = row.role, m.addedBy = $actorId, m.addedAt = $now
RETURN e.id AS id`;
}

function createLinkStatement(type: LinkType): string {
  const rel = ident(type, LINK_TYPE_NAMES);
  return `UNWIND $rows AS row
MATCH (a:${E} {id: row.fromId})
MATCH (b:${E} {id: row.toId})
MERGE (a)-[r:${rel} {id: row.id}]->(b)
ON CREATE SET r.caseId = $caseId, r.createdBy = $actorId, r.createdAt = $now, r.source = $source, r.reliability = $reliability,
  r.credibility = $credibility
RETURN ${linkFields('r', 'a', 'b')}`;
}

/** The deepest shortest-chain statement (libs/analysis MAX_SHORTEST_PATH_LENGTH): a quantifier's bounds are literals, so one statement per depth. */
const CHAIN_LENGTHS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'] as const;
export const MAX_CHAIN_LENGTH = CHAIN_LENGTHS.length;

/**
 * libs/analysis shortestPath's answer in one statement: every shortest chain of links in the reader's
 * cases between two visible entities (at most $cap of them), the one chosen as that search chooses it
 * (the strongest graded link at each step from the start, then the lowest link id: the list order of
 * `key`), then one small row per item: k 0 how many chains were found, 1 a node in path order with its
 * visible memberships, 2 a link in path order. No row at all when an end is not visible.
 * Grade ranks as libs/analysis grading.ts: reliability A..F (ungraded as F), credibility 1..5 (ungraded after 5).
 */
function shortestChainStatement(maxLength: string): string {
  return `MATCH (s:${E} {id: $fromId})
WHERE EXISTS { (s)-[:${IN_CASE}]->(sc:${CASE}) WHERE sc.id IN $caseIds }
MATCH (t:${E} {id: $toId})
WHERE EXISTS { (t)-[:${IN_CASE}]->(tc:${CASE}) WHERE tc.id IN $caseIds }
OPTIONAL MATCH p = ALL SHORTEST (s)-[r:${LINKS} WHERE r.caseId IN $caseIds]-{1,${maxLength}}(t)
WITH p LIMIT $cap
WITH p, [x IN relationships(p) | [coalesce(x.reliability, 'F'), coalesce(x.credibility, 6), x.id]] AS key
ORDER BY key
WITH collect(p) AS paths
WITH size(paths) AS found, paths[0] AS p
UNWIND [[0, [found]]] + [n IN coalesce(nodes(p), []) | [1, [properties(n), ${visibleCaseList('n')}]]] +
  [x IN coalesce(relationships(p), []) | [2, [x.id, type(x), startNode(x).id, endNode(x).id, properties(x)]]] AS item
RETURN item[0] AS k, item[1] AS v`;
}

const perKind = <P extends string, K extends string>(prefix: P, names: readonly K[], build: (k: K) => string) =>
  Object.fromEntries(names.map((k) => [`${prefix}.${k}`, build(k)])) as Record<`${P}.${K}`, string>;

export const CYPHER = {
  // ---- migrations -------------------------------------------------------------
  migrationApplied: `MATCH (m:${MIGRATION} {name: $name}) RETURN m.name AS name, m.checksum AS checksum`,
  recordMigration: `MERGE (m:${MIGRATION} {name: $name}) ON CREATE SET m.appliedAt = $appliedAt SET m.checksum = $checksum, m.updatedAt = $appliedAt`,
  awaitIndexes: 'CALL db.awaitIndexes($timeoutSeconds)',
  setSearchKeys: `UNWIND $rows AS row MATCH (e:${E} {id: row.id}) SET e.searchKeys = row.keys`,
  // Entities a page at a time in id order (migrate.ts re-indexes blocking keys and search keys when their version changed).
  keyedEntitiesAfter: `MATCH (e:${E}) WHERE e.kind IN $kinds AND e.id > $after
  RETURN e.id AS id, e.kind AS kind, properties(e) AS props ORDER BY e.id LIMIT $limit`,

  // ---- link graph: writes ---------------------------------------------------------
  caseExists: `MATCH (c:${CASE} {id: $caseId}) RETURN c.id AS id`,
  entityStates: `UNWIND $ids AS id
MATCH (e:${E} {id: id})
OPTIONAL MATCH (e)-[m:${IN_CASE}]->(:${CASE} {id: $caseId})
RETURN e.id AS id, e.kind AS kind, m IS NOT NULL AS inCase`,
  ...perKind('createEntity', ENTITY_KIND_NAMES, createEntityStatement),
  attachEntities: `UNWIND $rows AS row
MATCH (c:${CASE} {id: $caseId})
MATCH (e:${E} {id: row.entityId})
MERGE (e)-[m:${IN_CASE}]->(c)
ON CREATE SET m.role = row.role, m.addedBy = $actorId, m.addedAt = $now
ON MATCH SET m.role = coalesce(row.newRole, m.role)
RETURN e.id AS id`,
  linkIdsTaken: `UNWIND $rows AS row
MATCH (a:${E} {id: row.fromId})-[r]-()
WHERE r.id = row.id
RETURN DISTINCT r.id AS id`,
  ...perKind('createLink', LINK_TYPE_NAMES, createLinkStatement),
  setEntityProps: `MATCH (e:${E} {id: $id})
SET e += $set, e.label = $label, e.updatedBy = $actorId, e.updatedAt = $now
RETURN e.id AS id`,
  // Who last changed an entity that was not edited itself: removed from one case, or a link at it deleted.
  stampEntities: `UNWIND $ids AS id
MATCH (e:${E} {id: id})
SET e.updatedBy = $actorId, e.updatedAt = $now`,
  entityInCase: `MATCH (e:${E} {id: $id})-[:${IN_CASE}]->(:${CASE} {id: $caseId}) RETURN e.id AS id`,
  deleteCaseLinksOfEntity: `MATCH (e:${E} {id: $id})-[r:${LINKS}]-(o:${E})
WHERE r.caseId = $caseId
WITH DISTINCT r, o
WITH r, r.id AS id, o.id AS otherId
DELETE r
RETURN id, otherId`,
  deleteMembership: `MATCH (e:${E} {id: $id})-[m:${IN_CASE}]->(:${CASE} {id: $caseId}) DELETE m`,
  deleteOrphanEntity: `MATCH (e:${E} {id: $id})
WHERE NOT EXISTS { (e)-[:${IN_CASE}]->(:${CASE}) }
DETACH DELETE e`,
  // Returns the link as it was, so the caller can tell subscribers exactly what went.
  deleteLink: `MATCH (:${CASE} {id: $caseId})<-[:${IN_CASE}]-(a:${E})-[r:${LINKS}]->(b:${E})
WHERE r.id = $id AND r.caseId = $caseId
WITH DISTINCT r, a, b
WITH r, {id: r.id, type: type(r), source: a.id, target: b.id, rel: properties(r)} AS link
DELETE r
RETURN link`,

  // A regrade: the link before and after (null removes a grade).
  regradeLink: `MATCH (:${CASE} {id: $caseId})<-[:${IN_CASE}]-(a:${E})-[r:${LINKS}]->(b:${E})
WHERE r.id = $id AND r.caseId = $caseId
WITH DISTINCT r, a, b
WITH r, a, b, {id: r.id, type: type(r), source: a.id, target: b.id, rel: properties(r)} AS before
SET r.reliability = $reliability, r.credibility = $credibility
RETURN before, {id: r.id, type: type(r), source: a.id, target: b.id, rel: properties(r)} AS after`,

  // ---- link graph: reads ----------------------------------------------------------
  visibleEntities: `UNWIND $ids AS id
MATCH (e:${E} {id: id})
WITH e, ${visibleCases('e')} AS cases
WHERE size(cases) > 0
RETURN properties(e) AS node, cases`,
  // A case's graph in one statement (one round trip): each member with its outgoing links in the case,
  // the entity as entityList, memberships and links as lists [caseId, role, caseCreatedAt] and [id, type, target, linkRelList].
  caseGraph: `MATCH (:${CASE} {id: $caseId})<-[:${IN_CASE}]-(e:${E})
RETURN ${entityList('e')} AS node, ${visibleCaseList('e')} AS cases,
  [(e)-[r:${LINKS}]->(b:${E}) WHERE r.caseId = $caseId | [r.id, type(r), b.id, ${linkRelList('r')}]] AS links`,
  caseSightings: `MATCH (:${CASE} {id: $caseId})<-[:${IN_CASE}]-(e:${SIGHTING})
WITH e ORDER BY e.observedAt, e.id
RETURN properties(e) AS node, ${visibleCases('e')} AS cases`,
  expand: `UNWIND $frontier AS fromId
MATCH (a:${E} {id: fromId})-[r:${LINKS}]-(b:${E})
WHERE r.caseId IN $caseIds AND ($linkTypes IS NULL OR type(r) IN $linkTypes)
RETURN fromId, b.id AS otherId, b.kind AS otherKind, r.id AS id, type(r) AS type, startNode(r).id AS source, endNode(r).id AS target,
  properties(r) AS rel`,
  /*
   * The first two levels of a neighbourhood in one statement (one round trip: on a busy machine each
   * costs more than the whole traversal). The visible starts, the links of each level with the other
   * end, and every node reached with its visible memberships. Level 2 is expanded from every level-1
   * node that is not a start and passes the kinds filter; the caller applies the node limit (which
   * can only cut that frontier) exactly as the level-by-level loop does, and drops the rest.
   * One small row per item (k: 0 a start, 1 and 2 a link of that level, 3 a node reached; v: a list):
   * the JavaScript driver unpacks many small records much faster than one large one.
   */
  neighborhood: `UNWIND $ids AS startId
MATCH (s:${E} {id: startId})
WITH s, ${visibleCaseList('s')} AS cases
WHERE size(cases) > 0
WITH collect(s) AS starts, collect([${entityList('s')}, cases]) AS startRecords
UNWIND CASE WHEN $depth >= 1 AND size(starts) > 0 THEN starts ELSE [null] END AS a
OPTIONAL MATCH (a)-[r:${LINKS}]-(b:${E})
WHERE r.caseId IN $caseIds AND ($linkTypes IS NULL OR type(r) IN $linkTypes)
WITH starts, startRecords, collect(CASE WHEN r IS NOT NULL THEN ${hopFields('a', 'r', 'b')} END) AS hop1, collect(DISTINCT b) AS level1
WITH startRecords, hop1, level1,
  [b IN level1 WHERE $depth >= 2 AND NOT b IN starts AND ($kinds IS NULL OR b.kind IN $kinds)] AS frontier
UNWIND CASE WHEN size(frontier) > 0 THEN frontier ELSE [null] END AS a2
OPTIONAL MATCH (a2)-[r2:${LINKS}]-(b2:${E})
WHERE r2.caseId IN $caseIds AND ($linkTypes IS NULL OR type(r2) IN $linkTypes)
WITH startRecords, hop1, level1, collect(CASE WHEN r2 IS NOT NULL THEN ${hopFields('a2', 'r2', 'b2')} END) AS hop2,
  collect(DISTINCT b2) AS level2
UNWIND CASE WHEN size(level1) + size(level2) > 0 THEN level1 + level2 ELSE [null] END AS o
WITH startRecords, hop1, hop2, collect(DISTINCT o) AS reached
UNWIND [x IN startRecords | [0, x]] + [h IN hop1 | [1, h]] + [h IN hop2 | [2, h]] +
  [o IN reached | [3, [${entityList('o')}, ${visibleCaseList('o')}]]] AS item
RETURN item[0] AS k, item[1] AS v`,
  // One traversal step for the path algorithms: scope, link types and grades filtered in the statement.
  expandGraded: `UNWIND $ids AS fromId
MATCH (a:${E} {id: fromId})-[r:${LINKS}]-(b:${E})
WHERE r.caseId IN $caseIds AND ($linkTypes IS NULL OR type(r) IN $linkTypes)
  AND ($reliabilities IS NULL OR r.reliability IN $reliabilities)
  AND ($credibilities IS NULL OR r.credibility IN $credibilities)
RETURN fromId, b.id AS otherId, b.kind AS otherKind, CASE WHEN b:${SIGHTING} THEN b.observedAt END AS otherObservedAt,
  r.id AS id, type(r) AS type, startNode(r).id AS source, endNode(r).id AS target, properties(r) AS rel`,
  ...perKind('shortestChain', CHAIN_LENGTHS, shortestChainStatement),
  // $searchCaseIds null: every visible case (the reader's case ids are sent once: 2,000 of them cost about 2 ms a copy).
  search: `CALL db.index.fulltext.queryNodes('${ENTITY_SEARCH_INDEX}', $query) YIELD node, score
WHERE ($kinds IS NULL OR node.kind IN $kinds)
  AND EXISTS { (node)-[:${IN_CASE}]->(sc:${CASE}) WHERE sc.id IN coalesce($searchCaseIds, $caseIds) }
WITH node AS e, score
ORDER BY score DESC, e.id
LIMIT $limit
RETURN ${entityList('e')} AS node, ${visibleCaseList('e')} AS cases`,
  locationsWithin: `MATCH (e:${LOCATION})
WHERE point.withinBBox(e.point, point({latitude: $minLat, longitude: $minLon}), point({latitude: $maxLat, longitude: $maxLon}))
WITH e, ${visibleCases('e')} AS cases
WHERE size(cases) > 0
RETURN properties(e) AS node, cases
LIMIT $limit`,
  // No CALL subqueries: their scope-clause form needs Neo4j 5.23+, the bare form is deprecated there.
  counts: `MATCH (e:${E})
WITH count(e) AS entities
OPTIONAL MATCH ()-[r:${LINKS}]->()
RETURN entities, count(r) AS links`,

  // ---- cases ----------------------------------------------------------------------
  caseConflicts: `MATCH (c:${CASE}) WHERE c.id = $id OR c.reference = $reference RETURN c.id AS id, c.reference AS reference`,
  createCase: `MERGE (c:${CASE} {id: $id})
ON CREATE SET c.reference = $reference, c.title = $title, c.category = $category, c.status = $status, c.riskLevel = $riskLevel,
  c.country = $country, c.reportedAt = $reportedAt, c.lastSeenAt = $lastSeenAt, c.leadAgencyId = $leadAgencyId,
  c.createdBy = $createdBy, c.createdAt = $createdAt
RETURN properties(c) AS record`,
  getCase: `MATCH (c:${CASE} {id: $id}) RETURN properties(c) AS record`,
  casesOfUser: `MATCH (:${USER} {id: $userId})-[:${MEMBER_OF}]->(c:${CASE})
RETURN properties(c) AS record
ORDER BY c.reportedAt DESC, c.id`,
  caseIdsOfUser: `MATCH (:${USER} {id: $userId})-[:${MEMBER_OF}]->(c:${CASE}) RETURN c.id AS id`,
  isMember: `MATCH (:${USER} {id: $userId})-[m:${MEMBER_OF}]->(:${CASE} {id: $caseId}) RETURN count(m) AS n`,
  members: `MATCH (u:${USER})-[m:${MEMBER_OF}]->(:${CASE} {id: $caseId})
RETURN ${userFields('u')}, m.caseRole AS caseRole
ORDER BY u.displayName, u.id`,
  memberships: `MATCH (:${USER} {id: $userId})-[m:${MEMBER_OF}]->(c:${CASE}) RETURN c.id AS id, m.caseRole AS caseRole`,
  caseRoleOf: `MATCH (:${USER} {id: $userId})-[m:${MEMBER_OF}]->(:${CASE} {id: $caseId}) RETURN m.caseRole AS caseRole`,
  userExists: `MATCH (u:${USER} {id: $userId}) RETURN u.id AS id`,
  addMember: `MATCH (c:${CASE} {id: $caseId})
MATCH (u:${USER} {id: $userId})
MERGE (u)-[m:${MEMBER_OF}]->(c)
ON CREATE SET m.addedBy = $addedBy, m.addedAt = $addedAt, m.caseRole = $caseRole`,
  removeMember: `MATCH (:${USER} {id: $userId})-[m:${MEMBER_OF}]->(:${CASE} {id: $caseId})
DELETE m
RETURN count(*) AS removed`,
  // The found time (statistics: time to recovery) is taken once, when the status first leaves OPEN.
  updateCase: `MATCH (c:${CASE} {id: $id})
SET c.foundAt = CASE WHEN c.foundAt IS NULL AND c.status = 'OPEN' AND coalesce($patch.status, 'OPEN') <> 'OPEN' THEN $now ELSE c.foundAt END
SET c += $patch
RETURN properties(c) AS record`,
  countReferences: `MATCH (c:${CASE}) WHERE c.reference STARTS WITH $prefix RETURN count(c) AS n`,

  // ---- agencies, users, sessions -------------------------------------------------
  agencyExists: `MATCH (a:${AGENCY} {id: $id}) RETURN a.id AS id`,
  createAgency: `MERGE (a:${AGENCY} {id: $id})
ON CREATE SET a.name = $name, a.country = $country, a.kind = $kind`,
  getAgency: `MATCH (a:${AGENCY} {id: $id}) RETURN properties(a) AS agency`,
  listAgencies: `MATCH (a:${AGENCY}) RETURN properties(a) AS agency ORDER BY a.country, a.name`,
  userConflicts: `MATCH (u:${USER}) WHERE u.id = $id OR u.email = $email RETURN u.id AS id`,
  createUser: `MATCH (a:${AGENCY} {id: $agencyId})
MERGE (u:${USER} {id: $id})
ON CREATE SET u.email = $email, u.displayName = $displayName, u.role = $role, u.passwordHash = $passwordHash, u.disabled = false,
  u.failedLogins = 0, u.createdAt = $createdAt
MERGE (u)-[:${WORKS_FOR}]->(a)
RETURN ${userFields('u')}`,
  getUsers: `UNWIND $ids AS id
MATCH (u:${USER} {id: id})
RETURN ${userFields('u')}`,
  userByEmail: `MATCH (u:${USER} {email: $email}) RETURN ${userFields('u')}`,
  listUsers: `MATCH (u:${USER}) RETURN ${userFields('u')} ORDER BY u.displayName, u.id`,
  setUserDisabled: `MATCH (u:${USER} {id: $id}) SET u.disabled = $disabled`,
  setUserRole: `MATCH (u:${USER} {id: $id}) SET u.role = $role`,
  // The first SET takes the account's write lock, so concurrent attempts (any process) queue there and
  // each then reads the count the one before it committed: no two are counted as the same attempt.
  beginLoginAttempt: `MATCH (u:${USER} {id: $id})
SET u.failedLogins = coalesce(u.failedLogins, 0)
WITH u, u.lockedUntil IS NOT NULL AND u.lockedUntil > $now AS locked
WITH u, locked, CASE WHEN u.lockedUntil IS NOT NULL AND u.lockedUntil <= $now THEN 1 ELSE u.failedLogins + 1 END AS attempts
FOREACH (counted IN CASE WHEN locked THEN [] ELSE [attempts] END |
  SET u.failedLogins = counted, u.lockedUntil = CASE WHEN counted >= $max THEN $now + $lockMs ELSE null END)
RETURN NOT locked AS allowed`,
  recordLoginSuccess: `MATCH (u:${USER} {id: $id}) SET u.failedLogins = 0, u.lockedUntil = null`,
  // The same count for one trusted device (made at its first attempt; the id's unique constraint makes
  // concurrent MERGEs one node). A device id of another account counts nothing and is refused.
  beginDeviceLoginAttempt: `MERGE (d:${LOGIN_DEVICE} {id: $id})
ON CREATE SET d.userId = $userId, d.failedLogins = 0
SET d.failedLogins = coalesce(d.failedLogins, 0)
WITH d, d.userId <> $userId OR (d.lockedUntil IS NOT NULL AND d.lockedUntil > $now) AS locked
WITH d, locked, CASE WHEN d.lockedUntil IS NOT NULL AND d.lockedUntil <= $now THEN 1 ELSE d.failedLogins + 1 END AS attempts
FOREACH (counted IN CASE WHEN locked THEN [] ELSE [attempts] END |
  SET d.failedLogins = counted, d.lockedUntil = CASE WHEN counted >= $max THEN $now + $lockMs ELSE null END)
RETURN NOT locked AS allowed`,
  recordDeviceLoginSuccess: `MATCH (d:${LOGIN_DEVICE} {id: $id}) SET d.failedLogins = 0, d.lockedUntil = null`,
  createSession: `MERGE (s:${SESSION} {id: $id})
ON CREATE SET s.userId = $userId, s.createdAt = $createdAt, s.lastSeenAt = $lastSeenAt, s.expiresAt = $expiresAt, s.revoked = false`,
  getSession: `MATCH (s:${SESSION} {id: $id}) RETURN properties(s) AS session`,
  touchSession: `MATCH (s:${SESSION} {id: $id}) SET s.lastSeenAt = $at`,
  revokeSession: `MATCH (s:${SESSION} {id: $id}) SET s.revoked = true`,
  revokeUserSessions: `MATCH (s:${SESSION} {userId: $userId}) SET s.revoked = true`,
  userCount: `MATCH (u:${USER}) RETURN count(u) AS n`,

  // ---- entity resolution and cross-case matches (resolution-cypher.ts) -----------------
  ...RESOLUTION_CYPHER,
} as const;

export type CypherName = keyof typeof CYPHER;
