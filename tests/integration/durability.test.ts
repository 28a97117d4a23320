import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { gql, login, startServer, type RunningServer } from './harness';

let server: RunningServer | null = null;
let dataDir: string | null = null;
afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function provider(url: string, room: string, token: string) {
  return new WebsocketProvider(`${url.replace('http', 'ws')}/collab`, room, new Y.Doc(), {
    WebSocketPolyfill: WebSocket as never,
    params: { token },
    disableBc: true,
  });
}
const synced = (p: WebsocketProvider) => new Promise<void>((r) => p.on('sync', (s: boolean) => s && r()));

describe('kill -9', () => {
  it('loses neither a committed graph write nor a relayed document update', async () => {
    server = await startServer();
    dataDir = server.dataDir;
    let gt = await login(server.url, 'investigator.gt@demo.local');
    const mx = await login(server.url, 'investigator.mx@demo.local');
    const caseId = (await gql(server.url, '{ cases { id reference } }', {}, gt)).data!.cases.find(
      (c: { reference: string }) => c.reference === 'GT-2026-0001',
    ).id;
    const added = await gql(
      server.url,
      'mutation($c:ID!){ addPerson(caseId:$c, input:{fullName:"Durable Witness", role: WITNESS}) { id } }',
      { c: caseId },
      gt,
    );
    const personId = added.data!.addPerson.id;

    const room = `cases/${caseId}/timeline`;
    const a = provider(server.url, room, gt);
    const b = provider(server.url, room, mx);
    await Promise.all([synced(a), synced(b)]);
    const events = a.doc.getArray<Y.Map<unknown>>('events');
    // The demo seeds a few events of its own in this case: the 20 written here come on top of them.
    const seeded = events.length;
    for (let i = 0; i < 20; i++) {
      const ev = new Y.Map<unknown>();
      events.push([ev]);
      ev.set('id', `k9-${i}`);
      ev.set('at', `2026-11-2${i % 5}T10:00:00Z`);
      ev.set('title', `Event ${i}`);
    }
    // The moment the other client has seen the last update, the server dies.
    await expect.poll(() => b.doc.getArray('events').length, { timeout: 5000, interval: 5 }).toBe(seeded + 20);
    // Each event is an insert, then three property updates: what the other client saw of them is what was relayed.
    const k9 = (doc: Y.Doc) =>
      doc
        .getArray<Y.Map<unknown>>('events')
        .toArray()
        .map((e) => String(e.get('id')))
        .filter((id) => id.startsWith('k9-'));
    const seenByB = k9(b.doc);
    await server.kill9();
    a.destroy();
    b.destroy();

    server = await startServer({ dataDir: dataDir });
    gt = await login(server.url, 'investigator.gt@demo.local');
    const g = await gql(server.url, 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id } } }', { c: caseId }, gt);
    expect(g.data!.caseGraph.nodes.map((n: { id: string }) => n.id)).toContain(personId);
    const c = provider(server.url, room, gt);
    await synced(c);
    expect(c.doc.getArray('events').length).toBe(seeded + 20);
    expect(seenByB.length).toBeGreaterThanOrEqual(19);
    expect(k9(c.doc)).toEqual(expect.arrayContaining(seenByB));
    c.destroy();
  });
});
