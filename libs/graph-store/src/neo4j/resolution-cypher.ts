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

/*
 * Cypher of entity resolution and cross-case matches (Neo4j adapter). Spread
 * into the CYPHER record of cypher.ts, so the same linter checks every
 * statement against the schema; as there, values travel only as parameters
 * and the only spliced text is a label or type checked against graph-schema.
 */

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
function ident(name: string, declared: readonly string[]): string {
  if (!IDENTIFIER.test(name) || !declared.includes(name))
    throw new Error(`not a declared label or relationship type: ${JSON.stringify(name)}`);
  return name;
}

const ENTITY_LABELS: readonly string[] = [ENTITY_LABEL, ...ENTITY_KIND_NAMES.map((k) => ENTITY_KINDS[k].label)];
const E = ident(ENTITY_LABEL, ENTITY_LABELS);
const CASE = ident('Case', STATE_LABELS);
const AGENCY = ident('Agency', STATE_LABELS);
const MERGE = ident('Merge', STATE_LABELS);
const REJECTION = ident('MergeRejection', STATE_LABELS);
const KEY = ident('ResolutionKey', STATE_LABELS);
const IN_CASE = ident('IN_CASE', STATE_REL_TYPES);
const HAS_KEY = ident('HAS_KEY', STATE_REL_TYPES);
const LINKS = LINK_TYPE_NAMES.map((t) => ident(t, LINK_TYPE_NAMES)).join('|');

const visibleCases = (e: string) =>
  `[(${e})-[m:${IN_CASE}]->(c:${CASE}) WHERE c.id IN $caseIds | {caseId: c.id, role: m.role, caseCreatedAt: c.createdAt}]`;

function restoreEntityStatement(kind: EntityKind): string {
  const label = ident(ENTITY_KINDS[kind].label, ENTITY_LABELS);
  return `CREATE (e:${E}:${label} {id: $id})
SET e += $props, e.kind = $kind, e.label = $label, e.createdBy = $createdBy, e.createdAt = $createdAt, e.updatedBy = $updatedBy,
  e.updatedAt = $updatedAt, e.source = $source, e.reliability = $reliability
RETURN e.id AS id`;
}

function relinkStatement(type: LinkType): string {
  const rel = ident(type, LINK_TYPE_NAMES);
  return `MATCH (a:${E} {id: $source})
MATCH (b:${E} {id: $target})
CREATE (a)-[r:${rel}]->(b)
SET r = $rel
RETURN r.id AS id`;
}

const perKind = <P extends string, K extends string>(prefix: P, names: readonly K[], build: (k: K) => string) =>
  Object.fromEntries(names.map((k) => [`${prefix}.${k}`, build(k)])) as Record<`${P}.${K}`, string>;

