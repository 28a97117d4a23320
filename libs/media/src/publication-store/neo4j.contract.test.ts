import { describe, it } from 'vitest';
import { openNeo4jStores } from '@homeward/graph-store';
import { publicationContract } from './contract';
import { openNeo4jPublicationStore } from './neo4j';

const SKIP_REASON =
  'Neo4j publication-store contract run skipped: NEO4J_URI is not set (npm test starts a Neo4j itself where Java 17+ and Maven are installed)';
const uri = process.env.NEO4J_URI;

if (!uri) {
  console.log(SKIP_REASON);
  describe('publication store contract: neo4j', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  const opts = { uri, user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, database: process.env.NEO4J_DATABASE };
  publicationContract('neo4j', async () => {
    const stores = await openNeo4jStores(opts);
    // Every run makes fresh ids in the throwaway test database: nothing to delete afterwards.
    return { stores, publications: openNeo4jPublicationStore(stores.driver, opts.database), close: () => stores.close() };
  });
}
