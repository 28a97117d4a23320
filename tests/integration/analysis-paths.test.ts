import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, login, startServer, type RunningServer } from './harness';

/*
 * Paths and travel feasibility through GraphQL on the built server: need-to-know
 * (a member of one case only never gets a path through another), grading
 * filters, time order, and infeasible sighting pairs.
 */

let server: RunningServer;
let url: string;
let gt: string;
let mx: string;
let ngo: string;
const id: Record<string, string> = {};

async function ok<T = Record<string, any>>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const r = await gql<T>(url, query, variables, token);
  if (r.errors || !r.data) throw new Error(`${query}: ${JSON.stringify(r.errors)}`);
  return r.data;
}
const newCase = async (title: string) =>
  (
    await ok<{ createCase: { id: string } }>(
      'mutation($i:CreateCaseInput!){ createCase(input:$i){ id } }',
      { i: { title, category: 'NON_FAMILY_ABDUCTION', riskLevel: 'HIGH', country: 'GT' } },
      gt,
    )
  ).createCase.id;
const person = async (caseId: string, fullName: string) =>
  (
    await ok<{ addPerson: { id: string } }>(
      'mutation($c:ID!,$i:PersonInput!){ addPerson(caseId:$c, input:$i){ id } }',
      { c: caseId, i: { fullName, role: 'SUSPECT' } },
      gt,
    )
  ).addPerson.id;
const LINK =
  'mutation($c:ID!,$i:LinkInput!,$p:ProvenanceInput){ linkEntities(caseId:$c, input:$i, provenance:$p){ id reliability credibility } }';
const link = async (caseId: string, fromId: string, toId: string, reliability: string, credibility: number) =>
  (
    await ok<{ linkEntities: { id: string; reliability: string; credibility: number } }>(
      LINK,
      { c: caseId, i: { fromId, toId, type: 'ASSOCIATE_OF' }, p: { reliability, credibility } },
      gt,
    )
  ).linkEntities;
const PATHS = `query($f:ID!,$t:ID!,$minR:String,$tr:Boolean,$ml:Int){
  paths(fromId:$f, toId:$t, minReliability:$minR, timeRespecting:$tr, maxLength:$ml){
    paths { nodeIds edgeIds length grade reliability credibility weakestLinkId stepTimes }
    nodes { id label } edges { id caseId reliability credibility } truncated visited } }`;
type Paths = {
  paths: {
    paths: Array<{
      nodeIds: string[];
      edgeIds: string[];
      length: number;
      grade: string;
      weakestLinkId: string | null;
      stepTimes: string[];
    }>;
    nodes: Array<{ id: string }>;
    edges: Array<{ id: string; caseId: string }>;
  };
};

beforeAll(async () => {
  server = await startServer();
  url = server.url;
  gt = await login(url, 'investigator.gt@demo.local');
  mx = await login(url, 'investigator.mx@demo.local');
  ngo = await login(url, 'ngo.es@demo.local');
  const mxId = (await ok<{ me: { id: string } }>('{ me { id } }', {}, mx)).me.id;

  // Case A (shared with mx): P1 - P2, and a longer way P1 - X - Y - P3. Case B (gt only): P2 - P3, graded D.
  id.caseA = await newCase('Paths A');
  id.caseB = await newCase('Paths B');
  await ok('mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', { c: id.caseA, u: mxId }, gt);
  for (const n of ['P1', 'P2', 'X', 'Y', 'P3']) id[n] = await person(id.caseA, `Path ${n}`);
  id.l12 = (await link(id.caseA, id.P1, id.P2, 'A', 1)).id;
  await link(id.caseA, id.P1, id.X, 'B', 2);
  await link(id.caseA, id.X, id.Y, 'B', 2);
  await link(id.caseA, id.Y, id.P3, 'B', 3);
  for (const n of ['P2', 'P3'])
    await ok('mutation($c:ID!,$e:ID!){ attachEntity(caseId:$c, entityId:$e){ id } }', { c: id.caseB, e: id[n] }, gt);
  id.l23 = (await link(id.caseB, id.P2, id.P3, 'D', 4)).id;

  // Sightings in case A: Q and R seen in Guatemala City at 10:00 (S1), then Q in Tapachula at 09:00 the same day (S2):
  // out of time order, and about 190 km in an hour (needs more than 130 km/h).
  const loc = async (name: string, latitude: number, longitude: number) =>
    (
      await ok<{ addLocation: { id: string } }>(
        'mutation($c:ID!,$i:LocationInput!){ addLocation(caseId:$c, input:$i){ id } }',
        { c: id.caseA, i: { name, country: 'GT', latitude, longitude } },
        gt,
      )
    ).addLocation.id;
  id.guate = await loc('Terminal zona 4', 14.6349, -90.5069);
  id.tapa = await loc('Parque Tapachula', 14.9057, -92.263);
  id.Q = await person(id.caseA, 'Path Q');
  id.R = await person(id.caseA, 'Path R');
  const sighting = async (observedAt: string, locationId: string, seenIds: string[]) =>
    (
      await ok<{ addSighting: { id: string } }>(
        'mutation($c:ID!,$i:SightingInput!){ addSighting(caseId:$c, input:$i){ id } }',
        { c: id.caseA, i: { observedAt, locationId, seenIds } },
        gt,
      )
    ).addSighting.id;
  id.S1 = await sighting('2026-04-01T10:00:00Z', id.guate, [id.Q, id.R]);
  id.S2 = await sighting('2026-04-01T09:00:00Z', id.tapa, [id.Q, id.P1]);
});
afterAll(async () => {
  await server?.stop();
});

