import type BetterSqlite3 from 'better-sqlite3';
import { hash as digest, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import {
  ChainVerifier,
  GENESIS_HASH,
  canonicalDetails,
  hashStored,
  nextAt,
  normalizeEntry,
  type ChainHead,
  type StoredRecord,
} from './chain';
import { AuditHeadMissingError, clampLimit } from './errors';
import type { AuditDetails, AuditEntry, AuditOutcome, AuditQuery, AuditRecord, AuditTrail, VerifyResult } from './port';
import { FAST_PAGE_SQL, START, scanInWorkers, scanRows, type FastRow, type ScanPosition } from './verify-fast';

type Db = BetterSqlite3.Database;

/** Refusing messages of the triggers; a chain conflict is recognised by its text. */
const APPEND_ONLY = 'audit records are append-only';
const OUT_OF_CHAIN = 'audit append out of chain order';

/**
 * The audit tables. The head row (last seq and hash) lives apart from the
 * records and moves in the same transaction as each insert: deleting the last
 * records leaves a chain that is consistent in itself, and only the head
 * betrays it. The triggers make the trail append-only for every connection
 * that does not first drop them, and refuse an insert that does not extend
 * the head, so a second writer with a stale view cannot fork the chain.
 */
export const AUDIT_SQLITE_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS audit_record (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  outcome TEXT NOT NULL,
  actor_id TEXT,
  actor_email TEXT,
  agency_id TEXT,
  target_type TEXT,
  target_id TEXT,
  case_id TEXT,
  purpose TEXT,
  details TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
)`,
  'CREATE INDEX IF NOT EXISTS audit_record_case ON audit_record (case_id, seq) WHERE case_id IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS audit_record_actor ON audit_record (actor_id, seq) WHERE actor_id IS NOT NULL',
  'CREATE INDEX IF NOT EXISTS audit_record_action ON audit_record (action, seq)',
  'CREATE INDEX IF NOT EXISTS audit_record_at ON audit_record (at)',
  `CREATE TABLE IF NOT EXISTS audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  at TEXT NOT NULL
)`,
  `CREATE TRIGGER IF NOT EXISTS audit_record_no_update BEFORE UPDATE ON audit_record
BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END`,
  `CREATE TRIGGER IF NOT EXISTS audit_record_no_delete BEFORE DELETE ON audit_record
BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END`,
  `CREATE TRIGGER IF NOT EXISTS audit_record_extends_head BEFORE INSERT ON audit_record
WHEN NEW.seq IS NOT (SELECT seq + 1 FROM audit_head WHERE id = 1) OR NEW.prev_hash IS NOT (SELECT hash FROM audit_head WHERE id = 1)
BEGIN SELECT RAISE(ABORT, '${OUT_OF_CHAIN}'); END`,
  `CREATE TRIGGER IF NOT EXISTS audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END`,
  `CREATE TRIGGER IF NOT EXISTS audit_head_forward_only BEFORE UPDATE ON audit_head
WHEN NEW.seq IS NOT OLD.seq + 1 OR NEW.hash IS NOT (SELECT hash FROM audit_record WHERE seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY}'); END`,
];

const COLUMNS =
  'seq, id, at, action, outcome, actor_id, actor_email, agency_id, target_type, target_id, case_id, purpose, details, prev_hash, hash';

type Row = [
  seq: number,
  id: string,
  at: string,
  action: string,
  outcome: string,
  actorId: string | null,
  actorEmail: string | null,
  agencyId: string | null,
  targetType: string | null,
  targetId: string | null,
  caseId: string | null,
  purpose: string | null,
  details: string | null,
  prevHash: string,
  hash: string,
];

const toStored = (r: Row): StoredRecord => ({
  seq: r[0],
  id: r[1],
  at: r[2],
  action: r[3],
  outcome: r[4],
  actorId: r[5],
  actorEmail: r[6],
  agencyId: r[7],
  targetType: r[8],
  targetId: r[9],
  caseId: r[10],
  purpose: r[11],
  detailsJson: r[12],
  prevHash: r[13],
  hash: r[14],
});

// A query answer is the stored row with its details parsed back into an object.
const toRecord = (r: Row): AuditRecord => {
  const { detailsJson, ...fields } = toStored(r);
  return {
    ...fields,
    outcome: fields.outcome as AuditOutcome,
    details: detailsJson === null ? null : (JSON.parse(detailsJson) as AuditDetails),
  };
};

/** Rows per verification page: small enough that the event loop is never held for more than tens of milliseconds. */
const VERIFY_PAGE = 20_000;

/** Below this many records, starting worker threads (each loads the driver and opens the file) costs more than it saves. */
const PARALLEL_MIN_RECORDS = 100_000;
/** Records per unit of work handed to a worker: small enough that a worker slowed by a busy core does not hold up the rest. */
const WORKER_CHUNK = 25_000;
const DEFAULT_VERIFY_WORKERS = Math.min(4, availableParallelism());

