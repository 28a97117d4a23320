import { createHash } from 'node:crypto';
import { ENTITY_KIND_NAMES, neo4jMigrations, type EntityKind, type Migration } from '@homeward/graph-schema';
import { KEYED_KINDS, RESOLUTION_KEY_VERSION, resolutionKeys } from '@homeward/domain';
import { searchKeys } from './mapping';
import neo4jDriver, { type Driver } from 'neo4j-driver';
import { runSchemaStatement } from '@homeward/neo4j-kit';
import { int, type TxRunner } from './tx';

/**
 * How long start-up waits for indexes still populating before it serves anyway. Long enough for a
 * new or small database (2 ms at 100,000 entities with every index online), far shorter than
 * rebuilding the full-text index over a large graph can take, which grows with the entities and
 * used to hold the server (300 s, then db.awaitIndexes failed the start). Serving meanwhile is
 * safe: constraints are built before CREATE CONSTRAINT returns; the planner uses no range or point
 * index before it is online (reads scan instead, same answers, slower); db.index.fulltext.queryNodes
 * waits for its index (asked at 0 % populated, it answered with all 1,382 hits it gave once online),
 * so searches are delayed, never short of results.
 */
const INDEX_WAIT_SECONDS = 10;

/** What a migration says, so that a migration edited since it ran (the model grew) runs again. */
export function migrationChecksum(m: Migration): string {
  return createHash('sha256').update(m.statements.join('\n')).digest('hex').slice(0, 32);
}

const FULLTEXT =
  /^CREATE FULLTEXT INDEX (\w+) IF NOT EXISTS FOR \(n:([\w|]+)\) ON EACH \[([^\]]*)\](?:.*`fulltext\.analyzer`: '([\w-]+)')?/;

/** A full-text index as the database has it (SHOW FULLTEXT INDEXES), to compare with the one a migration declares. */
export interface FulltextDefinition {
  readonly labels: readonly string[];
  readonly properties: readonly string[];
  readonly analyzer: string | null;
}

function declaredFulltext(statement: string): { name: string; definition: FulltextDefinition } | null {
  const m = FULLTEXT.exec(statement);
  if (!m && statement.startsWith('CREATE FULLTEXT INDEX'))
    throw new Error(`migrate: cannot read the full-text index this statement declares: ${statement.slice(0, 120)}`);
  if (!m) return null;
  return {
    name: m[1],
    definition: { labels: m[2].split('|'), properties: m[3].split(',').map((p) => p.trim().replace(/^n\./, '')), analyzer: m[4] ?? null },
  };
}

const sameFulltext = (a: FulltextDefinition, b: FulltextDefinition) =>
  [...a.labels].sort().join('|') === [...b.labels].sort().join('|') &&
  a.properties.join(',') === b.properties.join(',') &&
  (a.analyzer ?? null) === (b.analyzer ?? null);

/**
 * The statements to run for a migration: none when it ran with this text;
 * otherwise all of them (they are IF NOT EXISTS, so new constraints and
 * indexes get created and the rest is left alone), except that a full-text
 * index the database has with another definition is dropped first, because IF
 * NOT EXISTS would keep it with its old list of properties. That holds for a
 * migration with no record too: emptying a database (MATCH (n) DETACH DELETE n)
 * deletes the Migration nodes but keeps the schema, older indexes included. An
 * index already as declared is left alone (a replica starting beside a serving
 * one must not pull it away). Index names cannot be parameters; they come from
 * the derived migrations, never from input.
 */
export function migrationPlan(
  m: Migration,
  applied: { checksum: string | null } | null,
  fulltextIndexes: ReadonlyMap<string, FulltextDefinition> = new Map(),
): string[] {
  if (applied && applied.checksum === migrationChecksum(m)) return [];
  return m.statements.flatMap((statement) => {
    const declared = declaredFulltext(statement);
    const existing = declared && fulltextIndexes.get(declared.name);
    return declared && existing && !sameFulltext(existing, declared.definition)
      ? [`DROP INDEX ${declared.name} IF EXISTS`, statement]
      : [statement];
  });
}

/** The database's full-text indexes by name (schema listing: outside the named statements, like the schema commands). */
async function fulltextIndexes(driver: Driver, database: string | undefined): Promise<Map<string, FulltextDefinition>> {
  const session = driver.session({ database, defaultAccessMode: neo4jDriver.session.READ });
  try {
    const result = await session.run(
      'SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options RETURN name, labelsOrTypes, properties, options',
    );
    return new Map(
      result.records.map((r) => {
        const options = r.get('options') as { indexConfig?: Record<string, unknown> } | null;
        const analyzer = options?.indexConfig?.['fulltext.analyzer'];
        return [
          r.get('name') as string,
          {
            labels: r.get('labelsOrTypes') as string[],
            properties: r.get('properties') as string[],
            analyzer: typeof analyzer === 'string' ? analyzer : null,
          },
        ];
      }),
    );
  } finally {
    await session.close();
  }
}

/**
 * A schema statement, where another server starting at the same moment may
 * create the same index or constraint between IF NOT EXISTS's check and its
 * commit: Neo4j then refuses ours as equivalent, which is what we wanted.
 */
async function runMigrationStatement(driver: Driver, database: string | undefined, statement: string): Promise<void> {
  try {
    await runSchemaStatement(driver, database, statement);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (/ IF NOT EXISTS /.test(statement) && code === 'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists') return;
    throw err;
  }
}

const BACKFILL_BATCH = 1_000;

/** The pseudo-migration that records that every entity has its search keys as SEARCH_KEYS_VERSION computes them. */
export const SEARCH_KEYS_MIGRATION = 'search-keys';
/** 1: compact identifiers of kinds with identifiers; 2: every kind, also the words a tokenizer keeps joined (mapping.searchKeys). */
const SEARCH_KEYS_VERSION = '2';

