import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedStores, type EmbeddedStores } from '../embedded';
import { generateGraph } from '../generate/generator';
import { describeRefusal, formatImportError, importCsv, writeGraphCsv, type ImportResult } from './csv-import';

const ACTOR = 'usr_importtest01';
const ENTITY_HEADER = 'id,case_reference,kind,role,fullName,aliases,plate,number,name,country,latitude,longitude,source,reliability';

let dir: string;
let stores: EmbeddedStores;
const scopeOf = (...caseIds: string[]) => ({ caseIds: new Set(caseIds) });

async function makeCase(reference: string): Promise<string> {
  const id = `case_${reference.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  await stores.cases.createCase({
    id,
    reference,
    title: reference,
    category: 'UNKNOWN',
    status: 'OPEN',
    riskLevel: 'HIGH',
    country: 'GT',
    reportedAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: null,
    leadAgencyId: 'agy_importtest01',
    createdBy: ACTOR,
  });
  return id;
}

function csv(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const run = (entitiesFile?: string, linksFile?: string, maxErrors?: number): Promise<ImportResult> =>
  importCsv(stores, { entitiesFile, linksFile, actorId: ACTOR, maxErrors });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'homeward-import-'));
  stores = openEmbeddedStores(dir);
  await stores.accounts.createAgency({ id: 'agy_importtest01', name: 'Test agency', country: 'GT', kind: 'LAW_ENFORCEMENT' });
  await stores.accounts.createUser({
    id: ACTOR,
    email: 'importer@test.local',
    displayName: 'Importer',
    role: 'ADMIN',
    agencyId: 'agy_importtest01',
    passwordHash: 'x',
  });
});

afterEach(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('importCsv', () => {
  it('imports entities and links with their properties and provenance', async () => {
    const a = await makeCase('GT-2026-0101');
    const entities = csv('entities.csv', [
      ENTITY_HEADER,
      'ent_child000001,GT-2026-0101,PERSON,MISSING_CHILD,Ana Pérez,Anita|La Nena,,,,,,,hotline,B',
      'ent_van0000001,GT-2026-0101,VEHICLE,,,,P-512DKL,,,,,,,',
      '"ent_home000001",GT-2026-0101,LOCATION,,,,,,"Casa Pérez, Mixco",GT,14.6308,-90.6067,,',
      ',GT-2026-0101,PHONE,,,,,+502 5555 0147,,,,,,',
    ]);
    const links = csv('links.csv', [
      'id,case_reference,type,from_id,to_id,source,reliability',
      'lnk_lives000001,GT-2026-0101,LIVES_AT,ent_child000001,ent_home000001,,',
      ',GT-2026-0101,PASSENGER_IN,ent_child000001,ent_van0000001,ANPR camera 4,A',
    ]);
    const r = await run(entities, links);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ ok: true, entities: 4, attached: 0, links: 2, rows: 6 });
    expect(await stores.graph.counts()).toEqual({ entities: 4, links: 2 });

    const g = await stores.graph.caseGraph(a, scopeOf(a));
    const child = g.nodes.find((n) => n.id === 'ent_child000001')!;
    expect(child.props).toMatchObject({ fullName: 'Ana Pérez', aliases: ['Anita', 'La Nena'] });
    expect(child.cases).toEqual([{ caseId: a, role: 'MISSING_CHILD' }]);
    expect(child.provenance).toMatchObject({ createdBy: ACTOR, source: 'hotline', reliability: 'B' });
    expect(g.nodes.find((n) => n.id === 'ent_home000001')!.props).toMatchObject({
      name: 'Casa Pérez, Mixco',
      latitude: 14.6308,
      longitude: -90.6067,
    });
    expect(g.nodes.filter((n) => n.kind === 'PHONE')).toHaveLength(1);
    const ride = g.edges.find((e) => e.type === 'PASSENGER_IN')!;
    expect(ride.provenance).toMatchObject({ source: 'ANPR camera 4', reliability: 'A' });
    expect((await stores.graph.search({ text: 'anita' }, scopeOf(a))).map((e) => e.id)).toEqual(['ent_child000001']);
  });

  it('keeps the duplicate-candidate index of what it imports, and of no refused row', async () => {
    const a = await makeCase('GT-2026-0102');
    const ok = await run(
      csv('people.csv', [
        ENTITY_HEADER,
        'ent_ana00000001,GT-2026-0102,PERSON,OTHER,Ana Pérez,,,,,,,,,',
        'ent_ana00000002,GT-2026-0102,PERSON,OTHER,ANA PEREZ,,,,,,,,,',
      ]),
    );
    expect(ok.errors).toEqual([]);
    const found = await stores.graph.duplicateCandidates('ent_ana00000001', scopeOf(a));
    expect(found.map((c) => c.record.id)).toEqual(['ent_ana00000002']);
    // A refused import leaves no key behind: a later person with the name finds only the two above.
    const bad = await run(
      csv('bad.csv', [
        ENTITY_HEADER,
        'ent_ana00000003,GT-2026-0102,PERSON,OTHER,Ana Perez,,,,,,,,,',
        'ent_bad00000001,GT-2026-0102,PERSON,NOBODY,X,,,,,,,,,',
      ]),
    );
    expect(bad.ok).toBe(false);
    expect(stores.db.prepare('SELECT count(*) AS n FROM entity_key WHERE entity_rid NOT IN (SELECT rid FROM entity)').get()).toEqual({
      n: 0,
    });
    expect((await stores.graph.duplicateCandidates('ent_ana00000001', scopeOf(a))).map((c) => c.record.id)).toEqual(['ent_ana00000002']);
  });

  it('reports every bad row with file, line and column, and keeps nothing', async () => {
    await makeCase('GT-2026-0102');
    const entities = csv('entities.csv', [
      ENTITY_HEADER,
      'ent_child000002,GT-2026-0102,PERSON,MISSING_CHILD,Luis Cux,,,,,,,,,',
      'ent_place00002,GT-2026-0102,LOCATION,,,,,,Parque,GT,north,-90.5,,',
      'ent_nobody0002,GT-2026-0102,PERSON,WITNESS,,,,,,,,,,',
      'ent_far0000002,GT-2026-0102,LOCATION,,,,,,Lejos,GT,95,-90.5,,',
      'ent_other00002,XX-0000-0000,PERSON,,Nadie,,,,,,,,,Z',
      'BAD ID,GT-2026-0102,PERSON,,Otro,,,,,,,,,',
    ]);
    const links = csv('links.csv', [
      'id,case_reference,type,from_id,to_id',
      'lnk_seen000002,GT-2026-0102,SEEN_WITH,ent_child000002,ent_ghost00002',
    ]);
    const r = await run(entities, links);
    expect(r.ok).toBe(false);
    const where = r.errors.map((e) => `${e.file}:${e.line}:${e.field}`);
    expect(where).toEqual([
      'entities.csv:3:latitude',
      'entities.csv:4:fullName',
      'entities.csv:5:latitude',
      'entities.csv:6:case_reference',
      'entities.csv:6:reliability',
      'entities.csv:7:id',
      'links.csv:2:to_id',
    ]);
    expect(formatImportError(r.errors[0])).toBe('entities.csv:3: latitude: must be a number, not "north"');
    expect(r.errors[2].reason).toBe('must be at most 90');
    expect(r.errors[3].reason).toContain('XX-0000-0000');
    expect(r.entities).toBe(0);
    // The good rows were loaded to check the rest, then rolled back with everything else.
    expect(await stores.graph.counts()).toEqual({ entities: 0, links: 0 });
  });

  it('attaches an entity already stored (or defined earlier in the file) to another case', async () => {
    const a = await makeCase('GT-2026-0103');
    const b = await makeCase('MX-2026-0103');
    const c = await makeCase('HN-2026-0103');
    expect((await run(csv('first.csv', [ENTITY_HEADER, 'ent_coyote0003,GT-2026-0103,PERSON,SUSPECT,Héctor Ruiz,,,,,,,,,']))).ok).toBe(true);

    const r = await run(
      csv('second.csv', [
        ENTITY_HEADER,
        'ent_coyote0003,MX-2026-0103,,ABDUCTOR,,,,,,,,,,',
        'ent_kid0000003,MX-2026-0103,PERSON,MISSING_CHILD,Diego Cruz,,,,,,,,,',
        'ent_kid0000003,HN-2026-0103,PERSON,COMPANION,,,,,,,,,,',
        'ent_coyote0003,HN-2026-0103,VEHICLE,,,,,,,,,,,',
        'ent_coyote0003,HN-2026-0103,,,Otro Nombre,,,,,,,,,',
      ]),
      csv('links.csv', [
        'id,case_reference,type,from_id,to_id',
        'lnk_acc0000003,MX-2026-0103,ACCOMPANIED_BY,ent_kid0000003,ent_coyote0003',
      ]),
    );
    expect(r.errors.map((e) => `${e.line}:${e.field}:${e.reason}`)).toEqual([
      '5:kind:entity ent_coyote0003 is a PERSON, not a VEHICLE',
      expect.stringMatching(/^6:fullName:entity ent_coyote0003 is already defined/),
    ]);
    expect(await stores.graph.counts()).toEqual({ entities: 1, links: 0 });

    const ok = await run(
      csv('third.csv', [
        ENTITY_HEADER,
        'ent_coyote0003,MX-2026-0103,,ABDUCTOR,,,,,,,,,,',
        'ent_kid0000003,MX-2026-0103,PERSON,MISSING_CHILD,Diego Cruz,,,,,,,,,',
        'ent_kid0000003,HN-2026-0103,,COMPANION,,,,,,,,,,',
      ]),
      csv('links.csv', [
        'id,case_reference,type,from_id,to_id',
        'lnk_acc0000003,MX-2026-0103,ACCOMPANIED_BY,ent_kid0000003,ent_coyote0003',
      ]),
    );
    expect(ok.errors).toEqual([]);
    expect(ok).toMatchObject({ ok: true, entities: 1, attached: 2, links: 1 });
    const [coyote, kid] = await stores.graph.getEntities(['ent_coyote0003', 'ent_kid0000003'], scopeOf(a, b, c));
    expect(coyote.cases).toEqual([
      { caseId: a, role: 'SUSPECT' },
      { caseId: b, role: 'ABDUCTOR' },
    ]);
    expect(kid.cases).toEqual([
      { caseId: b, role: 'MISSING_CHILD' },
      { caseId: c, role: 'COMPANION' },
    ]);
    expect((await stores.graph.caseGraph(b, scopeOf(b))).edges.map((e) => e.id)).toEqual(['lnk_acc0000003']);
  });

  it('refuses a link of the wrong kinds, naming the type and the kinds', async () => {
    await makeCase('GT-2026-0104');
    const r = await run(
      csv('entities.csv', [
        ENTITY_HEADER,
        'ent_man0000004,GT-2026-0104,PERSON,SUSPECT,Carlos Méndez,,,,,,,,,',
        'ent_phone00004,GT-2026-0104,PHONE,,,,,+502 5555 0100,,,,,,',
      ]),
      csv('links.csv', [
        'id,case_reference,type,from_id,to_id',
        'lnk_owns000004,GT-2026-0104,OWNS,ent_man0000004,ent_phone00004',
        'lnk_drive00004,GT-2026-0104,DRIVES,ent_man0000004,ent_phone00004',
        'lnk_fly0000004,GT-2026-0104,FLIES,ent_man0000004,ent_phone00004',
      ]),
    );
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      { file: 'links.csv', line: 3, field: 'type', reason: 'link type DRIVES cannot join PERSON -> PHONE; it joins PERSON -> VEHICLE' },
      { file: 'links.csv', line: 4, field: 'type', reason: expect.stringContaining('must be one of ACCOMPANIED_BY') },
    ]);
    expect(await stores.graph.counts()).toEqual({ entities: 0, links: 0 });
  });

  it('reports bad headers, malformed records and stops at the error cap', async () => {
    await makeCase('GT-2026-0105');
    const header = await run(csv('h.csv', ['id,case_reference,kind,colour', 'ent_x000000005,GT-2026-0105,PERSON,red']));
    expect(header.errors.map((e) => `${e.line}:${e.field}`)).toEqual(['1:colour']);
    const ragged = await run(
      csv('r.csv', [
        ENTITY_HEADER,
        'ent_x000000005,GT-2026-0105,PERSON',
        '',
        'ent_y000000005,GT-2026-0105,PERSON,,"Multi',
        'line",,,,,,,,,',
        'ent_z000000005,GT-2026-0105,PERSON,,,,,,,,,,,',
      ]),
    );
    expect(ragged.errors.map((e) => `${e.line}:${e.field}`)).toEqual(['2:row', '6:fullName']);
    const many = await run(
      csv('m.csv', [
        ENTITY_HEADER,
        ...Array.from({ length: 50 }, (_, i) => `ent_bad${String(i).padStart(7, '0')},GT-2026-0105,PERSON,,,,,,,,,,,`),
      ]),
      undefined,
      5,
    );
    expect(many.errors).toHaveLength(5);
    expect(many.truncated).toBe(true);
    expect(await stores.graph.counts()).toEqual({ entities: 0, links: 0 });
    // A refused import gives the connection its checks back too.
    expect(stores.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(stores.db.pragma('ignore_check_constraints', { simple: true })).toBe(0);
  });

  it('gives rows new ids when the id column is left out, as the help says, and counts refused rows apart from problems', async () => {
    await makeCase('GT-2026-0106');
    const r = await run(
      csv('no-ids.csv', ['case_reference,kind,fullName', 'GT-2026-0106,PERSON,Rosa Pérez', 'GT-2026-0106,PERSON,Luis Ramos']),
    );
    expect(r.errors.map(formatImportError)).toEqual([]);
    expect(r).toMatchObject({ ok: true, entities: 2 });
    // One row with two problems, one good row: "1 of 2 rows refused (2 problems)", never "2 bad rows of 2 read".
    const bad = await run(
      csv('bad.csv', ['case_reference,kind,fullName,latitude', 'GT-2026-0106,PERSON,Ana,x', 'GT-2026-0106,PLANET,Neptune,']),
    );
    expect(describeRefusal(bad)).toMatch(/^2 of 2 rows refused \(\d+ problems?\)$/);
    const twice = await run(
      csv('twice.csv', ['id,case_reference,kind,fullName', 'ent_twice00001,GT-2026-0106,PERSON,', 'ent_ok00000001,GT-2026-0106,PERSON,Ok']),
    );
    expect(describeRefusal(twice)).toBe('1 of 2 rows refused (1 problem)');
    const header = await run(csv('h2.csv', ['case_reference,kind,colour,size', 'GT-2026-0106,PERSON,red,2']));
    expect(describeRefusal(header)).toBe('2 problems in the header (see above), so no row was read');
  });

  it('loads a generated graph written in the same layout', async () => {
    const out = writeGraphCsv(generateGraph({ entities: 3_000, cases: 6, seed: 3, batchSize: 500 }), dir);
    for (const k of out.cases) {
      await stores.cases.createCase({ ...k, leadAgencyId: 'agy_importtest01', createdBy: ACTOR });
    }
    const r = await importCsv(stores, { entitiesFile: out.entitiesFile, linksFile: out.linksFile, actorId: ACTOR, batchSize: 700 });
    expect(r.errors.map(formatImportError)).toEqual([]);
    expect(r).toMatchObject({ ok: true, entities: 3_000, attached: out.attached, links: out.links });
    expect(await stores.graph.counts()).toEqual({ entities: 3_000, links: out.links });
    // The import writes with the schema's foreign keys and CHECKs off (it checks each row itself):
    // what it wrote must satisfy them all the same, and the connection gets them back afterwards.
    expect(stores.db.pragma('foreign_key_check')).toEqual([]);
    expect(stores.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(stores.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(stores.db.pragma('ignore_check_constraints', { simple: true })).toBe(0);
    for (const [table, column, allowed] of [
      ['entity', 'kind', ['PERSON', 'VEHICLE', 'LOCATION', 'SIGHTING', 'PHONE', 'ONLINE_ACCOUNT']],
      ['link', 'reliability', [null, 'A', 'B', 'C', 'D', 'E', 'F']],
    ] as const) {
      const values = stores.db.prepare(`SELECT DISTINCT ${column} AS v FROM ${table}`).pluck().all();
      expect(values.every((v) => (allowed as readonly unknown[]).includes(v))).toBe(true);
    }
    expect(stores.db.prepare('SELECT count(*) FROM entity WHERE NOT json_valid(props)').pluck().get()).toBe(0);
  });
});
