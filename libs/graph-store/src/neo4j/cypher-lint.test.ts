import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  lintCypherQuery,
  parse,
  parseParameters,
  EnclosedPropertyListContext,
  MapContext,
  MapProjectionContext,
  MapProjectionElementContext,
  NodePatternContext,
  PropertiesContext,
  PropertyContext,
  PropertyExpressionContext,
  PropertyKeyNameContext,
  PropertyListContext,
  PropertyPostfixContext,
  RelationshipPatternContext,
  VariableContext,
  type DbSchema,
  type ParserRuleContext,
} from '@neo4j-cypher/language-support';
import { cypherLintSchema, neo4jMigrations } from '@homeward/graph-schema';
import { describe, expect, it } from 'vitest';

/*
 * Lints every Cypher statement of the project against the schema graph-schema
 * declares: the adapter's CYPHER record, any other library's `cypher.ts`
 * (found by globbing libs/<lib>/src/**\/cypher.ts, so a new Neo4j store is
 * covered by adding the file) and the migrations.
 *
 * The language-support linter checks syntax, semantics (Cypher 5, the dialect
 * of Neo4j 5.x), labels and relationship types. It does not check property
 * keys, so `unknownPropertyKeys` below adds that for the places a typo hides:
 * `n.key` on a variable bound by a node or relationship pattern, pattern maps
 * `(n {key: ...})`, and property lists of schema commands.
 *
 * Each statement's own parameters are declared, because their values come from
 * TypeScript; that the code passes exactly those is checked by the stores'
 * unit tests (stores.test.ts), which compare every run's parameters with
 * `parseParameters` of its statement.
 */

const lintSchema = cypherLintSchema();
const KNOWN_KEYS = new Set(lintSchema.propertyKeys);

function schemaFor(statement: string): DbSchema {
  const parameters = Object.fromEntries(parseParameters(statement, false).map((p) => [p, '']));
  return {
    labels: lintSchema.labels,
    relationshipTypes: lintSchema.relationshipTypes,
    propertyKeys: lintSchema.propertyKeys,
    parameters,
    defaultLanguage: 'CYPHER 5',
  };
}

type Node = ParserRuleContext & { children?: unknown[] | null; parentCtx?: unknown };

function children(ctx: Node): Node[] {
  return ((ctx.children ?? []) as unknown[]).filter(
    (c): c is Node => c !== null && typeof c === 'object' && 'getText' in c && 'children' in c,
  );
}

function walk(ctx: Node, visit: (n: Node) => void): void {
  visit(ctx);
  for (const c of children(ctx)) walk(c, visit);
}

/** The variable a `.key` lookup is applied to, when it is a plain variable (`n.key`, `n {.key}`); otherwise null. */
function lookupBase(prop: Node): string | null {
  const parent = prop.parentCtx as Node | undefined;
  if (!parent) return null;
  if (parent instanceof PropertyExpressionContext || parent instanceof PropertyPostfixContext) {
    const holder = parent instanceof PropertyPostfixContext ? ((parent as Node).parentCtx as Node) : parent;
    const kids = children(holder);
    // Only the first lookup of a chain is on the variable itself (`n.a`, not `n.a.b`).
    const first = kids[1];
    if (first !== prop && first !== parent) return null;
    return kids[0]?.getText() ?? null;
  }
  if (parent instanceof MapProjectionElementContext) return children((parent as Node).parentCtx as Node)[0]?.getText() ?? null;
  return null;
}

/** Property keys the schema does not declare, with where they were used. */
export function unknownPropertyKeys(statement: string): string[] {
  const out: string[] = [];
  for (const root of parse(statement) as unknown as Node[]) {
    const bound = new Set<string>();
    walk(root, (n) => {
      if (n instanceof NodePatternContext || n instanceof RelationshipPatternContext) {
        for (const c of children(n)) if (c instanceof VariableContext) bound.add((c as Node).getText());
      }
    });
    walk(root, (n) => {
      if (!(n instanceof PropertyKeyNameContext)) return;
      const key = (n as Node).getText().replace(/^`|`$/g, '');
      const parent = (n as Node).parentCtx as Node;
      let checked = false;
      if (parent instanceof PropertyContext) {
        const holder = (parent as Node).parentCtx as Node;
        if (holder instanceof PropertyListContext || holder instanceof EnclosedPropertyListContext) checked = true;
        else {
          const base = lookupBase(parent);
          checked = base !== null && bound.has(base);
        }
      } else if (parent instanceof MapContext) {
        checked = (parent as Node).parentCtx instanceof PropertiesContext;
      } else if (parent instanceof MapProjectionElementContext && (parent as Node).parentCtx instanceof MapProjectionContext) {
        checked = false;
      }
      if (checked && !KNOWN_KEYS.has(key)) out.push(`property key ${key} is not declared in cypherLintSchema()`);
    });
  }
  return out;
}

