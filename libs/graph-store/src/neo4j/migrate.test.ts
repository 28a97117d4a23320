import { describe, expect, it } from 'vitest';
import { neo4jMigrations, type Migration } from '@homeward/graph-schema';
import { migrationChecksum, migrationPlan } from './migrate';

const search = neo4jMigrations().find((m) => m.statements.some((s) => s.startsWith('CREATE FULLTEXT INDEX')))!;

describe('migration plan', () => {
  it('runs a new migration whole and skips one that ran with the same text', () => {
    for (const m of neo4jMigrations()) {
      expect(migrationPlan(m, null).filter((s) => !s.startsWith('DROP INDEX'))).toEqual(m.statements);
      expect(migrationPlan(m, { checksum: migrationChecksum(m) })).toEqual([]);
    }
  });

  it('rebuilds the full-text index of a migration with no record too (an emptied database keeps its older indexes)', () => {
    const plan = migrationPlan(search, null);
    const fulltext = search.statements.findIndex((s) => s.startsWith('CREATE FULLTEXT INDEX'));
    expect(plan).toHaveLength(search.statements.length + 1);
    expect(plan[fulltext]).toBe('DROP INDEX entity_search IF EXISTS');
    expect(plan[fulltext + 1]).toBe(search.statements[fulltext]);
  });

  it('runs a migration again when its text changed since, rebuilding its full-text index', () => {
    const before: Migration = { ...search, statements: search.statements.map((s) => s.replace(/, n\.\w+\]/, ']')) };
    expect(migrationChecksum(before)).not.toBe(migrationChecksum(search));
    const plan = migrationPlan(search, { checksum: migrationChecksum(before) });
    const fulltext = search.statements.findIndex((s) => s.startsWith('CREATE FULLTEXT INDEX'));
    expect(plan).toHaveLength(search.statements.length + 1);
    expect(plan[fulltext]).toMatch(/^DROP INDEX entity_search IF EXISTS$/);
    expect(plan[fulltext + 1]).toBe(search.statements[fulltext]);
    // A database migrated before checksums were kept gets the same treatment.
    expect(migrationPlan(search, { checksum: null })).toEqual(plan);
  });
});
