import Database from 'better-sqlite3';
import neo4j from 'neo4j-driver';
import { neo4jMigrations } from '@homeward/graph-schema';
import { describe, it } from 'vitest';
import { jobStoreContract } from './contract';
import { EmbeddedJobStore } from './embedded';
import { Neo4jJobStore } from './neo4j';

jobStoreContract('embedded', async () => {
  const db = new Database(':memory:');
  return { jobs: new EmbeddedJobStore(db), close: async () => void db.close() };
});

const uri = process.env.NEO4J_URI;
if (uri) {
  jobStoreContract('neo4j', async () => {
    const driver = neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''), {
      disableLosslessIntegers: true,
    });
    // The Job constraint, as the server's migrations create it (this file may run before any server has).
    for (const m of neo4jMigrations()) for (const s of m.statements.filter((t) => /\(n:Job\)/.test(t))) await driver.executeQuery(s);
    return { jobs: new Neo4jJobStore(driver, process.env.NEO4J_DATABASE), close: () => driver.close() };
  });
} else {
  const reason =
    'Neo4j job store contract skipped: NEO4J_URI is not set (npm test starts a Neo4j itself where Java 17+ and Maven are installed)';
  console.log(reason);
  describe('job store contract: neo4j', () => {
    it.skip(reason, () => undefined);
  });
}
