import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import { gql, login, startServer, type RunningServer } from './harness';

// The collaboration limits (libs/collab COLLAB_LIMITS), through the y-websocket protocol against the built server.
const MiB = 1024 * 1024;

let server: RunningServer;
let token: string;

beforeAll(async () => {
  // Seeding the demo into an emptied Neo4j on a loaded 2-core machine may take a while.
  server = await startServer({ startTimeoutMs: 150_000 });
  token = await login(server.url, 'investigator.gt@demo.local');
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

async function newCase(): Promise<string> {
  const r = await gql(
    server.url,
    'mutation($t:String!){ createCase(input:{ title:$t, category: RUNAWAY, riskLevel: HIGH, country:"GT" }) { id } }',
    { t: `limits ${Date.now()}` },
    token,
  );
  return r.data!.createCase.id as string;
}

/** A raw y-websocket client: frames as the stock provider writes them (type 0 sync / 1 awareness, then the payload). */
function peer(room: string) {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${room}?token=${token}`);
  const opened = new Promise<void>((ok, fail) => {
    ws.once('open', () => ok());
    ws.once('error', fail);
  });
  const closed = new Promise<{ code: number; reason: string }>((ok) =>
    ws.once('close', (code, reason) => ok({ code, reason: reason.toString() })),
  );
  return { ws, opened, closed };
}

function frame(type: number, sub: number | null, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  if (sub !== null) encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}
const updateFrame = (u: Uint8Array) => frame(0, 2, u);
const awarenessFrame = (u: Uint8Array) => frame(1, null, u);

/** Appends `chars` characters to the local document's text and returns the update that did it. */
function grow(doc: Y.Doc, chars: number, ch = 'x'): Uint8Array {
  let update: Uint8Array | null = null;
  const take = (u: Uint8Array) => (update = u);
  doc.on('update', take);
  const text = doc.getText('notes');
  text.insert(text.length, ch.repeat(chars));
  doc.off('update', take);
  return update!;
}

/** What a new opener of the room gets: the text length, read with the stock provider. */
async function readLength(room: string): Promise<number> {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(`${server.url.replace('http', 'ws')}/collab`, room, doc, {
    WebSocketPolyfill: WebSocket as never,
    params: { token },
    disableBc: true,
  });
  try {
    await new Promise<void>((r) => p.on('sync', (s: boolean) => s && r()));
    return doc.getText('notes').length;
  } finally {
    p.destroy();
  }
}

/** Sends frames one after another, each after the previous is read back by a new opener (stored). */
async function sendStored(room: string, updates: Uint8Array[], expected: number): Promise<void> {
  const c = peer(room);
  await c.opened;
  for (const u of updates) c.ws.send(updateFrame(u));
  await expect.poll(() => readLength(room), { timeout: 20_000, interval: 200 }).toBe(expected);
  c.ws.close();
  await c.closed;
}

describe('collaboration size limits', () => {
  it('an update over 1 MiB closes the connection with 4413; what was stored before stays', async () => {
    const room = `cases/${await newCase()}/notes`;
    const local = new Y.Doc();
    await sendStored(room, [grow(local, 1000)], 1000);
    const c = peer(room);
    await c.opened;
    c.ws.send(updateFrame(grow(local, MiB + 100 * 1024)));
    expect(await c.closed).toEqual({ code: 4413, reason: 'update too large' });
    expect(await readLength(room)).toBe(1000);
  });

  it('a document is capped at 8 MiB: the update past it closes with 4413, everything stored stays, deleting is still allowed', async () => {
    const room = `cases/${await newCase()}/notes`;
    const local = new Y.Doc();
    const chunk = Math.floor(0.9 * MiB);
    let stored = 0;
    let refused: { code: number; reason: string } | null = null;
    // A connection may send two such updates at once (its byte budget); each pair gets a new one.
    for (let pair = 0; pair < 6 && !refused; pair++) {
      const c = peer(room);
      await c.opened;
      const updates = [grow(local, chunk), grow(local, chunk)];
      for (const u of updates) c.ws.send(updateFrame(u));
      let closed: { code: number; reason: string } | null = null;
      void c.closed.then((e) => (closed = e));
      const deadline = Date.now() + 30_000;
      let length = await readLength(room);
      while (closed === null && length !== stored + 2 * chunk && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        length = await readLength(room);
      }
      if (closed !== null) {
        refused = closed;
        // The first of the pair may have fitted.
        stored = await readLength(room);
      } else {
        expect(length).toBe(stored + 2 * chunk);
        stored = length;
        c.ws.close();
        await c.closed;
      }
    }
    expect(refused).toEqual({ code: 4413, reason: 'document too large' });
    // About 8 MiB held and served, nothing of it lost.
    expect(stored).toBeGreaterThan(7 * MiB);
    expect(stored).toBeLessThanOrEqual(8 * MiB);
    expect(stored % chunk).toBe(0);

    // A delete-only update is taken even at the cap: it is how the document gets smaller again.
    const editor = new Y.Doc();
    const p = new WebsocketProvider(`${server.url.replace('http', 'ws')}/collab`, room, editor, {
      WebSocketPolyfill: WebSocket as never,
      params: { token },
      disableBc: true,
    });
    await new Promise<void>((r) => p.on('sync', (s: boolean) => s && r()));
    editor.getText('notes').delete(0, chunk);
    await expect.poll(() => readLength(room), { timeout: 20_000, interval: 250 }).toBe(stored - chunk);
    p.destroy();
  });

  it('more than 2 MiB of updates at once on one connection closes it with 4429', async () => {
    const room = `cases/${await newCase()}/notes`;
    const local = new Y.Doc();
    const c = peer(room);
    await c.opened;
    for (let i = 0; i < 3; i++) c.ws.send(updateFrame(grow(local, Math.floor(0.9 * MiB))));
    expect(await c.closed).toEqual({ code: 4429, reason: 'too much data' });
    // The two within the budget were stored.
    await expect.poll(() => readLength(room), { timeout: 20_000, interval: 250 }).toBe(2 * Math.floor(0.9 * MiB));
  });

  it('an awareness state over 8 KiB, or a fifth awareness client on one connection, closes with 4413', async () => {
    const room = `cases/${await newCase()}/notes`;
    const big = new Awareness(new Y.Doc());
    big.setLocalState({ user: { name: 'x' }, junk: 'y'.repeat(20_000) });
    const c = peer(room);
    await c.opened;
    c.ws.send(awarenessFrame(encodeAwarenessUpdate(big, [big.clientID])));
    expect(await c.closed).toEqual({ code: 4413, reason: 'awareness state too large' });

    const many = peer(room);
    await many.opened;
    for (let i = 0; i < 5; i++) {
      const a = new Awareness(new Y.Doc());
      a.setLocalState({ user: { name: 'x' }, cursor: null });
      many.ws.send(awarenessFrame(encodeAwarenessUpdate(a, [a.clientID])));
    }
    expect(await many.closed).toEqual({ code: 4413, reason: 'too many awareness states' });

    // An ordinary state is fine.
    const ok = peer(room);
    await ok.opened;
    const a = new Awareness(new Y.Doc());
    a.setLocalState({ user: { name: 'x', color: '#1d4ed8' }, cursor: { anchor: 1, head: 4 } });
    ok.ws.send(awarenessFrame(encodeAwarenessUpdate(a, [a.clientID])));
    const echoed = await new Promise<boolean>((r) => {
      ok.ws.on('message', (d: Buffer) => d[0] === 1 && r(true));
      setTimeout(() => r(false), 5000);
    });
    expect(echoed).toBe(true);
    ok.ws.close();
  });
});
