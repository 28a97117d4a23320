import type { StateStores } from '../port';
import { CYPHER } from './cypher';
import { openNeo4jStores, type Neo4jOptions } from './open';

/**
 * Stores on a shared Neo4j for tests of other libraries (libs/analysis runs its path tests on
 * both adapters): closing deletes every node the run added, with its relationships, so the
 * database is left as it was found. Migrations ran before the snapshot and stay.
 */
export async function openScratchNeo4jStores(opts: Neo4jOptions): Promise<StateStores> {
  const stores = await openNeo4jStores(opts);
  const session = stores.driver.session({ database: opts.database });
  let keep: string[];
  try {
    const snapshot = await session.executeRead((tx) => tx.run(CYPHER.nodeSnapshot));
    keep = snapshot.records[0].get('ids') as string[];
  } finally {
    await session.close();
  }
  return {
    ...stores,
    async close() {
      const s = stores.driver.session({ database: opts.database });
      try {
        await s.executeWrite((tx) => tx.run(CYPHER.deleteNodesNotIn, { keep }));
      } finally {
        await s.close();
        await stores.close();
      }
    },
  };
}
