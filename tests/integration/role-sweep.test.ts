import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { createClient } from 'graphql-ws';
import { ROLE_MATRIX, mayOnCase, type Action, type Role } from '@homeward/domain';
import { jpeg } from '../../libs/media/src/__tests__/images';
import { BACKEND, gql, login, startServer, type GqlResult, type RunningServer } from './harness';

/**
 * The role sweep: for one demo case, each demo role (an ADMIN made a member, an investigator, a supervisor, an
 * analyst) and an outsider (the NGO investigator, never a member), every sensitive operation of the GraphQL
 * surface, the HTTP routes, the subscriptions and the collaboration rooms is allowed or refused exactly as the
 * role matrix (libs/domain policy.ts) says: allowed for a member whose role may, refused (FORBIDDEN, or NOT_FOUND
 * for the outsider, to whom the case does not exist) otherwise. "Allowed" means the role check let it through:
 * a probe may still fail on its input afterwards (an unknown lead id, an empty alert), never as a refusal.
 */
const GRANTED = `case-role.${Date.now().toString(36)}@sweep.example`;
const GRANTED_PASSWORD = 'case-role-sweep-password';
const USERS: Record<string, { role: Role; member: boolean; caseRole?: Role }> = {
  'admin@demo.local': { role: 'ADMIN', member: true },
  'investigator.gt@demo.local': { role: 'INVESTIGATOR', member: true },
  'supervisor.gt@demo.local': { role: 'SUPERVISOR', member: true },
  'analyst.mx@demo.local': { role: 'ANALYST', member: true },
  'ngo.es@demo.local': { role: 'INVESTIGATOR', member: false },
  // An investigator's account, made a member of the case with the case role ANALYST: on this case, what both allow.
  [GRANTED]: { role: 'INVESTIGATOR', member: true, caseRole: 'ANALYST' },
};
const CASE_REF = 'GT-2026-0001';
const SUPERVISOR = 'supervisor.gt@demo.local';

let server: RunningServer;
const token: Record<string, string> = {};
/** What the probes work on: the case, two of its entities, one of its links, a task and a photo of it. */
const st: Record<'case' | 'person' | 'other' | 'link' | 'task' | 'assigned' | 'photo', string> & { image: Buffer } = {
  case: '',
  assigned: '',
  person: '',
  other: '',
  link: '',
  task: '',
  photo: '',
  image: Buffer.alloc(0),
};

const allowed = (email: string, action: Action) => USERS[email].member && mayOnCase(USERS[email].role, USERS[email].caseRole, action);

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 120_000 });
  for (const email of Object.keys(USERS)) if (email !== GRANTED) token[email] = await login(server.url, email);
  const sup = token[SUPERVISOR];
  const list = await gql(server.url, '{ cases { id reference } }', {}, sup);
  st.case = list.data!.cases.find((c: { reference: string }) => c.reference === CASE_REF).id;
  // The member with a case role: an investigator account of the lead agency, added as an ANALYST of this case.
  const agencyId = (await gql(server.url, '{ me { agency { id } } }', {}, sup)).data!.me.agency.id;
  const made = await gql(
    server.url,
    'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
    { i: { email: GRANTED, displayName: 'Case-role sweep', role: 'INVESTIGATOR', agencyId, password: GRANTED_PASSWORD } },
    token['admin@demo.local'],
  );
  expect(made.errors).toBeUndefined();
  const narrowed = await gql(
    server.url,
    'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u, role: ANALYST){ members { id caseRole } } }',
    { c: st.case, u: made.data!.createUser.id },
    sup,
  );
  expect(narrowed.data?.addCaseMember.members).toContainEqual({ id: made.data!.createUser.id, caseRole: 'ANALYST' });
  token[GRANTED] = await login(server.url, GRANTED, GRANTED_PASSWORD);
  const g = await gql(server.url, 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id kind } edges { id } } }', { c: st.case }, sup);
  const people = (g.data!.caseGraph.nodes as Array<{ id: string; kind: string }>).filter((n) => n.kind === 'PERSON');
  [st.person, st.other] = [people[0].id, people[1].id];
  st.link = g.data!.caseGraph.edges[0].id;
  // The ADMIN is made a member (by the lead agency's supervisor), so that what their role may not do is refused by role.
  const admin = (await gql(server.url, '{ me { id } }', {}, token['admin@demo.local'])).data!.me.id;
  const added = await gql(
    server.url,
    'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }',
    { c: st.case, u: admin },
    sup,
  );
  expect(added.errors).toBeUndefined();
  const task = await gql(server.url, 'mutation($c:ID!){ createTask(input:{ caseId:$c, title:"Sweep task" }){ id } }', { c: st.case }, sup);
  st.task = task.data!.createTask.id;
  // A task assigned to the analyst: its status is for its assignee and the case's supervisors (docs/security.md, Roles).
  const analyst = (await gql(server.url, '{ me { id } }', {}, token['analyst.mx@demo.local'])).data!.me.id;
  const assigned = await gql(
    server.url,
    'mutation($c:ID!,$a:ID!){ createTask(input:{ caseId:$c, title:"Sweep task for the analyst", assigneeId:$a }){ id } }',
    { c: st.case, a: analyst },
    sup,
  );
  st.assigned = assigned.data!.createTask.id;
  st.image = await jpeg(3, 64, 64);
  const up = await upload(SUPERVISOR);
  expect(up.status).toBe(201);
  st.photo = up.json.photo.id;
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

