import type { StateStores } from '../port';
import { EmbeddedAccountStore } from './accounts';
import { EmbeddedCaseStore } from './cases';
import { join } from 'node:path';
import { DATABASE_FILE, checkpointInBackground, openDatabase, type Db } from './database';
import { EmbeddedGraphStore } from './graph';
import { EmbeddedJobStore } from '../jobs/embedded';
import { EmbeddedGraphJournal } from '../journal/embedded';

export interface EmbeddedStores extends StateStores {
  readonly kind: 'embedded';
  readonly db: Db;
  readonly graph: EmbeddedGraphStore;
}

/** The zero-setup store: one SQLite file in `dataDir` holds the graph, cases, accounts (and, through libs/collab, documents). */
export function openEmbeddedStores(dataDir: string): EmbeddedStores {
  const db = openDatabase(dataDir);
  const stopCheckpoints = checkpointInBackground(db, join(dataDir, DATABASE_FILE));
  const graph = new EmbeddedGraphStore(db);
  // The neighbourhood's in-memory adjacency is read at opening (about 10 s of CPU at a million entities, milliseconds for
  // small graphs); later rebuilds, after another process wrote to the file, run in steps while the store keeps answering.
  graph.buildAdjacency();
  return {
    kind: 'embedded',
    db,
    graph,
    cases: new EmbeddedCaseStore(db),
    accounts: new EmbeddedAccountStore(db),
    jobs: new EmbeddedJobStore(db),
    journal: new EmbeddedGraphJournal(db),
    async close() {
      await stopCheckpoints();
      if (db.open) db.close();
    },
  };
}

export { BulkCache, EmbeddedGraphStore, ftsQuery } from './graph';
export { openDatabase, DATABASE_FILE, type Db } from './database';
