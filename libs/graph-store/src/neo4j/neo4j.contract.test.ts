import { describe, it } from 'vitest';
import { graphStoreContract } from '../contract/contract';
import { openNeo4jStores } from './open';

const SKIP_REASON =
  'Neo4j contract run skipped: NEO4J_URI is not set (npm test starts a Neo4j itself where Java 17+ and Maven are installed)';
const uri = process.env.NEO4J_URI;

if (!uri) {
  console.log(SKIP_REASON);
  describe('storage contract: neo4j', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  const opts = { uri, user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, database: process.env.NEO4J_DATABASE };

  // Plain stores: every case of the contract makes its own fresh ids, so runs and other test
  // files sharing the (throwaway) test database never see or delete each other's data.
  graphStoreContract('neo4j', () => openNeo4jStores(opts));
}
