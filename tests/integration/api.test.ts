import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClientSchema, buildSchema, findBreakingChanges, getIntrospectionQuery } from 'graphql';
import { ROOT, gql, login, startServer, type RunningServer } from './harness';

let server: RunningServer;
let url: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  url = server.url;
  for (const who of ['investigator.gt', 'supervisor.gt', 'investigator.mx', 'analyst.mx', 'ngo.es', 'admin']) {
    tokens[who] = await login(url, `${who}@demo.local`);
  }
});
afterAll(async () => {
  await server?.stop();
});

const CASES = '{ cases { id reference title country members { email } } }';
async function demoCase(who: string, reference: string) {
  const r = await gql(url, CASES, {}, tokens[who]);
  return (r.data!.cases as Array<{ id: string; reference: string }>).find((c) => c.reference === reference)!;
}

describe('the GraphQL surface', () => {
  it('contains the contract schema (no breaking change against it)', async () => {
    const r = await gql(url, getIntrospectionQuery(), {}, tokens['investigator.gt']);
    const served = buildClientSchema(r.data as never);
    const contract = buildSchema(readFileSync(join(ROOT, 'apps/api/contract/schema.graphql'), 'utf8'));
    expect(findBreakingChanges(contract, served)).toEqual([]);
  });

  it('prints the demo logins and seeds the demo workspace', () => {
    expect(server.output()).toMatch(/investigator\.gt@demo\.local/);
    expect(server.output()).toMatch(/password: integration-demo-pw/);
  });
});

