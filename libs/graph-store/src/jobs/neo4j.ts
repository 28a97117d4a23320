import { DriverRunner, type Row, type TxRunner } from '@homeward/neo4j-kit';
import type { Driver } from 'neo4j-driver';
import { CYPHER, type JobCypherName } from './cypher';
import { jobId, type JobRecord, type JobState, type JobStore, type JobUpdate, type StartJob } from './port';

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const toJob = (r: Row): JobRecord => ({
  id: String(r.id),
  kind: String(r.kind),
  key: String(r.key),
  run: String(r.run),
  state: r.state as JobState,
  owner: String(r.owner),
  startedBy: String(r.startedBy),
  startedAt: num(r.startedAt),
  heartbeatAt: num(r.heartbeatAt),
  finishedAt: r.finishedAt === null || r.finishedAt === undefined ? null : num(r.finishedAt),
  progress: JSON.parse(String(r.progress ?? '{}')) as Record<string, unknown>,
  error: typeof r.error === 'string' ? r.error : null,
});

/** Jobs as Job nodes of the shared Neo4j: every replica sees a run's progress and can fail a dead one. */
export class Neo4jJobStore implements JobStore {
  private readonly db: TxRunner<JobCypherName>;

  constructor(driver: Driver, database?: string) {
    this.db = new DriverRunner(driver, CYPHER, { database });
  }

  async start(input: StartJob) {
    const [r] = await this.db.write((tx) =>
      tx.run('startJob', {
        id: jobId(input.kind, input.key),
        kind: input.kind,
        key: input.key,
        run: input.run,
        owner: input.owner,
        startedBy: input.startedBy,
        now: input.now,
        staleMs: input.staleMs,
        keepDone: input.keepDone === true,
        progress: JSON.stringify(input.progress),
      }),
    );
    return { job: toJob(r), started: r.started === true };
  }

  async update(kind: string, key: string, run: string, now: number, patch: JobUpdate): Promise<boolean> {
    const rows = await this.db.write((tx) =>
      tx.run('updateJob', {
        id: jobId(kind, key),
        run,
        now,
        progress: patch.progress === undefined ? null : JSON.stringify(patch.progress),
        state: patch.state ?? null,
        setError: patch.error !== undefined,
        error: patch.error ?? null,
        setFinished: patch.finishedAt !== undefined,
        finishedAt: patch.finishedAt ?? null,
      }),
    );
    return rows.length === 1;
  }

  async get(kind: string, key: string): Promise<JobRecord | null> {
    const [r] = await this.db.read((tx) => tx.run('getJob', { id: jobId(kind, key) }));
    return r ? toJob(r) : null;
  }

  async failStale(staleBefore: number, now: number, error: string): Promise<JobRecord[]> {
    return (await this.db.write((tx) => tx.run('failStaleJobs', { staleBefore, now, error }))).map(toJob);
  }
}
