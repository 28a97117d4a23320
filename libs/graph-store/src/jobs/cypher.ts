/**
 * Every Cypher statement of the Neo4j job store, by name (linted against the graph schema
 * like every other cypher.ts). One Job node per piece of work (`id` = kind:key, unique),
 * holding its latest run.
 */
export const CYPHER = {
  // Setting lockedAt first takes the node's write lock, so the state read after it is the last
  // committed one: two replicas starting the same work at once cannot both find it free.
  startJob: `MERGE (j:Job {id: $id})
ON CREATE SET j.state = 'NEW'
SET j.lockedAt = $now
WITH j, (j.state = 'RUNNING' AND j.heartbeatAt >= $now - $staleMs) OR ($keepDone AND j.state = 'DONE') AS busy
FOREACH (_ IN CASE WHEN busy THEN [] ELSE [1] END |
  SET j.kind = $kind, j.jobKey = $key, j.run = $run, j.state = 'RUNNING', j.owner = $owner, j.startedBy = $startedBy,
      j.startedAt = $now, j.heartbeatAt = $now, j.finishedAt = null, j.progress = $progress, j.error = null)
RETURN NOT busy AS started, j.id AS id, j.kind AS kind, j.jobKey AS key, j.run AS run, j.state AS state, j.owner AS owner,
  j.startedBy AS startedBy, j.startedAt AS startedAt, j.heartbeatAt AS heartbeatAt, j.finishedAt AS finishedAt,
  j.progress AS progress, j.error AS error`,
  updateJob: `MATCH (j:Job {id: $id})
WHERE j.run = $run AND j.state = 'RUNNING'
SET j.heartbeatAt = $now, j.progress = coalesce($progress, j.progress), j.state = coalesce($state, j.state),
  j.error = CASE WHEN $setError THEN $error ELSE j.error END,
  j.finishedAt = CASE WHEN $setFinished THEN $finishedAt ELSE j.finishedAt END
RETURN j.id AS id`,
  getJob: `MATCH (j:Job {id: $id})
WHERE j.run IS NOT NULL
RETURN j.id AS id, j.kind AS kind, j.jobKey AS key, j.run AS run, j.state AS state, j.owner AS owner,
  j.startedBy AS startedBy, j.startedAt AS startedAt, j.heartbeatAt AS heartbeatAt, j.finishedAt AS finishedAt,
  j.progress AS progress, j.error AS error`,
  failStaleJobs: `MATCH (j:Job)
WHERE j.state = 'RUNNING' AND j.heartbeatAt < $staleBefore
SET j.lockedAt = $now
WITH j
WHERE j.state = 'RUNNING' AND j.heartbeatAt < $staleBefore
SET j.state = 'FAILED', j.error = $error, j.finishedAt = $now
RETURN j.id AS id, j.kind AS kind, j.jobKey AS key, j.run AS run, j.state AS state, j.owner AS owner,
  j.startedBy AS startedBy, j.startedAt AS startedAt, j.heartbeatAt AS heartbeatAt, j.finishedAt AS finishedAt,
  j.progress AS progress, j.error AS error`,
} as const satisfies Record<string, string>;

export type JobCypherName = keyof typeof CYPHER;
