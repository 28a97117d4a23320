/**
 * Every Cypher statement of the Neo4j graph journal, by name (linted against the graph schema like
 * every other cypher.ts). One GraphJournalEntry node per change (`id` = caseId:seq, unique), its
 * nodes and edges as JSON text; one GraphJournalHead per case holds the case's last seq.
 */
export const CYPHER = {
  // Setting lockedAt first takes the head's write lock, so the lastSeq read after it is the last
  // committed one: appends to one case are serialized and never reuse a seq, whichever replica writes.
  appendEntry: `MERGE (h:GraphJournalHead {id: $caseId})
SET h.lockedAt = $at
WITH h
SET h.lastSeq = coalesce(h.lastSeq, 0) + 1
CREATE (e:GraphJournalEntry {id: $caseId + ':' + toString(h.lastSeq), caseId: $caseId, seq: h.lastSeq, at: $at,
  actorId: $actorId, kind: $kind, nodes: $nodes, edges: $edges, created: $created})
RETURN e.seq AS seq`,
  readEntries: `MATCH (e:GraphJournalEntry {caseId: $caseId})
WHERE e.seq > $afterSeq AND ($until IS NULL OR e.at <= $until)
RETURN e.seq AS seq, e.at AS at, e.actorId AS actorId, e.kind AS kind, e.nodes AS nodes, e.edges AS edges, e.created AS created
ORDER BY e.seq`,
} as const satisfies Record<string, string>;

export type JournalCypherName = keyof typeof CYPHER;
