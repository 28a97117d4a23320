import { Worker } from 'node:worker_threads';
import { CHAIN_FORMAT, GENESIS_HASH } from './chain';

/**
 * The exact text hashStored() hashes, assembled by SQLite: prev hash, newline,
 * the JSON array of the fixed fields, newline, the stored canonical details.
 * SQLite's json_array escapes text byte for byte as JSON.stringify does (the
 * tests compare them over every BMP code unit), so the row crosses into
 * JavaScript as one string instead of fifteen that would then be stringified
 * again, which was most of the cost of verifying.
 *
 * It is a shortcut, never the judge: a record whose hash this text does not
 * reproduce is checked again field by field by ChainVerifier, so a difference
 * between the two forms can slow a verification down but never change its
 * verdict. Written for CHAIN_FORMAT 1; a new format needs a new expression.
 */
export const PREIMAGE_SQL = `prev_hash || char(10)
  || json_array(${CHAIN_FORMAT}, seq, id, at, action, outcome, actor_id, actor_email, agency_id, target_type, target_id, case_id, purpose)
  || char(10) || ifnull(details, 'null')`;

/**
 * seq, preimage, hash, at, and whether prev_hash is 64 characters of text:
 * with that, the preimage starting with the expected hash proves prev_hash
 * equals it without reading prev_hash as a string of its own.
 */
export const FAST_PAGE_SQL = `SELECT seq, ${PREIMAGE_SQL}, hash, at, typeof(prev_hash) = 'text' AND length(prev_hash) = 64
FROM audit_record WHERE seq > ? AND seq <= ? ORDER BY seq`;

export type FastRow = [seq: number, preimage: string, hash: string, at: string, prevHashWellFormed: number];

/** The last record found good, with everything before it. */
export interface ScanPosition {
  seq: number;
  hash: string;
  at: string;
}

export const START: Readonly<ScanPosition> = { seq: 0, hash: GENESIS_HASH, at: '' };

/**
 * Accepts rows while each is the next seq, hashes to its stored hash, links
 * to the position's hash and does not go back in time, moving `pos` along;
 * returns how many it accepted. The first row it refuses is only suspect.
 *
 * Runs in worker threads from its source text, so it must not refer to
 * anything outside itself: the hash function comes in as an argument.
 */
export function scanRows(rows: readonly FastRow[], pos: ScanPosition, sha256: (text: string) => string): number {
  let accepted = 0;
  for (const r of rows) {
    if (r[0] !== pos.seq + 1 || r[4] !== 1 || !r[1].startsWith(pos.hash) || r[3] < pos.at || sha256(r[1]) !== r[2]) break;
    pos.seq = r[0];
    pos.hash = r[2];
    pos.at = r[3];
    accepted += 1;
  }
  return accepted;
}

/** What a worker found in one chunk of seqs; `good` counts the records from `from` that passed. */
interface ChunkResult {
  readonly from: number;
  readonly to: number;
  readonly good: number;
  /** The first record's prev hash and time, to be linked to the previous chunk by the main thread. */
  readonly firstPrevHash: string | null;
  readonly firstAt: string | null;
  readonly last: ScanPosition | null;
}

type WorkerMessage = { readonly progress: number } | { readonly done: ChunkResult };

interface WorkerData {
  readonly driver: string;
  readonly file: string;
  readonly sql: string;
  readonly page: number;
}

/**
 * The worker, as CommonJS source: a worker file would not exist next to the
 * TypeScript sources the tests run, so the code travels as text. Each worker
 * has its own read-only connection, which is safe because records up to the
 * head taken at the start are never rewritten by the trail.
 */
