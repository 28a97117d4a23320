import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { demoTeam, gql, startServer, type RunningServer } from './harness';

let server: RunningServer;
const team = demoTeam(['investigator.gt', 'investigator.mx', 'supervisor.gt', 'analyst.mx', 'ngo.es']);
const { tokens, ids, ok } = team;

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 120_000 });
  await team.signIn(server.url);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

/** A fresh case made by investigator.gt with the given members. */
const caseWith = (members: string[], title = 'Teamwork case') => team.createCase({ title, category: 'FAMILY_ABDUCTION' }, members);

const INBOX = `query($u:Boolean){ notifications(limit: 50, unreadOnly: $u){ unreadCount hasMore
  items { id kind caseId actorName params createdAt readAt } } }`;

async function inbox(who: string, unreadOnly = false) {
  return (await ok(INBOX, { u: unreadOnly }, who)).notifications as {
    unreadCount: number;
    items: Array<{
      id: string;
      kind: string;
      caseId: string | null;
      actorName: string | null;
      params: Record<string, string>;
      readAt: string | null;
    }>;
  };
}

async function addPlace(caseId: string, who = 'investigator.gt'): Promise<string> {
  return (
    await ok(
      'mutation($c:ID!){ addLocation(caseId:$c, input:{name:"Terminal", country:"GT", latitude:14.6, longitude:-90.5}){ id } }',
      { c: caseId },
      who,
    )
  ).addLocation.id;
}

async function addSighting(caseId: string, who = 'investigator.gt'): Promise<string> {
  const place = await addPlace(caseId, who);
  const person = (
    await ok('mutation($c:ID!){ addPerson(caseId:$c, input:{fullName:"Seen Person", role: WITNESS}){ id } }', { c: caseId }, who)
  ).addPerson.id;
  return (
    await ok(
      'mutation($c:ID!,$l:ID!,$p:ID!){ addSighting(caseId:$c, input:{observedAt:"2026-11-20T18:00:00Z", locationId:$l, seenIds:[$p]}){ id } }',
      { c: caseId, l: place, p: person },
      who,
    )
  ).addSighting.id;
}

/** Notifications are sent after the action's answer: wait until one of the kind is there. */
async function waitFor(who: string, pred: (n: { kind: string; caseId: string | null; params: Record<string, string> }) => boolean) {
  let found: Awaited<ReturnType<typeof inbox>>['items'][number] | undefined;
  await expect
    .poll(
      async () => {
        found = (await inbox(who)).items.find(pred);
        return found !== undefined;
      },
      { timeout: 10_000, interval: 100 },
    )
    .toBe(true);
  return found!;
}

function subscriber(token: string): Client {
  return createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
}

