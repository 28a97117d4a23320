import { openEmbeddedStores, openNeo4jStores, type StateStores } from '@homeward/graph-store';
import { ConfigError, type Config } from './config.js';

/** The stores the configuration asks for: Neo4j when NEO4J_URI is set, else the embedded SQLite file. */
export async function openStores(config: Pick<Config, 'neo4j' | 'dataDir'>): Promise<StateStores> {
  if (config.neo4j) {
    try {
      return await openNeo4jStores(config.neo4j);
    } catch (err) {
      // The adapter names the variable at fault ("NEO4J_PASSWORD: authentication failed …").
      const msg = err instanceof Error ? err.message : String(err);
      const m = /^(NEO4J_\w+):\s*(.*)$/s.exec(msg);
      throw m ? new ConfigError(m[1], m[2]) : new ConfigError('NEO4J_URI', msg);
    }
  }
  return openEmbeddedStores(config.dataDir);
}