function diagnostics(statement: string): string[] {
  const lint = lintCypherQuery(statement, schemaFor(statement)).map(
    (d) => `${d.severity === 1 ? 'error' : 'warning'} at ${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`,
  );
  return [...lint, ...unknownPropertyKeys(statement)];
}

/** Strings of a CYPHER export, however nested (records or lists of statements), by dotted name. */
function statementsOf(value: unknown, name: string, out: Array<[string, string]>): Array<[string, string]> {
  if (typeof value === 'string') out.push([name, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => statementsOf(v, `${name}[${i}]`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) statementsOf(v, `${name}.${k}`, out);
  return out;
}

const ROOT = join(__dirname, '..', '..', '..', '..');

function cypherModules(): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'node_modules' && entry !== 'dist') visit(path);
      } else if (entry === 'cypher.ts') found.push(path);
    }
  };
  for (const lib of readdirSync(join(ROOT, 'libs'))) {
    const src = join(ROOT, 'libs', lib, 'src');
    try {
      if (statSync(src).isDirectory()) visit(src);
    } catch {
      // A library folder without src (being scaffolded) has no Cypher yet.
    }
  }
  return found.sort();
}

const modules = cypherModules();

describe('Cypher lint', () => {
  it('finds this adapter among the Cypher modules', () => {
    expect(modules.map((m) => relative(ROOT, m))).toContain(join('libs', 'graph-store', 'src', 'neo4j', 'cypher.ts'));
  });

  describe.each(modules.map((m) => [relative(ROOT, m), m] as const))('%s', (_name, path) => {
    it('exports a CYPHER record whose every statement lints clean', async () => {
      const mod = (await import(path)) as { CYPHER?: unknown };
      expect(mod.CYPHER, `${path} must export CYPHER`).toBeTypeOf('object');
      const statements = statementsOf(mod.CYPHER, 'CYPHER', []);
      expect(statements.length).toBeGreaterThan(0);
      const failures = statements.map(([name, text]) => ({ name, text, problems: diagnostics(text) })).filter((f) => f.problems.length > 0);
      if (failures.length) {
        console.error(failures.map((f) => `${f.name}:\n${f.text}\n  ${f.problems.join('\n  ')}`).join('\n\n'));
      }
      expect(failures.map((f) => `${f.name}: ${f.problems.join('; ')}`)).toEqual([]);
      // Neo4j's parser takes about 0.1 s per statement on these machines and the adapter has a few hundred.
    }, 300_000);
  });

  it.each(neo4jMigrations().flatMap((m) => m.statements.map((s, i) => [`${m.name}[${i}]`, s] as const)))(
    'migration %s lints clean',
    (_n, s) => {
      expect(diagnostics(s)).toEqual([]);
    },
  );

  describe('the linter itself', () => {
    it('reports an unknown label', () => {
      expect(diagnostics('MATCH (n:Missing {id: $id}) RETURN n.id AS id').join('\n')).toMatch(/Label Missing is not present/);
    });
    it('reports an unknown relationship type', () => {
      expect(diagnostics('MATCH (:Entity)-[r:KNOWS]->(:Entity) RETURN count(r) AS n').join('\n')).toMatch(/KNOWS is not present/);
    });
    it('reports a syntax error', () => {
      expect(diagnostics('MATCH (n:Entity RETURN n').length).toBeGreaterThan(0);
    });
    it('reports an unknown property key on a pattern variable and in a pattern map', () => {
      expect(diagnostics('MATCH (n:Entity {colour: $c}) RETURN n.fullNmae AS x')).toEqual([
        'property key colour is not declared in cypherLintSchema()',
        'property key fullNmae is not declared in cypherLintSchema()',
      ]);
    });
    it('leaves keys of parameter maps and result maps alone', () => {
      expect(diagnostics('UNWIND $rows AS row MATCH (n:Entity {id: row.id}) RETURN {anything: n.id} AS out')).toEqual([]);
    });
    it('reports an undeclared parameter when the schema lacks it', () => {
      const d = lintCypherQuery('MATCH (n:Entity {id: $id}) RETURN n', { ...schemaFor(''), parameters: {} });
      expect(d.map((x) => x.message).join('\n')).toMatch(/Parameter \$id is not defined/);
    });
  });
});
