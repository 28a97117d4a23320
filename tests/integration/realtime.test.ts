import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { createClient, type Client } from 'graphql-ws';
import { gql, login, startServer, type RunningServer } from './harness';

let server: RunningServer;
const tokens: Record<string, string> = {};
let anaCase: string;

beforeAll(async () => {
  server = await startServer();
  for (const who of ['investigator.gt', 'investigator.mx', 'supervisor.gt', 'ngo.es', 'analyst.mx', 'admin'])
    tokens[who] = await login(server.url, `${who}@demo.local`);
  const r = await gql(server.url, '{ cases { id reference } }', {}, tokens['investigator.gt']);
  anaCase = (r.data!.cases as Array<{ id: string; reference: string }>).find((c) => c.reference === 'GT-2026-0001')!.id;
});
afterAll(async () => {
  await server?.stop();
});

const wsUrl = () => server.url.replace('http', 'ws');

function subscriber(token: string | null): Client {
  return createClient({
    url: `${wsUrl()}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
}

function nextEvent(client: Client, caseId: string): Promise<{ data?: any; errors?: any }> {
  return new Promise((resolve) => {
    const stop = client.subscribe(
      {
        query: 'subscription($c:ID!){ graphChanged(caseId:$c){ caseId kind nodes { id label role } edges { id } } }',
        variables: { c: caseId },
      },
      {
        next: (v) => {
          stop();
          resolve(v as never);
        },
        error: (e) => resolve({ errors: Array.isArray(e) ? e : [e] }),
        complete: () => undefined,
      },
    );
  });
}

describe('graphChanged over graphql-ws', () => {
  it('reaches subscribed members of the case, and nobody else', async () => {
    const mx = subscriber(tokens['investigator.mx']);
    const got = nextEvent(mx, anaCase);
    const outsider = subscriber(tokens['ngo.es']);
    const refused = nextEvent(outsider, anaCase);
    await new Promise((r) => setTimeout(r, 300));
    const add = await gql(
      server.url,
      'mutation($c:ID!){ addPerson(caseId:$c, input:{fullName:"Nuevo Testigo", role: WITNESS}) { id } }',
      { c: anaCase },
      tokens['investigator.gt'],
    );
    const change = await got;
    expect(change.data.graphChanged).toMatchObject({
      caseId: anaCase,
      kind: 'UPSERTED',
      nodes: [{ id: add.data!.addPerson.id, label: 'Nuevo Testigo', role: 'WITNESS' }],
    });
    const denied = await refused;
    expect(denied.errors?.[0].message ?? String(denied.errors?.[0])).toMatch(/not found/);
    await mx.dispose();
    await outsider.dispose();
  });

  it('refuses a connection without a valid token', async () => {
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${wsUrl()}/graphql`, 'graphql-transport-ws');
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer nope' } })));
      ws.on('close', (c) => resolve(c));
    });
    expect(code).toBe(4403);
  });

  it('refuses a websocket from a foreign origin', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${wsUrl()}/graphql`, 'graphql-transport-ws', { origin: 'https://evil.example' });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });
});

function provider(room: string, token: string | null, doc = new Y.Doc()) {
  return new WebsocketProvider(`${wsUrl()}/collab`, room, doc, {
    WebSocketPolyfill: WebSocket as never,
    params: token ? { token } : {},
    disableBc: true,
    maxBackoffTime: 200,
  });
}

function closeCode(p: WebsocketProvider): Promise<number> {
  return new Promise((resolve) => p.on('connection-close', (e: CloseEvent | null) => resolve(e?.code ?? 0)));
}

describe('collaboration rooms in the API process', () => {
  it('lets the GT and MX investigators co-edit the timeline, and caseTimeline merges it with the sightings', async () => {
    const room = `cases/${anaCase}/timeline`;
    const a = provider(room, tokens['investigator.gt']);
    const b = provider(room, tokens['investigator.mx']);
    await Promise.all([a, b].map((p) => new Promise<void>((r) => p.on('sync', (s: boolean) => s && r()))));
    // The demo case starts with its seeded events (issue 18).
    const seeded = a.doc.getArray('events').length;
    expect(seeded).toBeGreaterThan(0);
    const ev = new Y.Map<unknown>();
    a.doc.getArray('events').push([ev]);
    ev.set('id', 'ev-1');
    ev.set('at', '2026-11-20T18:00:00-06:00');
    ev.set('title', 'Mother calls the school');
    ev.set('entityIds', Y.Array.from([]));
    await expect.poll(() => b.doc.getArray('events').length, { timeout: 2000 }).toBe(seeded + 1);
    const bad = new Y.Map<unknown>();
    b.doc.getArray('events').push([bad]);
    bad.set('id', 'ev-bad');
    bad.set('at', 'last tuesday');
    bad.set('title', 'Unclear date');
    await expect.poll(() => a.doc.getArray('events').length, { timeout: 2000 }).toBe(seeded + 2);
    await new Promise((r) => setTimeout(r, 200));
    const t = await gql(
      server.url,
      'query($c:ID!){ timeline(caseId:$c){ events { id at title kind } problems { id reason } } caseTimeline(caseId:$c){ id } }',
      { c: anaCase },
      tokens['supervisor.gt'],
    );
    const events = t.data!.timeline.events as Array<{ id: string; at: string; kind: string }>;
    expect(events.map((e) => e.kind)).toContain('SIGHTING');
    expect(events.find((e) => e.id === 'ev-1')).toMatchObject({ title: 'Mother calls the school', kind: 'EVENT' });
    expect(events.map((e) => Date.parse(e.at))).toEqual([...events.map((e) => Date.parse(e.at))].sort((x, y) => x - y));
    expect(t.data!.timeline.problems).toEqual([expect.objectContaining({ id: 'ev-bad' })]);
    expect(t.data!.caseTimeline).toHaveLength(events.length);

    // The supervisor signs off; then an edit shows up as a change by the MX investigator.
    const s = await gql(
      server.url,
      'mutation($c:ID!){ signOff(caseId:$c, document: TIMELINE, comment:"Reviewed") { id contentHash signer { email } } }',
      { c: anaCase },
      tokens['supervisor.gt'],
    );
    expect(s.data!.signOff.signer.email).toBe('supervisor.gt@demo.local');
    const notAllowed = await gql(
      server.url,
      'mutation($c:ID!){ signOff(caseId:$c, document: TIMELINE) { id } }',
      { c: anaCase },
      tokens['investigator.gt'],
    );
    expect(notAllowed.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const mine = (b.doc.getArray('events').toArray() as Y.Map<unknown>[]).find((m) => m.get('id') === 'ev-1')!;
    mine.set('title', 'Mother calls the school (confirmed)');
    await new Promise((r) => setTimeout(r, 300));
    const ch = await gql(
      server.url,
      'query($c:ID!){ changesSinceSignOff(caseId:$c){ eventId change by { email } } }',
      { c: anaCase },
      tokens['supervisor.gt'],
    );
    expect(ch.data!.changesSinceSignOff).toEqual([{ eventId: 'ev-1', change: 'changed', by: [{ email: 'investigator.mx@demo.local' }] }]);
    const v = await gql(
      server.url,
      'query($id:ID!){ signedVersion(id:$id){ verified events { title } } }',
      { id: s.data!.signOff.id },
      tokens['investigator.mx'],
    );
    expect(v.data!.signedVersion.verified).toBe(true);
    expect(v.data!.signedVersion.events.map((e: { title: string }) => e.title)).toContain('Mother calls the school');
    a.destroy();
    b.destroy();
  });

  it('closes with 4401 without a valid token and 4403 for a non-member, sending no content', async () => {
    const room = `cases/${anaCase}/notes`;
    const anon = provider(room, null);
    expect(await closeCode(anon)).toBe(4401);
    anon.destroy();
    const ngo = provider(room, tokens['ngo.es']);
    expect(await closeCode(ngo)).toBe(4403);
    expect(ngo.doc.getText('notes').length).toBe(0);
    ngo.destroy();
    const unknown = provider('cases/case_doesnotexist00000/notes', tokens['investigator.gt']);
    expect(await closeCode(unknown)).toBe(4403);
    unknown.destroy();
  });

  it('closes a removed member’s connections within 5 seconds', async () => {
    const created = await gql(
      server.url,
      'mutation { createCase(input:{ title:"Sharing test", category: UNKNOWN, riskLevel: LOW, country:"GT" }) { id } }',
      {},
      tokens['supervisor.gt'],
    );
    const c = created.data!.createCase.id;
    const users = await gql(server.url, '{ users { id email } }', {}, tokens.admin);
    const mx = (users.data!.users as Array<{ id: string; email: string }>).find((u) => u.email === 'investigator.mx@demo.local')!.id;
    await gql(server.url, 'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', { c, u: mx }, tokens['supervisor.gt']);
    const p = provider(`cases/${c}/notes`, tokens['investigator.mx']);
    await new Promise<void>((r) => p.on('sync', (s: boolean) => s && r()));
    const closed = closeCode(p);
    const t0 = Date.now();
    const r = await gql(
      server.url,
      'mutation($c:ID!,$u:ID!){ removeCaseMember(caseId:$c, userId:$u){ id } }',
      { c, u: mx },
      tokens['supervisor.gt'],
    );
    expect(r.errors).toBeUndefined();
    await closed;
    expect(Date.now() - t0).toBeLessThan(5000);
    p.destroy();
  });

  it('an ADMIN member follows the notes read-only: an edit closes with 4403 and is not kept', async () => {
    const created = await gql(
      server.url,
      'mutation { createCase(input:{ title:"Read-only test", category: UNKNOWN, riskLevel: LOW, country:"GT" }) { id } }',
      {},
      tokens['supervisor.gt'],
    );
    const c = created.data!.createCase.id;
    const users = await gql(server.url, '{ users { id email } }', {}, tokens.admin);
    const admin = (users.data!.users as Array<{ id: string; email: string }>).find((u) => u.email === 'admin@demo.local')!.id;
    expect(
      (
        await gql(
          server.url,
          'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }',
          { c, u: admin },
          tokens['supervisor.gt'],
        )
      ).errors,
    ).toBeUndefined();
    const writer = provider(`cases/${c}/notes`, tokens['supervisor.gt']);
    const reader = provider(`cases/${c}/notes`, tokens['admin']);
    await Promise.all([writer, reader].map((p) => new Promise<void>((r) => p.on('sync', (s: boolean) => s && r()))));
    writer.doc.getText('notes').insert(0, 'supervisor wrote this');
    const end = Date.now() + 5000;
    while (reader.doc.getText('notes').toString() !== 'supervisor wrote this' && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
    expect(reader.doc.getText('notes').toString()).toBe('supervisor wrote this');
    const closed = closeCode(reader);
    reader.doc.getText('notes').insert(0, 'admin edit ');
    expect(await closed).toBe(4403);
    reader.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect(writer.doc.getText('notes').toString()).toBe('supervisor wrote this');
    writer.destroy();
  });
});
