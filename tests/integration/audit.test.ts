import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntrospectionQuery } from 'graphql';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { BACKEND, DEMO_PASSWORD, ROOT, cypher, gql, login, serverEnv, startServer, type RunningServer } from './harness';

let server: RunningServer;
const t: Record<string, string> = {};
let seen = 0;

beforeAll(async () => {
  // Seeding the demo into an emptied Neo4j on a busy machine may take a while.
  server = await startServer({ startTimeoutMs: 120_000 });
  for (const who of ['investigator.gt', 'supervisor.gt', 'admin', 'investigator.mx']) t[who] = await login(server.url, `${who}@demo.local`);
}, 150_000);
afterAll(async () => {
  await server?.stop();
});

/** Audit records written since the last call, without the reads of the trail this helper itself makes. */
async function newRecords(): Promise<
  Array<{
    seq: number;
    action: string;
    outcome: string;
    actorId: string | null;
    caseId: string | null;
    details: Record<string, unknown> | null;
    purpose: string | null;
  }>
> {
  const r = await gql(
    server.url,
    'query($a:Int){ auditRecords(afterSeq:$a, limit:1000){ seq action outcome actorId caseId details purpose } }',
    { a: seen },
    t.admin,
  );
  const records = r.data!.auditRecords as Array<{ seq: number; action: string }>;
  if (records.length) seen = records.at(-1)!.seq;
  // The admin's own reads of the trail (this helper) are recorded too; leave them out.
  return (records as never[]).filter(
    (x: { action: string; actorId: string | null }) => !(x.action === 'query.auditRecords' && x.actorId === adminId),
  );
}
let adminId = '';

/** A tip sent through a published page's public form, as a browser would: the page's challenge and its proof of work. */
async function sendTip(path: string, fields: Record<string, string>): Promise<number> {
  const html = await (await fetch(`${server.url}${path}`)).text();
  const [, challenge, bits] = /data-challenge="([^"]+)" data-bits="(\d+)"/.exec(html)!;
  let n = 0;
  for (; ; n++) {
    const h = createHash('sha256').update(`${challenge}:${n}`).digest();
    let z = 0;
    for (const b of h) {
      z += b === 0 ? 8 : Math.clz32(b) - 24;
      if (b !== 0) break;
    }
    if (z >= Number(bits)) break;
  }
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('challenge', challenge);
  form.set('solution', String(n));
  return (await fetch(`${server.url}${path}/tips`, { method: 'POST', body: form })).status;
}

/** Subscribes over graphql-ws, stays a moment, and leaves. */
async function subscribeBriefly(query: string, variables: Record<string, unknown>, token: string): Promise<void> {
  const client = createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  await new Promise<void>((resolve) => {
    const stop = client.subscribe({ query, variables }, { next: () => undefined, error: () => resolve(), complete: () => resolve() });
    setTimeout(() => {
      stop();
      resolve();
    }, 400);
  });
  await client.dispose();
}