const sha256 = (text: string): string => digest('sha256', text, 'hex');

const CHAIN_RETRIES = 5;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface EmbeddedAuditOptions {
  /**
   * Worker threads for verifying long chains; 0 or 1 verifies on the calling
   * thread. Defaults to the available cores, at most 4. Workers need the
   * database in a file; an in-memory one is always verified in-thread.
   */
  readonly verifyWorkers?: number;
  /** Only for tests: verify with workers however short the chain, in chunks of this many records. */
  readonly verifyChunk?: number;
}

/** Where better-sqlite3 lives, for workers to load the same driver; null when it cannot be found. */
function driverPath(): string | null {
  try {
    return createRequire(__filename).resolve('better-sqlite3');
  } catch {
    return null;
  }
}

export interface EmbeddedAuditTrail extends AuditTrail {
  /**
   * Appends many entries in one transaction, for imports and benchmarks. Each
   * record is chained exactly as `append` would chain it.
   */
  appendMany(entries: Iterable<AuditEntry>): number;
}

/**
 * The audit trail in the embedded store's SQLite database (its own tables,
 * created when absent). Appends are synchronous transactions, so within one
 * process they are serialized by the event loop; across processes SQLite's
 * write lock and the head trigger keep the chain linear.
 */
export function openEmbeddedAuditTrail(db: Db, options: EmbeddedAuditOptions = {}): EmbeddedAuditTrail {
  db.transaction(() => {
    for (const stmt of AUDIT_SQLITE_DDL) db.exec(stmt);
    // Only an empty trail gets a genesis head: recreating a deleted head over existing records would launder the tampering.
    db.prepare(
      `INSERT INTO audit_head (id, seq, hash, at) SELECT 1, 0, ?, '' WHERE NOT EXISTS (SELECT 1 FROM audit_head) AND NOT EXISTS (SELECT 1 FROM audit_record)`,
    ).run(GENESIS_HASH);
  })();

  const headStmt = db.prepare<[], { seq: number; hash: string; at: string }>('SELECT seq, hash, at FROM audit_head WHERE id = 1');
  const maxSeqStmt = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM audit_record');
  const countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_record');
  const insertStmt = db.prepare(`INSERT INTO audit_record (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const moveHeadStmt = db.prepare('UPDATE audit_head SET seq = ?, hash = ?, at = ? WHERE id = 1');
  const nextRowStmt = db
    .prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM audit_record WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT 1`)
    .raw(true);
  const fastPageStmt = db.prepare<[number, number], FastRow>(FAST_PAGE_SQL).raw(true);
  const idStmt = db.prepare<[number], string>('SELECT id FROM audit_record WHERE seq = ?').pluck(true);
  const hashAtStmt = db.prepare<[number], string>('SELECT hash FROM audit_record WHERE seq = ?').pluck(true);
  // Resolved now: a relative name means the working directory at open, which may change before a verification.
  const file = db.memory || db.name === '' ? null : resolve(db.name);
  const workers = options.verifyWorkers ?? DEFAULT_VERIFY_WORKERS;

  const readHead = (): ChainHead | null => headStmt.get() ?? null;

  // Re-read at open and after any conflict; between appends of this process it is exact.
  let cached: ChainHead | null = readHead();

  const build = (entry: AuditEntry, head: ChainHead): { record: AuditRecord; stored: StoredRecord } => {
    const n = normalizeEntry(entry);
    const seq = head.seq + 1;
    const at = nextAt(head.at);
    const id = randomUUID();
    const detailsJson = canonicalDetails(n.details);
    const fields = { ...n, seq, id, at, detailsJson };
    const hash = hashStored(head.hash, fields);
    return { record: { ...n, seq, id, at, prevHash: head.hash, hash }, stored: { ...fields, prevHash: head.hash, hash } };
  };

  const write = (s: StoredRecord): void => {
    insertStmt.run(
      s.seq,
      s.id,
      s.at,
      s.action,
      s.outcome,
      s.actorId,
      s.actorEmail,
      s.agencyId,
      s.targetType,
      s.targetId,
      s.caseId,
      s.purpose,
      s.detailsJson,
      s.prevHash,
      s.hash,
    );
    if (moveHeadStmt.run(s.seq, s.hash, s.at).changes !== 1) throw new AuditHeadMissingError();
  };

  const appendOne = db.transaction((s: StoredRecord) => write(s));

  const appendSync = (entry: AuditEntry): AuditRecord => {
    for (let attempt = 0; ; attempt += 1) {
      const head = cached ?? readHead();
      if (!head) throw new AuditHeadMissingError();
      const { record, stored } = build(entry, head);
      try {
        // The hash was computed from the cached head outside the lock; the insert trigger re-checks it under the lock.
        appendOne.immediate(stored);
        cached = { seq: record.seq, hash: record.hash, at: record.at };
        return record;
      } catch (err) {
        // Another connection appended since this one cached the head: catch up and chain after it. Each retry
        // follows a commit by someone else, so a handful only run out under a storm of writers on one file.
        cached = null;
        if (
          attempt < CHAIN_RETRIES &&
          err instanceof Error &&
          /out of chain order|UNIQUE constraint failed: audit_record\.seq/.test(err.message)
        )
          continue;
        throw err;
      }
    }
  };

  const appendManyTx = db.transaction((entries: Iterable<AuditEntry>): number => {
    let head = readHead();
    if (!head) throw new AuditHeadMissingError();
    let n = 0;
    for (const e of entries) {
      const { stored } = build(e, head);
      write(stored);
      head = { seq: stored.seq, hash: stored.hash, at: stored.at };
      n += 1;
    }
    return n;
  });

  /** A verifier standing on `pos`, which the fast check has found good with everything before it. */
  const verifierAt = (pos: ScanPosition): ChainVerifier =>
    new ChainVerifier({ ...pos, id: pos.seq > 0 ? (idStmt.get(pos.seq) ?? null) : null });

  /**
   * From `start` to `end` on this thread: whole pages through the fast check,
   * and any record it refuses through ChainVerifier, which either names it as
   * the first bad record or lets the fast check carry on behind it.
   */
  const walk = async (start: ScanPosition, end: number, onProgress?: (checked: number) => void): Promise<ChainVerifier> => {
    const pos: ScanPosition = { ...start };
    while (pos.seq < end) {
      const pageEnd = Math.min(pos.seq + VERIFY_PAGE, end);
      let rows: FastRow[] = [];
      try {
        rows = fastPageStmt.all(pos.seq, pageEnd);
      } catch {
        // A value SQLite cannot put in JSON (a blob written behind the trail's back): the record-by-record check names it.
      }
      scanRows(rows, pos, sha256);
      if (pos.seq < pageEnd) {
        const v = verifierAt(pos);
        const row = nextRowStmt.get(pos.seq, end);
        // No record left up to the end: the head check in finish() says what is missing.
        if (!row || !v.push(toStored(row))) return v;
        pos.seq = row[0];
        pos.hash = row[14];
        pos.at = row[2];
        continue;
      }
      onProgress?.(pos.seq);
      if (pos.seq < end) await yieldToEventLoop();
    }
    return verifierAt(pos);
  };

  const queryStmts = new Map<string, BetterSqlite3.Statement<unknown[], Row>>();

  return {
    async append(entry) {
      return appendSync(entry);
    },

    appendMany(entries) {
      try {
        return appendManyTx.immediate(entries);
      } finally {
        cached = null;
      }
    },

    async query(q: AuditQuery) {
      const where: string[] = [];
      const params: Array<string | number> = [];
      const filter = (clause: string, value: string | number | undefined) => {
        if (value === undefined) return;
        where.push(clause);
        params.push(value);
      };
      filter('case_id = ?', q.caseId);
      filter('actor_id = ?', q.actorId);
      filter('action = ?', q.action);
      filter('at >= ?', q.from);
      filter('at < ?', q.to);
      filter('seq > ?', q.afterSeq);
      params.push(clampLimit(q.limit));
      // Only the set of filters varies, so there are at most 64 statement shapes to cache.
      const sql = `SELECT ${COLUMNS} FROM audit_record${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`;
      let stmt = queryStmts.get(sql);
      if (!stmt) {
        stmt = db.prepare<unknown[], Row>(sql).raw(true);
        queryStmts.set(sql, stmt);
      }
      return stmt.all(...params).map(toRecord);
    },

    async verify(onProgress) {
      // The head at the start bounds the walk, so records appended meanwhile neither race nor count.
      const head = readHead();
      const end = head ? head.seq : (maxSeqStmt.get()?.seq ?? 0);
      let from: ScanPosition = { ...START };
      const chunk = options.verifyChunk ?? WORKER_CHUNK;
      const driver = file && workers > 1 && (end >= PARALLEL_MIN_RECORDS || options.verifyChunk) ? driverPath() : null;
      if (file && driver) from = await scanInWorkers({ file, driver, end, workers, chunk, page: chunk, onProgress });
      const v = await walk(from, end, onProgress);
      const result: VerifyResult = v.finish(head);
      if (!result.intact || !head) return result;
      // Records past the current head were written with the triggers out of the way.
      const beyond = db.transaction(() => {
        const now = readHead();
        const max = maxSeqStmt.get()?.seq ?? 0;
        return now && max > now.seq ? now.seq + 1 : null;
      })();
      if (beyond !== null)
        return {
          intact: false,
          checked: result.checked,
          firstBad: { seq: beyond, id: null, reason: `records after the head at ${beyond - 1} (inserted behind the trail)` },
        };
      return result;
    },

    async count() {
      return countStmt.get()?.n ?? 0;
    },

    async head() {
      return readHead();
    },

    async hashAt(seq) {
      return hashAtStmt.get(seq) ?? null;
    },

    async close() {
      // The database belongs to the caller (it is the embedded store's); nothing of ours stays open.
      cached = null;
    },
  };
}
