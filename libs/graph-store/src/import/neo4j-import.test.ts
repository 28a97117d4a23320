import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNeo4jStores, type Neo4jStores } from '../neo4j/open';
import { formatImportError, type ImportResult } from './csv-import';
import { driverImportRunner, importCsvToNeo4j, type ImportRunner } from './neo4j-import';

/*
 * The CSV importer on a live Neo4j (NEO4J_URI), modelled on csv-import.test.ts. The database may
 * be shared: every id and case reference carries this run's random tag, and the run removes
 * exactly what it created (its entities, cases, user and agency), nothing else.
 */

const uri = process.env.NEO4J_URI;
const SKIP_REASON = 'Neo4j import tests skipped: NEO4J_URI is not set';

const TAG = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
const ACTOR = `usr_imp${TAG}`;
const AGENCY = `agy_imp${TAG}`;
const ENTITY_HEADER = 'id,case_reference,kind,role,fullName,aliases,plate,number,name,country,latitude,longitude,source,reliability';
const LINK_HEADER = 'id,case_reference,type,from_id,to_id,source,reliability';

/** An id or reference unique to this run: `ent('kid')` is ent_kid<tag>. */
const ent = (name: string) => `ent_${name}${TAG}`;
const lnk = (name: string) => `lnk_${name}${TAG}`;
const ref = (name: string) => `${name}-${TAG.toUpperCase()}`;
const scopeOf = (...caseIds: string[]) => ({ caseIds: new Set(caseIds) });

let dir: string;
let stores: Neo4jStores;
let runner: ImportRunner;
const madeCases: string[] = [];
const madeEntities = new Set<string>();

async function makeCase(name: string): Promise<string> {
  const id = `case_${name.toLowerCase()}${TAG}`;
  await stores.cases.createCase({
    id,
    reference: ref(name),
    title: name,
    category: 'UNKNOWN',
    status: 'OPEN',
    riskLevel: 'HIGH',
    country: 'GT',
    reportedAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: null,
    leadAgencyId: AGENCY,
    createdBy: ACTOR,
  });
  madeCases.push(id);
  return id;
}

let fileNo = 0;
function csv(name: string, lines: string[]): string {
  const path = join(dir, `${fileNo++}-${name}`);
  writeFileSync(path, lines.join('\n') + '\n');
  for (const m of lines.join('\n').matchAll(/ent_[a-z0-9]+/g)) madeEntities.add(m[0]);
  return path;
}

const run = (entitiesFile?: string, linksFile?: string, db: ImportRunner = runner, writeBatchSize?: number): Promise<ImportResult> =>
  importCsvToNeo4j(db, { entitiesFile, linksFile, actorId: ACTOR, writeBatchSize });

const where = (r: ImportResult) => r.errors.map((e) => `${e.line}:${e.field}`);

