import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteDdl } from '@homeward/graph-schema';

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
  });
  migrate();
  return db;
}
