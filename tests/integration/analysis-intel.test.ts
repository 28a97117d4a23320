import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, login, startServer, type RunningServer } from './harness';

/**
 * Analyst intelligence on the built server: co-sightings, cross-case links
 * with "ask its owner" notices, centrality, and entity resolution (candidates,
 * reject, merge, undo), each with need-to-know.
 */
let server: RunningServer;
const token: Record<string, string> = {};
const user: Record<string, { id: string; agency: string }> = {};
// A run-unique plate, so demo data or another test cannot match it.
const PLATE = `Q-${Date.now().toString(36).slice(-5).toUpperCase()}`;

type Gql = Awaited<ReturnType<typeof gql<Record<string, any>>>>;
const ok = (r: Gql) => {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
};
const as = (who: string, query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token[who]);

async function createCase(who: string, title: string): Promise<{ id: string; reference: string }> {
  const r = ok(
    await as(
      who,
      'mutation($t:String!){ createCase(input:{ title:$t, category: NON_FAMILY_ABDUCTION, riskLevel: HIGH, country:"gt" }) { id reference } }',
      { t: title },
    ),
  );
  return r.createCase;
}
const addPerson = async (who: string, caseId: string, fullName: string, dateOfBirth?: string) =>
  ok(
    await as(who, 'mutation($c:ID!,$i:PersonInput!){ addPerson(caseId:$c, input:$i){ id } }', {
      c: caseId,
      i: { fullName, role: 'SUSPECT', ...(dateOfBirth ? { dateOfBirth } : {}) },
    }),
  ).addPerson.id as string;
const addVehicle = async (who: string, caseId: string, plate: string) =>
  ok(await as(who, 'mutation($c:ID!,$i:VehicleInput!){ addVehicle(caseId:$c, input:$i){ id } }', { c: caseId, i: { plate } })).addVehicle
    .id as string;
const link = async (who: string, caseId: string, fromId: string, toId: string, type: string) =>
  ok(
    await as(who, 'mutation($c:ID!,$a:ID!,$b:ID!,$t:LinkType!){ linkEntities(caseId:$c, input:{fromId:$a,toId:$b,type:$t}){ id } }', {
      c: caseId,
      a: fromId,
      b: toId,
      t: type,
    }),
  ).linkEntities.id as string;

const GRAPH =
  'query($c:ID!){ caseGraph(caseId:$c){ nodes { id kind label role caseIds props createdBy createdAt ' +
  'source reliability } edges { id type source target caseId createdBy createdAt } } }';
const sortedGraph = (g: { nodes: Array<{ id: string; caseIds: string[] }>; edges: Array<{ id: string }> }) => ({
  nodes: [...g.nodes].map((n) => ({ ...n, caseIds: [...n.caseIds].sort() })).sort((a, b) => a.id.localeCompare(b.id)),
  edges: [...g.edges].sort((a, b) => a.id.localeCompare(b.id)),
});

