import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@homeward/domain';
import { contractWorld } from '../contract/world';
import { RESOLUTION_KEYS_MIGRATION, SEARCH_KEYS_MIGRATION, backfillSearchKeys, reindexResolutionKeys } from './migrate';
import { openNeo4jStores, type Neo4jStores } from './open';
import { graphRunner } from './tx';

const SKIP_REASON =
  'Neo4j key re-index run skipped: NEO4J_URI is not set (npm test starts a Neo4j itself where Java 17+ and Maven are installed)';
const uri = process.env.NEO4J_URI;
if (!uri) console.log(SKIP_REASON);

describe.skipIf(!uri)('neo4j: blocking keys re-indexed when the key functions change', () => {
  const opts = { uri: uri ?? '', user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, database: process.env.NEO4J_DATABASE };
  let s: Neo4jStores;
  beforeAll(async () => {
    s = await openNeo4jStores(opts);
  });
  afterAll(async () => {
    await s?.close();
  });

  const cypher = async (query: string, params: Record<string, unknown> = {}) => {
    const session = s.driver.session({ database: opts.database });
    try {
      return (await session.run(query, params)).records.map((r) => r.toObject());
    } finally {
      await session.close();
    }
  };

  it('re-keys entities of a database indexed by an older version, once, so a Han name meets its Latin spelling again', async () => {
    const { mkCase, meta } = await contractWorld(s, { agencyName: 'Reindex', source: 'reindex test', referencePrefix: 'RX' });
    const c = await mkCase('Reindex');
    const han = newId('ent');
    const latin = newId('ent');
    await s.graph.write(
      {
        caseId: c.id,
        entities: [
          { id: han, kind: 'PERSON', props: { fullName: '王小明' } },
          { id: latin, kind: 'PERSON', props: { fullName: 'WANG Xiaoming' } },
        ],
      },
      meta,
    );
    const scope = { caseIds: new Set([c.id]) };
    expect((await s.graph.duplicateCandidates(han, scope)).map((d) => d.record.id)).toEqual([latin]);

    // What a database indexed by version 1 looks like: the Han name keyed as written, the version recorded as 1.
    await cypher('MATCH (e {id: $id})-[r:HAS_KEY]->() DELETE r', { id: han });
    await cypher("MERGE (k:ResolutionKey {id: 'n1:王小明'}) WITH k MATCH (e {id: $id}) MERGE (e)-[:HAS_KEY]->(k)", { id: han });
    await cypher('MATCH (m:Migration {name: $name}) SET m.checksum = $old', { name: RESOLUTION_KEYS_MIGRATION, old: '1' });
    expect(await s.graph.duplicateCandidates(han, scope)).toEqual([]);

    const runner = graphRunner(s.driver, opts.database);
    expect(await reindexResolutionKeys(runner)).toBeGreaterThanOrEqual(2);
    expect((await s.graph.duplicateCandidates(han, scope)).map((d) => d.record.id)).toEqual([latin]);
    // Recorded: the next start re-keys nothing.
    expect(await reindexResolutionKeys(runner)).toBe(0);
  });

  it('backfills search keys once, then records it so that later starts read no entity for it', async () => {
    const { mkCase, meta } = await contractWorld(s, { agencyName: 'Backfill', source: 'backfill test', referencePrefix: 'BF' });
    const c = await mkCase('Backfill');
    const car = newId('ent');
    await s.graph.write({ caseId: c.id, entities: [{ id: car, kind: 'VEHICLE', props: { plate: 'P-123QRS' } }] }, meta);
    const keysOf = async () => (await cypher('MATCH (e {id: $id}) RETURN e.searchKeys AS k', { id: car }))[0]?.k;
    expect(await keysOf()).toBe('P123QRS');

    // A database from before the keys: the entity without them, no backfill recorded.
    await cypher('MATCH (e {id: $id}) REMOVE e.searchKeys', { id: car });
    await cypher('MATCH (m:Migration {name: $name}) DELETE m', { name: SEARCH_KEYS_MIGRATION });
    const runner = graphRunner(s.driver, opts.database);
    expect(await backfillSearchKeys(runner)).toBeGreaterThanOrEqual(1);
    expect(await keysOf()).toBe('P123QRS');
    // Recorded: the next start does not look again (a key removed behind its back stays removed).
    await cypher('MATCH (e {id: $id}) REMOVE e.searchKeys', { id: car });
    expect(await backfillSearchKeys(runner)).toBe(0);
    expect(await keysOf()).toBeNull();
    await cypher('MATCH (e {id: $id}) SET e.searchKeys = $k', { id: car, k: 'P123QRS' });
  });
});
