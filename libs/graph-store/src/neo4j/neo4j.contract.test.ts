import { describe, it } from 'vitest';
import { graphStoreContract } from '../contract/contract';
import type { StateStores } from '../port';
import { CYPHER } from './cypher';
import { openNeo4jStores } from './open';

const SKIP_REASON = 'Neo4j contract run skipped: NEO4J_URI is not set (Neo4j cannot run on this machine)';
const uri = process.env.NEO4J_URI;

if (!uri) {
  console.log(SKIP_REASON);
  describe('storage contract: neo4j', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  const opts = { uri, user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, database: process.env.NEO4J_DATABASE };

  /**
   * Opens the stores and remembers which nodes existed; closing deletes every
   * node the run added (with its relationships), so a shared test database is
   * left as it was found. Migrations ran before the snapshot and stay.
   */
  async function open(): Promise<StateStores> {
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

  graphStoreContract('neo4j', open);
}
