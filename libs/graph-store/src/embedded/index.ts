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
  // The neighbourhood's in-memory adjacency: read now for a small graph (milliseconds), in steps after opening for a
  // large one (about 10 s of CPU at a million entities, which opening the store no longer waits for); later rebuilds,
  // after another process wrote to the file, run in steps too, while the store keeps answering.
  void graph.openAdjacency();
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
