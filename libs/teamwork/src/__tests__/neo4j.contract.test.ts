import { describe, it } from 'vitest';
import { openNeo4jStores } from '@homeward/graph-store';
import { openNeo4jTeamwork } from '../neo4j';
import { teamworkContract } from './contract';

const SKIP_REASON =
  'Neo4j teamwork contract run skipped: NEO4J_URI is not set (npm test starts a Neo4j itself where Java 17+ and Maven are installed)';
const uri = process.env.NEO4J_URI;

if (!uri) {
  console.log(SKIP_REASON);
  describe('teamwork contract: neo4j', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  const opts = { uri, user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, database: process.env.NEO4J_DATABASE };
  teamworkContract('neo4j', async () => {
    const stores = await openNeo4jStores(opts);
    return {
      stores,
      teamwork: openNeo4jTeamwork(stores.driver, opts.database),
      // Every run uses fresh ids on a throwaway test database; nothing to delete.
      close: () => stores.close(),
    };
  });
}
