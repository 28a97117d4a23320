import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { demoTeam, gql, startServer, type RunningServer } from './harness';

/**
 * Case roles: a grant across agencies may give the requester a role on that case which narrows what their
 * account's role allows there (and only there), never above it.
 */
let server: RunningServer;
const team = demoTeam(['investigator.gt', 'investigator.mx', 'supervisor.gt']);
const { tokens, ids, ok } = team;

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 120_000 });
  await team.signIn(server.url);
}, 150_000);
afterAll(async () => {
  await server?.stop();
});

const DECIDE = 'mutation($id:ID!,$g:Boolean!,$r:String,$role:Role){ decideAccessRequest(id:$id, grant:$g, reason:$r, role:$role) }';
const ADD_PERSON = 'mutation($c:ID!){ addPerson(caseId:$c, input:{fullName:"Case role probe", role: OTHER}){ id } }';

/** A GT case (supervisor.gt a member) and an MX case of investigator.mx sharing a plate; the MX investigator asks for access. */
async function requested(tag: string) {
  const plate = `R${tag}${Date.now().toString(36).toUpperCase().slice(-5)}`;
  const gt = await team.createCase(
    { title: `GT case role ${tag}`, category: 'NON_FAMILY_ABDUCTION', riskLevel: 'HIGH', country: 'GT' },
    [],
    'investigator.gt',
  );
  await ok(
    'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }',
    { c: gt.id, u: ids['supervisor.gt'] },
    'investigator.gt',
  );
  await ok('mutation($c:ID!,$p:String!){ addVehicle(caseId:$c, input:{plate:$p}){ id } }', { c: gt.id, p: plate }, 'investigator.gt');
  const mx = await team.createCase(
    { title: `MX case role ${tag}`, category: 'RUNAWAY', riskLevel: 'MEDIUM', country: 'MX' },
    [],
    'investigator.mx',
  );
  const van = (
    await ok('mutation($c:ID!,$p:String!){ addVehicle(caseId:$c, input:{plate:$p}){ id } }', { c: mx.id, p: plate }, 'investigator.mx')
  ).addVehicle.id;
  await ok('mutation($c:ID!,$e:ID!){ requestCaseAccess(caseId:$c, entityId:$e){ sent } }', { c: mx.id, e: van }, 'investigator.mx');
  const req = (await ok('{ accessRequests { incoming { id toCaseId } } }', {}, 'supervisor.gt')).accessRequests.incoming.find(
    (r: any) => r.toCaseId === gt.id,
  );
  return { gt, mx, req };
}