describe('paths', () => {
  it('gives a member of both cases the shortest path, through either case, with its grade', async () => {
    const r = await ok<Paths>(PATHS, { f: id.P1, t: id.P3, ml: 4 }, gt);
    expect(r.paths.paths[0].nodeIds).toEqual([id.P1, id.P2, id.P3]);
    expect(r.paths.paths[0]).toMatchObject({ edgeIds: [id.l12, id.l23], length: 2, grade: 'D4', weakestLinkId: id.l23 });
    expect(r.paths.paths[1].nodeIds).toEqual([id.P1, id.X, id.Y, id.P3]);
    expect(r.paths.edges.find((e) => e.id === id.l23)).toMatchObject({ caseId: id.caseB, reliability: 'D', credibility: 4 });
  });

  it('never takes a member of case A only through case B', async () => {
    const r = await ok<Paths>(PATHS, { f: id.P1, t: id.P3, ml: 4 }, mx);
    expect(r.paths.paths.map((p) => p.nodeIds)).toEqual([[id.P1, id.X, id.Y, id.P3]]);
    expect(r.paths.edges.every((e) => e.caseId === id.caseA)).toBe(true);
    expect(JSON.stringify(r)).not.toContain(id.l23);
  });

  it('skips links below the minimum grade', async () => {
    const r = await ok<Paths>(PATHS, { f: id.P1, t: id.P3, ml: 4, minR: 'C' }, gt);
    expect(r.paths.paths.map((p) => p.nodeIds)).toEqual([[id.P1, id.X, id.Y, id.P3]]);
    expect(r.paths.paths[0].grade).toBe('B3');
  });

  it('rejects a chain out of time order when asked for time-respecting paths', async () => {
    // R -(S1, 10:00)- Q -(S2, 09:00)- P1: a path, but not one that respects time.
    const any = await ok<Paths>(PATHS, { f: id.R, t: id.P1, ml: 4 }, gt);
    expect(any.paths.paths[0].nodeIds).toEqual([id.R, id.S1, id.Q, id.S2, id.P1]);
    expect(any.paths.paths[0].stepTimes).toEqual([
      '2026-04-01T10:00:00.000Z',
      '2026-04-01T10:00:00.000Z',
      '2026-04-01T09:00:00.000Z',
      '2026-04-01T09:00:00.000Z',
    ]);
    const timed = await ok<Paths>(PATHS, { f: id.R, t: id.P1, ml: 4, tr: true }, gt);
    expect(timed.paths.paths).toEqual([]);
    // The other way round the same chain is in order.
    const back = await ok<Paths>(PATHS, { f: id.P1, t: id.R, ml: 4, tr: true }, gt);
    expect(back.paths.paths.map((p) => p.nodeIds)).toEqual([[id.P1, id.S2, id.Q, id.S1, id.R]]);
  });

  it('shows a user outside both cases nothing, and names the argument at fault', async () => {
    const r = await ok<Paths>(PATHS, { f: id.P1, t: id.P3 }, ngo);
    expect(r.paths).toMatchObject({ paths: [], nodes: [], edges: [], visited: 0 });
    const bad = await gql(url, PATHS, { f: id.P1, t: id.P3, ml: 9 }, gt);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'maxLength' });
    const grade = await gql(url, PATHS, { f: id.P1, t: id.P3, minR: 'Q' }, gt);
    expect(grade.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'minReliability' });
  });

  it('keeps link grades, refusing a credibility out of range and writing nothing', async () => {
    const before = await ok<{ caseGraph: { edges: unknown[] } }>(
      'query($c:ID!){ caseGraph(caseId:$c){ edges { id } } }',
      { c: id.caseA },
      gt,
    );
    const r = await gql(
      url,
      LINK,
      { c: id.caseA, i: { fromId: id.X, toId: id.P3, type: 'ASSOCIATE_OF' }, p: { reliability: 'A', credibility: 7 } },
      gt,
    );
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'provenance.credibility' });
    const after = await ok<{ caseGraph: { edges: unknown[] } }>(
      'query($c:ID!){ caseGraph(caseId:$c){ edges { id } } }',
      { c: id.caseA },
      gt,
    );
    expect(after.caseGraph.edges).toHaveLength(before.caseGraph.edges.length);
  });
});

