import { describe, it } from 'vitest';
import { graphStoreContract } from '../contract/contract';
import { openScratchNeo4jStores } from './scratch';

const SKIP_REASON = 'Neo4j contract run skipped: NEO4J_URI is not set (Neo4j cannot run on this machine)';
const uri = process.env.NEO4J_URI;

if (!uri) {
  console.log(SKIP_REASON);
  describe('storage contract: neo4j', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  const opts = { uri, user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, database: process.env.NEO4J_DATABASE };

  // Closing deletes every node the run added, so a shared test database is left as it was found.
  graphStoreContract('neo4j', () => openScratchNeo4jStores(opts));
}