/**
 * Sets the search keys (SEARCH_KEYS_PROP, mapping.searchKeys) on every entity when the
 * database holds keys of an earlier version (or none). Cypher has no regex replace, hence
 * the round trips: a page of entities in id order at a time, each page one transaction, so
 * a crash half-way re-does the work at the next start (the version is recorded last). Every
 * writer (the stores, the CSV importers) sets the keys, so later starts skip this.
 */
export async function backfillSearchKeys(runner: TxRunner): Promise<number> {
  const [row] = await runner.read((tx) => tx.run('migrationApplied', { name: SEARCH_KEYS_MIGRATION }));
  if (row?.checksum === SEARCH_KEYS_VERSION) return 0;
  let after = '';
  let done = 0;
  for (;;) {
    const rows = await runner.read((tx) =>
      tx.run('keyedEntitiesAfter', { kinds: [...ENTITY_KIND_NAMES], after, limit: int(BACKFILL_BATCH) }),
    );
    if (rows.length === 0) break;
    const updates = rows.map((r) => ({ id: r.id, keys: searchKeys(r.kind as EntityKind, r.props as Record<string, unknown>) }));
    await runner.write((tx) => tx.run('setSearchKeys', { rows: updates }));
    after = String(rows[rows.length - 1].id);
    done += rows.length;
  }
  await runner.write((tx) =>
    tx.run('recordMigration', { name: SEARCH_KEYS_MIGRATION, appliedAt: new Date().toISOString(), checksum: SEARCH_KEYS_VERSION }),
  );
  return done;
}

/** Waits up to `seconds` for populating indexes; true when all are online, false when some are still building. */
export async function awaitIndexesFor(runner: TxRunner, seconds: number): Promise<boolean> {
  try {
    await runner.read((tx) => tx.run('awaitIndexes', { timeoutSeconds: int(seconds) }));
    return true;
  } catch (err) {
    // Neo4j reports the timeout as a failed procedure call ("Expected all indexes to come online within a reasonable time").
    if (
      (err as { code?: unknown }).code === 'Neo.ClientError.Procedure.ProcedureCallFailed' &&
      /come online/.test(String((err as Error).message))
    )
      return false;
    throw err;
  }
}

/** The pseudo-migration that records which version of the blocking-key functions the database was indexed with. */
export const RESOLUTION_KEYS_MIGRATION = 'resolution-keys';
const REINDEX_BATCH = 2_000;

/**
 * Recomputes every keyed entity's blocking keys when the key functions changed since
 * the database was indexed (RESOLUTION_KEY_VERSION, recorded like a migration): a
 * name written in Han or Devanagari before version 2 was keyed as written, and would
 * otherwise never meet its Latin spelling. Pages by id; each page is one transaction,
 * so a crash half-way re-does the work at the next start (the version is recorded last).
 * Returns how many entities were re-keyed.
 */
export async function reindexResolutionKeys(runner: TxRunner): Promise<number> {
  const version = String(RESOLUTION_KEY_VERSION);
  const [row] = await runner.read((tx) => tx.run('migrationApplied', { name: RESOLUTION_KEYS_MIGRATION }));
  if (row?.checksum === version) return 0;
  let after = '';
  let done = 0;
  for (;;) {
    const rows = await runner.read((tx) => tx.run('keyedEntitiesAfter', { kinds: KEYED_KINDS, after, limit: int(REINDEX_BATCH) }));
    if (rows.length === 0) break;
    const updates = rows.map((r) => ({ id: r.id, keys: resolutionKeys(r.kind as EntityKind, r.props as Record<string, unknown>) }));
    await runner.write((tx) => tx.run('setResolutionKeys', { rows: updates }));
    after = String(rows[rows.length - 1].id);
    done += rows.length;
  }
  await runner.write((tx) =>
    tx.run('recordMigration', { name: RESOLUTION_KEYS_MIGRATION, appliedAt: new Date().toISOString(), checksum: version }),
  );
  return done;
}

/**
 * Applies the migrations derived from graph-schema (the same text as the
 * committed graph-schema/migrations files, which a test keeps equal) in order.
 * A `(:Migration {name, checksum})` node marks each one applied; a migration
 * whose text changed since (the model grew) runs again (see migrationPlan).
 * Every statement is IF NOT EXISTS, so a crash half-way or two replicas
 * starting at once only repeat harmless work (see runMigrationStatement). Returns the names applied by
 * this call.
 */
export async function applyMigrations(
  driver: Driver,
  runner: TxRunner,
  database: string | undefined,
  migrations: readonly Migration[] = neo4jMigrations(),
): Promise<string[]> {
  const applied: string[] = [];
  const existing = await fulltextIndexes(driver, database);
  for (const m of migrations) {
    const [row] = await runner.read((tx) => tx.run('migrationApplied', { name: m.name }));
    const plan = migrationPlan(m, row ? { checksum: typeof row.checksum === 'string' ? row.checksum : null } : null, existing);
    if (row && plan.length === 0) continue;
    for (const statement of plan) await runMigrationStatement(driver, database, statement);
    await runner.write((tx) =>
      tx.run('recordMigration', { name: m.name, appliedAt: new Date().toISOString(), checksum: migrationChecksum(m) }),
    );
    applied.push(m.name);
  }
  await backfillSearchKeys(runner);
  await reindexResolutionKeys(runner);
  // A short wait, then serve: see INDEX_WAIT_SECONDS for why an index still populating is safe.
  await awaitIndexesFor(runner, INDEX_WAIT_SECONDS);
  return applied;
}
