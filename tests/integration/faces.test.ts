import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND, cypher, gql, login, startServer, type RunningServer } from './harness';
import { FACE_TILES, sampleTile } from '../../libs/media/src/__tests__/images';

let server: RunningServer;
const t: Record<string, string> = {};
const st: Record<string, string> = {};
const ids: Record<string, string> = {};

async function ok<T = Record<string, any>>(query: string, vars: Record<string, unknown>, who: string): Promise<T> {
  const r = await gql<T>(server.url, query, vars, t[who]);
  expect(r.errors, `${query.slice(0, 60)}…`).toBeUndefined();
  return r.data!;
}

async function uploaded(caseId: string, entityId: string, bytes: Buffer, who: string): Promise<{ id: string; sha256: string }> {
  const res = await fetch(`${server.url}/media/photos?${new URLSearchParams({ caseId, entityId })}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t[who]}`, 'content-type': 'image/jpeg' },
    body: new Uint8Array(bytes),
  });
  const json = (await res.json()) as { photo: { id: string; sha256: string } };
  expect(res.status).toBe(201);
  return json.photo;
}
const upload = async (caseId: string, entityId: string, bytes: Buffer, who: string) => (await uploaded(caseId, entityId, bytes, who)).id;

type Job = { state: string; total: number; done: number; newLeads: number; unreadable: number; error: string | null };
async function runToEnd(caseId: string): Promise<Job> {
  await ok('mutation($c:ID!){ runFaceMatch(caseId:$c){ job { state } } }', { c: caseId }, 'supervisor.gt');
  for (let i = 0; i < 240; i++) {
    const job = (
      await ok(
        'query($c:ID!){ faceMatch(caseId:$c){ job { state total done newLeads unreadable error } } }',
        { c: caseId },
        'supervisor.gt',
      )
    ).faceMatch.job as Job;
    if (job.state !== 'RUNNING') return job;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the run did not end in 60 s');
}

/** A link's provenance as the store keeps it (the API does not expose `source`). */
async function linkProvenance(linkId: string): Promise<{ source: unknown; createdBy: unknown }> {
  if (BACKEND === 'neo4j') {
    const [row] = await cypher('MATCH ()-[r {id: $id}]->() RETURN r.source AS source, r.createdBy AS createdBy', { id: linkId });
    return row as { source: unknown; createdBy: unknown };
  }
  const db = new Database(join(server.dataDir, 'homeward.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT source, created_by AS createdBy FROM link WHERE id = ?').get(linkId) as {
      source: unknown;
      createdBy: unknown;
    };
  } finally {
    db.close();
  }
}

const LEADS =
  'query($c:ID!){ faceMatchLeads(caseId:$c){ id status similarity person { id label } sighting { id } ' +
  'sightingCaseId referencePhoto { id sha256 } sightingPhoto { id sha256 } sightingFace { x y width ' +
  'height } linkId decidedBy } }';

beforeAll(async () => {
  server = await startServer();
  for (const who of ['investigator.gt', 'supervisor.gt', 'investigator.mx', 'analyst.mx']) {
    t[who] = await login(server.url, `${who}@demo.local`);
    ids[who] = (await ok('{ me { id } }', {}, who)).me.id;
  }
  // Case A: the missing child, with a photo. Case B: another case with sighting stills (supervisor.gt is in both).
  st.a = (
    await ok(
      'mutation { createCase(input:{title:"Face A", category: NON_FAMILY_ABDUCTION, riskLevel: HIGH, country:"GT"}){ id } }',
      {},
      'supervisor.gt',
    )
  ).createCase.id;
  st.b = (
    await ok(
      'mutation { createCase(input:{title:"Face B", category: UNKNOWN, riskLevel: MEDIUM, country:"GT"}){ id } }',
      {},
      'supervisor.gt',
    )
  ).createCase.id;
  st.child = (
    await ok(
      'mutation($c:ID!){ addPerson(caseId:$c, input:{fullName:"Lucía Face", role: MISSING_CHILD}){ id } }',
      { c: st.a },
      'supervisor.gt',
    )
  ).addPerson.id;
  st.place = (
    await ok(
      'mutation($c:ID!){ addLocation(caseId:$c, input:{name:"Bus terminal", country:"GT", latitude:14.6, longitude:-90.5}){ id } }',
      { c: st.b },
      'supervisor.gt',
    )
  ).addLocation.id;
  for (const s of ['s1', 's2']) {
    st[s] = (
      await ok(
        'mutation($c:ID!,$l:ID!){ addSighting(caseId:$c, input:{observedAt:"2026-11-20T10:00:00Z", locationId:$l, seenIds:[], sightingSource: "CCTV"}){ id } }',
        { c: st.b, l: st.place },
        'supervisor.gt',
      )
    ).addSighting.id;
  }
  st.refPhoto = await upload(st.a, st.child, await sampleTile(FACE_TILES.woman).resize(320).jpeg().toBuffer(), 'supervisor.gt');
  // Sighting 1: the same face, mirrored (a CCTV still); sighting 2: someone else.
  st.samePhoto = await upload(st.b, st.s1, await sampleTile(FACE_TILES.woman).flop().jpeg().toBuffer(), 'supervisor.gt');
  st.otherPhoto = await upload(st.b, st.s2, await sampleTile(FACE_TILES.man).jpeg().toBuffer(), 'supervisor.gt');
  // investigator.mx is a member of case A only; analyst.mx of neither.
  await ok('mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', { c: st.a, u: ids['investigator.mx'] }, 'supervisor.gt');
}, 90_000);
afterAll(async () => {
  await server?.stop();
});

describe('face-match leads', () => {
  it('is off until a case opts in', async () => {
    expect(
      (await ok('query($c:ID!){ faceMatch(caseId:$c){ enabled threshold job { state } } }', { c: st.a }, 'supervisor.gt')).faceMatch,
    ).toEqual({ enabled: false, threshold: 0.7, job: { state: 'IDLE' } });
    const refused = await gql(server.url, 'mutation($c:ID!){ runFaceMatch(caseId:$c){ job { state } } }', { c: st.a }, t['supervisor.gt']);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'caseId' });
    const stranger = await gql(
      server.url,
      'mutation($c:ID!){ setFaceMatch(caseId:$c, enabled:true){ enabled } }',
      { c: st.a },
      t['analyst.mx'],
    );
    expect(stranger.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('finds the same face in a sighting of another visible case, not a different person, with progress', async () => {
    expect(
      (await ok('mutation($c:ID!){ setFaceMatch(caseId:$c, enabled:true){ enabled updatedBy } }', { c: st.a }, 'supervisor.gt'))
        .setFaceMatch,
    ).toEqual({ enabled: true, updatedBy: ids['supervisor.gt'] });
    const started = (await ok('mutation($c:ID!){ runFaceMatch(caseId:$c){ job { state total } } }', { c: st.a }, 'supervisor.gt'))
      .runFaceMatch.job;
    expect(started.state).toBe('RUNNING');
    // The server answers other requests while the models run.
    const t0 = Date.now();
    await ok('{ me { id } }', {}, 'supervisor.gt');
    expect(Date.now() - t0).toBeLessThan(1000);
    let job: { state: string; total: number; done: number; newLeads: number; error: string | null } = started;
    const seen = new Set<string>();
    for (let i = 0; i < 240 && job.state === 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      job = (await ok('query($c:ID!){ faceMatch(caseId:$c){ job { state total done newLeads error } } }', { c: st.a }, 'supervisor.gt'))
        .faceMatch.job;
      seen.add(`${job.done}/${job.total}`);
    }
    expect(job).toMatchObject({ state: 'DONE', total: 3, done: 3, newLeads: 1, error: null });

    const leads = (await ok(LEADS, { c: st.a }, 'supervisor.gt')).faceMatchLeads;
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      status: 'PENDING',
      person: { id: st.child, label: 'Lucía Face' },
      sighting: { id: st.s1 },
      sightingCaseId: st.b,
      referencePhoto: { id: st.refPhoto },
      sightingPhoto: { id: st.samePhoto },
      linkId: null,
    });
    expect(leads[0].similarity).toBeGreaterThan(0.7);
    expect(leads[0].sightingFace.width).toBeGreaterThan(0);
    st.lead = leads[0].id;

    // A second run finds nothing new (photos analysed once, a lead found once).
    await ok('mutation($c:ID!){ runFaceMatch(caseId:$c){ job { state } } }', { c: st.a }, 'supervisor.gt');
    for (let i = 0; i < 120; i++) {
      job = (await ok('query($c:ID!){ faceMatch(caseId:$c){ job { state total done newLeads error } } }', { c: st.a }, 'supervisor.gt'))
        .faceMatch.job;
      if (job.state !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job).toMatchObject({ state: 'DONE', total: 0, newLeads: 0 });
  }, 90_000);

  it('shows a lead only to those who may see both cases', async () => {
    // investigator.mx is in case A but not in case B, where the sighting is.
    expect((await ok(LEADS, { c: st.a }, 'investigator.mx')).faceMatchLeads).toEqual([]);
    const decide = await gql(
      server.url,
      'mutation($c:ID!,$i:ID!){ decideFaceMatchLead(caseId:$c, id:$i, accept:true){ id } }',
      { c: st.a, i: st.lead },
      t['investigator.mx'],
    );
    expect(decide.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const outsider = await gql(server.url, LEADS, { c: st.a }, t['analyst.mx']);
    expect(outsider.data).toBeNull();
    expect(outsider.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('accepting links the sighting to the person with the lead as provenance, once, audited', async () => {
    const accepted = (
      await ok(
        'mutation($c:ID!,$i:ID!){ decideFaceMatchLead(caseId:$c, id:$i, accept:true){ id status linkId decidedBy } }',
        { c: st.a, i: st.lead },
        'supervisor.gt',
      )
    ).decideFaceMatchLead;
    expect(accepted).toMatchObject({ id: st.lead, status: 'ACCEPTED', decidedBy: ids['supervisor.gt'] });
    expect(accepted.linkId).toMatch(/^lnk_/);
    const again = await gql(
      server.url,
      'mutation($c:ID!,$i:ID!){ decideFaceMatchLead(caseId:$c, id:$i, accept:false){ id } }',
      { c: st.a, i: st.lead },
      t['supervisor.gt'],
    );
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');

    const graph = (
      await ok(
        'query($c:ID!){ caseGraph(caseId:$c){ nodes { id } edges { id type source target createdBy } } }',
        { c: st.a },
        'supervisor.gt',
      )
    ).caseGraph;
    expect(graph.nodes.map((n: { id: string }) => n.id)).toContain(st.s1);
    expect(graph.edges).toContainEqual({
      id: accepted.linkId,
      type: 'SIGHTING_OF',
      source: st.s1,
      target: st.child,
      createdBy: ids['supervisor.gt'],
    });
    // The link's provenance names its source, as the store keeps it.
    expect(await linkProvenance(accepted.linkId)).toEqual({ source: 'face-match lead', createdBy: ids['supervisor.gt'] });
    const audit = (
      await ok(
        'query($c:ID!){ auditRecords(caseId:$c, action:"mutation.decideFaceMatchLead", limit:100){ outcome actorId targetId details } }',
        { c: st.a },
        'supervisor.gt',
      )
    ).auditRecords;
    expect(audit).toContainEqual({
      outcome: 'success',
      actorId: ids['supervisor.gt'],
      targetId: st.lead,
      details: { caseId: st.a, id: st.lead, accept: true },
    });
  });

  it('goes on past a photo the models cannot read, and says how many', async () => {
    // The stored original is damaged on disk after upload (the models never see the upload checks).
    const photo = await uploaded(st.b, st.s2, await sampleTile(FACE_TILES.woman).resize(300).jpeg().toBuffer(), 'supervisor.gt');
    writeFileSync(join(server.dataDir, 'photos', 'originals', photo.sha256.slice(0, 2), photo.sha256), 'damaged');
    const job = await runToEnd(st.a);
    expect(job).toMatchObject({ state: 'DONE', total: 1, done: 1, unreadable: 1, newLeads: 0, error: null });
  }, 90_000);
  it('reports a run lost with its server as failed after a restart, and a new run picks up the photos it left', async () => {
    for (const n of [200, 220, 240])
      await upload(st.b, st.s1, await sampleTile(FACE_TILES.man).resize(n).jpeg().toBuffer(), 'supervisor.gt');
    const started = (await ok('mutation($c:ID!){ runFaceMatch(caseId:$c){ job { state } } }', { c: st.a }, 'supervisor.gt')).runFaceMatch
      .job;
    expect(started.state).toBe('RUNNING');
    await server.kill9();
    server = await startServer({ dataDir: server.dataDir });
    // Sessions and the run live in the store: the same tokens, and the run's state as the dead server left it, failed.
    const job = (await ok('query($c:ID!){ faceMatch(caseId:$c){ job { state error finishedAt } } }', { c: st.a }, 'supervisor.gt'))
      .faceMatch.job;
    expect(job.state).toBe('FAILED');
    expect(job.error).toMatch(/stopped before it finished/);
    expect(job.finishedAt).not.toBeNull();
    const again = await runToEnd(st.a);
    expect(again).toMatchObject({ state: 'DONE', error: null });
    // What the lost run did not analyse (of the three new photos), and the damaged one of the test before, tried again.
    expect(again.total).toBeGreaterThanOrEqual(2);
    expect(again.total).toBeLessThanOrEqual(4);
    expect(again.unreadable).toBe(1);
  }, 120_000);
});
