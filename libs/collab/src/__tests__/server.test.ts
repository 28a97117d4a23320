import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { CloseCode, encodeAwareness, encodeUpdate } from '../index';
import { connect, rawClient, startServer, synced, tokenOf, until, type TestServer } from './helpers';

let server: TestServer;
const providers: WebsocketProvider[] = [];
const open = (room: string, user: string | null, doc?: Y.Doc) => {
  const p = connect(server.url, room, user, doc);
  providers.push(p);
  return p;
};
const closeCodeOf = (p: WebsocketProvider) => new Promise<number>((resolve) => p.on('connection-close', (e) => resolve(e?.code ?? -1)));

beforeEach(async () => {
  server = await startServer({ maxMessageBytes: 64 * 1024, maxMessagesPerSecond: 50, unloadAfterMs: 100 });
});
afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy();
  await server.stop();
  // No URL with a token may reach a log line, whatever happened in the test.
  expect(server.logs.join('\n')).not.toMatch(/secret/);
});

describe('CollabServer with real WebsocketProvider clients', () => {
  it('two clients converge, and each update is stored with its author', async () => {
    const a = open('cases/case1/notes', 'alice');
    const b = open('cases/case1/notes', 'bob');
    await Promise.all([synced(a), synced(b)]);
    a.doc.getText('notes').insert(0, 'hello ');
    b.doc.getText('notes').insert(0, 'world ');
    await until(() => a.doc.getText('notes').length === 12 && b.doc.getText('notes').length === 12, 'convergence');
    expect(a.doc.getText('notes').toString()).toBe(b.doc.getText('notes').toString());
    const log = await server.store.updatesAfter('cases/case1/notes', 0);
    expect(new Set(log.map((u) => u.userId))).toEqual(new Set(['alice', 'bob']));
    expect(server.collab.stats()).toEqual({ rooms: 1, connections: 2 });
  });

  it('a client that edited offline merges on reconnect', async () => {
    const a = open('cases/case1/timeline', 'alice');
    const b = open('cases/case1/timeline', 'bob');
    await Promise.all([synced(a), synced(b)]);
    a.doc.getArray('events').push([new Y.Map(Object.entries({ id: 'e1', at: '2025-01-01T10:00:00Z', title: 'online' }))]);
    await until(() => b.doc.getArray('events').length === 1, 'first event');
    b.disconnect();
    b.doc.getArray('events').push([new Y.Map(Object.entries({ id: 'e2', at: '2025-01-02T10:00:00Z', title: 'offline' }))]);
    a.doc.getArray('events').push([new Y.Map(Object.entries({ id: 'e3', at: '2025-01-03T10:00:00Z', title: 'meanwhile' }))]);
    await new Promise((r) => setTimeout(r, 100));
    expect(a.doc.getArray('events').length).toBe(2);
    b.connect();
    await until(() => a.doc.getArray('events').length === 3 && b.doc.getArray('events').length === 3, 'merge after reconnect');
    expect(a.doc.getArray('events').toJSON()).toEqual(b.doc.getArray('events').toJSON());
    const log = await server.store.updatesAfter('cases/case1/timeline', 0);
    expect(log.filter((u) => u.userId === 'bob')).toHaveLength(1);
  });

  it('refuses without a token (4401), a non-member (4403) and an unknown case or room (4404), sending no content', async () => {
    const a = open('cases/case1/notes', 'alice');
    await synced(a);
    a.doc.getText('notes').insert(0, 'confidential');
    await new Promise((r) => setTimeout(r, 50));
    expect((await server.store.load('cases/case1/notes')).lastSeq).toBe(1);
    const cases: Array<[string, number]> = [
      [`${server.url}/cases/case1/notes`, CloseCode.Unauthorized],
      [`${server.url}/cases/case1/notes?token=forged`, CloseCode.Unauthorized],
      [`${server.url}/cases/case2/notes?token=${tokenOf('bob')}`, CloseCode.Forbidden],
      [`${server.url}/cases/gone/notes?token=${tokenOf('bob')}`, CloseCode.NotFound],
      [`${server.url}/cases/case1/other?token=${tokenOf('alice')}`, CloseCode.NotFound],
    ];
    for (const [url, code] of cases) {
      const c = rawClient(url);
      expect((await c.closed).code, url).toBe(code);
      expect(c.frames, url).toHaveLength(0);
    }
    // The stock provider sees the code and gives up rather than retrying.
    const stranger = open('cases/case1/notes', 'dave');
    expect(await closeCodeOf(stranger)).toBe(CloseCode.Forbidden);
    expect(stranger.doc.getText('notes').toString()).toBe('');
    await new Promise((r) => setTimeout(r, 300));
    expect(stranger.shouldConnect).toBe(false);
    expect(server.collab.stats().rooms).toBe(1);
    expect(server.logs.some((l) => l.includes('token=[redacted]'))).toBe(true);
  });

  it('a malformed, oversized, text or too frequent frame closes only that connection', async () => {
    const a = open('cases/case1/notes', 'alice');
    const b = open('cases/case1/notes', 'bob');
    await Promise.all([synced(a), synced(b)]);
    const url = `${server.url}/cases/case1/notes?token=${tokenOf('carol')}`;
    const attacks: Array<[(ws: import('ws').WebSocket) => void, number]> = [
      [(ws) => ws.send(new Uint8Array([0, 2, 50, 1, 2, 3])), CloseCode.MalformedMessage],
      [(ws) => ws.send(encodeUpdate(new Uint8Array([200, 1, 2, 3, 4, 5, 6, 7]))), CloseCode.MalformedMessage],
      [(ws) => ws.send(new Uint8Array([9, 9])), CloseCode.UnsupportedData],
      [(ws) => ws.send(new Uint8Array(100 * 1024)), CloseCode.MessageTooBig],
      [(ws) => ws.send('hello'), CloseCode.UnsupportedData],
      [
        (ws) => {
          for (let i = 0; i < 200; i++) ws.send(new Uint8Array([3]));
        },
        CloseCode.RateLimited,
      ],
    ];
    for (const [attack, code] of attacks) {
      const c = rawClient(url);
      await c.opened;
      attack(c.ws);
      expect((await c.closed).code).toBe(code);
    }
    a.doc.getText('notes').insert(0, 'still alive');
    await until(() => b.doc.getText('notes').toString() === 'still alive', 'relay after attacks');
    expect(server.collab.stats().connections).toBe(2);
    await expect(server.store.load('cases/case1/notes')).resolves.toMatchObject({ lastSeq: 1 });
  });

  it('checks Origin against the allowlist', async () => {
    await server.stop();
    server = await startServer({ allowedOrigins: ['https://homeward.example'] });
    const evil = rawClient(`${server.url}/cases/case1/notes?token=${tokenOf('alice')}`, { Origin: 'https://evil.example' });
    expect((await evil.closed).code).toBe(CloseCode.PolicyViolation);
    expect(evil.frames).toHaveLength(0);
    const good = rawClient(`${server.url}/cases/case1/notes?token=${tokenOf('alice')}`, { Origin: 'https://homeward.example' });
    await good.opened;
    await until(() => good.frames.length > 0, 'sync step 1');
    good.ws.close();
  });

  it('closes a user whose membership is removed, and unloads a room nobody has open', async () => {
    const a = open('cases/case1/notes', 'alice');
    const b = open('cases/case1/notes', 'bob');
    await Promise.all([synced(a), synced(b)]);
    a.doc.getText('notes').insert(0, 'kept');
    await until(() => b.doc.getText('notes').length === 4, 'relay');
    const closed = closeCodeOf(b);
    server.members.get('case1')?.delete('bob');
    expect(server.collab.closeUser('bob', 'case1')).toBe(1);
    expect(await closed).toBe(CloseCode.Forbidden);
    a.destroy();
    await until(() => server.collab.stats().rooms === 0, 'unload');
    expect((await server.store.load('cases/case1/notes')).tail).toHaveLength(0);
    const c = open('cases/case1/notes', 'carol');
    await synced(c);
    await until(() => c.doc.getText('notes').toString() === 'kept', 'reload from store');
  });

  it('compacts as it goes and on load, so a long history stays cheap to load', async () => {
    await server.stop();
    server = await startServer({ compactAfterUpdates: 50, maxMessagesPerSecond: 10_000 });
    const room = 'cases/case1/notes';
    // A long history written before this server ever compacted it.
    const old = new Y.Doc();
    old.on('update', (u: Uint8Array) => void server.store.append(room, u, 'alice', new Date()));
    for (let i = 0; i < 500; i++) old.getText('notes').insert(0, 'x');
    const a = open(room, 'alice');
    await synced(a);
    await until(() => a.doc.getText('notes').length === 500, 'history');
    expect(await server.store.load(room)).toMatchObject({ snapshotSeq: 500, tail: [] });
    for (let i = 0; i < 120; i++) a.doc.getText('notes').insert(0, 'y');
    let stored = await server.store.load(room);
    const end = Date.now() + 10_000;
    while (stored.lastSeq < 620 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 20));
      stored = await server.store.load(room);
    }
    expect(stored.lastSeq).toBe(620);
    expect(stored.tail.length).toBeLessThan(50);
    expect((await server.store.updatesAfter(room, 0)).length).toBe(620);
  });

  it('relays awareness without storing it, and removes a leaving client from it', async () => {
    const a = open('cases/case1/notes', 'alice');
    const b = open('cases/case1/notes', 'bob');
    await Promise.all([synced(a), synced(b)]);
    a.awareness.setLocalStateField('user', { name: 'Bob', color: '#123456' });
    // The name shown to others is the authenticated one, whatever the client claims; its other fields pass through.
    await until(() => b.awareness.getStates().get(a.doc.clientID)?.user?.name === 'ALICE', 'awareness relay');
    expect(b.awareness.getStates().get(a.doc.clientID)?.user).toEqual({ name: 'ALICE', id: 'alice', color: '#123456' });
    a.destroy();
    await until(() => !b.awareness.getStates().has(a.doc.clientID), 'awareness removal');
    expect((await server.store.load('cases/case1/notes')).lastSeq).toBe(0);
  });

  it('close() flushes, snapshots and closes connections so providers retry elsewhere', async () => {
    const a = open('cases/case1/notes', 'alice');
    await synced(a);
    a.doc.getText('notes').insert(0, 'before shutdown');
    await until(() => server.collab.stats().connections === 1, 'conn');
    await new Promise((r) => setTimeout(r, 50));
    const code = closeCodeOf(a);
    await server.collab.close();
    expect(await code).toBe(CloseCode.GoingAway);
    const stored = await server.store.load('cases/case1/notes');
    expect(stored.snapshotSeq).toBe(1);
    expect(server.collab.stats()).toEqual({ rooms: 0, connections: 0 });
    // A closed server completes no more upgrades (ws answers 503).
    const late = rawClient(`${server.url}/cases/case1/notes?token=${tokenOf('alice')}`);
    expect((await late.closed).code).toBe(1006);
    expect(late.frames).toHaveLength(0);
  });

  it("closes a connection that speaks for another participant's awareness, and keeps theirs", async () => {
    const a = open('cases/case1/notes', 'alice');
    await synced(a);
    a.awareness.setLocalStateField('user', { name: 'x' });
    await until(() => server.collab.stats().connections === 1, 'alice connected');
    const b = open('cases/case1/notes', 'bob');
    await synced(b);
    await until(() => b.awareness.getStates().has(a.doc.clientID), 'alice visible to bob');
    // Bob's client announces a state under Alice's Yjs client id (a hijacked or spoofed cursor).
    const code = closeCodeOf(b);
    const forged = new Y.Doc();
    forged.clientID = a.doc.clientID;
    const fake = new Awareness(forged);
    fake.setLocalState({ user: { name: 'ALICE' }, cursor: 'gone' });
    (fake.meta.get(forged.clientID) as { clock: number }).clock = 1000;
    b.ws!.send(encodeAwareness(encodeAwarenessUpdate(fake, [forged.clientID])));
    expect(await code).toBe(CloseCode.Forbidden);
    const c = open('cases/case1/notes', 'carol');
    await synced(c);
    await until(() => c.awareness.getStates().has(a.doc.clientID), 'alice visible to carol');
    expect(c.awareness.getStates().get(a.doc.clientID)).toEqual({ user: { name: 'ALICE', id: 'alice' } });
  });

  it('a read-only member follows edits live, and an edit of theirs closes the connection and is not stored', async () => {
    const a = open('cases/case1/notes', 'alice');
    const reader = open('cases/case1/notes', 'erin');
    await Promise.all([synced(a), synced(reader)]);
    a.doc.getText('notes').insert(0, 'seen by erin');
    await until(() => reader.doc.getText('notes').toString() === 'seen by erin', 'reader follows');
    const code = closeCodeOf(reader);
    reader.doc.getText('notes').insert(0, 'not allowed ');
    expect(await code).toBe(CloseCode.Forbidden);
    reader.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect(a.doc.getText('notes').toString()).toBe('seen by erin');
    const log = await server.store.updatesAfter('cases/case1/notes', 0);
    expect(log.map((u) => u.userId)).toEqual(['alice']);
  });
});