export const RESOLUTION_CYPHER = {
  setResolutionKeys: `UNWIND $rows AS row
MATCH (e:${E} {id: row.id})
OPTIONAL MATCH (e)-[old:${HAS_KEY}]->(:${KEY})
DELETE old
WITH DISTINCT e, row
UNWIND row.keys AS key
MERGE (k:${KEY} {id: key})
MERGE (e)-[:${HAS_KEY}]->(k)`,
  duplicateCandidates: `MATCH (e:${E} {id: $id})-[:${HAS_KEY}]->(k:${KEY})<-[:${HAS_KEY}]-(o:${E})
WHERE o <> e AND o.kind = e.kind
  AND NOT EXISTS { MATCH (r:${REJECTION}) WHERE (r.aId = $id AND r.bId = o.id) OR (r.bId = $id AND r.aId = o.id) }
WITH o, collect(k.id) AS keys
WITH o, keys, ${visibleCases('o')} AS cases
WHERE size(cases) > 0
RETURN properties(o) AS node, cases, keys
ORDER BY size(keys) DESC, o.id
LIMIT $limit`,
  hiddenSameEntity: `MATCH (:${CASE} {id: $caseId})<-[:${IN_CASE}]-(e:${E})-[:${IN_CASE}]->(c:${CASE})
WHERE NOT c.id IN $caseIds
RETURN DISTINCT e.id AS entityId, c.leadAgencyId AS agencyId`,
  identifierMatches: `MATCH (:${CASE} {id: $caseId})<-[:${IN_CASE}]-(e:${E})-[:${HAS_KEY}]->(k:${KEY})
WHERE any(p IN $prefixes WHERE k.id STARTS WITH p)
MATCH (k)<-[:${HAS_KEY}]-(o:${E})
WHERE o <> e AND NOT EXISTS { (o)-[:${IN_CASE}]->(:${CASE} {id: $caseId}) }
WITH e, k, o
LIMIT $limit
RETURN e.id AS entityId, k.id AS key, properties(o) AS node, ${visibleCases('o')} AS cases,
  [(o)-[:${IN_CASE}]->(c:${CASE}) WHERE NOT c.id IN $caseIds | c.leadAgencyId] AS hiddenAgencyIds`,
  caseEntityCases: `MATCH (:${CASE} {id: $caseId})<-[:${IN_CASE}]-(e:${E})
RETURN e.id AS id, [(e)-[:${IN_CASE}]->(c:${CASE}) WHERE c.id IN $caseIds | c.id] AS cases`,
  entityCases: `UNWIND $ids AS id
MATCH (e:${E} {id: id})
RETURN e.id AS id, [(e)-[:${IN_CASE}]->(c:${CASE}) WHERE c.id IN $caseIds | c.id] AS cases`,
  agencyNames: `UNWIND $ids AS id
MATCH (a:${AGENCY} {id: id})
RETURN a.id AS id, a.name AS name`,
  caseDuplicatePairs: `MATCH (c:${CASE} {id: $caseId})<-[:${IN_CASE}]-(a:${E})-[:${HAS_KEY}]->(k:${KEY})<-[:${HAS_KEY}]-(b:${E})-[:${IN_CASE}]->(c)
WHERE a.id < b.id AND a.kind = b.kind
WITH a, b, collect(k.id) AS keys
WHERE NOT EXISTS { MATCH (r:${REJECTION} {id: a.id + '|' + b.id}) }
WITH a, b, keys
ORDER BY size(keys) DESC, a.id, b.id
LIMIT $limit
RETURN properties(a) AS a, ${visibleCases('a')} AS aCases, properties(b) AS b, ${visibleCases('b')} AS bCases, keys`,
  rejectedPairsOfCase: `MATCH (c:${CASE} {id: $caseId})<-[:${IN_CASE}]-(a:${E})
MATCH (r:${REJECTION} {aId: a.id})
MATCH (b:${E} {id: r.bId})-[:${IN_CASE}]->(c)
RETURN r.aId AS aId, r.bId AS bId, r.rejectedBy AS rejectedBy, r.rejectedAt AS rejectedAt
ORDER BY r.rejectedAt DESC, r.aId, r.bId`,
  unrejectPair: `MATCH (r:${REJECTION} {id: $id})
DELETE r
RETURN count(*) AS deleted`,
  rejectPair: `MERGE (r:${REJECTION} {id: $id})
ON CREATE SET r.aId = $aId, r.bId = $bId, r.rejectedBy = $rejectedBy, r.rejectedAt = $rejectedAt`,
  entityForMerge: `MATCH (e:${E} {id: $id})
RETURN properties(e) AS node,
  [(e)-[m:${IN_CASE}]->(c:${CASE}) | {caseId: c.id, role: m.role, addedBy: m.addedBy, addedAt: m.addedAt}] AS memberships`,
  linksOfEntity: `MATCH (e:${E} {id: $id})-[r:${LINKS}]-(:${E})
WITH DISTINCT r
RETURN r.id AS id, type(r) AS type, startNode(r).id AS source, endNode(r).id AS target, properties(r) AS rel
ORDER BY r.createdAt, r.id`,
  addMembership: `MATCH (e:${E} {id: $id})
MATCH (c:${CASE} {id: $caseId})
MERGE (e)-[m:${IN_CASE}]->(c)
ON CREATE SET m.role = $role, m.addedBy = $addedBy, m.addedAt = $addedAt`,
  dropMembershipIfUnlinked: `MATCH (e:${E} {id: $id})-[m:${IN_CASE}]->(:${CASE} {id: $caseId})
WHERE NOT EXISTS { MATCH (e)-[r:${LINKS}]-(:${E}) WHERE r.caseId = $caseId }
DELETE m`,
  deleteEntityLink: `MATCH (e:${E} {id: $entityId})-[r:${LINKS}]-(:${E})
WHERE r.id = $id
WITH DISTINCT r
DELETE r
RETURN count(*) AS deleted`,
  detachDeleteEntity: `MATCH (e:${E} {id: $id}) DETACH DELETE e`,
  ...perKind('restoreEntity', ENTITY_KIND_NAMES, restoreEntityStatement),
  ...perKind('relink', LINK_TYPE_NAMES, relinkStatement),
  createMerge: `CREATE (m:${MERGE} {id: $id})
SET m.caseId = $caseId, m.kind = $kind, m.survivorId = $survivorId, m.mergedId = $mergedId, m.mergedLabel = $mergedLabel,
  m.snapshot = $snapshot, m.mergedBy = $mergedBy, m.mergedAt = $mergedAt
RETURN properties(m) AS merge`,
  mergeById: `MATCH (m:${MERGE} {id: $id}) RETURN properties(m) AS merge`,
  mergesOfCase: `MATCH (m:${MERGE})
WHERE m.caseId = $caseId
RETURN properties(m) AS merge
ORDER BY m.mergedAt DESC, m.id DESC
LIMIT 200`,
  markMergeUndone: `MATCH (m:${MERGE} {id: $id})
SET m.undoneBy = $undoneBy, m.undoneAt = $undoneAt
RETURN properties(m) AS merge`,
} as const;
