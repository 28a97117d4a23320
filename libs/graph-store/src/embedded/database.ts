import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { sqliteColumnMigrations, sqliteDdl } from '@homeward/graph-schema';

export type Db = Database.Database;

export const DATABASE_FILE = 'homeward.db';

/**
 * Opens (creating when absent) the one database file of the embedded store.
 * WAL with synchronous=NORMAL: a committed transaction is in the WAL file
 * before `COMMIT` returns, so it survives the process being killed (-9); only
 * an OS crash or power loss could lose the last transactions, which is the
 * documented trade-off for write speed.
 */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 64 MiB page cache: enough for the hot part of a million-entity graph, well under the RSS budget.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  // Reads of a large graph are random: mapping the first 256 MiB saves a system call and a copy per
  // page, and stays well inside the server's 1 GiB memory budget.
  db.pragma('mmap_size = 268435456');
  const migrate = db.transaction(() => {
    for (const stmt of sqliteDdl()) db.exec(stmt);
    // A file made before a column was added to the model gets it here (old rows read NULL).
    const columns = (table: string) => (db.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => c.name);
    for (const stmt of sqliteColumnMigrations(columns)) db.exec(stmt);
  });
  migrate();
  return db;
}

/** How often the write-ahead log is folded into the database file, off the main thread. */
export const CHECKPOINT_EVERY_MS = 1000;

// Runs in a worker thread with its own connection. PASSIVE checkpoints never wait for, nor block,
// the server's writers; the fsync they end with happens here rather than inside a commit on the
// event loop, where it showed as the slowest relays and audit appends.
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next tick retries */ } };
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.postMessage('stopped'); });
`;

/**
 * Moves WAL checkpoints of `db` to a background thread; returns the function that stops it.
 * Without it, SQLite checkpoints inside whichever commit crosses the WAL threshold.
 */
export function checkpointInBackground(db: Db, file: string): () => Promise<void> {
  // createRequire works both in the built CommonJS and in the tests' ESM transform.
  const module = createRequire(__filename).resolve('better-sqlite3');
  const worker = new Worker(CHECKPOINTER, { eval: true, workerData: { file, module, everyMs: CHECKPOINT_EVERY_MS } });
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  // If the thread cannot run, SQLite's own checkpoints come back rather than the log growing unbounded.
  worker.on('error', () => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  });
  let stopping: Promise<void> | null = null;
  return () =>
    (stopping ??= new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        void worker.terminate().then(() => resolve());
      };
      const timer = setTimeout(done, 2000);
      worker.once('message', done);
      worker.once('error', done);
      worker.postMessage('stop');
    }).finally(() => {
      // Back to SQLite's own checkpoints for whatever still uses this connection.
      if (db.open) db.pragma('wal_autocheckpoint = 1000');
    }));
}