describe('case roles from a grant', () => {
  it('refuses a role above the requester’s account role, naming the role field, and grants nothing', async () => {
    const { gt, req } = await requested('A');
    for (const role of ['SUPERVISOR', 'ADMIN']) {
      const r = await gql(server.url, DECIDE, { id: req.id, g: true, role }, tokens['supervisor.gt']);
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role' });
    }
    const declineWithRole = await gql(server.url, DECIDE, { id: req.id, g: false, r: 'no', role: 'ANALYST' }, tokens['supervisor.gt']);
    expect(declineWithRole.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role' });
    // Still pending, and the requester is not a member.
    const still = await ok('{ accessRequests { incoming { id status } } }', {}, 'supervisor.gt');
    expect(still.accessRequests.incoming.find((r: any) => r.id === req.id).status).toBe('PENDING');
    const seen = await gql(server.url, 'query($id:ID!){ case(id:$id){ id } }', { id: gt.id }, tokens['investigator.mx']);
    expect(seen.data?.case).toBeNull();
    // Sharing a case directly takes the same rule.
    const shared = await gql(
      server.url,
      'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u, role: SUPERVISOR){ id } }',
      { c: gt.id, u: ids['investigator.mx'] },
      tokens['investigator.gt'],
    );
    expect(shared.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'role' });
    expect((await gql(server.url, 'query($id:ID!){ case(id:$id){ id } }', { id: gt.id }, tokens['investigator.mx'])).data?.case).toBeNull();
  });

  it('an investigator granted as ANALYST reads the case but may not add a person there (and still may in their own case)', async () => {
    const { gt, mx, req } = await requested('B');
    expect((await ok(DECIDE, { id: req.id, g: true, role: 'ANALYST' }, 'supervisor.gt')).decideAccessRequest).toBe('GRANTED');
    const read = async () =>
      (
        await gql(
          server.url,
          'query($id:ID!){ case(id:$id){ title myCaseRole members { id role caseRole } } }',
          { id: gt.id },
          tokens['investigator.mx'],
        )
      ).data?.case;
    await expect.poll(async () => (await read())?.title).toBe('GT case role B');
    const c = await read();
    expect(c.myCaseRole).toBe('ANALYST');
    expect(c.members.find((m: any) => m.id === ids['investigator.mx'])).toEqual({
      id: ids['investigator.mx'],
      role: 'INVESTIGATOR',
      caseRole: 'ANALYST',
    });
    expect(c.members.find((m: any) => m.id === ids['supervisor.gt']).caseRole).toBeNull();

    const denied = await gql(server.url, ADD_PERSON, { c: gt.id }, tokens['investigator.mx']);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(denied.errors?.[0].message).toContain('analyst');
    // What an analyst may do there, they may: analyse the case.
    const analysed = await gql(
      server.url,
      'query($c:ID!){ crossCaseLinks(caseId:$c){ notices { entityId } } }',
      { c: gt.id },
      tokens['investigator.mx'],
    );
    expect(analysed.errors).toBeUndefined();
    // The narrowing is of that case only; on their own case they are an investigator still.
    const own = await ok('query($id:ID!){ case(id:$id){ myCaseRole } }', { id: mx.id }, 'investigator.mx');
    expect(own.case.myCaseRole).toBeNull();
    expect((await gql(server.url, ADD_PERSON, { c: mx.id }, tokens['investigator.mx'])).errors).toBeUndefined();
    // Others on the GT case are unaffected.
    expect((await gql(server.url, ADD_PERSON, { c: gt.id }, tokens['investigator.gt'])).errors).toBeUndefined();

    // The case's notes: what an analyst may do there (policy: notes.edit), the member with that case role does;
    // the room finds them a member by their membership with its case role.
    const room = `cases/${gt.id}/notes`;
    const open = (token: string) =>
      new WebsocketProvider(`${server.url.replace('http', 'ws')}/collab`, room, new Y.Doc(), {
        WebSocketPolyfill: WebSocket as never,
        params: { token },
        disableBc: true,
        maxBackoffTime: 200,
      });
    const granted = open(tokens['investigator.mx']);
    const owner = open(tokens['supervisor.gt']);
    await Promise.all([granted, owner].map((p) => new Promise<void>((r) => p.on('sync', (ok: boolean) => ok && r()))));
    granted.doc.getText('notes').insert(0, 'analyst note');
    await expect.poll(() => owner.doc.getText('notes').toString(), { timeout: 5000 }).toBe('analyst note');
    granted.destroy();
    owner.destroy();

    // The grant is audited with the role actually given.
    const audit = await ok(
      'query($c:ID!){ auditRecords(caseId:$c, action:"access.granted"){ actorId details } }',
      { c: gt.id },
      'supervisor.gt',
    );
    expect(audit.auditRecords).toEqual([
      expect.objectContaining({
        actorId: ids['supervisor.gt'],
        details: expect.objectContaining({ grantedRole: 'ANALYST', caseRole: 'ANALYST' }),
      }),
    ]);
  });

  it('a grant without a role gives the account’s role: the investigator may add a person', async () => {
    const { gt, req } = await requested('C');
    expect((await ok(DECIDE, { id: req.id, g: true }, 'supervisor.gt')).decideAccessRequest).toBe('GRANTED');
    await expect
      .poll(
        async () =>
          (await gql(server.url, 'query($id:ID!){ case(id:$id){ myCaseRole } }', { id: gt.id }, tokens['investigator.mx'])).data?.case,
      )
      .toEqual({ myCaseRole: null });
    expect((await gql(server.url, ADD_PERSON, { c: gt.id }, tokens['investigator.mx'])).errors).toBeUndefined();
    const audit = await ok('query($c:ID!){ auditRecords(caseId:$c, action:"access.granted"){ details } }', { c: gt.id }, 'supervisor.gt');
    expect(audit.auditRecords[0].details).toMatchObject({ grantedRole: 'INVESTIGATOR', caseRole: 'ACCOUNT' });
  });
});
