// Empties the test Neo4j (NEO4J_URI) before the browser tests' server seeds the demo into it.
import neo4j from 'neo4j-driver';

if (!process.env.NEO4J_URI) {
  console.error('NEO4J_URI is not set: the Neo4j browser tests need the Neo4j that `npm test` starts');
  process.exit(1);
}
const driver = neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''));
try {
  const session = driver.session({ database: process.env.NEO4J_DATABASE || undefined });
  await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  await session.close();
} finally {
  await driver.close();
}