async function upload(email: string) {
  const params = new URLSearchParams({ caseId: st.case, entityId: st.person });
  const res = await fetch(`${server.url}/media/photos?${params}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token[email]}` },
    body: new Uint8Array(st.image),
  });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

type Outcome = 'allowed' | 'refused';

/** A refusal by role is FORBIDDEN; to the outsider the case (and what is in it) does not exist. */
function graphqlOutcome(r: GqlResult, byId: boolean): Outcome {
  const e = r.errors?.[0];
  // A case the caller may not see reads as no case at all.
  if (!e) return r.data && Object.values(r.data)[0] === null ? 'refused' : 'allowed';
  const code = e.extensions?.code;
  if (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED') return 'refused';
  if (code === 'NOT_FOUND' && (byId || e.extensions?.field === 'caseId')) return 'refused';
  return 'allowed';
}

interface Op {
  readonly name: string;
  readonly action: Action;
  readonly query: string;
  readonly vars?: () => Record<string, unknown>;
  /** The operation names a thing of the case by its id (not the case): to the outsider it is "not found". */
  readonly byId?: boolean;
}

const c = () => ({ c: st.case });
const OPS: Op[] = [
  // Reads of the case.
  { name: 'case', action: 'case.read', query: 'query($c:ID!){ case(id:$c){ id } }', vars: c },
  { name: 'caseGraph', action: 'case.read', query: 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id } } }', vars: c },
  { name: 'timeline', action: 'case.read', query: 'query($c:ID!){ timeline(caseId:$c){ events { id } } }', vars: c },
  { name: 'signOffs', action: 'case.read', query: 'query($c:ID!){ signOffs(caseId:$c, document: NOTES){ id } }', vars: c },
  {
    name: 'reviewDiff notes',
    action: 'case.read',
    query: 'query($c:ID!){ reviewDiff(caseId:$c, document: NOTES){ added } }',
    vars: c,
  },
  {
    name: 'reviewDiff timeline',
    action: 'case.read',
    query: 'query($c:ID!){ reviewDiff(caseId:$c, document: TIMELINE){ changed } }',
    vars: c,
  },
  {
    name: 'photos',
    action: 'case.read',
    query: 'query($c:ID!,$e:ID!){ photos(caseId:$c, entityId:$e){ id } }',
    vars: () => ({ c: st.case, e: st.person }),
  },
  { name: 'faceMatch', action: 'case.read', query: 'query($c:ID!){ faceMatch(caseId:$c){ enabled } }', vars: c },
  { name: 'faceMatchLeads', action: 'case.read', query: 'query($c:ID!){ faceMatchLeads(caseId:$c){ id } }', vars: c },
  { name: 'caseTasks', action: 'case.read', query: 'query($c:ID!){ caseTasks(caseId:$c){ id } }', vars: c },
  {
    name: 'task',
    action: 'case.read',
    query: 'query($i:ID!){ task(id:$i){ id comments { id } } }',
    vars: () => ({ i: st.task }),
    byId: true,
  },
  { name: 'caseTips', action: 'case.read', query: 'query($c:ID!){ caseTips(caseId:$c){ id } }', vars: c },
  { name: 'childProfile', action: 'case.read', query: 'query($c:ID!){ childProfile(caseId:$c){ fullName } }', vars: c },
  { name: 'riskAssessments', action: 'case.read', query: 'query($c:ID!){ riskAssessments(caseId:$c){ confirmedLevel } }', vars: c },
  { name: 'publications', action: 'case.read', query: 'query($c:ID!){ publications(caseId:$c){ id } }', vars: c },
  // Analyses.
  { name: 'merges', action: 'graph.analyse', query: 'query($c:ID!){ merges(caseId:$c){ id } }', vars: c },
  { name: 'caseCentrality', action: 'graph.analyse', query: 'query($c:ID!){ caseCentrality(caseId:$c){ hubs { id } } }', vars: c },
  { name: 'crossCaseLinks', action: 'graph.analyse', query: 'query($c:ID!){ crossCaseLinks(caseId:$c){ near { caseId } } }', vars: c },
  {
    name: 'duplicateCandidates',
    action: 'graph.analyse',
    query: 'query($c:ID!,$e:ID!){ duplicateCandidates(caseId:$c, entityId:$e){ score } }',
    vars: () => ({ c: st.case, e: st.person }),
  },
  { name: 'caseDuplicates', action: 'graph.analyse', query: 'query($c:ID!){ caseDuplicates(caseId:$c){ score } }', vars: c },
  {
    name: 'rejectedDuplicates',
    action: 'graph.analyse',
    query: 'query($c:ID!){ rejectedDuplicates(caseId:$c){ rejectedAt } }',
    vars: c,
  },
  { name: 'coSightings', action: 'graph.analyse', query: 'query($c:ID!){ coSightings(caseId:$c){ count } }', vars: c },
  { name: 'runFaceMatch', action: 'graph.analyse', query: 'mutation($c:ID!){ runFaceMatch(caseId:$c){ enabled } }', vars: c },
  // Writes.
  {
    name: 'addPerson',
    action: 'graph.addEntity',
    query: 'mutation($c:ID!){ addPerson(caseId:$c, input:{ fullName:"Sweep probe", role: OTHER }){ id } }',
    vars: c,
  },
  {
    name: 'updateEntity',
    action: 'graph.editEntity',
    query: 'mutation($c:ID!,$i:ID!){ updateEntity(caseId:$c, id:$i, props:{ description:"sweep" }){ id } }',
    vars: () => ({ c: st.case, i: st.person }),
  },
  {
    name: 'updateChildProfile',
    action: 'graph.editEntity',
    query: 'mutation($c:ID!){ updateChildProfile(caseId:$c, input:{ clothing:"blue jacket" }){ fullName } }',
    vars: c,
  },
  {
    name: 'linkEntities',
    action: 'graph.link',
    query: 'mutation($c:ID!,$a:ID!,$b:ID!){ linkEntities(caseId:$c, input:{ fromId:$a, toId:$b, type: SEEN_WITH }){ id } }',
    vars: () => ({ c: st.case, a: st.person, b: st.other }),
  },
  {
    name: 'regradeLink',
    action: 'graph.link',
    query: 'mutation($c:ID!,$i:ID!){ regradeLink(caseId:$c, id:$i, reliability:"B", credibility: 2){ id } }',
    vars: () => ({ c: st.case, i: st.link }),
  },
  {
    name: 'decideFaceMatchLead accept',
    action: 'graph.link',
    query: 'mutation($c:ID!){ decideFaceMatchLead(caseId:$c, id:"lead_sweep_none", accept: true){ id } }',
    vars: c,
  },
  {
    name: 'decideFaceMatchLead reject',
    action: 'graph.link',
    query: 'mutation($c:ID!){ decideFaceMatchLead(caseId:$c, id:"lead_sweep_none", accept: false){ id } }',
    vars: c,
  },
  {
    name: 'attachEntity',
    action: 'graph.addEntity',
    query: 'mutation($c:ID!,$e:ID!){ attachEntity(caseId:$c, entityId:$e){ id } }',
    vars: () => ({ c: st.case, e: st.other }),
  },
  {
    name: 'removeEntity (an id the case lacks)',
    action: 'graph.editEntity',
    query: 'mutation($c:ID!){ removeEntity(caseId:$c, id:"ent_sweep_none") }',
    vars: c,
  },
  {
    name: 'deleteLink (an id the case lacks)',
    action: 'graph.link',
    query: 'mutation($c:ID!){ deleteLink(caseId:$c, id:"lnk_sweep_none") }',
    vars: c,
  },
  {
    name: 'mergeEntities (ids the case lacks)',
    action: 'graph.merge',
    query: 'mutation($c:ID!){ mergeEntities(caseId:$c, survivorId:"ent_sweep_a", mergedId:"ent_sweep_b"){ id } }',
    vars: c,
  },
  {
    name: 'rejectDuplicate',
    action: 'graph.merge',
    query: 'mutation($c:ID!,$a:ID!,$b:ID!){ rejectDuplicate(caseId:$c, entityId:$a, otherId:$b) }',
    vars: () => ({ c: st.case, a: st.person, b: st.other }),
  },
  {
    // Said and taken back in one document (mutations run in order), so each role starts from the same state.
    name: 'undoRejectDuplicate',
    action: 'graph.merge',
    query:
      'mutation($c:ID!,$a:ID!,$b:ID!){ r: rejectDuplicate(caseId:$c, entityId:$a, otherId:$b) ' +
      'u: undoRejectDuplicate(caseId:$c, entityId:$a, otherId:$b) }',
    vars: () => ({ c: st.case, a: st.person, b: st.other }),
  },
  { name: 'updateCase', action: 'case.update', query: 'mutation($c:ID!){ updateCase(id:$c, input:{ riskLevel: HIGH }){ id } }', vars: c },
  { name: 'setFaceMatch', action: 'case.update', query: 'mutation($c:ID!){ setFaceMatch(caseId:$c, enabled: false){ enabled } }', vars: c },
  {
    name: 'confirmRiskAssessment',
    action: 'case.update',
    query:
      'mutation($c:ID!){ confirmRiskAssessment(caseId:$c, factors:{ hoursMissing: 30 }, level: HIGH, note:"sweep"){ confirmedLevel } }',
    vars: c,
  },
  {
    name: 'requestSignOff notes',
    action: 'notes.edit',
    query: 'mutation($c:ID!){ requestSignOff(caseId:$c, document: NOTES) }',
    vars: c,
  },
  {
    name: 'requestSignOff timeline',
    action: 'timeline.edit',
    query: 'mutation($c:ID!){ requestSignOff(caseId:$c, document: TIMELINE) }',
    vars: c,
  },
  { name: 'signOff', action: 'review.signOff', query: 'mutation($c:ID!){ signOff(caseId:$c, document: NOTES){ id } }', vars: c },
  { name: 'auditRecords', action: 'audit.read', query: 'query($c:ID!){ auditRecords(caseId:$c, limit: 1){ seq } }', vars: c },
  {
    name: 'previewChildAlert',
    action: 'alert.issue',
    query: 'query($c:ID!){ previewChildAlert(caseId:$c, input:{ languages:["es"], status: Exercise }){ status } }',
    vars: c,
  },
  {
    name: 'issueChildAlert (no language)',
    action: 'alert.issue',
    query: 'mutation($c:ID!){ issueChildAlert(caseId:$c, input:{ languages:[], status: Exercise }){ id } }',
    vars: c,
  },
  {
    name: 'publishChild',
    action: 'public.publish',
    query: 'mutation($c:ID!){ publishChild(caseId:$c, input:{ fields: [], languages: [] }){ id } }',
    vars: c,
  },
  {
    name: 'takeHotlineTip',
    action: 'tips.decide',
    query: 'mutation($c:ID!){ takeHotlineTip(caseId:$c, input:{ callerPhone:"", hotline:"", what:"" }){ id } }',
    vars: c,
  },
  {
    name: 'createTask',
    action: 'task.manage',
    query: 'mutation($c:ID!){ createTask(input:{ caseId:$c, title:"Sweep" }){ id } }',
    vars: c,
  },
  {
    name: 'updateTask',
    action: 'task.manage',
    query: 'mutation($i:ID!){ updateTask(id:$i, input:{ title:"Sweep task, renamed" }){ id } }',
    vars: () => ({ i: st.task }),
    byId: true,
  },
  {
    name: 'addTaskComment',
    action: 'task.comment',
    query: 'mutation($i:ID!){ addTaskComment(id:$i, body:"sweep"){ id } }',
    vars: () => ({ i: st.task }),
    byId: true,
  },
];

