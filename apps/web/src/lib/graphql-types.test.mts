// tools/graphql-types.mjs on a small schema: what the client's typed operations rest on
// (nullability, lists, enums, aliases, fragments, optional variables) and the documents it
// writes (fragments expanded in place, so the bundle holds one literal per operation).
import { describe, expect, it } from 'vitest';
// tools/ is the repository's scripts, no Nx project to draw a boundary to; the generator is tested where its output is used.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { Generator } from '../../../../tools/graphql-types.mjs';

const SCHEMA = `
  scalar JSONObject
  enum Level { LOW HIGH }
  input Filter { level: Level! note: String }
  type Owner { name: String! }
  type Item { id: ID! level: Level! tags: [String!] owner: Owner props: JSONObject! }
  type Query { items(filter: Filter, first: Int = 10): [Item!]! item(id: ID!): Item }
`;

function generate(source: string) {
  const gen = new Generator(SCHEMA, [{ file: 'apps/web/src/modules/x/graphql/x.graphql', source }]);
  const problems = gen.load();
  if (problems.length) return { problems, text: '', schemaTypes: '' };
  const [schemaTypes, module] = gen.outputs();
  return { problems, text: module!.text, schemaTypes: schemaTypes!.text };
}

describe('graphql-types generator', () => {
  it('types a selection by the schema: null where nullable, readonly lists, enums by name, aliases as keys', () => {
    const { problems, text, schemaTypes } = generate(`
      fragment ItemRow on Item { id level owner { name } }
      query Items($filter: Filter, $first: Int) { items(filter: $filter, first: $first) { ...ItemRow tags first: id __typename } }
      query Item($id: ID!) { item(id: $id) { ...ItemRow props } }
    `);
    expect(problems).toEqual([]);
    expect(text).toContain(`export type ItemRow = {
  readonly id: string;
  readonly level: Level;
  readonly owner: {
    readonly name: string;
  } | null;
};`);
    expect(text).toContain(`export type ItemsQuery = {
  readonly items: ReadonlyArray<ItemRow & {
    readonly tags: readonly string[] | null;
    readonly first: string;
    readonly __typename: 'Item';
  }>;
};`);
    // Nullable variables, and those with a default, may be left out.
    expect(text).toContain(`export type ItemsVariables = {
  readonly filter?: Filter | null;
  readonly first?: number | null;
};`);
    expect(text).toContain(`readonly item: ItemRow & {
    readonly props: JsonObject;
  } | null;`);
    expect(text).toContain(`import type { Filter, JsonObject, Level } from '../../../generated/schema-types';`);
    expect(schemaTypes).toContain(`export type Level = 'LOW' | 'HIGH';`);
    expect(schemaTypes).toContain(`export interface Filter {
  readonly level: Level;
  readonly note?: string | null;
}`);
  });

  it('writes each document as one literal with its fragments expanded and whitespace stripped', () => {
    const { text } = generate(`
      fragment ItemRow on Item { id level }
      query Item($id: ID!) { item(id: $id) { ...ItemRow id } }
    `);
    expect(text).toContain(`export const ITEM = ("query Item($id:ID!){item(id:$id){id level}}") as Operation<ItemQuery, ItemVariables>;`);
    expect(text).not.toContain('fragment');
  });

  it('cuts a long document into + joined pieces that are the document again, each line short', () => {
    const fields = Array.from({ length: 40 }, (_, i) => `f${i}: id`).join(' ');
    const { problems, text } = generate(`query Long($id: ID!) { item(id: $id) { ${fields} } }`);
    expect(problems).toEqual([]);
    const literal = /export const LONG = \(([\s\S]*?)\) as Operation/.exec(text)![1];
    const pieces = literal.split(' +\n').map((p) => JSON.parse(p.trim()) as string);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe(`query Long($id:ID!){item(id:$id){${Array.from({ length: 40 }, (_, i) => `f${i}:id`).join(' ')}}}`);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(160);
  });

  it('refuses operations the schema does not validate, naming the file', () => {
    const { problems } = generate(`query Items { items { id colour } }`);
    expect(problems.join('\n')).toMatch(/Cannot query field "colour" on type "Item"[\s\S]*x\.graphql/);
  });

  it('refuses an anonymous operation: its name makes the constant and the types', () => {
    expect(generate(`{ items { id } }`).problems.join('\n')).toContain('every operation needs a name');
  });
});