if (!uri) {
  console.log(SKIP_REASON);
  describe('importCsvToNeo4j', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'homeward-neo4j-import-'));
    stores = await openNeo4jStores({
      uri,
      user: process.env.NEO4J_USER,
      password: process.env.NEO4J_PASSWORD,
      database: process.env.NEO4J_DATABASE,
    });
    runner = driverImportRunner(stores.driver, process.env.NEO4J_DATABASE);
    await stores.accounts.createAgency({ id: AGENCY, name: `Import test ${TAG}`, country: 'GT', kind: 'LAW_ENFORCEMENT' });
    await stores.accounts.createUser({
      id: ACTOR,
      email: `importer-${TAG}@test.local`,
      displayName: 'Importer',
      role: 'ADMIN',
      agencyId: AGENCY,
      passwordHash: 'x',
    });
  });

  afterAll(async () => {
    if (stores) {
      await runner.write(async (tx) => {
        await tx.run('undoEntities', { ids: [...madeEntities] });
        await tx.run('dropCases', { ids: madeCases });
        await tx.run('dropUsers', { ids: [ACTOR] });
        await tx.run('dropAgencies', { ids: [AGENCY] });
      });
      await stores.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  describe('importCsvToNeo4j', () => {
    it('imports entities and links with their properties and provenance', async () => {
      const a = await makeCase('GT01');
      const r = await run(
        csv('entities.csv', [
          ENTITY_HEADER,
          `${ent('child')},${ref('GT01')},PERSON,MISSING_CHILD,Ana Pérez ${TAG},Anita|La Nena,,,,,,,hotline,B`,
          `${ent('van')},${ref('GT01')},VEHICLE,,,,P-512DKL,,,,,,,`,
          `"${ent('home')}",${ref('GT01')},LOCATION,,,,,,"Casa Pérez, Mixco",GT,14.6308,-90.6067,,`,
        ]),
        csv('links.csv', [
          LINK_HEADER,
          `${lnk('lives')},${ref('GT01')},LIVES_AT,${ent('child')},${ent('home')},,`,
          `${lnk('ride')},${ref('GT01')},PASSENGER_IN,${ent('child')},${ent('van')},ANPR camera 4,A`,
        ]),
      );
      expect(r.errors).toEqual([]);
      expect(r).toMatchObject({ ok: true, entities: 3, attached: 0, links: 2, rows: 5, unchanged: 0 });

      const g = await stores.graph.caseGraph(a, scopeOf(a));
      expect(g.nodes.map((n) => n.id).sort()).toEqual([ent('child'), ent('home'), ent('van')].sort());
      const child = g.nodes.find((n) => n.id === ent('child'))!;
      expect(child.props).toMatchObject({ fullName: `Ana Pérez ${TAG}`, aliases: ['Anita', 'La Nena'] });
      expect(child.cases).toEqual([{ caseId: a, role: 'MISSING_CHILD' }]);
      expect(child.provenance).toMatchObject({ createdBy: ACTOR, source: 'hotline', reliability: 'B' });
      expect(g.nodes.find((n) => n.id === ent('home'))!.props).toMatchObject({
        name: 'Casa Pérez, Mixco',
        latitude: 14.6308,
        longitude: -90.6067,
      });
      const ride = g.edges.find((e) => e.type === 'PASSENGER_IN')!;
      expect(ride.provenance).toMatchObject({ source: 'ANPR camera 4', reliability: 'A' });
      // Indexed like an entity the API wrote: full-text search and the point index.
      expect((await stores.graph.search({ text: `anita ${TAG}` }, scopeOf(a))).map((e) => e.id)).toEqual([ent('child')]);
      expect(
        (await stores.graph.locationsWithin({ minLat: 14.63, maxLat: 14.64, minLon: -90.61, maxLon: -90.6 }, scopeOf(a))).map((e) => e.id),
      ).toContain(ent('home'));
    });

    it('re-running the same files changes nothing and fails nothing; a changed row is refused', async () => {
      const a = await makeCase('GT02');
      const b = await makeCase('MX02');
      const entities = csv('entities.csv', [
        ENTITY_HEADER,
        `${ent('ana')},${ref('GT02')},PERSON,MISSING_CHILD,Ana ${TAG},,,,,,,,,`,
        `${ent('phone')},${ref('GT02')},PHONE,,,,,+502 5555 0147,,,,,,`,
        `${ent('ana')},${ref('MX02')},,WITNESS,,,,,,,,,,`,
      ]);
      const links = csv('links.csv', [LINK_HEADER, `${lnk('uses')},${ref('GT02')},USES,${ent('ana')},${ent('phone')},,`]);
      const first = await run(entities, links);
      expect(first.errors).toEqual([]);
      expect(first).toMatchObject({ ok: true, entities: 2, attached: 1, links: 1, unchanged: 0 });
      const before = await stores.graph.caseGraph(a, scopeOf(a, b));

      const again = await run(entities, links);
      expect(again.errors).toEqual([]);
      expect(again).toMatchObject({ ok: true, entities: 0, attached: 0, links: 0, rows: 4, unchanged: 4 });
      expect(await stores.graph.caseGraph(a, scopeOf(a, b))).toEqual(before);
      const [ana] = await stores.graph.getEntities([ent('ana')], scopeOf(a, b));
      expect(ana.cases).toEqual([
        { caseId: a, role: 'MISSING_CHILD' },
        { caseId: b, role: 'WITNESS' },
      ]);
      expect(ana.props).toEqual({ fullName: `Ana ${TAG}` });

      const changed = await run(
        csv('changed.csv', [ENTITY_HEADER, `${ent('ana')},${ref('GT02')},PERSON,MISSING_CHILD,Ana María ${TAG},,,,,,,,,`]),
        csv('links.csv', [LINK_HEADER, `${lnk('uses')},${ref('GT02')},USES,${ent('ana')},${ent('ana')}x,,`]),
      );
      expect(changed.ok).toBe(false);
      expect(changed.errors.map(formatImportError)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^\\d+-changed.csv:2: fullName: entity ${ent('ana')} is already stored with fullName "Ana ${TAG}", not "Ana María ${TAG}"`,
          ),
        ),
        expect.stringMatching(/links.csv:2: to_id: entity .* is not in this case/),
      ]);
      expect((await stores.graph.getEntities([ent('ana')], scopeOf(a)))[0].props).toEqual({ fullName: `Ana ${TAG}` });
    });

    it('reports every bad row with file, line and column, and writes nothing at all', async () => {
      const a = await makeCase('GT03');
      const r = await run(
        csv('entities.csv', [
          ENTITY_HEADER,
          `${ent('good')},${ref('GT03')},PERSON,MISSING_CHILD,Luis ${TAG},,,,,,,,,`,
          `${ent('place')},${ref('GT03')},LOCATION,,,,,,Parque,GT,north,-90.5,,`,
          `${ent('nobody')},${ref('GT03')},PERSON,WITNESS,,,,,,,,,,`,
          `${ent('far')},${ref('GT03')},LOCATION,,,,,,Lejos,GT,95,-90.5,,`,
          `${ent('other')},XX-0000-${TAG},PERSON,,Nadie,,,,,,,,,Z`,
          `${ent('good2')},${ref('GT03')},VEHICLE,,,,P-1,,,,,,,`,
        ]),
        csv('links.csv', [
          LINK_HEADER,
          `${lnk('seen')},${ref('GT03')},SEEN_WITH,${ent('good')},${ent('ghost')},,`,
          `${lnk('drive')},${ref('GT03')},DRIVES,${ent('good2')},${ent('good')},,`,
          `${lnk('own')},${ref('GT03')},OWNS,${ent('good')},${ent('good2')},,`,
        ]),
      );
      expect(r.ok).toBe(false);
      expect(r.errors.map((e) => `${e.file.replace(/^\d+-/, '')}:${e.line}:${e.field}`)).toEqual([
        'entities.csv:3:latitude',
        'entities.csv:4:fullName',
        'entities.csv:5:latitude',
        'entities.csv:6:case_reference',
        'entities.csv:6:reliability',
        'links.csv:2:to_id',
        'links.csv:3:type',
      ]);
      expect(r.errors[2].reason).toBe('must be at most 90');
      expect(r.errors[6].reason).toBe('link type DRIVES cannot join VEHICLE -> PERSON; it joins PERSON -> VEHICLE');
      expect(r).toMatchObject({ entities: 0, links: 0 });
      // The good rows were checked, never written.
      expect(await stores.graph.getEntities([ent('good'), ent('good2')], scopeOf(a))).toEqual([]);
      expect(await stores.graph.caseGraph(a, scopeOf(a))).toEqual({ nodes: [], edges: [] });
    });

    it('attaches stored entities to further cases and checks kinds and link ends across files', async () => {
      const a = await makeCase('GT04');
      const b = await makeCase('MX04');
      expect(
        (await run(csv('first.csv', [ENTITY_HEADER, `${ent('coyote')},${ref('GT04')},PERSON,SUSPECT,Héctor ${TAG},,,,,,,,,`]))).ok,
      ).toBe(true);
      const bad = await run(
        csv('second.csv', [
          ENTITY_HEADER,
          `${ent('coyote')},${ref('MX04')},VEHICLE,,,,,,,,,,,`,
          `${ent('kid')},${ref('MX04')},PERSON,MISSING_CHILD,Diego ${TAG},,,,,,,,,`,
        ]),
        csv('links.csv', [LINK_HEADER, `${lnk('acc')},${ref('MX04')},ACCOMPANIED_BY,${ent('kid')},${ent('coyote')},,`]),
      );
      expect(where(bad)).toEqual(['2:kind', '2:to_id']);
      expect(bad.errors[0].reason).toBe(`entity ${ent('coyote')} is a PERSON, not a VEHICLE`);

      const ok = await run(
        csv('third.csv', [
          ENTITY_HEADER,
          `${ent('coyote')},${ref('MX04')},,ABDUCTOR,,,,,,,,,,`,
          `${ent('kid')},${ref('MX04')},PERSON,MISSING_CHILD,Diego ${TAG},,,,,,,,,`,
        ]),
        csv('links.csv', [LINK_HEADER, `${lnk('acc')},${ref('MX04')},ACCOMPANIED_BY,${ent('kid')},${ent('coyote')},,`]),
      );
      expect(ok.errors).toEqual([]);
      expect(ok).toMatchObject({ ok: true, entities: 1, attached: 1, links: 1 });
      const [coyote] = await stores.graph.getEntities([ent('coyote')], scopeOf(a, b));
      expect(coyote.cases).toEqual([
        { caseId: a, role: 'SUSPECT' },
        { caseId: b, role: 'ABDUCTOR' },
      ]);
      expect((await stores.graph.caseGraph(b, scopeOf(b))).edges.map((e) => e.id)).toEqual([lnk('acc')]);
      // The importer keeps duplicate-candidate keys like the API's writes do.
      expect((await stores.graph.duplicateCandidates(ent('kid'), scopeOf(b))).map((c) => c.record.id)).toEqual([]);
    });

    it('writes a phase in concurrent transactions and undoes all of them when one fails', async () => {
      const a = await makeCase('GT06');
      const names = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
      const entities = csv('entities.csv', [
        ENTITY_HEADER,
        ...names.map((n) => `${ent(n)},${ref('GT06')},PERSON,OTHER,Conc ${n} ${TAG},,,,,,,,,`),
      ]);
      const links = csv('links.csv', [
        LINK_HEADER,
        ...names.slice(1).map((n, i) => `${lnk(`k${i}`)},${ref('GT06')},RELATED_TO,${ent(names[i])},${ent(n)},,`),
      ]);
      // One entity a transaction, three at once; the third to start fails while others are in flight or done.
      let writes = 0;
      let inFlight = 0;
      let most = 0;
      const failing: ImportRunner = {
        read: (work) => runner.read(work),
        write: async (work) => {
          const n = ++writes;
          inFlight++;
          most = Math.max(most, inFlight);
          try {
            if (n === 3) throw new Error('connection lost (test)');
            return await runner.write(work);
          } finally {
            inFlight--;
          }
        },
      };
      const opts = { entitiesFile: entities, linksFile: links, actorId: ACTOR, writeBatchSize: 1, writeConcurrency: 3 };
      await expect(importCsvToNeo4j(failing, opts)).rejects.toThrow(/everything it had written was removed/);
      expect(most).toBeGreaterThan(1);
      expect(await stores.graph.getEntities(names.map(ent), scopeOf(a))).toEqual([]);
      expect(await stores.graph.caseGraph(a, scopeOf(a))).toEqual({ nodes: [], edges: [] });

      // Without the failure: every entity, then every link, written concurrently.
      const ok = await importCsvToNeo4j(runner, opts);
      expect(ok).toMatchObject({ ok: true, entities: 6, links: 5 });
      const g = await stores.graph.caseGraph(a, scopeOf(a));
      expect(g.nodes.map((n) => n.id).sort()).toEqual(names.map(ent).sort());
      expect(g.edges).toHaveLength(5);
    });

    it('undoes every write of the run when a write transaction fails midway', async () => {
      const a = await makeCase('GT05');
      const b = await makeCase('MX05');
      expect(
        (await run(csv('stored.csv', [ENTITY_HEADER, `${ent('stored')},${ref('GT05')},PERSON,WITNESS,Rosa ${TAG},,,,,,,,,`]))).ok,
      ).toBe(true);
      // Fails the fourth write transaction, after entities and memberships were committed in the first three.
      let writes = 0;
      const failing: ImportRunner = {
        read: (work) => runner.read(work),
        write: (work) => (++writes === 4 ? Promise.reject(new Error('connection lost (test)')) : runner.write(work)),
      };
      const entities = csv('entities.csv', [
        ENTITY_HEADER,
        `${ent('n1')},${ref('GT05')},PERSON,OTHER,Uno ${TAG},,,,,,,,,`,
        `${ent('n2')},${ref('GT05')},PERSON,OTHER,Dos ${TAG},,,,,,,,,`,
        `${ent('n3')},${ref('GT05')},PERSON,OTHER,Tres ${TAG},,,,,,,,,`,
        `${ent('stored')},${ref('MX05')},,SUSPECT,,,,,,,,,,`,
        `${ent('stored')},${ref('GT05')},,SUSPECT,,,,,,,,,,`,
      ]);
      const links = csv('links.csv', [
        LINK_HEADER,
        `${lnk('r1')},${ref('GT05')},RELATED_TO,${ent('n1')},${ent('n2')},,`,
        `${lnk('r2')},${ref('GT05')},RELATED_TO,${ent('n2')},${ent('stored')},,`,
      ]);
      await expect(run(entities, links, failing, 2)).rejects.toThrow(
        /import failed while writing \(connection lost \(test\)\); everything it had written was removed/,
      );
      expect(writes).toBeGreaterThan(4);
      expect(await stores.graph.getEntities([ent('n1'), ent('n2'), ent('n3')], scopeOf(a, b))).toEqual([]);
      const [stored] = await stores.graph.getEntities([ent('stored')], scopeOf(a, b));
      expect(stored.cases).toEqual([{ caseId: a, role: 'WITNESS' }]);
      expect(await stores.graph.search({ text: `tres ${TAG}` }, scopeOf(a))).toEqual([]);

      // The same files then load completely.
      const ok = await run(entities, links, runner, 2);
      expect(ok.errors).toEqual([]);
      expect(ok).toMatchObject({ ok: true, entities: 3, attached: 2, links: 2 });
      expect((await stores.graph.getEntities([ent('stored')], scopeOf(a, b)))[0].cases).toEqual([
        { caseId: a, role: 'SUSPECT' },
        { caseId: b, role: 'SUSPECT' },
      ]);
    });
  });
}
