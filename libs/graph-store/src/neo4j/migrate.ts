import { neo4jMigrations, type Migration } from '@homeward/graph-schema';
import type { Driver } from 'neo4j-driver';
import { int, type TxRunner } from './tx';

/** How long start-up waits for new indexes (the fulltext one builds in the background) before serving. */
const INDEX_WAIT_SECONDS = 300;

/* Schema commands cannot share a transaction with data writes, so each statement runs in its own managed transaction. */
async function runSchemaStatement(driver: Driver, database: string | undefined, statement: string): Promise<void> {
  const session = driver.session({ database });
  try {
    await session.executeWrite((tx) => tx.run(statement));
  } finally {
    await session.close();
  }
}

/**
 * Applies the migrations derived from graph-schema (the same text as the
 * committed graph-schema/migrations files, which a test keeps equal) in order.
 * A `(:Migration {name})` node marks each one applied, and every statement is
 * IF NOT EXISTS, so a crash half-way or two replicas starting at once only
 * repeat harmless work. Returns the names applied by this call.
 */
export async function applyMigrations(
  driver: Driver,
  runner: TxRunner,
  database: string | undefined,
  migrations: readonly Migration[] = neo4jMigrations(),
): Promise<string[]> {
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await runner.read((tx) => tx.run('migrationApplied', { name: m.name }));
    if (done.length) continue;
    for (const statement of m.statements) await runSchemaStatement(driver, database, statement);
    await runner.write((tx) => tx.run('recordMigration', { name: m.name, appliedAt: new Date().toISOString() }));
    applied.push(m.name);
  }
  // Search and spatial queries right after start must not hit an index still populating.
  await runner.read((tx) => tx.run('awaitIndexes', { timeoutSeconds: int(INDEX_WAIT_SECONDS) }));
  return applied;
}
