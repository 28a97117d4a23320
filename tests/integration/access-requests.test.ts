import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTeam, gql, startServer, type RunningServer } from './harness';

let server: RunningServer;
const team = demoTeam(['investigator.gt', 'investigator.mx', 'supervisor.gt', 'analyst.mx', 'ngo.es']);
const { tokens, ids, ok } = team;

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 120_000 });
  await team.signIn(server.url);
}, 150_000);
afterAll(async () => {
  await server?.stop();
});

const REQUEST = 'mutation($c:ID!,$e:ID!,$m:String){ requestCaseAccess(caseId:$c, entityId:$e, message:$m){ sent limited } }';
const LIST = `{ accessRequests {
  incoming { id toCaseId toCaseReference requesterName requesterAgency fromCaseReference reason identifierKind message status decisionReason }
  outgoing { id fromCaseId fromCaseReference reason identifierKind agencyName status decisionReason grantedCaseId grantedCaseReference } } }`;
const DECIDE = 'mutation($id:ID!,$g:Boolean!,$r:String){ decideAccessRequest(id:$id, grant:$g, reason:$r) }';

/**
 * A GT case (lead GT, with supervisor.gt a member) holding a van, and an MX case of investigator.mx
 * with a van of the same plate written differently: the MX investigator sees only a notice.
 */
async function matchedPair(tag: string) {
  const plate = `P${tag}${Date.now().toString(36).toUpperCase().slice(-4)}`;
  const gt = await team.createCase(
    { title: `Confidential GT case ${tag}`, category: 'NON_FAMILY_ABDUCTION', riskLevel: 'HIGH', country: 'GT' },
    [],
    'investigator.gt',
  );
  await ok(
    'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }',
    { c: gt.id, u: ids['supervisor.gt'] },
    'investigator.gt',
  );
  await ok(
    'mutation($c:ID!,$p:String!){ addVehicle(caseId:$c, input:{plate:$p, make:"Toyota"}){ id } }',
    { c: gt.id, p: plate },
    'investigator.gt',
  );
  const mx = await team.createCase(
    { title: `MX case ${tag}`, category: 'RUNAWAY', riskLevel: 'MEDIUM', country: 'MX' },
    [],
    'investigator.mx',
  );
  const van = (
    await ok(
      'mutation($c:ID!,$p:String!){ addVehicle(caseId:$c, input:{plate:$p}){ id } }',
      { c: mx.id, p: plate.toLowerCase() },
      'investigator.mx',
    )
  ).addVehicle.id;
  return { gt, mx, van, plate };
}