const workerSource = (): string => `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { hash } = require('node:crypto');
const Database = require(workerData.driver);
const scanRows = ${scanRows.toString()};
const sha256 = (text) => hash('sha256', text, 'hex');
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
const page = db.prepare(workerData.sql).raw(true);
parentPort.on('message', (chunk) => {
  if (chunk === null) {
    db.close();
    parentPort.close();
    return;
  }
  const { from, to } = chunk;
  let firstPrevHash = null;
  let firstAt = null;
  let pos = null;
  try {
    let rows = page.all(from - 1, Math.min(from - 1 + workerData.page, to));
    const first = rows[0];
    if (first && first[0] === from && first[4] === 1) {
      firstPrevHash = first[1].slice(0, 64);
      firstAt = first[3];
      pos = { seq: from - 1, hash: firstPrevHash, at: firstAt };
      for (;;) {
        const n = scanRows(rows, pos, sha256);
        if (n > 0) parentPort.postMessage({ progress: n });
        if (n < rows.length || rows.length === 0 || pos.seq >= to) break;
        rows = page.all(pos.seq, Math.min(pos.seq + workerData.page, to));
      }
    }
  } catch {
    // A value SQLite cannot put in JSON (a blob): the main thread re-checks from here and names the record.
  }
  const good = pos ? pos.seq - from + 1 : 0;
  parentPort.postMessage({ done: { from, to, good, firstPrevHash, firstAt, last: good > 0 ? pos : null } });
});
`;

/**
 * A chunk's rows are alive while they are hashed; with the default nursery
 * they get promoted and collected by full GCs, a fifth of the worker's time.
 */
const YOUNG_GENERATION_MB = 64;

export interface WorkerScan {
  /** Absolute path of the database file. */
  readonly file: string;
  /** Resolved path of better-sqlite3, so the worker loads the same driver whatever its working directory. */
  readonly driver: string;
  /** Last seq to check. */
  readonly end: number;
  readonly workers: number;
  readonly chunk: number;
  readonly page: number;
  readonly onProgress?: (checked: number) => void;
}

/**
 * Checks seq 1..end in chunks spread over worker threads, then links the
 * chunks in order on this thread: each chunk's first record must carry the
 * previous chunk's last hash and not be older than it. Resolves with the
 * furthest position up to which every record is good. Short of `end` means
 * something there needs a closer look (a suspect record, or a worker that
 * failed), which the caller does on its own thread from that position.
 */
export async function scanInWorkers(o: WorkerScan): Promise<ScanPosition> {
  const chunks = Math.ceil(o.end / o.chunk);
  const results: Array<ChunkResult | undefined> = new Array<ChunkResult | undefined>(chunks);
  // Chunks after a bad one are never needed: the verdict is about the first bad record.
  let stopAt = chunks;
  let next = 0;
  let checked = 0;
  const data: WorkerData = { driver: o.driver, file: o.file, sql: FAST_PAGE_SQL, page: o.page };
  const pool = Array.from(
    { length: Math.min(o.workers, chunks) },
    () => new Worker(workerSource(), { eval: true, workerData: data, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }),
  );

  const drive = (w: Worker): Promise<void> =>
    new Promise<void>((resolve) => {
      let current = -1;
      const dispatch = () => {
        if (next >= stopAt) {
          current = -1;
          w.postMessage(null);
          resolve();
          return;
        }
        current = next;
        next += 1;
        const from = current * o.chunk + 1;
        w.postMessage({ from, to: Math.min(from + o.chunk - 1, o.end) });
      };
      w.on('message', (m: WorkerMessage) => {
        if ('progress' in m) {
          checked += m.progress;
          o.onProgress?.(checked);
          return;
        }
        results[current] = m.done;
        if (m.done.good !== m.done.to - m.done.from + 1) stopAt = Math.min(stopAt, current + 1);
        dispatch();
      });
      const fail = () => {
        // The chunk stays unchecked, so linking stops before it and the caller's own thread takes over there.
        if (current >= 0) stopAt = Math.min(stopAt, current);
        current = -1;
        resolve();
      };
      w.once('error', fail);
      w.once('exit', fail);
      dispatch();
    });

  try {
    await Promise.all(pool.map(drive));
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }

  let pos: ScanPosition = { ...START };
  for (const r of results) {
    if (!r || !r.last || r.good !== r.to - r.from + 1 || r.firstPrevHash !== pos.hash || r.firstAt === null || r.firstAt < pos.at) break;
    pos = r.last;
  }
  return pos;
}
