import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { createClient, type Client } from 'graphql-ws';
import { demoTeam, startServer, type RunningServer } from './harness';

// Issue 19: a member mentioned in the case notes is told, once, through the built server. The notes are
// written by a real y-websocket client as the editor writes them: a `mention` element with the account id,
// kind "user" and the mention's own id (apps/web/src/lib/mentions).

let server: RunningServer;
const team = demoTeam(['investigator.gt', 'investigator.mx', 'analyst.mx', 'ngo.es', 'supervisor.gt']);
const { tokens, ids, ok } = team;

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 120_000 });
  await team.signIn(server.url);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

/** A fresh case made by investigator.gt with the given members. */
const caseWith = (members: string[]) => team.createCase({ title: 'Notes mentions', category: 'FAMILY_ABDUCTION' }, members);

interface Item {
  id: string;
  kind: string;
  caseId: string | null;
  actorName: string | null;
  params: Record<string, string>;
}

async function mentions(who: string, caseId: string): Promise<Item[]> {
  const r = await ok('{ notifications(limit: 100){ items { id kind caseId actorName params } } }', {}, who);
  return (r.notifications.items as Item[]).filter((n) => n.kind === 'MENTIONED' && n.caseId === caseId);
}

function provider(room: string, token: string, doc = new Y.Doc()): WebsocketProvider {
  return new WebsocketProvider(`${server.url.replace('http', 'ws')}/collab`, room, doc, {
    WebSocketPolyfill: WebSocket as never,
    params: { token },
    disableBc: true,
    maxBackoffTime: 200,
  });
}

function synced(p: WebsocketProvider): Promise<void> {
  return new Promise((resolve) => (p.synced ? resolve() : p.once('sync', () => resolve())));
}

/** A paragraph with a member mention, as the editor's Yjs binding writes it. */
function mentionParagraph(userId: string, label: string, mid: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const m = new Y.XmlElement('mention');
  m.setAttribute('id', userId);
  m.setAttribute('label', label);
  m.setAttribute('kind', 'user');
  m.setAttribute('mid', mid);
  p.insert(0, [new Y.XmlText('Please check with '), m]);
  return p;
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

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('mentions in the case notes', () => {
  it('tells a member mentioned, live, once; not the author, a non-member nor one who muted mentions', async () => {
    const c = await caseWith(['investigator.mx', 'analyst.mx', 'supervisor.gt']);
    const room = `cases/${c.id}/notes`;
    await ok('mutation{ setNotificationSettings(input:{muted:[MENTIONED]}){ muted } }', {}, 'analyst.mx');

    // The mentioned member follows their inbox live.
    const live: Array<{ unreadCount: number; notification: Item | null }> = [];
    const client = subscriber(tokens['investigator.mx']);
    const stop = client.subscribe(
      { query: 'subscription{ inboxChanged { unreadCount notification { id kind caseId actorName params } } }' },
      { next: (v) => live.push((v.data as any).inboxChanged), error: () => undefined, complete: () => undefined },
    );
    await until(
      async () => live.length,
      (n) => n > 0,
    );

    const author = provider(room, tokens['investigator.gt']);
    const doc = author.doc;
    const notes = doc.getXmlFragment('default');
    try {
      await synced(author);
      const sent: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => sent.push(u));
      notes.insert(0, [
        mentionParagraph(ids['investigator.mx'], 'Lucía', 'mid-mx-0000001'),
        mentionParagraph(ids['investigator.gt'], 'Me', 'mid-self-00001'),
        mentionParagraph(ids['ngo.es'], 'Outsider', 'mid-ngo-000001'),
        mentionParagraph(ids['analyst.mx'], 'Analyst', 'mid-muted-0001'),
      ]);

      const pushed = await until(
        async () => live.filter((e) => e.notification?.kind === 'MENTIONED' && e.notification.caseId === c.id),
        (l) => l.length > 0,
      );
      expect(pushed).toHaveLength(1);
      expect(pushed[0].notification!.params).toMatchObject({ document: 'NOTES', caseReference: c.reference });
      expect(pushed[0].notification!.actorName).toBeTruthy();
      expect(pushed[0].unreadCount).toBeGreaterThan(0);
      expect(await mentions('investigator.mx', c.id)).toHaveLength(1);

      // The same updates sent again by a client that reconnected with them (a fresh document, same content).
      const again = provider(room, tokens['investigator.gt'], new Y.Doc());
      await synced(again);
      Y.applyUpdate(again.doc, Y.mergeUpdates(sent));
      // The mention brought back under the same mention id (an undo and redo, a copy): a new element, same mid.
      notes.insert(notes.length, [mentionParagraph(ids['investigator.mx'], 'Lucía', 'mid-mx-0000001')]);
      // And a new mention: it is told, so the pipeline ran past the repeats before.
      notes.insert(notes.length, [mentionParagraph(ids['investigator.mx'], 'Lucía', 'mid-mx-0000002')]);
      const after = await until(
        () => mentions('investigator.mx', c.id),
        (l) => l.length >= 2,
      );
      await new Promise((r) => setTimeout(r, 500));
      expect((await mentions('investigator.mx', c.id)).length).toBe(2);
      expect(after).toHaveLength(2);
      again.destroy();
    } finally {
      author.destroy();
      stop();
      await client.dispose();
      await ok('mutation{ setNotificationSettings(input:{muted:[]}){ muted } }', {}, 'analyst.mx');
    }

    // The author is not told of their own mention, nor is anyone outside the case, nor one who muted mentions.
    expect(await mentions('investigator.gt', c.id)).toEqual([]);
    expect((await ok('{ notifications(limit: 100){ items { caseId } } }', {}, 'ngo.es')).notifications.items).not.toContainEqual({
      caseId: c.id,
    });
    expect(await mentions('analyst.mx', c.id)).toEqual([]);
    // Each mention told is in the audit trail, attributed to its author (a supervisor of the case reads it).
    const audit = await ok(
      'query($c:ID!){ auditRecords(caseId:$c, action:"notes.mention"){ actorId targetId details } }',
      { c: c.id },
      'supervisor.gt',
    );
    expect(audit.auditRecords.map((r: { actorId: string; targetId: string }) => [r.actorId, r.targetId])).toEqual([
      [ids['investigator.gt'], ids['investigator.mx']],
      [ids['investigator.gt'], ids['investigator.mx']],
    ]);
  }, 60_000);
});
