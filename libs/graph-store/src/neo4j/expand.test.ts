import { describe, expect, it } from 'vitest';
import neo4j from 'neo4j-driver';
import { Neo4jGraphStore } from './graph-store';
import { FakeRunner } from './__tests__/fake-runner';

/*
 * GraphStore.expand on the Neo4j adapter without a server: the grades and scope travel as
 * the statement's parameters (the FakeRunner refuses a parameter the statement does not use),
 * and rows map to AdjacentLinks. The shared contract suite runs it on a live Neo4j.
 */

const rel = { caseId: 'case_a', createdBy: 'usr_1', createdAt: '2025-01-01T00:00:00.000Z', reliability: 'B', credibility: 2 };

describe('Neo4jGraphStore.expand', () => {
  it('passes scope, types and accepted grades, and maps the rows', async () => {
    const db = new FakeRunner({
      expandGraded: () => [
        {
          fromId: 'a',
          otherId: 's',
          otherKind: 'SIGHTING',
          otherObservedAt: '2026-01-01T10:00:00.000Z',
          id: 'l1',
          type: 'SIGHTING_OF',
          source: 's',
          target: 'a',
          rel,
        },
      ],
    });
    const out = await new Neo4jGraphStore(db).expand(
      ['a', 'a'],
      { caseIds: new Set(['case_a']) },
      { linkTypes: ['SIGHTING_OF'], minReliability: 'B', minCredibility: 2 },
    );
    expect(out).toEqual([
      {
        fromId: 'a',
        otherId: 's',
        otherKind: 'SIGHTING',
        otherObservedAt: '2026-01-01T10:00:00.000Z',
        link: {
          id: 'l1',
          type: 'SIGHTING_OF',
          source: 's',
          target: 'a',
          caseId: 'case_a',
          provenance: { createdBy: 'usr_1', createdAt: '2025-01-01T00:00:00.000Z', source: null, reliability: 'B', credibility: 2 },
        },
      },
    ]);
    const [call] = db.calls;
    expect(call.mode).toBe('read');
    expect(call.params).toMatchObject({ ids: ['a'], caseIds: ['case_a'], linkTypes: ['SIGHTING_OF'], reliabilities: ['A', 'B'] });
    expect((call.params.credibilities as unknown[]).map((c) => (neo4j.isInt(c) ? c.toNumber() : c))).toEqual([1, 2]);
  });

  it('filters nothing without filters (F is the lowest reliability) and asks nothing with an empty scope', async () => {
    const db = new FakeRunner();
    const g = new Neo4jGraphStore(db);
    await g.expand(['a'], { caseIds: new Set(['case_a']) }, { minReliability: 'F' });
    expect(db.calls[0].params).toMatchObject({ linkTypes: null, reliabilities: null, credibilities: null });
    expect(await g.expand(['a'], { caseIds: new Set() })).toEqual([]);
    expect(db.calls).toHaveLength(1);
  });
});
