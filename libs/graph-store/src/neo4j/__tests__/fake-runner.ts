import { parseParameters } from '@neo4j-cypher/language-support';
import { CYPHER, type CypherName } from '../cypher';
import type { EntityKind } from '@homeward/graph-schema';
import { ENTITY_KIND_PROP_NAMES, ENTITY_LIST_FIELDS, type Row } from '../mapping';
import type { Tx, TxRunner } from '../tx';

export interface Call {
  readonly name: CypherName;
  readonly params: Record<string, unknown>;
  readonly mode: 'read' | 'write';
}

type Handler = (params: Record<string, unknown>) => Row[];

/**
 * A TxRunner without a server: answers statements with scripted rows and
 * refuses any run whose parameters differ from those its statement uses, so
 * a renamed or missing parameter fails here rather than on a live Neo4j.
 */
export class FakeRunner implements TxRunner {
  readonly calls: Call[] = [];
  constructor(private readonly handlers: Partial<Record<CypherName, Handler>> = {}) {}

  read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return work(this.tx('read'));
  }

  write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return work(this.tx('write'));
  }

  names(): CypherName[] {
    return this.calls.map((c) => c.name);
  }

  private tx(mode: 'read' | 'write'): Tx {
    return {
      run: async (name, params = {}) => {
        const expected = parseParameters(CYPHER[name], false).sort();
        const given = Object.keys(params).sort();
        if (JSON.stringify(expected) !== JSON.stringify(given)) {
          throw new Error(`${name}: statement uses parameters ${expected.join(', ')} but was given ${given.join(', ')}`);
        }
        this.calls.push({ name, params, mode });
        return this.handlers[name]?.(params) ?? [];
      },
    };
  }
}

export const node = (over: Row = {}): Row => ({
  id: 'ent_1',
  kind: 'PERSON',
  label: 'Ana',
  fullName: 'Ana',
  createdBy: 'usr_1',
  createdAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

/** A node as cypher.ts entityList sends it. */
export const entityList = (n: Row): unknown[] => [
  ...ENTITY_LIST_FIELDS.map((k) => n[k] ?? null),
  ENTITY_KIND_PROP_NAMES[n.kind as EntityKind].map((p) => n[p] ?? null),
];

export const entityRow = (
  over: Row = {},
  cases: Row[] = [{ caseId: 'case_a', role: 'OTHER', caseCreatedAt: '2025-01-01T00:00:00.000Z' }],
): Row => ({
  node: node(over),
  cases,
});
