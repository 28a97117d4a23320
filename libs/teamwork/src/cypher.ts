/**
 * Every Cypher statement of the Neo4j teamwork store, by name. The linter
 * (libs/graph-store/src/neo4j/cypher-lint.test.ts) finds this file by its name
 * and checks each statement against the graph schema.
 *
 * Labels: Notification {id, recipientId, kind, caseId, actorId, params (JSON),
 * createdAt, readAt}, NotificationOnce {id: a key told once, run (the claiming call), at},
 * NotificationMute {id: userId, kinds}, Task {id, caseId,
 * title, description, assigneeId, due, priority, status, entityIds,
 * sourceKind, sourceId, createdBy, createdAt, updatedBy, updatedAt,
 * dueNotifiedAt}, TaskComment {id, taskId, caseId, authorId, body,
 * mentionedUserIds, mentionedEntityIds, createdAt}, AccessRequest {id,
 * fromCaseId, toCaseId, requesterId, reason, identifierKind, message, status,
 * createdAt, decidedBy, decidedAt, decisionReason, grantedRole}. Ids sort by
 * creation time (libs/domain newId), so "newest first" is ORDER BY id DESC.
 */
export const CYPHER = {
  addNotifications: `UNWIND $rows AS row
CREATE (n:Notification {id: row.id, recipientId: row.recipientId, kind: row.kind, caseId: row.caseId, actorId: row.actorId,
  params: row.params, createdAt: row.createdAt, readAt: row.readAt})`,
  // The key's node is created by one transaction only (unique id): the call whose run it holds adds the rows.
  addNotificationsOnce: `MERGE (o:NotificationOnce {id: $key})
ON CREATE SET o.run = $run, o.at = $at
WITH o WHERE o.run = $run
UNWIND $rows AS row
CREATE (n:Notification {id: row.id, recipientId: row.recipientId, kind: row.kind, caseId: row.caseId, actorId: row.actorId,
  params: row.params, createdAt: row.createdAt, readAt: row.readAt})
RETURN count(n) AS n`,
  listNotifications: `MATCH (n:Notification {recipientId: $recipientId})
WHERE (n.caseId IS NULL OR n.caseId IN $caseIds)
  AND ($beforeId IS NULL OR n.id < $beforeId)
  AND (NOT $unreadOnly OR n.readAt IS NULL)
RETURN n {.*} AS n
ORDER BY n.id DESC
LIMIT $limit`,
  unreadCount: `MATCH (n:Notification {recipientId: $recipientId})
WHERE n.readAt IS NULL AND (n.caseId IS NULL OR n.caseId IN $caseIds)
RETURN count(n) AS n`,
  markRead: `MATCH (n:Notification {recipientId: $recipientId})
WHERE n.readAt IS NULL AND ($all OR n.id IN $ids)
SET n.readAt = $at
RETURN count(n) AS n`,
  mutedKinds: `MATCH (m:NotificationMute {id: $userId}) RETURN m.kinds AS kinds`,
  setMutedKinds: `MERGE (m:NotificationMute {id: $userId}) SET m.kinds = $kinds`,

  createTask: `CREATE (t:Task {id: $id, caseId: $caseId, title: $title, description: $description, assigneeId: $assigneeId, due: $due,
  priority: $priority, status: $status, entityIds: $entityIds, sourceKind: $sourceKind, sourceId: $sourceId, createdBy: $createdBy,
  createdAt: $createdAt, updatedBy: $updatedBy, updatedAt: $updatedAt, dueNotifiedAt: $dueNotifiedAt})`,
  getTask: `MATCH (t:Task {id: $id}) RETURN t {.*} AS t`,
  // Read and written in one transaction by the adapter (the next state is computed once, in port.ts's nextTask).
  updateTask: `MATCH (t:Task {id: $id})
SET t.title = $title, t.description = $description, t.assigneeId = $assigneeId, t.due = $due, t.priority = $priority,
  t.status = $status, t.entityIds = $entityIds, t.updatedBy = $updatedBy, t.updatedAt = $updatedAt, t.dueNotifiedAt = $dueNotifiedAt`,
  tasksOfCase: `MATCH (t:Task {caseId: $caseId}) RETURN t {.*} AS t ORDER BY t.id`,
  tasksAssigned: `MATCH (t:Task {assigneeId: $userId}) WHERE t.caseId IN $caseIds RETURN t {.*} AS t ORDER BY t.id`,
  openTasks: `MATCH (t:Task) WHERE t.caseId IN $caseIds AND t.status IN ['OPEN', 'IN_PROGRESS'] RETURN t {.*} AS t ORDER BY t.id`,
  claimDueSoon: `MATCH (t:Task)
WHERE t.status IN ['OPEN', 'IN_PROGRESS'] AND t.assigneeId IS NOT NULL AND t.due IS NOT NULL AND t.due < $before
  AND t.dueNotifiedAt IS NULL
SET t.dueNotifiedAt = $at
RETURN t {.*} AS t
ORDER BY t.due`,
  addComment: `CREATE (c:TaskComment {id: $id, taskId: $taskId, caseId: $caseId, authorId: $authorId, body: $body,
  mentionedUserIds: $mentionedUserIds, mentionedEntityIds: $mentionedEntityIds, createdAt: $createdAt})`,
  comments: `MATCH (c:TaskComment {taskId: $taskId}) RETURN c {.*} AS c ORDER BY c.createdAt, c.id`,

  // The pair's limit and the insert in one statement: no request is created when a recent one exists.
  createRequest: `OPTIONAL MATCH (old:AccessRequest {fromCaseId: $fromCaseId, toCaseId: $toCaseId})
WHERE old.createdAt > $notBefore
WITH count(old) AS recent
WHERE recent = 0
CREATE (r:AccessRequest {id: $id, fromCaseId: $fromCaseId, toCaseId: $toCaseId, requesterId: $requesterId, reason: $reason,
  identifierKind: $identifierKind, message: $message, status: $status, createdAt: $createdAt, decidedBy: $decidedBy,
  decidedAt: $decidedAt, decisionReason: $decisionReason, grantedRole: $grantedRole})
RETURN r.id AS id`,
  getRequest: `MATCH (r:AccessRequest {id: $id}) RETURN r {.*} AS r`,
  requestsTo: `MATCH (r:AccessRequest) WHERE r.toCaseId IN $caseIds RETURN r {.*} AS r ORDER BY r.createdAt DESC, r.id DESC`,
  requestsBy: `MATCH (r:AccessRequest {requesterId: $userId}) RETURN r {.*} AS r ORDER BY r.createdAt DESC, r.id DESC`,
  decideRequest: `MATCH (r:AccessRequest {id: $id})
WHERE r.status = 'PENDING'
SET r.status = $status, r.decidedBy = $decidedBy, r.decidedAt = $decidedAt, r.decisionReason = $reason, r.grantedRole = $grantedRole
RETURN r {.*} AS r`,
  sameEntityCases: `MATCH (:Case {id: $caseId})<-[:IN_CASE]-(e:Entity)-[:IN_CASE]->(c:Case)
WHERE c.id <> $caseId AND ($entityIds IS NULL OR e.id IN $entityIds)
RETURN DISTINCT e.id AS entityId, c.id AS otherCaseId`,
  sameIdentifierCases: `MATCH (:Case {id: $caseId})<-[:IN_CASE]-(e:Entity)-[:HAS_KEY]->(k:ResolutionKey)
WHERE ($entityIds IS NULL OR e.id IN $entityIds) AND any(p IN $prefixes WHERE k.id STARTS WITH p)
MATCH (k)<-[:HAS_KEY]-(o:Entity)-[:IN_CASE]->(c:Case)
WHERE o <> e AND c.id <> $caseId
RETURN DISTINCT e.id AS entityId, c.id AS otherCaseId, k.id AS key`,
} as const;

export type TeamworkCypherName = keyof typeof CYPHER;