describe('sign-in and need-to-know', () => {
  it('refuses a wrong password and an unknown email the same way', async () => {
    const a = await gql(url, 'mutation { login(email:"investigator.gt@demo.local", password:"nope-nope") { token } }');
    const b = await gql(url, 'mutation { login(email:"nobody@demo.local", password:"nope-nope") { token } }');
    expect(a.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(b.errors?.[0].message).toBe(a.errors?.[0].message);
  });

  it('answers UNAUTHENTICATED without a token and with a forged one', async () => {
    expect((await gql(url, '{ me { id } }')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forged = tokens['ngo.es'].slice(0, -4) + 'AAAA';
    expect((await gql(url, '{ cases { id } }', {}, forged)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows each user only the cases they are a member of; ngo.es sees none', async () => {
    const gt = await gql(url, CASES, {}, tokens['investigator.gt']);
    const refs = (gt.data!.cases as Array<{ reference: string }>).map((c) => c.reference).sort();
    expect(refs).toEqual(['GT-2026-0001', 'GT-2026-0002', 'GT-2026-0003', 'MX-2026-0001']);
    const ngo = await gql(url, CASES, {}, tokens['ngo.es']);
    expect(ngo.data!.cases).toEqual([]);
    const ana = await demoCase('investigator.gt', 'GT-2026-0001');
    const peek = await gql(
      url,
      'query($id:ID!){ case(id:$id){ id } caseGraph(caseId:$id){ nodes { id } } }',
      { id: ana.id },
      tokens['ngo.es'],
    );
    expect(peek.data?.case ?? null).toBeNull();
    expect(peek.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await gql(url, '{ search(text:"Ana") { id } }', {}, tokens['ngo.es'])).data!.search).toEqual([]);
  });

  it('logout revokes the token at once', async () => {
    const t = await login(url, 'investigator.mx@demo.local');
    expect((await gql(url, '{ me { email } }', {}, t)).data!.me).toEqual({ email: 'investigator.mx@demo.local' });
    expect((await gql(url, 'mutation { logout }', {}, t)).data!.logout).toBe(true);
    expect((await gql(url, '{ me { email } }', {}, t)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the link graph', () => {
  it('draws a demo case with roles, and finds the chain from the abductor to the companion', async () => {
    const ana = await demoCase('analyst.mx', 'GT-2026-0001');
    const g = await gql(
      url,
      'query($id:ID!){ caseGraph(caseId:$id){ nodes { id kind label role caseIds } edges { id type source target } } }',
      { id: ana.id },
      tokens['analyst.mx'],
    );
    const nodes = g.data!.caseGraph.nodes as Array<{ id: string; label: string; role: string | null; kind: string; caseIds: string[] }>;
    expect(nodes.length).toBeGreaterThanOrEqual(15);
    const carlos = nodes.find((n) => n.label === 'Carlos Méndez')!;
    const rosa = nodes.find((n) => n.label === 'Rosa Juárez')!;
    expect(carlos.role).toBe('ABDUCTOR');
    expect(rosa.role).toBe('COMPANION');
    const p = await gql(
      url,
      'query($a:ID!,$b:ID!){ shortestPath(fromId:$a,toId:$b){ nodes { id label } edges { type } } }',
      { a: carlos.id, b: rosa.id },
      tokens['analyst.mx'],
    );
    const path = p.data!.shortestPath;
    expect(path.nodes[0].id).toBe(carlos.id);
    expect(path.nodes.at(-1).id).toBe(rosa.id);
    expect(path.edges.length).toBeGreaterThanOrEqual(2);
    expect(path.edges.length).toBeLessThanOrEqual(3);
    // The van is shared with the MX case; the GT investigator (member of both) sees both case ids.
    const van = nodes.find((n) => n.label === 'P-512DKL')!;
    expect(van.caseIds).toHaveLength(2);
  });

  it('does not show another case through a shared entity', async () => {
    // supervisor.gt is in the GT case but not the MX one that shares the van.
    const ana = await demoCase('supervisor.gt', 'GT-2026-0001');
    const g = await gql(
      url,
      'query($id:ID!){ caseGraph(caseId:$id){ nodes { id label caseIds } } }',
      { id: ana.id },
      tokens['supervisor.gt'],
    );
    const van = (g.data!.caseGraph.nodes as Array<{ id: string; label: string; caseIds: string[] }>).find((n) => n.label === 'P-512DKL')!;
    expect(van.caseIds).toEqual([ana.id]);
    const n = await gql(
      url,
      'query($id:ID!){ neighborhood(ids:[$id], depth:2){ nodes { label caseIds } edges { caseId } } }',
      { id: van.id },
      tokens['supervisor.gt'],
    );
    const labels = (n.data!.neighborhood.nodes as Array<{ label: string }>).map((x) => x.label);
    expect(labels).not.toContain('Luis Alberto Ramos');
    expect(labels).not.toContain('Diego Hernández Cruz');
    expect(new Set((n.data!.neighborhood.edges as Array<{ caseId: string }>).map((e) => e.caseId))).toEqual(new Set([ana.id]));
  });

  it('gives optional arguments their declared default when omitted or null, and refuses one out of bounds by name', async () => {
    const t = tokens['supervisor.gt'];
    const ana = await demoCase('supervisor.gt', 'GT-2026-0001');
    const g = await gql(url, 'query($id:ID!){ caseGraph(caseId:$id){ nodes { id } } }', { id: ana.id }, t);
    const id = (g.data!.caseGraph.nodes as Array<{ id: string }>)[0].id;
    const q = 'query($id:ID!, $d:Int){ neighborhood(ids:[$id], depth:$d){ nodes { id } } }';
    const omitted = await gql(url, 'query($id:ID!){ neighborhood(ids:[$id]){ nodes { id } } }', { id }, t);
    const asNull = await gql(url, q, { id, d: null }, t);
    const one = await gql(url, q, { id, d: 1 }, t);
    expect(omitted.errors).toBeUndefined();
    expect(asNull.data).toEqual(one.data);
    expect(omitted.data).toEqual(one.data);
    const deep = await gql(url, q, { id, d: 99 }, t);
    expect(deep.errors![0]).toMatchObject({
      message: 'depth: must be an integer between 0 and 6',
      extensions: { code: 'BAD_USER_INPUT', field: 'depth' },
    });
    const page = await gql(url, 'query($c:ID!){ auditRecords(caseId:$c, limit: 5000){ seq } }', { c: ana.id }, t);
    expect(page.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
  });

  it('checks a case on update as on create: title length, real countries, plausible dates', async () => {
    const t = tokens['investigator.gt'];
    const bad = async (query: string) => (await gql(url, query, {}, t)).errors?.[0]?.extensions;
    expect(
      await bad('mutation { createCase(input:{ title:"x", category: RUNAWAY, riskLevel: HIGH, country:"ZZ" }) { id } }'),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.country' });
    expect(
      await bad(
        'mutation { createCase(input:{ title:"x", category: RUNAWAY, riskLevel: HIGH, country:"GT", lastSeenAt:"2999-01-01T00:00:00Z" }) { id } }',
      ),
    ).toMatchObject({ field: 'input.lastSeenAt' });
    const c = (
      await gql(url, 'mutation { createCase(input:{ title:"Bounds", category: RUNAWAY, riskLevel: HIGH, country:"GT" }) { id } }', {}, t)
    ).data!.createCase;
    const long = 'x'.repeat(100_000);
    const upd = await gql(url, 'mutation($c:ID!,$t:String){ updateCase(id:$c, input:{ title:$t }){ title } }', { c: c.id, t: long }, t);
    expect(upd.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    const nul = await gql(
      url,
      'mutation($c:ID!,$t:String){ updateCase(id:$c, input:{ title:$t }){ title } }',
      { c: c.id, t: 'a\u0000b' },
      t,
    );
    expect(nul.errors![0].extensions).toMatchObject({ field: 'input.title' });
    const ok = await gql(url, 'mutation($c:ID!){ updateCase(id:$c, input:{ title:"  Bounds, renamed  " }){ title } }', { c: c.id }, t);
    expect(ok.data!.updateCase.title).toBe('Bounds, renamed');
  });

  it('keeps an idle connection longer than a proxy does (65 s), and the same connection answers again after a pause', async () => {
    // With Node's default of 5 s the server closed idle connections first: a request sent at that moment
    // failed with "other side closed" (seen in CI after a blocking step) and a proxy would answer 502.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ headers: Record<string, unknown>; port: number | undefined }>((resolve, reject) => {
        const req = httpRequest(`${server.url}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ headers: res.headers, port: req.socket?.localPort }));
        });
        req.on('error', reject);
        req.end();
      });
    const first = await get();
    expect(first.headers['keep-alive']).toBe('timeout=65');
    await new Promise((r) => setTimeout(r, 5500));
    const second = await get();
    agent.destroy();
    expect(second.port).toBe(first.port);
  });

  it('sends the security headers: a CSP without inline script, no framing, no referrer, no sniffing; HSTS only behind https', async () => {
    const res = await fetch(`${url}/healthz`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    // Its own DATA_DIR: on the Neo4j pass a server started without one empties the shared database first.
    const dataDir = mkdtempSync(join(tmpdir(), 'homeward-it-'));
    const behindHttps = await startServer({ dataDir, env: { PUBLIC_URL: 'https://homeward.example.org', SEED_DEMO: '0' } });
    try {
      expect((await fetch(`${behindHttps.url}/healthz`)).headers.get('strict-transport-security')).toMatch(
        /^max-age=31536000; includeSubDomains/,
      );
    } finally {
      await behindHttps.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('searches ignoring case and diacritics', async () => {
    const r = await gql(url, '{ search(text:"jose quinonez") { label kind } }', {}, tokens['investigator.gt']);
    expect(r.data!.search).toEqual([{ label: 'José Quiñónez', kind: 'PERSON' }]);
    const plate = await gql(url, '{ search(text:"p512dkl") { label } }', {}, tokens['investigator.mx']);
    expect(plate.data!.search).toEqual([{ label: 'P-512DKL' }]);
  });

  it('creates a case, shares it, adds entities, links and a sighting; refuses bad input by field and keeps nothing of it', async () => {
    const t = tokens['investigator.gt'];
    const created = await gql(
      url,
      'mutation { createCase(input:{ title:"Test case", category: RUNAWAY, riskLevel: HIGH, country:"gt" ' +
        '}) { id reference country status members { email } } }',
      {},
      t,
    );
    const c = created.data!.createCase;
    expect(c).toMatchObject({ country: 'GT', status: 'OPEN', members: [{ email: 'investigator.gt@demo.local' }] });
    expect(c.reference).toMatch(/^GT-\d{4}-\d{4}$/);

    const bad = await gql(
      url,
      'mutation { createCase(input:{ title:"x", category: RUNAWAY, riskLevel: HIGH, country:"Guatemala" }) { id } }',
      {},
      t,
    );
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.country' });

    const add = (m: string, input: string) =>
      gql(url, `mutation($c:ID!){ ${m}(caseId:$c, input:${input}) { id kind label role } }`, { c: c.id }, t);
    const kid = (await add('addPerson', '{ fullName:"Niña Prueba", role: MISSING_CHILD }')).data!.addPerson;
    expect(kid).toMatchObject({ kind: 'PERSON', label: 'Niña Prueba', role: 'MISSING_CHILD' });
    const car = (await add('addVehicle', '{ plate:"TEST-1" }')).data!.addVehicle;
    const place = (await add('addLocation', '{ name:"Parque", country:"GT", latitude: 14.6, longitude: -90.5 }')).data!.addLocation;
    const badPlace = await add('addLocation', '{ name:"Parque", country:"GT", latitude: 214.6, longitude: -90.5 }');
    expect(badPlace.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.latitude' });

    const wrong = await gql(
      url,
      'mutation($c:ID!,$a:ID!,$b:ID!){ linkEntities(caseId:$c, input:{fromId:$a,toId:$b,type:LIVES_AT}) { id } }',
      { c: c.id, a: car.id, b: place.id },
      t,
    );
    expect(wrong.errors?.[0].extensions?.code).toBe('INVALID_LINK');
    expect(wrong.errors?.[0].message).toMatch(/LIVES_AT.*VEHICLE.*LOCATION/);

    const sighting = await gql(
      url,
      'mutation($c:ID!,$l:ID!,$s:[ID!]!){ addSighting(caseId:$c, input:{ observedAt:"2026-11-24T10:00:00-06:00", locationId:$l, seenIds:$s }) { id kind } }',
      { c: c.id, l: place.id, s: [kid.id, car.id] },
      t,
    );
    expect(sighting.data!.addSighting.kind).toBe('SIGHTING');
    const badSighting = await gql(
      url,
      'mutation($c:ID!,$l:ID!,$s:[ID!]!){ addSighting(caseId:$c, input:{ observedAt:"2026-11-24T10:00:00Z", locationId:$l, seenIds:$s }) { id } }',
      { c: c.id, l: place.id, s: [kid.id, 'ent_doesnotexist000'] },
      t,
    );
    expect(badSighting.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.seenIds.1' });
    // With no one seen, a bad place is still named as sent (it used to read input.toId, the internal link's end).
    const notAPlace = await gql(
      url,
      'mutation($c:ID!,$l:ID!){ addSighting(caseId:$c, input:{ observedAt:"2026-11-24T10:00:00Z", locationId:$l, seenIds:[] }) { id } }',
      { c: c.id, l: kid.id },
      t,
    );
    expect(notAPlace.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^input\.locationId: must be a Location/),
      extensions: { code: 'BAD_USER_INPUT', field: 'input.locationId' },
    });

    const g = await gql(url, 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id kind } edges { type } } }', { c: c.id }, t);
    expect(g.data!.caseGraph.nodes).toHaveLength(4); // the failed sighting left nothing behind
    expect((g.data!.caseGraph.edges as Array<{ type: string }>).map((e) => e.type).sort()).toEqual([
      'SIGHTED_AT',
      'SIGHTING_OF',
      'SIGHTING_OF',
    ]);

    // Sharing: the MX investigator cannot see it until added.
    const users = await gql(url, '{ users { id email } }', {}, tokens.admin); // the list of accounts is the administrators'
    const mx = (users.data!.users as Array<{ id: string; email: string }>).find((u) => u.email === 'investigator.mx@demo.local')!;
    expect((await gql(url, 'query($c:ID!){ case(id:$c){ id } }', { c: c.id }, tokens['investigator.mx'])).data!.case).toBeNull();
    const shared = await gql(
      url,
      'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ members { email } countries } }',
      { c: c.id, u: mx.id },
      t,
    );
    expect(shared.data!.addCaseMember.countries).toEqual(['GT', 'MX']);
    expect((await gql(url, 'query($c:ID!){ case(id:$c){ id } }', { c: c.id }, tokens['investigator.mx'])).data!.case).toEqual({ id: c.id });
    // An analyst may not add entities.
    const analystTry = await gql(
      url,
      'mutation($c:ID!){ addPerson(caseId:$c, input:{fullName:"X", role: OTHER}) { id } }',
      { c: (await demoCase('analyst.mx', 'GT-2026-0001')).id },
      tokens['analyst.mx'],
    );
    expect(analystTry.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('records who last changed an entity (edit, link deleted) and names them with their agency', async () => {
    const gt = tokens['investigator.gt'];
    const mx = tokens['investigator.mx'];
    const c = (
      await gql(
        url,
        'mutation { createCase(input:{ title:"Who edited", category: RUNAWAY, riskLevel: LOW, country:"GT" }) { id } }',
        {},
        gt,
      )
    ).data!.createCase;
    const users = (await gql(url, '{ users { id email } }', {}, tokens.admin)).data!.users as Array<{ id: string; email: string }>;
    const idOf = (email: string) => users.find((u) => u.email === email)!.id;
    await gql(
      url,
      'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }',
      { c: c.id, u: idOf('investigator.mx@demo.local') },
      gt,
    );
    const person = async (name: string) =>
      (await gql(url, `mutation($c:ID!){ addPerson(caseId:$c, input:{ fullName:"${name}", role: WITNESS }) { id } }`, { c: c.id }, gt))
        .data!.addPerson.id as string;
    const [a, b] = [await person('Testigo Uno'), await person('Testigo Dos')];
    const link = (
      await gql(
        url,
        'mutation($c:ID!,$a:ID!,$b:ID!){ linkEntities(caseId:$c, input:{fromId:$a,toId:$b,type:RELATED_TO}) { id } }',
        { c: c.id, a, b },
        gt,
      )
    ).data!.linkEntities.id as string;
    const ENTITY =
      'query($id:ID!,$c:ID){ entity(id:$id, caseId:$c){ createdBy updatedBy updatedAt createdByUser { ' +
      'displayName } updatedByUser { displayName agency { name } } } }';
    const read = async (id: string) => (await gql(url, ENTITY, { id, c: c.id }, gt)).data!.entity;

    expect(await read(a)).toMatchObject({
      createdBy: idOf('investigator.gt@demo.local'),
      updatedBy: null,
      updatedAt: null,
      updatedByUser: null,
    });
    const edited = await gql(
      url,
      'mutation($c:ID!,$i:ID!){ updateEntity(caseId:$c, id:$i, props:{ nationality:"MX" }){ updatedBy updatedAt } }',
      { c: c.id, i: a },
      mx,
    );
    expect(edited.data!.updateEntity.updatedBy).toBe(idOf('investigator.mx@demo.local'));
    const afterEdit = await read(a);
    expect(afterEdit.updatedByUser.displayName).toBeTruthy();
    expect(afterEdit.updatedByUser.agency.name).toBeTruthy();
    expect(afterEdit.createdByUser.displayName).not.toBe(afterEdit.updatedByUser.displayName);
    expect(Date.parse(afterEdit.updatedAt)).toBeGreaterThan(Date.now() - 60_000);

    // Deleting the link changes both of its ends, in the name of whoever deleted it.
    expect((await gql(url, 'mutation($c:ID!,$i:ID!){ deleteLink(caseId:$c, id:$i) }', { c: c.id, i: link }, gt)).data!.deleteLink).toBe(
      true,
    );
    expect((await read(a)).updatedBy).toBe(idOf('investigator.gt@demo.local'));
    expect((await read(b)).updatedBy).toBe(idOf('investigator.gt@demo.local'));
  });
});
