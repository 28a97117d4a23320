import { DomainError, ErrorCode } from '@homeward/domain';
import { describe, expect, it } from 'vitest';
import { Neo4jAccountStore } from './account-store';
import { Neo4jCaseStore, casePatch } from './case-store';
import { Neo4jGraphStore } from './graph-store';
import { LINK_REL_FIELDS, type Row } from './mapping';
import { FakeRunner, entityList, entityRow } from './__tests__/fake-runner';

/*
 * The stores' logic without a server: a FakeRunner answers with scripted rows
 * and checks that every run passes exactly the parameters its statement uses.
 */

const meta = { actorId: 'usr_1' };
const scope = (...ids: string[]) => ({ caseIds: new Set(ids) });
const rel = (caseId: string) => ({ caseId, createdBy: 'usr_1', createdAt: '2025-01-01T00:00:00.000Z' });
const caseFound = () => [{ id: 'case_a' }];

async function domainError(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe('Neo4jGraphStore.write', () => {
  it('validates before opening a transaction, naming the field', async () => {
    const db = new FakeRunner();
    const err = await domainError(
      new Neo4jGraphStore(db).write({ caseId: 'case_a', entities: [{ id: 'e', kind: 'PERSON', props: {} }] }, meta),
    );
    expect(err.field).toBe('input.fullName');
    expect(db.calls).toEqual([]);
  });

  it('refuses a role on a non-person and an unknown role', async () => {
    const g = new Neo4jGraphStore(new FakeRunner());
    const write = (kind: 'PERSON' | 'PHONE', role: string, props: Record<string, unknown>) =>
      domainError(g.write({ caseId: 'c', entities: [{ id: 'e', kind, props, role }] }, meta));
    expect((await write('PHONE', 'WITNESS', { number: '1' })).message).toBe('input.role: only a person has a role in a case');
    expect((await write('PERSON', 'BOSS', { fullName: 'A' })).field).toBe('input.role');
  });

  it('reports a missing case as not found', async () => {
    const err = await domainError(new Neo4jGraphStore(new FakeRunner()).write({ caseId: 'case_x', entities: [] }, meta));
    expect(err.code).toBe(ErrorCode.NotFound);
  });

  it('creates entities per kind with defaulted roles, then reads them back as the case sees them', async () => {
    const db = new FakeRunner({
      caseExists: caseFound,
      visibleEntities: () => [entityRow({ id: 'ent_p' }), entityRow({ id: 'ent_l', kind: 'LOCATION', name: 'Plaza', label: 'Plaza' })],
    });
    const out = await new Neo4jGraphStore(db).write(
      {
        caseId: 'case_a',
        entities: [
          { id: 'ent_p', kind: 'PERSON', props: { fullName: 'Ana' } },
          { id: 'ent_l', kind: 'LOCATION', props: { name: 'Plaza', country: 'gt', latitude: 1, longitude: 2 } },
        ],
      },
      meta,
    );
    expect(db.names()).toEqual([
      'caseExists',
      'entityStates',
      'createEntity.PERSON',
      'createEntity.LOCATION',
      'setResolutionKeys',
      'visibleEntities',
    ]);
    // Blocking keys for entity resolution, for the kinds that have them.
    expect(db.calls[4].params.rows).toEqual([{ id: 'ent_p', keys: ['n1:an'] }]);
    const person = db.calls[2].params as { kind: string; rows: Row[] };
    expect(person.kind).toBe('PERSON');
    expect(person.rows).toEqual([{ id: 'ent_p', props: { fullName: 'Ana', searchKeys: '' }, label: 'Ana', role: 'OTHER' }]);
    const location = (db.calls[3].params.rows as Row[])[0];
    expect((location.props as Row).country).toBe('GT');
    expect(location.role).toBeNull();
    expect(db.calls[5].params.caseIds).toEqual(['case_a']);
    expect(out.nodes.map((n) => n.id)).toEqual(['ent_p', 'ent_l']);
    expect(db.calls.every((c) => c.mode === 'write')).toBe(true);
  });

  it('is a Conflict when an entity id already exists', async () => {
    const db = new FakeRunner({ caseExists: caseFound, entityStates: () => [{ id: 'ent_p', kind: 'PERSON', inCase: false }] });
    const err = await domainError(
      new Neo4jGraphStore(db).write({ caseId: 'case_a', entities: [{ id: 'ent_p', kind: 'PERSON', props: { fullName: 'A' } }] }, meta),
    );
    expect(err.code).toBe(ErrorCode.Conflict);
    expect(db.names()).not.toContain('createEntity.PERSON');
  });

  it('checks link ends are in the case and of the right kinds before creating links', async () => {
    const states: Row[] = [
      { id: 'p1', kind: 'PERSON', inCase: true },
      { id: 'v1', kind: 'VEHICLE', inCase: true },
      { id: 'p9', kind: 'PERSON', inCase: false },
    ];
    const db = () => new FakeRunner({ caseExists: caseFound, entityStates: () => states });
    const link = (type: 'DRIVES' | 'SEEN_WITH', fromId: string, toId: string) =>
      domainError(new Neo4jGraphStore(db()).write({ caseId: 'case_a', links: [{ id: 'l1', type, fromId, toId }] }, meta));
    expect((await link('DRIVES', 'p9', 'v1')).message).toBe('input.fromId: entity p9 is not in this case');
    expect((await link('DRIVES', 'p1', 'p1')).message).toBe('input.toId: an entity cannot be linked to itself');
    expect((await link('SEEN_WITH', 'p1', 'v1')).code).toBe(ErrorCode.InvalidLink);
  });

  it('writes links by type and returns them in request order', async () => {
    const db = new FakeRunner({
      caseExists: caseFound,
      entityStates: () => [
        { id: 'p1', kind: 'PERSON', inCase: true },
        { id: 'p2', kind: 'PERSON', inCase: true },
        { id: 'v1', kind: 'VEHICLE', inCase: true },
      ],
      'createLink.DRIVES': (p) =>
        (p.rows as Row[]).map((r) => ({ id: r.id, type: 'DRIVES', source: r.fromId, target: r.toId, rel: rel('case_a') })),
      'createLink.SEEN_WITH': (p) =>
        (p.rows as Row[]).map((r) => ({ id: r.id, type: 'SEEN_WITH', source: r.fromId, target: r.toId, rel: rel('case_a') })),
    });
    const out = await new Neo4jGraphStore(db).write(
      {
        caseId: 'case_a',
        links: [
          { id: 'l1', type: 'SEEN_WITH', fromId: 'p1', toId: 'p2' },
          { id: 'l2', type: 'DRIVES', fromId: 'p1', toId: 'v1' },
          { id: 'l3', type: 'SEEN_WITH', fromId: 'p2', toId: 'p1' },
        ],
      },
      meta,
    );
    expect(out.edges.map((e) => e.id)).toEqual(['l1', 'l2', 'l3']);
    expect(db.names().filter((n) => n.startsWith('createLink'))).toEqual(['createLink.SEEN_WITH', 'createLink.DRIVES']);
  });

  it('attaches an existing entity, changing the role only when one is given', async () => {
    const db = new FakeRunner({ caseExists: caseFound, entityStates: () => [{ id: 'p1', kind: 'PERSON', inCase: false }] });
    await new Neo4jGraphStore(db).write({ caseId: 'case_a', attach: [{ entityId: 'p1' }] }, meta);
    expect(db.calls.find((c) => c.name === 'attachEntities')?.params.rows).toEqual([{ entityId: 'p1', role: 'OTHER', newRole: null }]);
    const missing = await domainError(
      new Neo4jGraphStore(new FakeRunner({ caseExists: caseFound })).write({ caseId: 'case_a', attach: [{ entityId: 'zz' }] }, meta),
    );
    expect(missing.code).toBe(ErrorCode.NotFound);
  });
});

describe('Neo4jGraphStore reads', () => {
  it('returns nothing for a case outside the scope without asking the database', async () => {
    const db = new FakeRunner();
    const g = new Neo4jGraphStore(db);
    expect(await g.caseGraph('case_b', scope('case_a'))).toEqual({ nodes: [], edges: [] });
    expect(await g.caseSightings('case_b', scope('case_a'))).toEqual([]);
    expect(await g.search({ text: 'ana', caseId: 'case_b' }, scope('case_a'))).toEqual([]);
    expect(await g.search({ text: '  ' }, scope('case_a'))).toEqual([]);
    expect(db.calls).toEqual([]);
  });

  it('keeps getEntities in the order asked and drops what is not visible', async () => {
    const db = new FakeRunner({ visibleEntities: () => [entityRow({ id: 'b' }), entityRow({ id: 'a' })] });
    const got = await new Neo4jGraphStore(db).getEntities(['a', 'hidden', 'b'], scope('case_a'));
    expect(got.map((e) => e.id)).toEqual(['a', 'b']);
    expect(db.calls[0].mode).toBe('read');
  });

  it('searches with the escaped query, an integer limit and the scope', async () => {
    const db = new FakeRunner();
    await new Neo4jGraphStore(db).search({ text: 'Ana (x', kinds: ['PERSON'], limit: 1000 }, scope('case_a', 'case_b'));
    const p = db.calls[0].params;
    expect(p.query).toBe('+Ana +(x OR x*)');
    expect(Number(p.limit)).toBe(200);
    expect(p.limit).not.toBe(200);
    // Every visible case: the list goes once, as caseIds (the statement falls back to it).
    expect(p.searchCaseIds).toBeNull();
    expect(p.caseIds).toEqual(['case_a', 'case_b']);
    expect(p.kinds).toEqual(['PERSON']);
  });

  it('walks a neighbourhood breadth-first within the node limit, filtering kinds', async () => {
    // a - b - c, a - v (vehicle)
    const edges: Record<string, Row[]> = {
      a: [
        { otherId: 'b', otherKind: 'PERSON', id: 'l_ab', type: 'SEEN_WITH', source: 'a', target: 'b', rel: rel('case_a') },
        { otherId: 'v', otherKind: 'VEHICLE', id: 'l_av', type: 'DRIVES', source: 'a', target: 'v', rel: rel('case_a') },
      ],
      b: [
        { otherId: 'a', otherKind: 'PERSON', id: 'l_ab', type: 'SEEN_WITH', source: 'a', target: 'b', rel: rel('case_a') },
        { otherId: 'c', otherKind: 'PERSON', id: 'l_bc', type: 'SEEN_WITH', source: 'b', target: 'c', rel: rel('case_a') },
      ],
    };
    const hops = (ids: string[]) =>
      ids.flatMap((id) => (edges[id] ?? []).map((e) => ({ fromId: id, ...e }) as Row & { fromId: string; otherId: string }));
    const kindOf: Record<string, string> = { v: 'VEHICLE' };
    // The statement's answer: levels 1 and 2 from every level-1 node not a start, of the kinds asked for.
    const db = new FakeRunner({
      neighborhood: (p) => {
        const starts = p.ids as string[];
        const hop1 = Number(p.depth) >= 1 ? hops(starts) : [];
        const level1 = [...new Set(hop1.map((h) => h.otherId))];
        const kinds = p.kinds as string[] | null;
        const frontier = level1.filter(
          (id) => Number(p.depth) >= 2 && !starts.includes(id) && (!kinds || kinds.includes(kindOf[id] ?? 'PERSON')),
        );
        const hop2 = hops(frontier);
        const reached = [...new Set([...level1, ...hop2.map((h) => h.otherId)])];
        // One row per item, each a list (cypher.ts): k 0 a start, 1 and 2 a link of that level, 3 a node reached.
        // The link's properties as cypher.ts linkRelList sends them.
        const relList = (r: Row) => LINK_REL_FIELDS.map((k) => r[k] ?? null);
        const hop = (h: Row) => [h.fromId, h.otherId, h.otherKind, h.id, h.type, h.source === h.fromId, relList(h.rel as Row)];
        const item = (id: string) => {
          const { node, cases } = entityRow({ id }) as { node: Row; cases: Row[] };
          return [entityList(node), cases.map((c) => [c.caseId, c.role ?? null, c.caseCreatedAt ?? null])];
        };
        return [
          ...starts.map((id) => ({ k: 0, v: item(id) })),
          ...hop1.map((h) => ({ k: 1, v: hop(h) })),
          ...hop2.map((h) => ({ k: 2, v: hop(h) })),
          ...reached.map((id) => ({ k: 3, v: item(id) })),
        ];
      },
      visibleEntities: (p) => (p.ids as string[]).map((id) => entityRow({ id })),
      expand: (p) => hops(p.frontier as string[]),
    });
    const g = new Neo4jGraphStore(db);
    const two = await g.neighborhood({ ids: ['a'], depth: 2, kinds: ['PERSON'] }, scope('case_a'));
    expect(two.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(two.edges.map((e) => e.id)).toEqual(['l_ab', 'l_bc']);
    // Depth 2 is one statement, one round trip.
    expect(db.names()).toEqual(['neighborhood']);
    const limited = await g.neighborhood({ ids: ['a'], depth: 2, limit: 2 }, scope('case_a'));
    expect(limited.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    // Level 3 and beyond a statement each, then the nodes the first statement did not bring.
    const three = await g.neighborhood({ ids: ['b'], depth: 3 }, scope('case_a'));
    expect(three.nodes.map((n) => n.id).sort()).toEqual(['a', 'b', 'c', 'v']);
    expect(three.edges.map((e) => e.id).sort()).toEqual(['l_ab', 'l_av', 'l_bc']);
    expect(db.calls.filter((c) => c.name === 'neighborhood').every((c) => c.params.linkTypes === null)).toBe(true);
    expect(db.calls.filter((c) => c.name === 'neighborhood').map((c) => Number(c.params.depth))).toEqual([2, 2, 2]);
  });

  it('finds a shortest chain in one statement of its depth; says it cannot tell when the chains reach the cap', async () => {
    let found = 1;
    const db = new FakeRunner({
      'shortestChain.3': (p) => {
        if (p.fromId === 'hidden') return [];
        const { node, cases } = entityRow({ id: String(p.fromId) }) as { node: Row; cases: Row[] };
        const member = cases.map((c) => [c.caseId, c.role ?? null, c.caseCreatedAt ?? null]);
        return [
          { k: 0, v: [found] },
          ...(found
            ? [
                { k: 1, v: [node, member] },
                { k: 1, v: [{ ...node, id: 'b' }, member] },
              ]
            : []),
          ...(found ? [{ k: 2, v: ['l_ab', 'SEEN_WITH', String(p.fromId), 'b', rel('case_a')] }] : []),
        ];
      },
    });
    const g = new Neo4jGraphStore(db);
    const chain = await g.shortestChain('a', 'b', 3, scope('case_a'));
    expect(chain?.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(chain?.edges).toMatchObject([{ id: 'l_ab', source: 'a', target: 'b', caseId: 'case_a' }]);
    expect(db.calls[0]).toMatchObject({ name: 'shortestChain.3', mode: 'read', params: { caseIds: ['case_a'] } });
    expect(Number(db.calls[0].params.cap)).toBe(1000);
    expect(await g.shortestChain('hidden', 'b', 3, scope('case_a'))).toBeNull();
    found = 0;
    expect(await g.shortestChain('a', 'b', 3, scope('case_a'))).toBeNull();
    found = 1000;
    expect(await g.shortestChain('a', 'b', 3, scope('case_a'))).toBeUndefined();
    // Beyond the deepest statement, or no scope: no statement.
    const calls = db.calls.length;
    expect(await g.shortestChain('a', 'b', 13, scope('case_a'))).toBeUndefined();
    expect(await g.shortestChain('a', 'b', 3, scope())).toBeNull();
    expect(db.calls).toHaveLength(calls);
  });

  it('finds no locations in an inverted box and clamps coordinates', async () => {
    const db = new FakeRunner();
    const g = new Neo4jGraphStore(db);
    expect(await g.locationsWithin({ minLat: 10, maxLat: 0, minLon: 0, maxLon: 1 }, scope('case_a'))).toEqual([]);
    await g.locationsWithin({ minLat: -100, maxLat: 100, minLon: -200, maxLon: 200 }, scope('case_a'));
    expect(db.calls[0].params).toMatchObject({ minLat: -90, maxLat: 90, minLon: -180, maxLon: 180 });
  });

  it('removes an entity from one case, reports the links removed and stamps who changed it and the other ends', async () => {
    const db = new FakeRunner({
      caseExists: caseFound,
      entityInCase: () => [{ id: 'a' }],
      deleteCaseLinksOfEntity: () => [
        { id: 'l1', otherId: 'b' },
        { id: 'l2', otherId: 'b' },
      ],
    });
    expect(await new Neo4jGraphStore(db).removeEntity('case_a', 'a', meta)).toEqual({ removedLinks: ['l1', 'l2'] });
    expect(db.names()).toEqual([
      'caseExists',
      'entityInCase',
      'deleteCaseLinksOfEntity',
      'deleteMembership',
      'stampEntities',
      'deleteOrphanEntity',
    ]);
    expect(db.calls.find((c) => c.name === 'stampEntities')?.params).toMatchObject({ ids: ['a', 'b'], actorId: meta.actorId });
  });

  it('reports a link of another case as not found', async () => {
    const db = new FakeRunner({ caseExists: caseFound, deleteLink: () => [] });
    expect((await domainError(new Neo4jGraphStore(db).deleteLink('case_a', 'l1', meta))).code).toBe(ErrorCode.NotFound);
  });

  it('returns the deleted link as it was', async () => {
    const rel = {
      id: 'l1',
      caseId: 'case_a',
      createdBy: 'usr_1',
      createdAt: '2026-11-01T00:00:00.000Z',
      source: null,
      reliability: 'B',
      credibility: 2,
    };
    const db = new FakeRunner({
      caseExists: caseFound,
      deleteLink: () => [{ link: { id: 'l1', type: 'SEEN_WITH', source: 'a', target: 'b', rel } }],
    });
    expect(await new Neo4jGraphStore(db).deleteLink('case_a', 'l1', meta)).toMatchObject({
      id: 'l1',
      type: 'SEEN_WITH',
      source: 'a',
      target: 'b',
      caseId: 'case_a',
      provenance: { reliability: 'B', credibility: 2 },
    });
    expect(db.calls.find((c) => c.name === 'deleteLink')?.params).toEqual({ caseId: 'case_a', id: 'l1' });
  });

  it('updates visible entities only', async () => {
    const db = new FakeRunner();
    expect((await domainError(new Neo4jGraphStore(db).updateEntity('a', { fullName: 'B' }, scope('case_a'), meta))).code).toBe(
      ErrorCode.NotFound,
    );
  });
});

describe('Neo4jCaseStore and Neo4jAccountStore', () => {
  it('refuses a case with an unknown status before writing', async () => {
    const db = new FakeRunner();
    const c = {
      id: 'c',
      reference: 'R',
      title: 'T',
      category: 'RUNAWAY',
      status: 'LOST',
      riskLevel: 'LOW',
      country: 'GT',
      reportedAt: 'x',
      lastSeenAt: null,
      leadAgencyId: 'a',
      createdBy: 'u',
    };
    expect((await domainError(new Neo4jCaseStore(db).createCase(c))).field).toBe('input.status');
    expect(db.calls).toEqual([]);
  });
  it('builds a case patch of the given fields only; null clears', () => {
    expect(casePatch({ title: 'New', lastSeenAt: null })).toEqual({ title: 'New', lastSeenAt: null });
  });
  it('numbers references per country and year', async () => {
    const db = new FakeRunner({ countReferences: () => [{ n: 41 }] });
    expect(await new Neo4jCaseStore(db).nextReference('GT', 2025)).toBe('GT-2025-0042');
    expect(db.calls[0].params.prefix).toBe('GT-2025-');
  });
  it('stores and finds e-mail addresses case-insensitively', async () => {
    const db = new FakeRunner();
    const a = new Neo4jAccountStore(db);
    expect(await a.findUserByEmail('  Ana@Example.ORG ')).toBeNull();
    expect(db.calls[0].params.email).toBe('ana@example.org');
  });
  it('reports a missing agency when creating a user', async () => {
    const db = new FakeRunner();
    const err = await domainError(
      new Neo4jAccountStore(db).createUser({ id: 'u', email: 'a@b', displayName: 'A', role: 'ADMIN', agencyId: 'nope', passwordHash: 'h' }),
    );
    expect(err.field).toBe('agencyId');
  });
});
