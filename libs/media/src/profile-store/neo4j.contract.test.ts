import { describe, it } from 'vitest';
import { openNeo4jStores } from '@homeward/graph-store';
import { childRecordContract } from './contract';
import { openNeo4jChildRecords } from './neo4j';

const SKIP_REASON =
  'Neo4j child-records contract run skipped: NEO4J_URI is not set (npm test starts a Neo4j itself where Java 17+ and Maven are installed)';
const uri = process.env.NEO4J_URI;

if (!uri) {
  console.log(SKIP_REASON);
  describe('child records contract: neo4j', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  const opts = { uri, user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, database: process.env.NEO4J_DATABASE };
  childRecordContract('neo4j', async () => {
    const stores = await openNeo4jStores(opts);
    return {
      stores,
      records: openNeo4jChildRecords(stores.driver, opts.database),
      // Nothing to delete: the run's agency, user and case have fresh ids, and the test database
      // is a throwaway; a delete statement here would have to ship in the adapter's CYPHER record.
      close: () => stores.close(),
    };
  });
}
