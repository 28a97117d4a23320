// The client's GraphQL operations against the server's schema: every operation the
// modules export must validate (fields, arguments, variable types), the committed
// schema must be the one the built server builds, and the committed operation types
// must be the ones tools/graphql-types.mjs makes from both, so that a server change
// which breaks an operation, or a selection changed without its types, fails here
// rather than in front of an investigator.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';

const SCHEMA_FILE = 'apps/web/src/generated/schema.graphql';
const committed = readFileSync(SCHEMA_FILE, 'utf8');

/** Every exported string of the generated operation modules that is an operation, by "file: export". */
function operations(): Map<string, string> {
  const files = import.meta.glob<Record<string, unknown>>('../**/*.generated.ts', { eager: true });
  const out = new Map<string, string>();
  for (const [file, exports] of Object.entries(files)) {
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === 'string' && /^\s*(query|mutation|subscription)\b/.test(value)) out.set(`${file}: ${name}`, value);
    }
  }
  return out;
}

describe('web client GraphQL operations', () => {
  it('the committed schema is the one the server builds (npm run graphql:schema rewrites it)', () => {
    const r = spawnSync(process.execPath, ['tools/graphql-schema.mjs', '--print'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout === committed, `${SCHEMA_FILE} is stale: run npm run graphql:schema`).toBe(true);
  });

  it('the committed operation types are the generated ones (npm run graphql:types rewrites them)', () => {
    const r = spawnSync(process.execPath, ['tools/graphql-types.mjs', '--check'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('every operation validates against the schema', () => {
    const schema = buildSchema(committed);
    const ops = operations();
    expect(ops.size).toBeGreaterThan(40);
    const problems: string[] = [];
    const names = new Map<string, { where: string; text: string }>();
    for (const [where, text] of ops) {
      let doc: DocumentNode;
      try {
        doc = parse(text);
      } catch (err) {
        problems.push(`${where}: ${(err as Error).message}`);
        continue;
      }
      for (const e of validate(schema, doc)) problems.push(`${where}: ${e.message}`);
      for (const def of doc.definitions) {
        // One name per operation: logs and the audit trail tell operations apart by name.
        if (def.kind !== 'OperationDefinition') continue;
        const name = def.name?.value;
        if (!name) problems.push(`${where}: operation has no name`);
        else if (names.has(name) && names.get(name)!.text !== text)
          problems.push(`${where}: operation name ${name} is also used by ${names.get(name)!.where}`);
        else names.set(name, { where, text });
      }
    }
    expect(problems).toEqual([]);
  });
});
