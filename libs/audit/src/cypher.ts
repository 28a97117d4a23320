/**
 * Every Cypher statement of the Neo4j audit trail, by name. A linter imports
 * this file and checks each against the graph schema.
 *
 * Labels: AuditRecord {seq, id, at, action, outcome, actorId, actorEmail,
 * agencyId, targetType, targetId, caseId, purpose, details, prevHash, hash}
 * and the single AuditHead {id: 'head', seq, hash, at, lock}.
 */
export const CYPHER = {
  // Setting a property takes the node's write lock until commit, so every
  // appender, in any process, waits here and then reads the head the previous
  // one committed: the chain stays linear without a lock service.
  lockHead: `MERGE (h:AuditHead {id: 'head'})
ON CREATE SET h.seq = 0, h.hash = $genesis, h.at = ''
SET h.lock = $lock
RETURN h.seq AS seq, h.hash AS hash, h.at AS at, COUNT { (r:AuditRecord) } AS records`,
  // A group of records (every append that waited while the previous transaction ran), chained in
  // order after the head, and the head moved to the last of them.
  appendRecords: `MATCH (h:AuditHead {id: 'head'})
UNWIND $records AS r
CREATE (:AuditRecord {seq: r.seq, id: r.id, at: r.at, action: r.action, outcome: r.outcome, actorId: r.actorId, actorEmail: r.actorEmail,
  agencyId: r.agencyId, targetType: r.targetType, targetId: r.targetId, caseId: r.caseId, purpose: r.purpose, details: r.details,
  prevHash: r.prevHash, hash: r.hash})
WITH DISTINCT h
SET h.seq = $seq, h.hash = $hash, h.at = $at`,
  readHead: `MATCH (h:AuditHead {id: 'head'}) RETURN h.seq AS seq, h.hash AS hash, h.at AS at`,
  hashAt: `MATCH (r:AuditRecord {seq: $seq}) RETURN r.hash AS hash`,
  // Filters other than the leading one are optional: a null parameter matches everything.
  queryAll: `MATCH (r:AuditRecord)
WHERE r.seq > $afterSeq
  AND ($actorId IS NULL OR r.actorId = $actorId) AND ($action IS NULL OR r.action = $action)
  AND ($from IS NULL OR r.at >= $from) AND ($to IS NULL OR r.at < $to)
RETURN r.seq AS seq, r.id AS id, r.at AS at, r.action AS action, r.outcome AS outcome, r.actorId AS actorId,
  r.actorEmail AS actorEmail, r.agencyId AS agencyId, r.targetType AS targetType, r.targetId AS targetId, r.caseId AS caseId,
  r.purpose AS purpose, r.details AS details, r.prevHash AS prevHash, r.hash AS hash
ORDER BY r.seq LIMIT $limit`,
  queryByCase: `MATCH (r:AuditRecord {caseId: $caseId})
WHERE r.seq > $afterSeq
  AND ($actorId IS NULL OR r.actorId = $actorId) AND ($action IS NULL OR r.action = $action)
  AND ($from IS NULL OR r.at >= $from) AND ($to IS NULL OR r.at < $to)
RETURN r.seq AS seq, r.id AS id, r.at AS at, r.action AS action, r.outcome AS outcome, r.actorId AS actorId,
  r.actorEmail AS actorEmail, r.agencyId AS agencyId, r.targetType AS targetType, r.targetId AS targetId, r.caseId AS caseId,
  r.purpose AS purpose, r.details AS details, r.prevHash AS prevHash, r.hash AS hash
ORDER BY r.seq LIMIT $limit`,
  verifyPage: `MATCH (r:AuditRecord)
WHERE r.seq > $afterSeq AND r.seq <= $end
RETURN r.seq AS seq, r.id AS id, r.at AS at, r.action AS action, r.outcome AS outcome, r.actorId AS actorId,
  r.actorEmail AS actorEmail, r.agencyId AS agencyId, r.targetType AS targetType, r.targetId AS targetId, r.caseId AS caseId,
  r.purpose AS purpose, r.details AS details, r.prevHash AS prevHash, r.hash AS hash
ORDER BY r.seq, r.id LIMIT $limit`,
  // seq carries no uniqueness constraint in Neo4j, so a forged twin of a verified record shows only in the count.
  countUpTo: `MATCH (r:AuditRecord) WHERE r.seq <= $end RETURN count(r) AS n`,
  countAll: `MATCH (r:AuditRecord) RETURN count(r) AS n`,
  maxSeq: `MATCH (r:AuditRecord) RETURN max(r.seq) AS seq`,
} as const satisfies Record<string, string>;

export type CypherName = keyof typeof CYPHER;