describe('every auditable action writes exactly one record', () => {
  it('covers every root field of the schema', async () => {
    adminId = (await gql(server.url, '{ me { id } }', {}, t.admin)).data!.me.id;
    const intro = await gql(server.url, getIntrospectionQuery(), {}, t.admin);
    const types = (intro.data as any).__schema.types as Array<{ name: string; fields: Array<{ name: string }> | null }>;
    const root = ['Query', 'Mutation', 'Subscription'].flatMap((n) =>
      types.find((x) => x.name === n)!.fields!.map((f) => `${n.toLowerCase()}.${f.name}`),
    );
    await newRecords();

    const st: Record<string, string> = {};
    const ana = (await gql(server.url, '{ cases { id reference } }', {}, t['investigator.gt'])).data!.cases.find(
      (c: { reference: string }) => c.reference === 'GT-2026-0001',
    ).id;
    await newRecords();
    /**
     * One operation and the one record of it. A few features also write, on purpose, a record of the domain change
     * (`also`, in any order): it is filed under the case concerned (the call names only a task, a request or a page, so
     * the call's record has no case) and says what changed (grades, fields, statuses before and after), which the
     * call's record, holding only its arguments, cannot. Those records are listed per step, never tolerated in general.
     */
    type Step = { field: string; run: () => Promise<unknown>; expectOutcome?: string; also?: string[] };
    const v = (f: () => Record<string, unknown>) => f;
    const call = (query: string, vars: () => Record<string, unknown>, who: string, keep?: (d: any) => void) => async () => {
      const r = await gql(server.url, query, vars(), t[who]);
      if (keep && r.data) keep(r.data);
      return r;
    };
    const steps: Step[] = [
      {
        field: 'auth.login',
        run: async () =>
          gql(server.url, 'mutation($p:String!){ login(email:"investigator.mx@demo.local", password:$p){ token } }', { p: DEMO_PASSWORD }),
      },
      {
        field: 'auth.login',
        expectOutcome: 'denied',
        run: async () => gql(server.url, 'mutation { login(email:"investigator.mx@demo.local", password:"wrong-password"){ token } }'),
      },
      {
        field: 'query.cases',
        run: call(
          '{ cases { id } }',
          v(() => ({})),
          'investigator.gt',
        ),
      },
      { field: 'query.case', run: call('query($c:ID!){ case(id:$c){ id } }', () => ({ c: ana }), 'investigator.gt') },
      {
        field: 'query.caseGraph',
        run: call(
          'query($c:ID!){ caseGraph(caseId:$c){ nodes { id label } } }',
          () => ({ c: ana }),
          'investigator.gt',
          (d) => (st.node = d.caseGraph.nodes.find((n: { label: string }) => n.label === 'Carlos Méndez').id),
        ),
      },
      {
        field: 'query.neighborhood',
        run: call('query($i:ID!){ neighborhood(ids:[$i]){ nodes { id } } }', () => ({ i: st.node }), 'investigator.gt'),
      },
      {
        field: 'query.shortestPath',
        run: call('query($i:ID!){ shortestPath(fromId:$i, toId:$i){ nodes { id } } }', () => ({ i: st.node }), 'investigator.gt'),
      },
      {
        field: 'query.search',
        run: call(
          '{ search(text:"Rosa"){ id } }',
          v(() => ({})),
          'investigator.gt',
        ),
      },
      { field: 'query.entity', run: call('query($i:ID!){ entity(id:$i){ id } }', () => ({ i: st.node }), 'investigator.gt') },
      { field: 'query.caseTimeline', run: call('query($c:ID!){ caseTimeline(caseId:$c){ id } }', () => ({ c: ana }), 'investigator.gt') },
      {
        field: 'query.timeline',
        run: call('query($c:ID!){ timeline(caseId:$c){ events { id } } }', () => ({ c: ana }), 'investigator.gt'),
      },
      {
        field: 'query.caseReplay',
        run: call('query($c:ID!){ caseReplay(caseId:$c){ openedAt changes { seq } } }', () => ({ c: ana }), 'investigator.gt'),
      },
      {
        field: 'query.caseAt',
        run: call(
          'query($c:ID!,$at:DateTime!){ caseAt(caseId:$c, at:$at){ at nodes { id } } }',
          () => ({ c: ana, at: new Date().toISOString() }),
          'investigator.gt',
        ),
      },
      {
        field: 'query.users',
        run: call(
          '{ users { id email } }',
          v(() => ({})),
          'admin',
          (d) => (st.mx = d.users.find((u: { email: string }) => u.email === 'investigator.mx@demo.local').id),
        ),
      },
      {
        field: 'query.agencies',
        run: call(
          '{ agencies { id } }',
          v(() => ({})),
          'admin',
          (d) => (st.agency = d.agencies[0].id),
        ),
      },
      {
        field: 'mutation.createCase',
        run: call(
          'mutation { createCase(input:{title:"Audit", category: UNKNOWN, riskLevel: LOW, country:"GT"}){ id } }',
          v(() => ({})),
          'supervisor.gt',
          (d) => (st.case = d.createCase.id),
        ),
      },
      {
        field: 'mutation.updateCase',
        run: call('mutation($c:ID!){ updateCase(id:$c, input:{riskLevel: HIGH}){ id } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'mutation.addCaseMember',
        run: call(
          'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }',
          () => ({ c: st.case, u: st.mx }),
          'supervisor.gt',
        ),
      },
      {
        field: 'mutation.addPerson',
        run: call(
          'mutation($c:ID!){ addPerson(caseId:$c, input:{fullName:"A", role: OTHER}){ id } }',
          () => ({ c: st.case }),
          'supervisor.gt',
          (d) => (st.p = d.addPerson.id),
        ),
      },
      {
        field: 'mutation.addVehicle',
        run: call(
          'mutation($c:ID!){ addVehicle(caseId:$c, input:{plate:"AUD-1"}){ id } }',
          () => ({ c: st.case }),
          'supervisor.gt',
          (d) => (st.v = d.addVehicle.id),
        ),
      },
      {
        field: 'mutation.addLocation',
        run: call(
          'mutation($c:ID!){ addLocation(caseId:$c, input:{name:"L", country:"GT", latitude:1, longitude:2}){ id } }',
          () => ({ c: st.case }),
          'supervisor.gt',
          (d) => (st.l = d.addLocation.id),
        ),
      },
      {
        field: 'mutation.addSighting',
        run: call(
          'mutation($c:ID!,$l:ID!,$p:ID!){ addSighting(caseId:$c, input:{observedAt:"2026-11-01T00:00:00Z", locationId:$l, seenIds:[$p]}){ id } }',
          () => ({ c: st.case, l: st.l, p: st.p }),
          'supervisor.gt',
          (d) => (st.s1 = d.addSighting.id),
        ),
      },
      {
        field: 'mutation.addSighting',
        run: call(
          'mutation($c:ID!,$l:ID!,$p:ID!){ addSighting(caseId:$c, input:{observedAt:"2026-11-01T06:00:00Z", locationId:$l, seenIds:[$p]}){ id } }',
          () => ({ c: st.case, l: st.l, p: st.p }),
          'supervisor.gt',
          (d) => (st.s2 = d.addSighting.id),
        ),
      },
      {
        field: 'query.paths',
        run: call('query($a:ID!,$b:ID!){ paths(fromId:$a, toId:$b){ paths { nodeIds } } }', () => ({ a: st.p, b: st.l }), 'supervisor.gt'),
      },
      {
        field: 'query.travelFeasibility',
        run: call(
          'query($a:ID!,$b:ID!){ travelFeasibility(fromId:$a, toId:$b){ feasible } }',
          () => ({ a: st.s1, b: st.s2 }),
          'supervisor.gt',
        ),
      },
      {
        field: 'query.caseTravelChecks',
        run: call('query($c:ID!){ caseTravelChecks(caseId:$c){ feasible } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'mutation.addEntity',
        run: call(
          'mutation($c:ID!){ addEntity(caseId:$c, kind: PHONE, props:{number:"+502 1"}){ id } }',
          () => ({ c: st.case }),
          'supervisor.gt',
          (d) => (st.ph = d.addEntity.id),
        ),
      },
      {
        field: 'mutation.updateEntity',
        run: call(
          'mutation($c:ID!,$i:ID!){ updateEntity(caseId:$c, id:$i, props:{color:"red"}){ id } }',
          () => ({ c: st.case, i: st.v }),
          'supervisor.gt',
        ),
      },
      {
        field: 'mutation.linkEntities',
        run: call(
          'mutation($c:ID!,$a:ID!,$b:ID!){ linkEntities(caseId:$c, input:{fromId:$a,toId:$b,type:DRIVES}){ id } }',
          () => ({ c: st.case, a: st.p, b: st.v }),
          'supervisor.gt',
          (d) => (st.link = d.linkEntities.id),
        ),
      },
      {
        field: 'mutation.deleteLink',
        run: call('mutation($c:ID!,$i:ID!){ deleteLink(caseId:$c, id:$i) }', () => ({ c: st.case, i: st.link }), 'supervisor.gt'),
      },
      {
        field: 'mutation.linkEntities',
        run: call(
          'mutation($c:ID!,$a:ID!,$b:ID!){ linkEntities(caseId:$c, input:{fromId:$a,toId:$b,type:DRIVES}){ id } }',
          () => ({ c: st.case, a: st.p, b: st.v }),
          'supervisor.gt',
          (d) => (st.link2 = d.linkEntities.id),
        ),
      },
      {
        field: 'mutation.regradeLink',
        // The grade before and after.
        also: ['graph.regradeLink'],
        run: call(
          'mutation($c:ID!,$i:ID!){ regradeLink(caseId:$c, id:$i, reliability:"B", credibility:2){ id } }',
          () => ({ c: st.case, i: st.link2 }),
          'supervisor.gt',
        ),
      },
      {
        field: 'mutation.attachEntity',
        run: call(
          'mutation($c:ID!,$i:ID!){ attachEntity(caseId:$c, entityId:$i){ id } }',
          () => ({ c: st.case, i: st.node }),
          'supervisor.gt',
        ),
      },
      {
        field: 'mutation.removeEntity',
        run: call('mutation($c:ID!,$i:ID!){ removeEntity(caseId:$c, id:$i) }', () => ({ c: st.case, i: st.ph }), 'supervisor.gt'),
      },
      {
        field: 'query.coSightings',
        run: call('query($c:ID!){ coSightings(caseId:$c){ count } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'query.crossCaseLinks',
        run: call('query($c:ID!){ crossCaseLinks(caseId:$c){ notices { agencyName } } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'query.caseCentrality',
        run: call('query($c:ID!){ caseCentrality(caseId:$c){ modularity } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'mutation.addPerson',
        run: call(
          'mutation($c:ID!){ addPerson(caseId:$c, input:{fullName:"A", role: OTHER}){ id } }',
          () => ({ c: st.case }),
          'supervisor.gt',
          (d) => (st.p2 = d.addPerson.id),
        ),
      },
      {
        field: 'query.duplicateCandidates',
        run: call(
          'query($c:ID!,$e:ID!){ duplicateCandidates(caseId:$c, entityId:$e){ score } }',
          () => ({ c: st.case, e: st.p }),
          'supervisor.gt',
        ),
      },
      {
        field: 'mutation.rejectDuplicate',
        run: call(
          'mutation($c:ID!,$a:ID!,$b:ID!){ rejectDuplicate(caseId:$c, entityId:$a, otherId:$b) }',
          () => ({ c: st.case, a: st.p, b: st.p2 }),
          'supervisor.gt',
        ),
      },
      {
        field: 'query.rejectedDuplicates',
        run: call('query($c:ID!){ rejectedDuplicates(caseId:$c){ rejectedAt } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'mutation.undoRejectDuplicate',
        run: call(
          'mutation($c:ID!,$a:ID!,$b:ID!){ undoRejectDuplicate(caseId:$c, entityId:$a, otherId:$b) }',
          () => ({ c: st.case, a: st.p, b: st.p2 }),
          'supervisor.gt',
        ),
      },
      {
        field: 'query.caseDuplicates',
        run: call('query($c:ID!){ caseDuplicates(caseId:$c){ score } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'mutation.mergeEntities',
        run: call(
          'mutation($c:ID!,$s:ID!,$m:ID!){ mergeEntities(caseId:$c, survivorId:$s, mergedId:$m){ id } }',
          () => ({ c: st.case, s: st.p, m: st.p2 }),
          'supervisor.gt',
          (d) => (st.merge = d.mergeEntities.id),
        ),
      },
      { field: 'query.merges', run: call('query($c:ID!){ merges(caseId:$c){ id } }', () => ({ c: st.case }), 'supervisor.gt') },
      {
        field: 'mutation.undoMerge',
        run: call('mutation($c:ID!,$i:ID!){ undoMerge(caseId:$c, id:$i){ id } }', () => ({ c: st.case, i: st.merge }), 'supervisor.gt'),
      },
      {
        field: 'mutation.signOff',
        run: call(
          'mutation($c:ID!){ signOff(caseId:$c, document: NOTES){ id } }',
          () => ({ c: st.case }),
          'supervisor.gt',
          (d) => (st.so = d.signOff.id),
        ),
      },
      {
        field: 'query.signOffs',
        run: call('query($c:ID!){ signOffs(caseId:$c, document: NOTES){ id } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'query.signedVersion',
        run: call('query($i:ID!){ signedVersion(id:$i){ verified } }', () => ({ i: st.so }), 'supervisor.gt'),
      },
      {
        field: 'query.changesSinceSignOff',
        run: call('query($c:ID!){ changesSinceSignOff(caseId:$c){ eventId } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'query.reviewDiff',
        run: call('query($c:ID!){ reviewDiff(caseId:$c, document: TIMELINE){ changed } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'query.photos',
        run: call('query($c:ID!,$e:ID!){ photos(caseId:$c, entityId:$e){ id } }', () => ({ c: st.case, e: st.p }), 'supervisor.gt'),
      },
      { field: 'query.faceMatch', run: call('query($c:ID!){ faceMatch(caseId:$c){ enabled } }', () => ({ c: st.case }), 'supervisor.gt') },
      {
        field: 'mutation.setFaceMatch',
        run: call('mutation($c:ID!){ setFaceMatch(caseId:$c, enabled:true){ enabled } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'mutation.runFaceMatch',
        run: call('mutation($c:ID!){ runFaceMatch(caseId:$c){ job { state } } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'query.faceMatchLeads',
        run: call('query($c:ID!){ faceMatchLeads(caseId:$c){ id } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'mutation.decideFaceMatchLead',
        expectOutcome: 'denied',
        run: call(
          'mutation($c:ID!){ decideFaceMatchLead(caseId:$c, id:"fml_none", accept:true){ id } }',
          () => ({ c: st.case }),
          'supervisor.gt',
        ),
      },
      {
        field: 'query.childProfile',
        run: call('query($c:ID!){ childProfile(caseId:$c){ personId } }', () => ({ c: ana }), 'investigator.gt'),
      },
      {
        field: 'mutation.updateChildProfile',
        run: call(
          'mutation($c:ID!){ updateChildProfile(caseId:$c, input:{clothing:"Audit"}){ clothing } }',
          () => ({ c: ana }),
          'supervisor.gt',
        ),
      },
      {
        field: 'query.proposeRisk',
        run: call('query($c:ID!){ proposeRisk(caseId:$c, factors:{ageYears:12}){ level } }', () => ({ c: ana }), 'investigator.gt'),
      },
      {
        field: 'mutation.confirmRiskAssessment',
        run: call(
          'mutation($c:ID!){ confirmRiskAssessment(caseId:$c, factors:{ageYears:12, onlineGrooming:true}, level: CRITICAL){ id } }',
          () => ({ c: ana }),
          'supervisor.gt',
        ),
      },
      {
        field: 'query.riskAssessments',
        run: call('query($c:ID!){ riskAssessments(caseId:$c){ id } }', () => ({ c: ana }), 'investigator.gt'),
      },
      {
        field: 'query.casePoster',
        run: call('query($c:ID!){ casePoster(caseId:$c, languages:["en"]){ size } }', () => ({ c: ana }), 'investigator.gt'),
      },
      {
        field: 'query.targetArea',
        run: call('query($c:ID!){ targetArea(caseId:$c){ description } }', () => ({ c: ana }), 'supervisor.gt'),
      },
      {
        field: 'query.previewChildAlert',
        run: call(
          'query($c:ID!){ previewChildAlert(caseId:$c, input:{languages:["en"], status: Test}){ msgType } }',
          () => ({ c: ana }),
          'supervisor.gt',
        ),
      },
      {
        field: 'mutation.issueChildAlert',
        run: call(
          'mutation($c:ID!){ issueChildAlert(caseId:$c, input:{languages:["en"], status: Test}){ id } }',
          () => ({ c: ana }),
          'supervisor.gt',
        ),
      },
      { field: 'query.childAlerts', run: call('query($c:ID!){ childAlerts(caseId:$c){ id } }', () => ({ c: ana }), 'investigator.gt') },
      {
        field: 'mutation.publishChild',
        // The page's fields and languages, under its case.
        also: ['public.publish'],
        run: call(
          'mutation($c:ID!){ publishChild(caseId:$c, input:{fields:[NAME, AGE], languages:["en"]}){ id path } }',
          () => ({ c: ana }),
          'supervisor.gt',
          (d) => ((st.pub = d.publishChild.id), (st.pubPath = d.publishChild.path)),
        ),
      },
      { field: 'query.publications', run: call('query($c:ID!){ publications(caseId:$c){ id } }', () => ({ c: ana }), 'supervisor.gt') },
      {
        field: 'mutation.updatePublication',
        also: ['public.update'],
        run: call(
          'mutation($i:ID!){ updatePublication(id:$i, input:{fields:[NAME, AGE], languages:["en","es"]}){ id } }',
          () => ({ i: st.pub }),
          'supervisor.gt',
        ),
      },
      // The public form is not GraphQL: a tip from it is recorded as public.tip (no actor).
      ...['Seen at the market', 'Seen at the bus stop', 'Nonsense'].map((what): Step => ({
        field: 'public.tip',
        run: async () => {
          expect(await sendTip(st.pubPath, { what, latitude: '14.6', longitude: '-90.51' })).toBe(201);
        },
      })),
      {
        field: 'query.caseTips',
        run: call(
          'query($c:ID!){ caseTips(caseId:$c){ id what } }',
          () => ({ c: ana }),
          'investigator.gt',
          (d) => {
            for (const tip of d.caseTips as Array<{ id: string; what: string }>) st[`tip:${tip.what}`] = tip.id;
          },
        ),
      },
      {
        field: 'mutation.acceptTip',
        run: call(
          'mutation($i:ID!){ acceptTip(id:$i){ sightingId } }',
          () => ({ i: st['tip:Seen at the market'] }),
          'investigator.gt',
          (d) => (st.tipSighting = d.acceptTip.sightingId),
        ),
      },
      {
        field: 'mutation.mergeTip',
        run: call(
          'mutation($i:ID!,$s:ID!){ mergeTip(id:$i, sightingId:$s){ status } }',
          () => ({ i: st['tip:Seen at the bus stop'], s: st.tipSighting }),
          'investigator.gt',
        ),
      },
      {
        field: 'mutation.dismissTip',
        run: call('mutation($i:ID!){ dismissTip(id:$i, reason:"Spam"){ status } }', () => ({ i: st['tip:Nonsense'] }), 'investigator.gt'),
      },
      {
        field: 'mutation.takeHotlineTip',
        run: call(
          'mutation($c:ID!){ takeHotlineTip(caseId:$c, input:{what:"Caller saw her", callerPhone:"+502 5555 1234", hotline:"116 000"}){ id } }',
          () => ({ c: ana }),
          'investigator.gt',
        ),
      },
      {
        field: 'mutation.takeDownPublication',
        also: ['public.takeDown'],
        run: call('mutation($i:ID!){ takeDownPublication(id:$i, reason:"Audit"){ status } }', () => ({ i: st.pub }), 'supervisor.gt'),
      },
      {
        field: 'mutation.requestSignOff',
        run: call('mutation($c:ID!){ requestSignOff(caseId:$c, document: NOTES, note:"Audit") }', () => ({ c: ana }), 'investigator.gt'),
      },
      {
        field: 'query.agencyCoverages',
        run: call(
          '{ agencyCoverages { agencyId } }',
          v(() => ({})),
          'supervisor.gt',
        ),
      },
      {
        field: 'mutation.setAgencyCoverage',
        run: call(
          'mutation($a:ID!){ setAgencyCoverage(id:$a, input:{countries:["GT"], circles:[]}){ agencyId } }',
          () => ({ a: st.agency }),
          'admin',
        ),
      },
      {
        field: 'query.caseStatistics',
        run: call(
          '{ caseStatistics { total } }',
          v(() => ({})),
          'investigator.gt',
        ),
      },
      {
        field: 'mutation.removeCaseMember',
        run: call(
          'mutation($c:ID!,$u:ID!){ removeCaseMember(caseId:$c, userId:$u){ id } }',
          () => ({ c: st.case, u: st.mx }),
          'supervisor.gt',
        ),
      },
      // A case of another agency holding the same plate as the audit case (which investigator.mx no longer sees).
      {
        field: 'mutation.createCase',
        run: call(
          'mutation { createCase(input:{title:"Audit MX", category: UNKNOWN, riskLevel: LOW, country:"MX"}){ id } }',
          v(() => ({})),
          'investigator.mx',
          (d) => (st.mxCase = d.createCase.id),
        ),
      },
      {
        field: 'mutation.addVehicle',
        run: call(
          'mutation($c:ID!){ addVehicle(caseId:$c, input:{plate:"aud-1"}){ id } }',
          () => ({ c: st.mxCase }),
          'investigator.mx',
          (d) => (st.mxVan = d.addVehicle.id),
        ),
      },
      {
        field: 'mutation.requestCaseAccess',
        // One record in each case's own trail: the requester's names no other case; the other tells its supervisors.
        also: ['access.requested', 'access.request.received'],
        run: call(
          'mutation($c:ID!,$e:ID!){ requestCaseAccess(caseId:$c, entityId:$e, message:"Same van"){ sent } }',
          () => ({ c: st.mxCase, e: st.mxVan }),
          'investigator.mx',
          (d) => expect(d.requestCaseAccess.sent).toBe(1),
        ),
      },
      {
        field: 'query.accessRequests',
        run: call(
          '{ accessRequests { incoming { id toCaseId } } }',
          v(() => ({})),
          'supervisor.gt',
          (d) => (st.acr = d.accessRequests.incoming.find((r: { toCaseId: string }) => r.toCaseId === st.case).id),
        ),
      },
      {
        field: 'query.notifications',
        run: call(
          '{ notifications { items { id kind } } }',
          v(() => ({})),
          'supervisor.gt',
          (d) => (st.note = d.notifications.items.find((n: { kind: string }) => n.kind === 'ACCESS_REQUESTED').id),
        ),
      },
      {
        field: 'mutation.markNotificationsRead',
        run: call(
          'mutation($i:[ID!]!){ markNotificationsRead(ids:$i) }',
          () => ({ i: [st.note] }),
          'supervisor.gt',
          (d) => expect(d.markNotificationsRead).toBe(1),
        ),
      },
      {
        field: 'mutation.markAllNotificationsRead',
        run: call(
          'mutation { markAllNotificationsRead }',
          v(() => ({})),
          'supervisor.gt',
        ),
      },
      {
        field: 'query.notificationSettings',
        run: call(
          '{ notificationSettings { muted } }',
          v(() => ({})),
          'supervisor.gt',
        ),
      },
      {
        field: 'mutation.setNotificationSettings',
        run: call(
          'mutation { setNotificationSettings(input:{muted:[]}){ muted } }',
          v(() => ({})),
          'supervisor.gt',
        ),
      },
      {
        field: 'mutation.decideAccessRequest',
        // The decision in the audit case's trail, and that it was answered in the requester's.
        also: ['access.granted', 'access.answered'],
        run: call('mutation($i:ID!){ decideAccessRequest(id:$i, grant:true) }', () => ({ i: st.acr }), 'supervisor.gt'),
      },
      // Granted: investigator.mx is a member again, and may be given a task.
      {
        field: 'mutation.createTask',
        // The task's case and its assignee, due date and priority.
        also: ['task.created'],
        run: call(
          'mutation($c:ID!,$u:ID!){ createTask(input:{caseId:$c, title:"Check the van", assigneeId:$u}){ id } }',
          () => ({ c: st.case, u: st.mx }),
          'supervisor.gt',
          (d) => (st.task = d.createTask.id),
        ),
      },
      { field: 'query.task', run: call('query($i:ID!){ task(id:$i){ id } }', () => ({ i: st.task }), 'supervisor.gt') },
      { field: 'query.caseTasks', run: call('query($c:ID!){ caseTasks(caseId:$c){ id } }', () => ({ c: st.case }), 'supervisor.gt') },
      {
        field: 'query.myTasks',
        run: call(
          '{ myTasks { id } }',
          v(() => ({})),
          'investigator.mx',
        ),
      },
      {
        field: 'query.agencyTasks',
        run: call(
          '{ agencyTasks { caseId } }',
          v(() => ({})),
          'supervisor.gt',
        ),
      },
      {
        field: 'mutation.updateTask',
        // Which fields changed.
        also: ['task.updated'],
        run: call(
          'mutation($i:ID!){ updateTask(id:$i, input:{title:"Check the van today"}){ id } }',
          () => ({ i: st.task }),
          'supervisor.gt',
        ),
      },
      {
        field: 'mutation.addTaskComment',
        // The comment and whom it mentions.
        also: ['task.comment'],
        run: call('mutation($i:ID!){ addTaskComment(id:$i, body:"On it"){ id } }', () => ({ i: st.task }), 'investigator.mx'),
      },
      {
        field: 'mutation.setTaskStatus',
        // The status before and after.
        also: ['task.status'],
        run: call('mutation($i:ID!){ setTaskStatus(id:$i, status: IN_PROGRESS){ status } }', () => ({ i: st.task }), 'investigator.mx'),
      },
      {
        field: 'mutation.recordExport',
        run: call('mutation($c:ID!){ recordExport(caseId:$c, format:"png") }', () => ({ c: ana }), 'investigator.gt'),
      },
      {
        field: 'query.auditVerify',
        run: call(
          '{ auditVerify { intact } }',
          v(() => ({})),
          'supervisor.gt',
        ),
      },
      {
        field: 'query.auditRecords',
        run: call('query($c:ID!){ auditRecords(caseId:$c){ seq } }', () => ({ c: st.case }), 'supervisor.gt'),
      },
      {
        field: 'mutation.createAgency',
        run: call(
          'mutation { createAgency(input:{name:"NGO X", country:"SV", kind: NGO}){ id } }',
          v(() => ({})),
          'admin',
          (d) => (st.ag = d.createAgency.id),
        ),
      },
      {
        field: 'mutation.createUser',
        run: call(
          'mutation($a:ID!){ createUser(input:{email:"new.user@x.example", displayName:"N", role: ANALYST, agencyId:$a, password:"a-long-password-1"}){ id } }',
          () => ({ a: st.ag }),
          'admin',
          (d) => (st.nu = d.createUser.id),
        ),
      },
      {
        field: 'mutation.setUserRole',
        run: call('mutation($u:ID!){ setUserRole(userId:$u, role: INVESTIGATOR){ id role } }', () => ({ u: st.nu }), 'admin'),
      },
      {
        field: 'mutation.setUserDisabled',
        run: call('mutation($u:ID!){ setUserDisabled(userId:$u, disabled:true){ id } }', () => ({ u: st.nu }), 'admin'),
      },
      {
        field: 'mutation.setPublicSite',
        run: call(
          'mutation { setPublicSite(country:"SV", input:{siteName:"Audit", brandColour:"#123456"}){ country } }',
          v(() => ({})),
          'admin',
        ),
      },
      {
        field: 'query.publicSites',
        run: call(
          '{ publicSites { country } }',
          v(() => ({})),
          'admin',
        ),
      },
      {
        field: 'mutation.clearPublicSiteLogo',
        run: call(
          'mutation { clearPublicSiteLogo(country:"SV"){ country } }',
          v(() => ({})),
          'admin',
        ),
      },
      {
        field: 'auth.logout',
        run: async () => gql(server.url, 'mutation { logout }', {}, await login(server.url, 'analyst.mx@demo.local')),
      },
      {
        field: 'subscription.graphChanged',
        run: () => subscribeBriefly('subscription($c:ID!){ graphChanged(caseId:$c){ caseId } }', { c: ana }, t['investigator.gt']),
      },
      {
        field: 'subscription.tipsChanged',
        run: () => subscribeBriefly('subscription($c:ID!){ tipsChanged(caseId:$c){ tipId } }', { c: ana }, t['investigator.gt']),
      },
      {
        field: 'subscription.inboxChanged',
        run: () => subscribeBriefly('subscription { inboxChanged { unreadCount } }', {}, t['supervisor.gt']),
      },
    ];
    const covered = new Set(steps.map((s) => s.field));
    const missing = root
      .map((f) => (f === 'mutation.login' || f === 'mutation.logout' ? f.replace('mutation.', 'auth.') : f))
      .filter((f) => f !== 'query.me' && !covered.has(f));
    expect(missing, 'root fields without an audit check').toEqual([]);

    for (const step of steps) {
      const res = (await step.run()) as { errors?: unknown } | undefined;
      if (!step.expectOutcome) expect(res?.errors, `${step.field} failed`).toBeUndefined();
      // The logout step signs in first; that login has its own record.
      const recs = (await newRecords()).filter((r) => !(step.field === 'auth.logout' && r.action === 'auth.login'));
      const mine = recs.filter((r) => r.action === step.field);
      expect(recs.map((r) => r.action).sort(), `${step.field} wrote ${JSON.stringify(recs)}`).toEqual(
        [step.field, ...(step.also ?? [])].sort(),
      );
      expect(mine[0].outcome).toBe(step.expectOutcome ?? 'success');
      // A record of the domain change says it happened, in the case it concerns.
      for (const r of recs.filter((x) => x !== mine[0])) expect([r.action, r.outcome, !!r.caseId]).toEqual([r.action, 'success', true]);
      // No password value and no token in any record.
      for (const secret of [DEMO_PASSWORD, 'wrong-password', 'a-long-password-1', 'eyJ'])
        expect(JSON.stringify(recs)).not.toContain(secret);
    }
  }, 300_000);

  it('records the stated purpose and refused access', async () => {
    await newRecords();
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${t['investigator.mx']}`,
        'x-purpose': 'Amber alert follow-up',
      },
      body: JSON.stringify({ query: '{ search(text:"Ana") { id } }' }),
    });
    expect(res.status).toBe(200);
    const recs = await newRecords();
    expect(recs.find((r) => r.action === 'query.search')?.purpose).toBe('Amber alert follow-up');
    const denied = await gql(server.url, '{ caseGraph(caseId:"case_nope0000000000") { nodes { id } } }', {}, t['investigator.mx']);
    expect(denied.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await newRecords()).find((r) => r.action === 'query.caseGraph')?.outcome).toBe('denied');
  });
});

describe('the hash chain', () => {
  it('is intact, and verify catches an edited record (CLI and GraphQL)', async () => {
    const ok = await gql(server.url, '{ auditVerify { intact checked firstBad { seq } } }', {}, t.admin);
    expect(ok.data!.auditVerify).toMatchObject({ intact: true, firstBad: null });
    expect(ok.data!.auditVerify.checked).toBeGreaterThan(5);
    const cli = () =>
      spawnSync(process.execPath, [join(ROOT, 'apps/api/dist/apps/api/src/cli/audit-verify.js')], {
        env: { ...serverEnv(), DATA_DIR: server.dataDir },
        encoding: 'utf8',
      });
    const good = cli();
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/intact/);

    if (BACKEND === 'neo4j') {
      // Tamper as someone with write access to the database would.
      const [edited] = await cypher("MATCH (r:AuditRecord) WHERE r.seq = 5 SET r.action = 'auth.logout' RETURN count(r) AS n");
      expect(Number(edited.n)).toBe(1);
    } else {
      // Tamper as someone with access to the file would: bypass the append-only triggers and edit a record.
      const db = new Database(join(server.dataDir, 'homeward.db'));
      const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>;
      for (const tr of triggers) db.exec(`DROP TRIGGER "${tr.name}"`);
      const table = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'audit%' AND sql LIKE '%prev_hash%'").get() as {
          name: string;
        }
      ).name;
      db.prepare(`UPDATE ${table} SET action = 'auth.logout' WHERE seq = 5`).run();
      db.close();
    }
    const bad = cli();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/BROKEN at record 5/);
    const viaApi = await gql(server.url, '{ auditVerify { intact firstBad { seq reason } } }', {}, t['supervisor.gt']);
    expect(viaApi.data!.auditVerify).toMatchObject({ intact: false, firstBad: { seq: 5 } });
  });

  it('is not readable by investigators and analysts', async () => {
    const r = await gql(server.url, '{ auditVerify { intact } }', {}, t['investigator.gt']);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
