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
  // One statement writes a group of appends (every room with updates waiting, each room's in
  // order; the rooms sorted by name so that two replicas take the room locks in one order).
  // The node keeps the room's last seq (`lastSeq`), so an append reads one node instead of
  // the room's log. A room written before lastSeq existed reads its last update once, newest
  // first through the (room, seq) index: one entry. (The previous form, an OPTIONAL MATCH
  // filtered on `lock.lastSeq IS NULL`, was planned as a scan of every DocUpdate of the
  // database for every room of every group: appends slowed down as the log grew, to seconds
  // per group at 100,000 updates.)
  appendBatch: `UNWIND $batch AS b
MERGE (lock:DocSnapshot {id: b.room})
ON CREATE SET lock.room = b.room, lock.seq = -1
SET lock.appends = coalesce(lock.appends, 0) + size(b.updates)
WITH b, lock, coalesce(lock.lastSeq, COLLECT {
  MATCH (last:DocUpdate {room: b.room}) WHERE last.seq IS NOT NULL RETURN last.seq ORDER BY last.seq DESC LIMIT 1
}[0], 0) AS base
SET lock.lastSeq = base + size(b.updates)
WITH b, base
UNWIND range(0, size(b.updates) - 1) AS i
WITH b, base + i + 1 AS seq, b.updates[i] AS u
CREATE (:DocUpdate {id: b.room + '#' + toString(seq), room: b.room, seq: seq, data: u.data, createdBy: u.userId, createdAt: u.at})
RETURN b.room AS room, seq`,
  loadSnapshot: `MATCH (s:DocSnapshot {id: $room}) WHERE s.state IS NOT NULL RETURN s.seq AS seq, s.state AS state`,
  updatesAfter: `MATCH (u:DocUpdate {room: $room}) WHERE u.seq > $afterSeq
RETURN u.seq AS seq, u.data AS data, u.createdBy AS userId, u.createdAt AS at ORDER BY u.seq`,
  // The lock node's count when it has one; otherwise the newest update, through the index.
  lastSeq: `OPTIONAL MATCH (lock:DocSnapshot {id: $room})
RETURN coalesce(lock.lastSeq, COLLECT {
  MATCH (u:DocUpdate {room: $room}) WHERE u.seq IS NOT NULL RETURN u.seq ORDER BY u.seq DESC LIMIT 1
}[0], 0) AS seq`,
  compact: `MERGE (s:DocSnapshot {id: $room})
ON CREATE SET s.room = $room, s.seq = -1
WITH s WHERE s.seq < $seq
SET s.seq = $seq, s.state = $state, s.updatedAt = $at`,
  addSignOff: `CREATE (s:SignOff {id: $id, caseId: $caseId, kind: $document, seq: $seq, createdBy: $signerId, createdAt: $signedAt,
  comment: $comment, contentHash: $contentHash, state: $state})`,
  signOffs: `MATCH (s:SignOff {caseId: $caseId, kind: $document})
RETURN s.id AS id, s.caseId AS caseId, s.kind AS document, s.seq AS seq, s.createdBy AS signerId, s.createdAt AS signedAt,
  s.comment AS comment, s.contentHash AS contentHash
ORDER BY s.createdAt DESC, s.seq DESC`,
  getSignOff: `MATCH (s:SignOff {id: $id})
RETURN s.id AS id, s.caseId AS caseId, s.kind AS document, s.seq AS seq, s.createdBy AS signerId, s.createdAt AS signedAt,
  s.comment AS comment, s.contentHash AS contentHash, s.state AS state`,
} as const satisfies Record<string, string>;

export type CollabCypherName = keyof typeof CYPHER;
