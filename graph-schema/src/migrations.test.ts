import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationFile, neo4jMigrations } from './derive/cypher';

const dir = join(__dirname, '..', 'migrations');
const HOW_TO_FIX = 'run `npm run schema:generate` and commit graph-schema/migrations';

describe('committed Neo4j migrations', () => {
  const derived = neo4jMigrations();

  it('are exactly the files derived from the model, no more, no fewer', () => {
    const onDisk = readdirSync(dir)
      .filter((f) => f.endsWith('.cypher'))
      .sort();
    expect(onDisk, HOW_TO_FIX).toEqual(derived.map((m) => `${m.name}.cypher`).sort());
  });

  it.each(derived.map((m) => [m.name, m] as const))('%s matches the derivation', (name, m) => {
    expect(readFileSync(join(dir, `${name}.cypher`), 'utf8'), HOW_TO_FIX).toBe(migrationFile(m));
  });

  it('are numbered in the order they are applied', () => {
    const names = derived.map((m) => m.name);
    expect(names.every((n) => /^\d{3}_[a-z0-9_]+$/.test(n))).toBe(true);
    expect([...names].sort()).toEqual(names);
  });

  it('only hold idempotent statements, so a re-run after a partial failure is harmless', () => {
    for (const s of derived.flatMap((m) => m.statements)) expect(s).toMatch(/ IF NOT EXISTS /);
  });
});
