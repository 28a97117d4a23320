/**
 * Every Cypher statement of the Neo4j document store, by name. A linter
 * imports this file and checks each against the graph schema.
 *
 * Property keys: DocUpdate {id, room, seq, data, createdBy, createdAt},
 * DocSnapshot {id, room, seq, state, updatedAt, appends}, SignOff {id, caseId, kind,
 * seq, createdBy, createdAt, comment, contentHash, state}.
 */
export const CYPHER = {
  // Several server processes (replicas) may append to one room at once. Incrementing the
  // room's DocSnapshot node (unique id, so the MERGE is safe under concurrency) takes its write
  // lock before the last seq is read: appends to one room are serialized and never compute the
  // same seq. (`id` is unique as well, so a writer that did would fail, never overwrite.) The
  // node exists before the first snapshot: until then it has no `state` and loads skip it.
  appendUpdate: `MERGE (lock:DocSnapshot {id: $room})
ON CREATE SET lock.room = $room, lock.seq = -1
SET lock.appends = coalesce(lock.appends, 0) + 1
WITH lock
OPTIONAL MATCH (last:DocUpdate {room: $room})
WITH coalesce(max(last.seq), 0) + 1 AS seq
CREATE (u:DocUpdate {id: $room + '#' + toString(seq), room: $room, seq: seq, data: $data, createdBy: $userId, createdAt: $at})
RETURN seq`,
  loadSnapshot: `MATCH (s:DocSnapshot {id: $room}) WHERE s.state IS NOT NULL RETURN s.seq AS seq, s.state AS state`,
  updatesAfter: `MATCH (u:DocUpdate {room: $room}) WHERE u.seq > $afterSeq
RETURN u.seq AS seq, u.data AS data, u.createdBy AS userId, u.createdAt AS at ORDER BY u.seq`,
  lastSeq: `OPTIONAL MATCH (u:DocUpdate {room: $room}) RETURN coalesce(max(u.seq), 0) AS seq`,
  compact: `MERGE (s:DocSnapshot {id: $room})
ON CREATE SET s.room = $room, s.seq = -1
WITH s WHERE s.seq < $seq
SET s.seq = $seq, s.state = $state, s.updatedAt = $at`,
  addSignOff: `CREATE (s:SignOff {id: $id, caseId: $caseId, kind: $document, seq: $seq, createdBy: $signerId, createdAt: $signedAt, comment: $comment, contentHash: $contentHash, state: $state})`,
  signOffs: `MATCH (s:SignOff {caseId: $caseId, kind: $document})
RETURN s.id AS id, s.caseId AS caseId, s.kind AS document, s.seq AS seq, s.createdBy AS signerId, s.createdAt AS signedAt, s.comment AS comment, s.contentHash AS contentHash
ORDER BY s.createdAt DESC, s.seq DESC`,
  getSignOff: `MATCH (s:SignOff {id: $id})
RETURN s.id AS id, s.caseId AS caseId, s.kind AS document, s.seq AS seq, s.createdBy AS signerId, s.createdAt AS signedAt, s.comment AS comment, s.contentHash AS contentHash, s.state AS state`,
} as const satisfies Record<string, string>;

export type CollabCypherName = keyof typeof CYPHER;