beforeAll(async () => {
  server = await startServer();
  for (const who of ['investigator.gt', 'supervisor.gt', 'investigator.mx', 'analyst.mx', 'ngo.es']) {
    token[who] = await login(server.url, `${who}@demo.local`);
    const me = ok(await as(who, '{ me { id agency { name } } }')).me;
    user[who] = { id: me.id, agency: me.agency.name };
  }
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('cross-case links', () => {
  it("tells of a match in another agency's case only by the agency's name, and leaks nothing else", async () => {
    // GT's own case, which the MX investigator is not a member of.
    const secret = await createCase('investigator.gt', 'Operación Quetzal reservada');
    const secretPerson = await addPerson('investigator.gt', secret.id, 'Informante Reservado Uno');
    const van = await addVehicle('investigator.gt', secret.id, PLATE);
    await link('investigator.gt', secret.id, secretPerson, van, 'DRIVES');
    // A shared case: GT brings the van in, MX joins it.
    const shared = await createCase('investigator.gt', 'Caso compartido GT-MX');
    ok(await as('investigator.gt', 'mutation($c:ID!,$e:ID!){ attachEntity(caseId:$c, entityId:$e){ id } }', { c: shared.id, e: van }));
    ok(
      await as('investigator.gt', 'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', {
        c: shared.id,
        u: user['investigator.mx'].id,
      }),
    );
    // The NGO's own case, with the same plate written differently.
    const ngo = await createCase('ngo.es', 'Caso ONG confidencial');
    const ngoVan = await addVehicle('ngo.es', ngo.id, PLATE.toLowerCase().replace('-', ' '));

    const q = `query($c:ID!){ crossCaseLinks(caseId:$c, maxDistance: 2){ shared { entity { id } otherCaseIds }
      near { caseId reference title distance viaEntityIds fromEntityIds } identifiers { entityId key other { id } }
      notices { entityId agencyName reason } } }`;
    const r = ok(await as('investigator.mx', q, { c: shared.id }));
    const out = r.crossCaseLinks;
    expect(out.notices).toEqual(
      expect.arrayContaining([
        { entityId: van, agencyName: user['investigator.gt'].agency, reason: 'SAME_ENTITY' },
        { entityId: van, agencyName: user['ngo.es'].agency, reason: 'SAME_IDENTIFIER' },
      ]),
    );
    expect(out.notices).toHaveLength(2);
    expect(out.shared).toEqual([]);
    expect(out.near).toEqual([]);
    expect(out.identifiers).toEqual([]);
    const json = JSON.stringify(r);
    for (const leak of [
      secret.id,
      secret.reference,
      'Operación Quetzal',
      secretPerson,
      'Informante',
      ngo.id,
      ngo.reference,
      'Caso ONG',
      ngoVan,
      user['ngo.es'].id,
      user['investigator.gt'].id,
    ]) {
      expect(json, `leaks ${leak}`).not.toContain(leak);
    }

    // The GT investigator sees both of its cases: a shared entity, a near case, and only the NGO as a notice.
    const gt = ok(await as('investigator.gt', q, { c: secret.id })).crossCaseLinks;
    expect(gt.shared).toEqual([{ entity: { id: van }, otherCaseIds: [shared.id] }]);
    expect(gt.near).toEqual([
      {
        caseId: shared.id,
        reference: shared.reference,
        title: 'Caso compartido GT-MX',
        distance: 0,
        viaEntityIds: [van],
        fromEntityIds: [van],
      },
    ]);
    expect(gt.notices).toEqual([{ entityId: van, agencyName: user['ngo.es'].agency, reason: 'SAME_IDENTIFIER' }]);
    expect(JSON.stringify(gt)).not.toContain(ngoVan);
  });

  it('gives a non-member nothing, and names a bad argument', async () => {
    const c = await createCase('investigator.gt', 'Solo GT');
    const p = await addPerson('investigator.gt', c.id, 'Persona Solo GT');
    for (const [query, vars] of [
      ['query($c:ID!){ crossCaseLinks(caseId:$c){ notices { agencyName } } }', { c: c.id }],
      ['query($c:ID!){ coSightings(caseId:$c){ count } }', { c: c.id }],
      ['query($c:ID!){ caseCentrality(caseId:$c){ modularity } }', { c: c.id }],
      ['query($c:ID!,$e:ID!){ duplicateCandidates(caseId:$c, entityId:$e){ score } }', { c: c.id, e: p }],
      ['query($c:ID!){ merges(caseId:$c){ id } }', { c: c.id }],
    ] as const) {
      const r = await as('ngo.es', query, vars);
      expect(r.data).toBeNull();
      expect(r.errors![0].extensions!.code).toBe('NOT_FOUND');
    }
    // Around an entity the caller cannot see: not found either (nothing confirms it exists).
    const around = await as('ngo.es', 'query($e:ID!){ coSightings(entityId:$e){ count } }', { e: p });
    expect(around.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'entityId' });
    const bad = await as('investigator.gt', 'query($c:ID!){ crossCaseLinks(caseId:$c, maxDistance: 9){ notices { agencyName } } }', {
      c: c.id,
    });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'maxDistance' });
  });
});