describe('travel feasibility', () => {
  const CHECKS =
    'query($c:ID!,$s:Float){ caseTravelChecks(caseId:$c, speedKmh:$s){ subjectId subjectLabel ' +
    'fromSightingId toSightingId distanceKm hours neededKmh speedKmh feasible } }';

  it('flags the consecutive sightings of a person no one could travel between at the speed', async () => {
    const r = await ok<{ caseTravelChecks: Array<Record<string, unknown>> }>(CHECKS, { c: id.caseA }, mx);
    expect(r.caseTravelChecks).toHaveLength(1);
    const c = r.caseTravelChecks[0];
    expect(c).toMatchObject({
      subjectId: id.Q,
      subjectLabel: 'Path Q',
      fromSightingId: id.S2,
      toSightingId: id.S1,
      hours: 1,
      speedKmh: 130,
      feasible: false,
    });
    expect(c.distanceKm as number).toBeGreaterThan(180);
    expect(c.neededKmh as number).toBeGreaterThan(180);
    const fast = await ok<{ caseTravelChecks: unknown[] }>(CHECKS, { c: id.caseA, s: 250 }, mx);
    expect(fast.caseTravelChecks).toEqual([]);
  });

  it('takes its default speed from TRAVEL_SPEED_KMH, and refuses a bad value at start naming the variable', async () => {
    // A second server on the same data directory (SQLite in WAL mode allows it; sessions and tokens are shared).
    const fast = await startServer({ dataDir: server.dataDir, env: { TRAVEL_SPEED_KMH: '250' } });
    try {
      const r = await gql<{ caseTravelChecks: unknown[] }>(fast.url, CHECKS, { c: id.caseA }, mx);
      expect(r.data?.caseTravelChecks).toEqual([]);
    } finally {
      await fast.stop();
    }
    const dir = mkdtempSync(join(tmpdir(), 'homeward-it-speed-'));
    try {
      await expect(startServer({ dataDir: dir, env: { TRAVEL_SPEED_KMH: 'fast' } })).rejects.toThrow(
        /TRAVEL_SPEED_KMH: must be a speed in km\/h/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks two sightings directly, and refuses a bad speed or a case the caller is not in', async () => {
    const q =
      'query($f:ID!,$t:ID!,$s:Float){ travelFeasibility(fromId:$f, toId:$t, speedKmh:$s){ subjectId fromSightingId feasible neededKmh } }';
    const r = await ok<{ travelFeasibility: Record<string, unknown> }>(q, { f: id.S1, t: id.S2 }, gt);
    expect(r.travelFeasibility).toMatchObject({ subjectId: id.Q, fromSightingId: id.S2, feasible: false });
    expect((await ok<{ travelFeasibility: { feasible: boolean } }>(q, { f: id.S1, t: id.S2, s: 250 }, gt)).travelFeasibility.feasible).toBe(
      true,
    );
    expect((await gql(url, q, { f: id.S1, t: id.S2, s: -5 }, gt)).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'speedKmh',
    });
    expect((await gql(url, q, { f: id.S1, t: id.S2 }, ngo)).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'fromId' });
    expect((await gql(url, CHECKS, { c: id.caseA }, ngo)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
