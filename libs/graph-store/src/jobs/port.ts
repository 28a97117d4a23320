/** Where a long piece of work stands. */
export type JobState = 'RUNNING' | 'DONE' | 'FAILED';

/**
 * Work in flight that several replicas must see and that must not die silently
 * with the process running it (a face-match run): the latest run of one kind of
 * work on one key (a case), in the shared store. The running process touches
 * its heartbeat as it goes; a run whose heartbeat stopped is failed by whichever
 * process looks first, and a new run may start.
 */
export interface JobRecord {
  /** `kind:key`: one record per piece of work, holding its latest run. */
  readonly id: string;
  readonly kind: string;
  readonly key: string;
  /** This run's id: updates of an earlier run (a replica that lost its turn) are ignored. */
  readonly run: string;
  readonly state: JobState;
  /** The replica process running it. */
  readonly owner: string;
  readonly startedBy: string;
  /** Milliseconds since the epoch. */
  readonly startedAt: number;
  readonly heartbeatAt: number;
  readonly finishedAt: number | null;
  /** The work's own progress figures (JSON-safe). */
  readonly progress: Readonly<Record<string, unknown>>;
  readonly error: string | null;
}

export interface StartJob {
  readonly kind: string;
  readonly key: string;
  readonly run: string;
  readonly owner: string;
  readonly startedBy: string;
  readonly now: number;
  /** A RUNNING run whose heartbeat is older than this is taken over (and reported failed). */
  readonly staleMs: number;
  readonly progress: Readonly<Record<string, unknown>>;
  /**
   * Work done once (an alert issued for a request id): a DONE run is not started again, and `started` false
   * comes with the finished record (a racing attempt that looked before the first one finished gets its result).
   */
  readonly keepDone?: boolean;
}

export interface JobUpdate {
  readonly progress?: Readonly<Record<string, unknown>>;
  readonly state?: JobState;
  readonly error?: string | null;
  readonly finishedAt?: number | null;
}

export interface JobStore {
  /**
   * Starts a run unless one is RUNNING with a fresh heartbeat, atomically (also across
   * processes): `started` false and the running one when busy.
   */
  start(input: StartJob): Promise<{ readonly job: JobRecord; readonly started: boolean }>;
  /** Records progress (and the heartbeat) of a run; false when the run is no longer the job's current one or not RUNNING. */
  update(kind: string, key: string, run: string, now: number, patch: JobUpdate): Promise<boolean>;
  get(kind: string, key: string): Promise<JobRecord | null>;
  /** Fails every RUNNING run whose heartbeat is older than staleBefore (its process died), and returns them as failed. */
  failStale(staleBefore: number, now: number, error: string): Promise<JobRecord[]>;
}

export const jobId = (kind: string, key: string): string => `${kind}:${key}`;

/**
 * A RUNNING job untouched this long belongs to a process that died (or was redeployed): any replica
 * may report it failed or take it over. Work that runs long touches its job well within this.
 */
export const JOB_STALE_MS = 30_000;