describe('co-sightings and centrality', () => {
  it('derives who was seen with whom from shared sightings, and finds the hub', async () => {
    const c = await createCase('investigator.gt', 'Red de Escuintla');
    const [ana, boss, driver, lookout] = [
      await addPerson('investigator.gt', c.id, 'Ana Niña'),
      await addPerson('investigator.gt', c.id, 'El Jefe'),
      await addPerson('investigator.gt', c.id, 'El Chofer'),
      await addPerson('investigator.gt', c.id, 'El Vigía'),
    ];
    const place = ok(
      await as(
        'investigator.gt',
        'mutation($c:ID!){ addLocation(caseId:$c, input:{name:"Terminal", country:"gt", latitude:14.3, longitude:-90.8}){ id } }',
        { c: c.id },
      ),
    ).addLocation.id;
    const sight = async (at: string, seen: string[]) =>
      ok(
        await as('investigator.gt', 'mutation($c:ID!,$i:SightingInput!){ addSighting(caseId:$c, input:$i){ id } }', {
          c: c.id,
          i: { observedAt: at, locationId: place, seenIds: seen },
        }),
      ).addSighting.id as string;
    const s1 = await sight('2026-03-01T10:00:00Z', [ana, driver]);
    const s2 = await sight('2026-03-02T10:00:00Z', [ana, driver, lookout]);
    await link('investigator.gt', c.id, boss, driver, 'ASSOCIATE_OF');
    await link('investigator.gt', c.id, boss, lookout, 'ASSOCIATE_OF');

    const co = ok(
      await as(
        'investigator.gt',
        'query($c:ID!){ coSightings(caseId:$c){ a { id } b { id } count strength sightingIds firstSeen lastSeen } }',
        { c: c.id },
      ),
    ).coSightings;
    const pair = (x: string, y: string) =>
      co.find((p: { a: { id: string }; b: { id: string } }) => [p.a.id, p.b.id].sort().join() === [x, y].sort().join());
    expect(pair(ana, driver)).toMatchObject({ count: 2, strength: 1, sightingIds: [s1, s2] });
    expect(new Date(pair(ana, driver).firstSeen).toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(new Date(pair(ana, driver).lastSeen).toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(pair(ana, lookout)).toMatchObject({ count: 1, sightingIds: [s2] });
    expect(co[0].count).toBe(2);
    const around = ok(
      await as('investigator.gt', 'query($e:ID!){ coSightings(entityId:$e){ a { id } b { id } count } }', { e: lookout }),
    ).coSightings;
    expect(around).toHaveLength(2);

    const cent = ok(
      await as(
        'investigator.gt',
        'query($c:ID!){ caseCentrality(caseId:$c, measure: DEGREE, top: 3){ hubs { id label degree ' +
          'betweenness community } communities { size } nodes { id } } }',
        { c: c.id },
      ),
    ).caseCentrality;
    // The place is linked to both sightings, each sighting to those seen: the hub by degree is among the sightings and people, never alone.
    expect(cent.nodes).toHaveLength(7);
    expect(cent.hubs).toHaveLength(3);
    expect(cent.hubs[0].degree).toBeGreaterThanOrEqual(cent.hubs[1].degree);
    const again = ok(
      await as('investigator.gt', 'query($c:ID!){ caseCentrality(caseId:$c, measure: DEGREE, top: 3){ hubs { id community } } }', {
        c: c.id,
      }),
    ).caseCentrality;
    expect(again.hubs).toEqual(cent.hubs.map((h: { id: string; community: number }) => ({ id: h.id, community: h.community })));
  });
});

describe('entity resolution', () => {
  it('proposes duplicates, merges keeping links and memberships, and an undo restores the cases exactly; the audit trail has both', async () => {
    const a = await createCase('investigator.gt', 'Caso de Mixco');
    const b = await createCase('investigator.gt', 'Caso de Villa Nueva');
    ok(
      await as('investigator.gt', 'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', {
        c: a.id,
        u: user['supervisor.gt'].id,
      }),
    );
    const maria = await addPerson('investigator.gt', a.id, 'María José Pérez García', '2011-02-03');
    const dup = await addPerson('investigator.gt', b.id, 'PEREZ GARCIA, Maria Jose', '2011-02-03');
    const child = await addPerson('investigator.gt', a.id, 'Niño Testigo');
    const car = await addVehicle('investigator.gt', b.id, `${PLATE}9`);
    await link('investigator.gt', a.id, child, maria, 'ACCOMPANIED_BY');
    await link('investigator.gt', b.id, dup, car, 'DRIVES');

    const cands = ok(
      await as(
        'investigator.gt',
        'query($c:ID!,$e:ID!){ duplicateCandidates(caseId:$c, entityId:$e){ entity { id label } score reasons } }',
        { c: a.id, e: maria },
      ),
    ).duplicateCandidates;
    expect(cands[0]).toMatchObject({ entity: { id: dup }, score: 1, reasons: ['SAME_NAME', 'SAME_DATE_OF_BIRTH'] });

    const before = {
      a: sortedGraph(ok(await as('investigator.gt', GRAPH, { c: a.id })).caseGraph),
      b: sortedGraph(ok(await as('investigator.gt', GRAPH, { c: b.id })).caseGraph),
    };
    // An analyst of the case may look but not merge.
    ok(
      await as('investigator.gt', 'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', {
        c: a.id,
        u: user['analyst.mx'].id,
      }),
    );
    const denied = await as('analyst.mx', 'mutation($c:ID!,$s:ID!,$m:ID!){ mergeEntities(caseId:$c, survivorId:$s, mergedId:$m){ id } }', {
      c: a.id,
      s: maria,
      m: dup,
    });
    expect(denied.errors![0].extensions!.code).toBe('FORBIDDEN');
    const merged = ok(
      await as(
        'investigator.gt',
        'mutation($c:ID!,$s:ID!,$m:ID!){ mergeEntities(caseId:$c, survivorId:$s, mergedId:$m){ id survivorId ' +
          'mergedId mergedLabel mergedProps repointedLinks droppedLinks undoneAt } }',
        { c: a.id, s: maria, m: dup },
      ),
    ).mergeEntities;
    expect(merged).toMatchObject({
      survivorId: maria,
      mergedId: dup,
      mergedLabel: 'PEREZ GARCIA, Maria Jose',
      mergedProps: { fullName: 'PEREZ GARCIA, Maria Jose', dateOfBirth: '2011-02-03' },
      repointedLinks: 1,
      droppedLinks: 0,
      undoneAt: null,
    });
    const afterB = ok(await as('investigator.gt', GRAPH, { c: b.id })).caseGraph;
    expect(afterB.nodes.map((n: { id: string }) => n.id).sort()).toEqual([maria, car].sort());
    expect(afterB.edges).toMatchObject([{ type: 'DRIVES', source: maria, target: car }]);

    const undone = ok(
      await as('investigator.gt', 'mutation($c:ID!,$id:ID!){ undoMerge(caseId:$c, id:$id){ id undoneBy undoneAt } }', {
        c: a.id,
        id: merged.id,
      }),
    ).undoMerge;
    expect(undone.undoneBy).toBe(user['investigator.gt'].id);
    expect(sortedGraph(ok(await as('investigator.gt', GRAPH, { c: a.id })).caseGraph)).toEqual(before.a);
    expect(sortedGraph(ok(await as('investigator.gt', GRAPH, { c: b.id })).caseGraph)).toEqual(before.b);
    const twice = await as('investigator.gt', 'mutation($c:ID!,$id:ID!){ undoMerge(caseId:$c, id:$id){ id } }', { c: a.id, id: merged.id });
    expect(twice.errors![0].extensions).toMatchObject({ code: 'CONFLICT', field: 'id' });
    const list = ok(await as('investigator.gt', 'query($c:ID!){ merges(caseId:$c){ id undoneAt } }', { c: a.id })).merges;
    expect(list).toHaveLength(1);
    expect(list[0].undoneAt).not.toBeNull();

    const audit = ok(
      await as('supervisor.gt', 'query($c:ID!){ auditRecords(caseId:$c, limit: 500){ action outcome details } }', { c: a.id }),
    ).auditRecords;
    const mergeRec = audit.find(
      (x: { action: string; outcome: string }) => x.action === 'mutation.mergeEntities' && x.outcome === 'success',
    );
    expect(mergeRec.details).toMatchObject({ caseId: a.id, survivorId: maria, mergedId: dup });
    expect(
      audit.some((x: { action: string; details: { id?: string } }) => x.action === 'mutation.undoMerge' && x.details.id === merged.id),
    ).toBe(true);
  });

  it('does not propose a rejected pair again, and bad merges name the field and change nothing', async () => {
    const c = await createCase('investigator.gt', 'Caso de rechazo');
    const one = await addPerson('investigator.gt', c.id, 'Juan Carlos López Díaz');
    const two = await addPerson('investigator.gt', c.id, 'Juan Carlos Lopes Dias');
    const van = await addVehicle('investigator.gt', c.id, `${PLATE}7`);
    const candidates = async () =>
      ok(
        await as('investigator.gt', 'query($c:ID!,$e:ID!){ duplicateCandidates(caseId:$c, entityId:$e){ entity { id } } }', {
          c: c.id,
          e: one,
        }),
      ).duplicateCandidates.map((x: { entity: { id: string } }) => x.entity.id);
    expect(await candidates()).toContain(two);
    ok(
      await as('investigator.gt', 'mutation($c:ID!,$a:ID!,$b:ID!){ rejectDuplicate(caseId:$c, entityId:$a, otherId:$b) }', {
        c: c.id,
        a: two,
        b: one,
      }),
    );
    expect(await candidates()).not.toContain(two);

    const before = sortedGraph(ok(await as('investigator.gt', GRAPH, { c: c.id })).caseGraph);
    const kinds = await as(
      'investigator.gt',
      'mutation($c:ID!,$s:ID!,$m:ID!){ mergeEntities(caseId:$c, survivorId:$s, mergedId:$m){ id } }',
      { c: c.id, s: one, m: van },
    );
    expect(kinds.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mergedId' });
    const self = await as(
      'investigator.gt',
      'mutation($c:ID!,$s:ID!,$m:ID!){ mergeEntities(caseId:$c, survivorId:$s, mergedId:$m){ id } }',
      { c: c.id, s: one, m: one },
    );
    expect(self.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mergedId' });
    expect(sortedGraph(ok(await as('investigator.gt', GRAPH, { c: c.id })).caseGraph)).toEqual(before);
  });
});