describe('notifications', () => {
  it('tells the members of a case about a new sighting, not the one who added it, with a link to it', async () => {
    const c = await caseWith(['investigator.mx', 'analyst.mx']);
    const sighting = await addSighting(c.id);
    const n = await waitFor('investigator.mx', (x) => x.kind === 'SIGHTING_ADDED' && x.caseId === c.id);
    expect(n.params).toMatchObject({ caseReference: c.reference, caseTitle: 'Teamwork case', entityId: sighting });
    expect((n as unknown as { actorName: string }).actorName).toMatch(/Lucía Morales/);
    await waitFor('analyst.mx', (x) => x.kind === 'SIGHTING_ADDED' && x.caseId === c.id);
    await new Promise((r) => setTimeout(r, 300));
    expect((await inbox('investigator.gt')).items.filter((x) => x.caseId === c.id && x.kind === 'SIGHTING_ADDED')).toEqual([]);
    // Someone outside the case hears nothing of it.
    expect((await inbox('ngo.es')).items.filter((x) => x.caseId === c.id)).toEqual([]);
  });

  it('does not tell a user who muted the kind, and validates the kinds named', async () => {
    const c = await caseWith(['investigator.mx', 'analyst.mx']);
    const set = await ok('mutation{ setNotificationSettings(input:{muted:[SIGHTING_ADDED]}){ muted } }', {}, 'analyst.mx');
    expect(set.setNotificationSettings.muted).toEqual(['SIGHTING_ADDED']);
    expect((await ok('{ notificationSettings { muted } }', {}, 'analyst.mx')).notificationSettings.muted).toEqual(['SIGHTING_ADDED']);
    await addSighting(c.id);
    await waitFor('investigator.mx', (x) => x.kind === 'SIGHTING_ADDED' && x.caseId === c.id);
    await new Promise((r) => setTimeout(r, 300));
    expect((await inbox('analyst.mx')).items.filter((x) => x.caseId === c.id && x.kind === 'SIGHTING_ADDED')).toEqual([]);
    await ok('mutation{ setNotificationSettings(input:{muted:[]}){ muted } }', {}, 'analyst.mx');
    const bad = await gql(server.url, 'mutation{ setNotificationSettings(input:{muted:[NOPE]}){ muted } }', {}, tokens['analyst.mx']);
    expect(bad.errors?.[0].message).toMatch(/NOPE/);
  });

  it('no longer shows nor counts a notification of a case the recipient was removed from', async () => {
    const c = await caseWith(['investigator.mx']);
    await addSighting(c.id);
    await waitFor('investigator.mx', (x) => x.kind === 'SIGHTING_ADDED' && x.caseId === c.id);
    const before = await inbox('investigator.mx');
    await ok(
      'mutation($c:ID!,$u:ID!){ removeCaseMember(caseId:$c, userId:$u){ id } }',
      { c: c.id, u: ids['investigator.mx'] },
      'investigator.gt',
    );
    const after = await inbox('investigator.mx');
    expect(after.items.filter((x) => x.caseId === c.id)).toEqual([]);
    expect(after.unreadCount).toBe(before.unreadCount - before.items.filter((x) => x.caseId === c.id && !x.readAt).length);
    expect(JSON.stringify(after)).not.toContain(c.reference);
    // Added again, it is there again (kept, only hidden).
    await ok(
      'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }',
      { c: c.id, u: ids['investigator.mx'] },
      'investigator.gt',
    );
    await expect
      .poll(async () => (await inbox('investigator.mx')).items.some((x) => x.caseId === c.id && x.kind === 'SIGHTING_ADDED'))
      .toBe(true);
  });

  it('marks some or all read, and the unread count follows', async () => {
    const c = await caseWith(['analyst.mx']);
    await waitFor('analyst.mx', (x) => x.kind === 'CASE_ADDED' && x.caseId === c.id);
    await addSighting(c.id);
    await addSighting(c.id);
    await expect
      .poll(async () => (await inbox('analyst.mx', true)).items.filter((x) => x.caseId === c.id && x.kind === 'SIGHTING_ADDED').length, {
        timeout: 10_000,
      })
      .toBe(2);
    const unread = await inbox('analyst.mx', true);
    const mine = unread.items.filter((x) => x.caseId === c.id && x.kind === 'SIGHTING_ADDED');
    expect(await ok('mutation($i:[ID!]!){ markNotificationsRead(ids:$i) }', { i: [mine[0].id] }, 'analyst.mx')).toEqual({
      markNotificationsRead: 1,
    });
    // Another user cannot mark them.
    expect(await ok('mutation($i:[ID!]!){ markNotificationsRead(ids:$i) }', { i: [mine[1].id] }, 'investigator.mx')).toEqual({
      markNotificationsRead: 0,
    });
    const after = await inbox('analyst.mx', true);
    expect(after.unreadCount).toBe(unread.unreadCount - 1);
    await ok('mutation{ markAllNotificationsRead }', {}, 'analyst.mx');
    expect((await inbox('analyst.mx', true)).unreadCount).toBe(0);
  });

  it('pushes the unread count at once and each new notification live, and the count again after a removal', async () => {
    const c = await caseWith(['investigator.mx']);
    // Being added is told in the background: let that one arrive before reading everything.
    await waitFor('investigator.mx', (x) => x.kind === 'CASE_ADDED' && x.caseId === c.id);
    await ok('mutation{ markAllNotificationsRead }', {}, 'investigator.mx');
    const client = subscriber(tokens['investigator.mx']);
    const events: Array<{ unreadCount: number; notification: { kind: string; caseId: string } | null }> = [];
    const stop = client.subscribe(
      { query: 'subscription{ inboxChanged { unreadCount notification { id kind caseId params } } }' },
      { next: (v) => events.push((v.data as any).inboxChanged), error: () => undefined, complete: () => undefined },
    );
    await expect.poll(() => events.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(events[0]).toEqual({ unreadCount: 0, notification: null });
    await addSighting(c.id);
    await expect.poll(() => events.find((e) => e.notification?.kind === 'SIGHTING_ADDED'), { timeout: 10_000 }).toBeTruthy();
    const live = events.find((e) => e.notification?.kind === 'SIGHTING_ADDED')!;
    expect(live).toMatchObject({ unreadCount: 1, notification: { caseId: c.id } });
    await ok(
      'mutation($c:ID!,$u:ID!){ removeCaseMember(caseId:$c, userId:$u){ id } }',
      { c: c.id, u: ids['investigator.mx'] },
      'investigator.gt',
    );
    await expect.poll(() => events[events.length - 1].unreadCount, { timeout: 10_000 }).toBe(0);
    stop();
    await client.dispose();
  });

  it('asks the case’s supervisors for a sign-off, and tells the members when it is given', async () => {
    const c = await caseWith(['supervisor.gt', 'investigator.mx']);
    const asked = await ok(
      'mutation($c:ID!){ requestSignOff(caseId:$c, document: TIMELINE, note:"Ready for review") }',
      { c: c.id },
      'investigator.gt',
    );
    expect(asked.requestSignOff).toBe(1);
    const req = await waitFor('supervisor.gt', (x) => x.kind === 'SIGN_OFF_REQUESTED' && x.caseId === c.id);
    expect(req.params).toMatchObject({ document: 'TIMELINE', note: 'Ready for review' });
    // An investigator is not a supervisor: not asked.
    expect((await inbox('investigator.mx')).items.filter((x) => x.kind === 'SIGN_OFF_REQUESTED' && x.caseId === c.id)).toEqual([]);
    // Outside the case: refused as not found.
    const outside = await gql(server.url, 'mutation($c:ID!){ requestSignOff(caseId:$c, document: NOTES) }', { c: c.id }, tokens['ngo.es']);
    expect(outside.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    await ok('mutation($c:ID!){ signOff(caseId:$c, document: TIMELINE, comment:"ok"){ id } }', { c: c.id }, 'supervisor.gt');
    for (const who of ['investigator.gt', 'investigator.mx']) {
      const given = await waitFor(who, (x) => x.kind === 'SIGN_OFF_GIVEN' && x.caseId === c.id);
      expect(given.params.document).toBe('TIMELINE');
    }
  });

  it('tells both cases of a new cross-case match, and nothing of the other case', async () => {
    const mine = await caseWith(['investigator.mx'], 'Case with the van');
    // A case of the MX agency the GT investigator is not a member of.
    const theirs = (
      await ok(
        'mutation($i:CreateCaseInput!){ createCase(input:$i){ id reference } }',
        { i: { title: 'Secret MX case', category: 'NON_FAMILY_ABDUCTION', riskLevel: 'HIGH', country: 'MX' } },
        'investigator.mx',
      )
    ).createCase;
    await ok(
      'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }',
      { c: theirs.id, u: ids['analyst.mx'] },
      'investigator.mx',
    );
    const plate = `P${Date.now().toString(36).toUpperCase().slice(-6)}`;
    await ok('mutation($c:ID!,$p:String!){ addVehicle(caseId:$c, input:{plate:$p}){ id } }', { c: theirs.id, p: plate }, 'investigator.mx');
    const van = (
      await ok(
        'mutation($c:ID!,$p:String!){ addVehicle(caseId:$c, input:{plate:$p}){ id } }',
        { c: mine.id, p: plate.toLowerCase() },
        'investigator.gt',
      )
    ).addVehicle.id;
    // The check after each write runs in the background: the first vehicle's may find the match too, from its side.
    const here = await waitFor(
      'investigator.mx',
      (x) => x.kind === 'CROSS_CASE_MATCH' && x.caseId === mine.id && x.params.entityId === van,
    );
    expect(here.params).toEqual({ caseReference: mine.reference, caseTitle: 'Case with the van', entityId: van });
    const there = await waitFor('analyst.mx', (x) => x.kind === 'CROSS_CASE_MATCH' && x.caseId === theirs.id);
    // Their notification names their own case only (at most their own vehicle): not mine, not who added the van.
    expect(there.params).toMatchObject({ caseReference: theirs.reference, caseTitle: 'Secret MX case' });
    expect(Object.keys(there.params).filter((k) => !['caseReference', 'caseTitle', 'entityId'].includes(k))).toEqual([]);
    expect(there.params.entityId).not.toBe(van);
    const ofTheirs = (await inbox('analyst.mx')).items.filter((x) => x.caseId === theirs.id);
    expect(ofTheirs.map((x) => x.actorName).filter((n) => n !== null && /Lucía/.test(n))).toEqual([]);
    const all = JSON.stringify(await inbox('analyst.mx'));
    expect(all).not.toContain(mine.reference);
    expect(all).not.toContain(mine.id);
  });

  it('tells a user they were added to a case, by whom, with the case’s reference', async () => {
    const c = await caseWith(['analyst.mx'], 'Added case');
    const n = await waitFor('analyst.mx', (x) => x.kind === 'CASE_ADDED' && x.caseId === c.id);
    expect(n.params).toEqual({ caseReference: c.reference, caseTitle: 'Added case' });
    expect((n as unknown as { actorName: string }).actorName).toMatch(/Lucía Morales/);
  });

  it('refuses the inbox to a caller who is not signed in', async () => {
    const r = await gql(server.url, '{ notifications { unreadCount } }');
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