const expected = (email: string, action: Action): Outcome => (allowed(email, action) ? 'allowed' : 'refused');

describe(`role sweep (${BACKEND}): each role × each sensitive operation, as policy.ts says`, () => {
  it('covers every action of the role matrix except those outside a case', () => {
    const covered = new Set(OPS.map((o) => o.action));
    // public.configure (a country's public site) is checked in public-site.test.ts.
    const outside: Action[] = ['case.create', 'case.manageMembers', 'accounts.manage', 'public.configure'];
    expect(Object.keys(ROLE_MATRIX).filter((a) => !covered.has(a as Action) && !outside.includes(a as Action))).toEqual([]);
  });

  for (const email of Object.keys(USERS)) {
    const caseRole = USERS[email].caseRole ? `, ${USERS[email].caseRole} on the case` : '';
    it(`GraphQL: ${email} (${USERS[email].role}${caseRole}${USERS[email].member ? '' : ', not a member'})`, async () => {
      const wrong: string[] = [];
      for (const op of OPS) {
        const r = await gql(server.url, op.query, op.vars?.() ?? {}, token[email]);
        const got = graphqlOutcome(r, op.byId ?? false);
        const want = expected(email, op.action);
        // Refused, nothing of the case comes back.
        const leaked = want === 'refused' && r.data && Object.values(r.data)[0] !== null;
        if (got !== want || leaked)
          wrong.push(`${op.name} (${op.action}): ${got}, policy says ${want}: ${JSON.stringify(r.errors ?? r.data).slice(0, 200)}`);
      }
      expect(wrong).toEqual([]);
    }, 120_000);

    it(`${email} changes a task's status only as its assignee or a supervisor of the case`, async () => {
      const r = await gql(
        server.url,
        'mutation($i:ID!){ setTaskStatus(id:$i, status: IN_PROGRESS){ id } }',
        { i: st.assigned },
        token[email],
      );
      const may = USERS[email].member && (email === 'analyst.mx@demo.local' || USERS[email].role === 'SUPERVISOR');
      expect(graphqlOutcome(r, true), JSON.stringify(r.errors ?? r.data)).toBe(may ? 'allowed' : 'refused');
    });

    it(`HTTP: ${email} uploads (graph.addEntity), downloads photos (case.read), exports the case (case.update)`, async () => {
      const up = await upload(email);
      expect(up.status, `upload: ${JSON.stringify(up.json)}`).toBe(
        allowed(email, 'graph.addEntity') ? 201 : USERS[email].member ? 403 : 404,
      );
      for (const variant of ['original', 'thumbnail']) {
        const res = await fetch(`${server.url}/media/photos/${st.photo}/${variant}`, {
          headers: { authorization: `Bearer ${token[email]}` },
        });
        await res.arrayBuffer();
        expect(res.status, `photo ${variant}`).toBe(allowed(email, 'case.read') ? 200 : 404);
      }
      const zip = await fetch(`${server.url}/media/cases/${st.case}/bundle.zip`, { headers: { authorization: `Bearer ${token[email]}` } });
      await zip.arrayBuffer();
      expect(zip.status, 'bundle.zip').toBe(allowed(email, 'case.update') ? 200 : USERS[email].member ? 403 : 404);
    }, 120_000);

    it(`subscriptions: ${email} follows the case's graph and tips only when they may read it`, async () => {
      const ws = server.url.replace('http', 'ws');
      for (const field of ['graphChanged(caseId:$c){ caseId }', 'tipsChanged(caseId:$c){ caseId }']) {
        const client = createClient({
          url: `${ws}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${token[email]}` },
          retryAttempts: 0,
        });
        const outcome = await new Promise<string>((resolve) => {
          const stop = client.subscribe(
            { query: `subscription($c:ID!){ ${field} }`, variables: { c: st.case } },
            { next: (v) => resolve(v.errors ? 'refused' : 'allowed'), error: () => resolve('refused'), complete: () => resolve('refused') },
          );
          setTimeout(() => {
            stop();
            resolve('allowed');
          }, 400);
        });
        await client.dispose();
        expect(outcome, field).toBe(expected(email, 'case.read'));
      }
    }, 60_000);

    it(`collaboration rooms: ${email} reads the notes and timeline, and edits them only when policy says`, async () => {
      const ws = server.url.replace('http', 'ws');
      for (const document of ['notes', 'timeline'] as const) {
        const doc = new Y.Doc();
        const p = new WebsocketProvider(`${ws}/collab`, `cases/${st.case}/${document}`, doc, {
          WebSocketPolyfill: WebSocket as never,
          params: { token: token[email] },
          disableBc: true,
          connect: true,
        });
        let closedWith: number | null = null;
        const closed = new Promise<void>((resolve) =>
          p.on('connection-close', (e: CloseEvent | null) => {
            if (closedWith !== null) return;
            closedWith = e?.code ?? -1;
            // No reconnecting: the first close is the server's answer.
            p.shouldConnect = false;
            resolve();
          }),
        );
        const synced = new Promise<void>((resolve) => p.on('sync', (s: boolean) => s && resolve()));
        await Promise.race([synced, closed]);
        if (!allowed(email, 'case.read')) {
          expect(closedWith, `${document}: an outsider is closed before any content`).toBe(4403);
          p.destroy();
          continue;
        }
        expect(closedWith, `${document}: a member may read`).toBeNull();
        const marker = `sweep-${USERS[email].role}-${Date.now()}`;
        if (document === 'timeline')
          doc.getArray('events').push([new Y.Map<unknown>(Object.entries({ id: marker, at: '2026-11-22T10:00:00Z', title: marker }))]);
        else doc.getText('sweep').insert(0, marker);
        const action: Action = document === 'notes' ? 'notes.edit' : 'timeline.edit';
        await Promise.race([closed, new Promise((r) => setTimeout(r, 1500))]);
        const afterEdit = closedWith;
        p.destroy();
        expect(afterEdit, `${document} edit by ${USERS[email].role}`).toBe(allowed(email, action) ? null : 4403);
        // What reached the store: the timeline as the server reads it.
        if (document === 'timeline') {
          const t = await gql(server.url, 'query($c:ID!){ caseTimeline(caseId:$c){ id } }', { c: st.case }, token[SUPERVISOR]);
          const kept = (t.data!.caseTimeline as Array<{ id: string }>).some((e) => e.id === marker);
          expect(kept, `timeline edit kept for ${USERS[email].role}`).toBe(allowed(email, action));
        }
      }
    }, 60_000);
  }
});
