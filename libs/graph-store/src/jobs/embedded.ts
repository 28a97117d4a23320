import type { Db } from '../embedded/database';
import { jobId, type JobRecord, type JobState, type JobStore, type JobUpdate, type StartJob } from './port';

interface JobRow {
  id: string;
  kind: string;
  key: string;
  run: string;
  state: JobState;
  owner: string;
  started_by: string;
  started_at: number;
  heartbeat_at: number;
  finished_at: number | null;
  progress: string;
  error: string | null;
}

const DDL = `CREATE TABLE IF NOT EXISTS job (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  run TEXT NOT NULL,
  state TEXT NOT NULL,
  owner TEXT NOT NULL,
  started_by TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL,
  finished_at INTEGER,
  progress TEXT NOT NULL,
  error TEXT
)`;

const toJob = (r: JobRow): JobRecord => ({
  id: r.id,
  kind: r.kind,
  key: r.key,
  run: r.run,
  state: r.state,
  owner: r.owner,
  startedBy: r.started_by,
  startedAt: r.started_at,
  heartbeatAt: r.heartbeat_at,
  finishedAt: r.finished_at,
  progress: JSON.parse(r.progress) as Record<string, unknown>,
  error: r.error,
});

/** Jobs in the embedded SQLite file (one process: a stale run is one the previous process left behind). */
export class EmbeddedJobStore implements JobStore {
  private readonly q;
  private readonly startTx;

  constructor(db: Db) {
    db.exec(DDL);
    this.q = {
      get: db.prepare<[string], JobRow>('SELECT * FROM job WHERE id = ?'),
      put: db.prepare(
        `INSERT INTO job (id, kind, key, run, state, owner, started_by, started_at, heartbeat_at, finished_at, progress, error)
         VALUES (@id, @kind, @key, @run, 'RUNNING', @owner, @startedBy, @now, @now, NULL, @progress, NULL)
         ON CONFLICT (id) DO UPDATE SET run = excluded.run, state = 'RUNNING', owner = excluded.owner, started_by = excluded.started_by,
           started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, finished_at = NULL, progress = excluded.progress, error = NULL`,
      ),
      update: db.prepare(
        `UPDATE job SET heartbeat_at = @now, progress = coalesce(@progress, progress), state = coalesce(@state, state),
           error = CASE WHEN @setError THEN @error ELSE error END, finished_at = CASE WHEN @setFinished THEN @finishedAt ELSE finished_at END
         WHERE id = @id AND run = @run AND state = 'RUNNING'`,
      ),
      stale: db.prepare<[number], JobRow>(`SELECT * FROM job WHERE state = 'RUNNING' AND heartbeat_at < ?`),
      fail: db.prepare(`UPDATE job SET state = 'FAILED', error = ?, finished_at = ? WHERE id = ? AND run = ? AND state = 'RUNNING'`),
    };
    // SQLite runs one write transaction at a time: the check and the start cannot interleave with another start.
    this.startTx = db.transaction((input: StartJob): { job: JobRecord; started: boolean } => {
      const id = jobId(input.kind, input.key);
      const current = this.q.get.get(id);
      if (current && current.state === 'RUNNING' && current.heartbeat_at >= input.now - input.staleMs)
        return { job: toJob(current), started: false };
      if (current && input.keepDone && current.state === 'DONE') return { job: toJob(current), started: false };
      this.q.put.run({ ...input, id, progress: JSON.stringify(input.progress) });
      return { job: toJob(this.q.get.get(id)!), started: true };
    });
  }

  async start(input: StartJob) {
    return this.startTx(input);
  }

  async update(kind: string, key: string, run: string, now: number, patch: JobUpdate): Promise<boolean> {
    const r = this.q.update.run({
      id: jobId(kind, key),
      run,
      now,
      progress: patch.progress === undefined ? null : JSON.stringify(patch.progress),
      state: patch.state ?? null,
      setError: patch.error === undefined ? 0 : 1,
      error: patch.error ?? null,
      setFinished: patch.finishedAt === undefined ? 0 : 1,
      finishedAt: patch.finishedAt ?? null,
    });
    return r.changes === 1;
  }

  async get(kind: string, key: string): Promise<JobRecord | null> {
    const r = this.q.get.get(jobId(kind, key));
    return r ? toJob(r) : null;
  }

  async failStale(staleBefore: number, now: number, error: string): Promise<JobRecord[]> {
    const failed: JobRecord[] = [];
    for (const r of this.q.stale.all(staleBefore)) {
      if (this.q.fail.run(error, now, r.id, r.run).changes === 1) failed.push({ ...toJob(r), state: 'FAILED', error, finishedAt: now });
    }
    return failed;
  }
}
