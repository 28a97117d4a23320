import { describe, expect, it } from 'vitest';
import { neo4jMigrations, type Migration } from '@homeward/graph-schema';
import { awaitIndexesFor, migrationChecksum, migrationPlan, type FulltextDefinition } from './migrate';
import { FakeRunner } from './__tests__/fake-runner';

const search = neo4jMigrations().find((m) => m.statements.some((s) => s.startsWith('CREATE FULLTEXT INDEX')))!;
const fulltextAt = search.statements.findIndex((s) => s.startsWith('CREATE FULLTEXT INDEX'));
const declared = /ON EACH \[([^\]]*)\]/
  .exec(search.statements[fulltextAt])![1]
  .split(',')
  .map((p) => p.trim().replace(/^n\./, ''));
const labels = /FOR \(n:([\w|]+)\)/.exec(search.statements[fulltextAt])![1].split('|');

/** The database's index as SHOW FULLTEXT INDEXES gives it. */
const inDatabase = (over: Partial<FulltextDefinition> = {}): ReadonlyMap<string, FulltextDefinition> =>
  new Map([['entity_search', { labels: [...labels].reverse(), properties: declared, analyzer: 'standard-folding', ...over }]]);

describe('migration plan', () => {
  it('runs a new migration whole and skips one that ran with the same text', () => {
    for (const m of neo4jMigrations()) {
      expect(migrationPlan(m, null)).toEqual(m.statements);
      expect(migrationPlan(m, { checksum: migrationChecksum(m) })).toEqual([]);
    }
  });

  it('leaves a full-text index alone that the database already has as declared (labels in any order)', () => {
    expect(migrationPlan(search, null, inDatabase())).toEqual(search.statements);
    expect(migrationPlan(search, { checksum: 'older' }, inDatabase())).toEqual(search.statements);
  });

  it('rebuilds a full-text index the database has with another definition, recorded or not (an emptied database keeps its older indexes)', () => {
    const expected = [...search.statements];
    expected.splice(fulltextAt, 0, 'DROP INDEX entity_search IF EXISTS');
    const older = inDatabase({ properties: declared.slice(0, -1) });
    expect(migrationPlan(search, null, older)).toEqual(expected);
    expect(migrationPlan(search, { checksum: null }, older)).toEqual(expected);
    expect(migrationPlan(search, null, inDatabase({ analyzer: 'standard' }))).toEqual(expected);
    expect(migrationPlan(search, null, inDatabase({ labels: labels.slice(1) }))).toEqual(expected);
  });

  it('runs a migration again when its text changed since, rebuilding its full-text index', () => {
    const before: Migration = { ...search, statements: search.statements.map((s) => s.replace(/, n\.\w+\]/, ']')) };
    expect(migrationChecksum(before)).not.toBe(migrationChecksum(search));
    const plan = migrationPlan(search, { checksum: migrationChecksum(before) }, inDatabase({ properties: declared.slice(0, -1) }));
    expect(plan).toHaveLength(search.statements.length + 1);
    expect(plan[fulltextAt]).toMatch(/^DROP INDEX entity_search IF EXISTS$/);
    expect(plan[fulltextAt + 1]).toBe(search.statements[fulltextAt]);
    // A database migrated before checksums were kept gets the same treatment.
    expect(migrationPlan(search, { checksum: null }, inDatabase({ properties: declared.slice(0, -1) }))).toEqual(plan);
  });
});

describe('waiting for indexes at start', () => {
  const failing = (code: string, message: string) =>
    new FakeRunner({
      awaitIndexes: () => {
        throw Object.assign(new Error(message), { code });
      },
    });

  it('serves once the wait is over while an index is still populating, and passes on any other failure', async () => {
    const timeout =
      'Failed to invoke procedure `db.awaitIndexes`: Caused by: java.lang.IllegalStateException: Expected all indexes to come online within a reasonable time.';
    expect(await awaitIndexesFor(new FakeRunner(), 10)).toBe(true);
    expect(await awaitIndexesFor(failing('Neo.ClientError.Procedure.ProcedureCallFailed', timeout), 10)).toBe(false);
    await expect(
      awaitIndexesFor(failing('Neo.ClientError.Procedure.ProcedureCallFailed', 'Index entity_search has failed'), 10),
    ).rejects.toThrow(/has failed/);
    await expect(awaitIndexesFor(failing('ServiceUnavailable', timeout), 10)).rejects.toThrow(/come online/);
  });
});
