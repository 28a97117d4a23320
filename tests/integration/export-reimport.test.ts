import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKEND, ROOT, gql, login, serverEnv, startServer, type RunningServer } from './harness';

/**
 * The evidence bundle's importer CSV is re-importable (issue 18): a case is filled through the API and
 * exported; a fresh workspace (new data directory; on the Neo4j pass an emptied database) gets a case with
 * the same reference; `npm run import` (the built CLI) loads graph/entities.csv and graph/links.csv as they
 * are in the ZIP; the case then holds the same entities (ids, kinds, roles, properties, provenance) and links.
 */
const work = mkdtempSync(join(tmpdir(), 'homeward-reimport-'));
const running: RunningServer[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
  rmSync(work, { recursive: true, force: true });
});

const NODES = '{ id kind label role props reliability source }';
const EDGES = '{ id type source target reliability }';
interface Node {
  id: string;
  kind: string;
  label: string;
  role: string | null;
  props: Record<string, unknown>;
  reliability: string | null;
  source: string | null;
}
interface Edge {
  id: string;
  type: string;
  source: string;
  target: string;
  reliability: string | null;
}

async function newCase(url: string, token: string): Promise<{ id: string; reference: string }> {
  const r = await gql(
    url,
    'mutation($i: CreateCaseInput!){ createCase(input: $i){ id reference } }',
    { i: { title: 'Re-import check: Mateo Ixcot', category: 'RUNAWAY', country: 'GT', riskLevel: 'HIGH' } },
    token,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.createCase as { id: string; reference: string };
}

async function caseGraph(url: string, token: string, caseId: string): Promise<{ nodes: Node[]; edges: Edge[] }> {
  const r = await gql(url, `query($c:ID!){ caseGraph(caseId:$c){ nodes ${NODES} edges ${EDGES} } }`, { c: caseId }, token);
  expect(r.errors).toBeUndefined();
  const g = r.data!.caseGraph as { nodes: Node[]; edges: Edge[] };
  return { nodes: [...g.nodes].sort((a, b) => a.id.localeCompare(b.id)), edges: [...g.edges].sort((a, b) => a.id.localeCompare(b.id)) };
}

describe(`the bundle's CSV re-imported into a fresh store (${BACKEND})`, () => {
  it('gives back the same entities and links', async () => {
    // 1. A case with one entity of every kind, provenance, lists, numbers, a time, and links between them.
    const a = await startServer({ startTimeoutMs: 110_000 });
    running.push(a);
    let token = await login(a.url, 'investigator.gt@demo.local');
    const c = await newCase(a.url, token);
    const add = async (kind: string, props: Record<string, unknown>, extra = '', vars: Record<string, unknown> = {}) => {
      const r = await gql(
        a.url,
        `mutation($c:ID!, $k: EntityKind!, $p: JSONObject!, $v: ProvenanceInput${extra ? ', $r: PersonRole' : ''}){
          addEntity(caseId:$c, kind:$k, props:$p, provenance:$v${extra ? ', role:$r' : ''}){ id } }`,
        { c: c.id, k: kind, p: props, v: { source: `${kind.toLowerCase()} record, "desk 3"`, reliability: 'B' }, ...vars },
        token,
      );
      expect(r.errors, kind).toBeUndefined();
      return (r.data!.addEntity as { id: string }).id;
    };
    const child = await add(
      'PERSON',
      { fullName: 'Mateo Ixcot Tum', aliases: ['Teo', 'Mateíto'], sex: 'MALE', dateOfBirth: '2013-04-02', languagesSpoken: ['es', 'kek'] },
      'role',
      { r: 'MISSING_CHILD' },
    );
    const adult = await add('PERSON', { fullName: 'Rosa Tum, "la tía"', description: 'Aunt; line one\nline two' }, 'role', {
      r: 'GUARDIAN',
    });
    const car = await add('VEHICLE', { plate: 'P-123ABC', plateCountry: 'GT', make: 'Toyota', color: 'gris' });
    const phone = await add('PHONE', { number: '+502 5555 0101', country: 'GT' });
    const account = await add('ONLINE_ACCOUNT', { platform: 'Instagram', handle: 'teo.ixcot' });
    const place = await add('LOCATION', { name: 'Parque Central, Cobán', country: 'GT', latitude: 15.4703, longitude: -90.3708 });
    const sighting = await add('SIGHTING', { observedAt: '2026-11-21T15:30:00.000Z', description: 'Seen at the kiosk', confidence: 0.7 });
    const links: Array<[string, string, string]> = [
      ['ACCOMPANIED_BY', child, adult],
      ['DRIVES', adult, car],
      ['USES', child, phone],
      ['OWNS', child, account],
      ['SIGHTED_AT', sighting, place],
      ['SIGHTING_OF', sighting, child],
    ];
    for (const [type, fromId, toId] of links) {
      const r = await gql(
        a.url,
        'mutation($c:ID!, $i: LinkInput!, $v: ProvenanceInput){ linkEntities(caseId:$c, input:$i, provenance:$v){ id } }',
        { c: c.id, i: { type, fromId, toId }, v: { reliability: 'C' } },
        token,
      );
      expect(r.errors, type).toBeUndefined();
    }
    const before = await caseGraph(a.url, token, c.id);
    expect(before.nodes).toHaveLength(7);
    expect(before.edges).toHaveLength(6);

    // 2. Its bundle; the two CSV files as they are in the ZIP.
    const res = await fetch(`${a.url}/media/cases/${c.id}/bundle.zip`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const entitiesCsv = join(work, 'entities.csv');
    const linksCsv = join(work, 'links.csv');
    writeFileSync(entitiesCsv, files['graph/entities.csv']!);
    writeFileSync(linksCsv, files['graph/links.csv']!);
    await a.stop();
    running.splice(running.indexOf(a), 1);

    // 3. A fresh workspace: the demo seed, then the same reference created as the case to import into.
    let b = await startServer({ startTimeoutMs: 110_000 });
    running.push(b);
    token = await login(b.url, 'investigator.gt@demo.local');
    const target = await newCase(b.url, token);
    expect(target.reference, 'the fresh workspace gives the case the same reference').toBe(c.reference);
    expect((await caseGraph(b.url, token, target.id)).nodes).toEqual([]);
    const bDir = b.dataDir;
    // Keep B's data: stop the process only (stop() would delete the directory it created).
    await b.kill9();
    running.splice(running.indexOf(b), 1);

    // 4. npm run import (the built CLI), with the exporting investigator as actor.
    const out = execFileSync(
      process.execPath,
      [
        join(ROOT, 'apps/api/dist/apps/api/src/cli/import.js'),
        '--actor',
        'investigator.gt@demo.local',
        '--entities',
        entitiesCsv,
        '--links',
        linksCsv,
        '--data-dir',
        bDir,
      ],
      { env: { ...serverEnv(), DATA_DIR: bDir }, encoding: 'utf8' },
    );
    expect(out).toMatch(/Imported into .*: 7 entities, 0 attachments to further cases, 6 links/);

    // 5. The same graph, read back through the API of the fresh workspace.
    b = await startServer({ dataDir: bDir, startTimeoutMs: 110_000 });
    running.push(b);
    token = await login(b.url, 'investigator.gt@demo.local');
    const after = await caseGraph(b.url, token, target.id);
    expect(after.nodes).toEqual(before.nodes);
    expect(after.edges).toEqual(before.edges);
    await b.stop();
    running.splice(running.indexOf(b), 1);
    rmSync(bDir, { recursive: true, force: true });
  }, 400_000);
});
