import Database from 'better-sqlite3';
import neo4j from 'neo4j-driver';
import { neo4jMigrations } from '@homeward/graph-schema';
import { describe, it } from 'vitest';
import { graphJournalContract } from './contract';
import { EmbeddedGraphJournal } from './embedded';
import { Neo4jGraphJournal } from './neo4j';

graphJournalContract('embedded', async () => {
  const db = new Database(':memory:');
  return { journal: new EmbeddedGraphJournal(db), close: async () => void db.close() };
});

const uri = process.env.NEO4J_URI;
if (uri) {
  graphJournalContract('neo4j', async () => {
    const driver = neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''), {
      disableLosslessIntegers: true,
    });
    // The journal's constraints and index, as the server's migrations create them (this file may run before any server has).
    for (const m of neo4jMigrations())
      for (const s of m.statements.filter((t) => /\(n:GraphJournal(Entry|Head)\)/.test(t))) await driver.executeQuery(s);
    return { journal: new Neo4jGraphJournal(driver, process.env.NEO4J_DATABASE), close: () => driver.close() };
  });
} else {
  const reason =
    'Neo4j graph journal contract skipped: NEO4J_URI is not set (npm test starts a Neo4j itself where Java 17+ and Maven are installed)';
  console.log(reason);
  describe('graph journal contract: neo4j', () => {
    it.skip(reason, () => undefined);
  });
}