describe('access requests across agencies', () => {
  it('asks the other case’s lead-agency supervisors, saying the requester’s case and the identifier kind only, and leaks nothing back', async () => {
    const { gt, mx, van, plate } = await matchedPair('A');
    const notice = await ok(
      'query($c:ID!){ crossCaseLinks(caseId:$c){ notices { entityId agencyName reason } } }',
      { c: mx.id },
      'investigator.mx',
    );
    expect(notice.crossCaseLinks.notices).toEqual([{ entityId: van, agencyName: expect.any(String), reason: 'SAME_IDENTIFIER' }]);
    const sent = await ok(REQUEST, { c: mx.id, e: van, m: 'Same van in our case' }, 'investigator.mx');
    expect(sent.requestCaseAccess).toEqual({ sent: 1, limited: 0 });

    const incoming = (await ok(LIST, {}, 'supervisor.gt')).accessRequests.incoming.find((r: any) => r.toCaseId === gt.id);
    expect(incoming).toMatchObject({
      toCaseReference: gt.reference,
      requesterName: 'Daniela Treviño (FGR, MX)',
      fromCaseReference: mx.reference,
      reason: 'SAME_IDENTIFIER',
      identifierKind: 'plate',
      message: 'Same van in our case',
      status: 'PENDING',
    });
    const told = (await ok('{ notifications(limit: 50){ items { kind caseId params } } }', {}, 'supervisor.gt')).notifications.items.find(
      (n: any) => n.kind === 'ACCESS_REQUESTED' && n.caseId === gt.id,
    );
    expect(told.params).toMatchObject({ fromCaseReference: mx.reference, identifierKind: 'plate', requestId: incoming.id });
    // The investigator of the GT case is not a supervisor: not asked.
    const inv = (await ok('{ notifications(limit: 50){ items { kind caseId } } }', {}, 'investigator.gt')).notifications.items;
    expect(inv.filter((n: any) => n.kind === 'ACCESS_REQUESTED')).toEqual([]);

    // The requester's view: their case, the kind, the agency the notice named; nothing of the GT case.
    const mine = JSON.stringify((await ok(LIST, {}, 'investigator.mx')).accessRequests);
    const everything = mine + JSON.stringify(await ok('{ notifications(limit: 100){ items { params caseId } } }', {}, 'investigator.mx'));
    for (const secret of [gt.id, gt.reference, `Confidential GT case A`, plate]) expect(everything).not.toContain(secret);
    const out = (await ok(LIST, {}, 'investigator.mx')).accessRequests.outgoing.find((r: any) => r.fromCaseId === mx.id);
    expect(out).toMatchObject({ fromCaseReference: mx.reference, status: 'PENDING', grantedCaseId: null, identifierKind: 'plate' });
    // Nor can the requester answer it (or anyone else but the supervisor).
    for (const who of ['investigator.mx', 'investigator.gt', 'ngo.es']) {
      const r = await gql(server.url, DECIDE, { id: incoming.id, g: true }, tokens[who]);
      expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    // The request is audited in each case, the requester's record naming no other case.
    const audit = await ok(
      'query($c:ID!){ auditRecords(caseId:$c, action:"access.request.received"){ actorId targetId details } }',
      { c: gt.id },
      'supervisor.gt',
    );
    expect(audit.auditRecords).toEqual([expect.objectContaining({ actorId: ids['investigator.mx'], targetId: incoming.id })]);
  });

  it('allows one request a day per pair of cases, and none for an entity with no hidden match', async () => {
    const { mx, van } = await matchedPair('B');
    expect((await ok(REQUEST, { c: mx.id, e: van }, 'investigator.mx')).requestCaseAccess.sent).toBe(1);
    const again = await gql(server.url, REQUEST, { c: mx.id, e: van }, tokens['investigator.mx']);
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    // Another member of the MX case asking for the same pair is the same pair.
    await ok('mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', { c: mx.id, u: ids['analyst.mx'] }, 'investigator.mx');
    const byColleague = await gql(server.url, REQUEST, { c: mx.id, e: van }, tokens['analyst.mx']);
    expect(byColleague.errors?.[0].extensions?.code).toBe('CONFLICT');
    const lone = (
      await ok('mutation($c:ID!){ addVehicle(caseId:$c, input:{plate:"ZZ-000-UNIQUE-1"}){ id } }', { c: mx.id }, 'investigator.mx')
    ).addVehicle.id;
    const none = await gql(server.url, REQUEST, { c: mx.id, e: lone }, tokens['investigator.mx']);
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'entityId' });
    // Not a member of the case: not found.
    const outsider = await gql(server.url, REQUEST, { c: mx.id, e: van }, tokens['ngo.es']);
    expect(outsider.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('grants: the requester becomes a member, is told, and then sees the case', async () => {
    const { gt, mx, van } = await matchedPair('C');
    await ok(REQUEST, { c: mx.id, e: van }, 'investigator.mx');
    const before = await gql(server.url, 'query($id:ID!){ case(id:$id){ title } }', { id: gt.id }, tokens['investigator.mx']);
    expect(before.data?.case).toBeNull();
    const req = (await ok(LIST, {}, 'supervisor.gt')).accessRequests.incoming.find((r: any) => r.toCaseId === gt.id);
    expect((await ok(DECIDE, { id: req.id, g: true }, 'supervisor.gt')).decideAccessRequest).toBe('GRANTED');
    const twice = await gql(server.url, DECIDE, { id: req.id, g: false, r: 'no' }, tokens['supervisor.gt']);
    expect(twice.errors?.[0].extensions?.code).toBe('CONFLICT');
    await expect
      .poll(
        async () => (await gql(server.url, 'query($id:ID!){ case(id:$id){ title } }', { id: gt.id }, tokens['investigator.mx'])).data?.case,
      )
      .toEqual({ title: 'Confidential GT case C' });
    const n = (
      await ok('{ notifications(limit: 50){ items { kind caseId params actorName } } }', {}, 'investigator.mx')
    ).notifications.items.find((x: any) => x.kind === 'ACCESS_GRANTED' && x.caseId === gt.id);
    expect(n).toMatchObject({ params: { caseReference: gt.reference }, actorName: 'Comisario Óscar Barrios (PNC, GT)' });
    const out = (await ok(LIST, {}, 'investigator.mx')).accessRequests.outgoing.find((r: any) => r.id === req.id);
    expect(out).toMatchObject({ status: 'GRANTED', grantedCaseId: gt.id, grantedCaseReference: gt.reference });
    const audit = await ok(
      'query($c:ID!){ auditRecords(caseId:$c, action:"access.granted"){ actorId details } }',
      { c: gt.id },
      'supervisor.gt',
    );
    expect(audit.auditRecords).toEqual([expect.objectContaining({ actorId: ids['supervisor.gt'] })]);
  });

  it('declines with a reason: the requester is told the reason, and still sees nothing of the case', async () => {
    const { gt, mx, van } = await matchedPair('D');
    await ok(REQUEST, { c: mx.id, e: van }, 'investigator.mx');
    const req = (await ok(LIST, {}, 'supervisor.gt')).accessRequests.incoming.find((r: any) => r.toCaseId === gt.id);
    const noReason = await gql(server.url, DECIDE, { id: req.id, g: false, r: '  ' }, tokens['supervisor.gt']);
    expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect((await ok(DECIDE, { id: req.id, g: false, r: 'Not related to your case' }, 'supervisor.gt')).decideAccessRequest).toBe(
      'DECLINED',
    );
    const n = (
      await ok('{ notifications(limit: 50){ items { kind caseId params actorName } } }', {}, 'investigator.mx')
    ).notifications.items.find((x: any) => x.kind === 'ACCESS_DECLINED' && x.params.requestId === req.id);
    expect(n).toMatchObject({
      caseId: mx.id,
      actorName: null,
      params: { reason: 'Not related to your case', caseReference: mx.reference },
    });
    const everything = JSON.stringify(await ok(LIST, {}, 'investigator.mx')) + JSON.stringify(n);
    for (const secret of [gt.id, gt.reference, 'Confidential GT case D', 'Óscar']) expect(everything).not.toContain(secret);
    const still = await gql(server.url, 'query($id:ID!){ case(id:$id){ title } }', { id: gt.id }, tokens['investigator.mx']);
    expect(still.data?.case).toBeNull();
  });
});
