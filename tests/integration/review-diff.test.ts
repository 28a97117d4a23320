import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { BACKEND, gql, login, startServer, type RunningServer } from './harness';

/**
 * The supervisor's review (issue 16): after a sign-off, what two people change in the timeline and the notes
 * through the stock y-websocket client comes back from reviewDiff as each event old -> new with one row per
 * person's change, and as the notes' insertions and deletions with who made them; a new sign-off empties it.
 */
let server: RunningServer;
const token: Record<string, string> = {};
let caseId = '';
const entities: Array<{ id: string; label: string }> = [];

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 120_000 });
  for (const who of ['supervisor.gt', 'investigator.gt', 'analyst.mx']) token[who] = await login(server.url, `${who}@demo.local`);
  const list = await gql(server.url, '{ cases { id reference } }', {}, token['supervisor.gt']);
  caseId = list.data!.cases.find((c: { reference: string }) => c.reference === 'GT-2026-0001').id;
  const g = await gql(
    server.url,
    'query($c:ID!){ caseGraph(caseId:$c){ nodes { id label kind } } }',
    { c: caseId },
    token['supervisor.gt'],
  );
  entities.push(...(g.data!.caseGraph.nodes as Array<{ id: string; label: string; kind: string }>).filter((n) => n.kind === 'PERSON'));
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

function open(document: 'notes' | 'timeline', who: string): Promise<WebsocketProvider> {
  const p = new WebsocketProvider(`${server.url.replace('http', 'ws')}/collab`, `cases/${caseId}/${document}`, new Y.Doc(), {
    WebSocketPolyfill: WebSocket as never,
    params: { token: token[who] },
    disableBc: true,
  });
  return new Promise((resolve) => p.on('sync', (s: boolean) => s && resolve(p)));
}

const DIFF = `query($c:ID!,$d:CollabDocument!){ reviewDiff(caseId:$c, document:$d){
  document added removed changed since { signer { email } }
  events { eventId change title fields { field before after } edits { by { email } from at change fields { field before after } } }
  notes { kind text at by { email } } } }`;

async function diff(document: 'NOTES' | 'TIMELINE') {
  const r = await gql(server.url, DIFF, { c: caseId, d: document }, token['supervisor.gt']);
  expect(r.errors).toBeUndefined();
  return r.data!.reviewDiff;
}

/** Until the server has stored what the clients sent (the store is written before any relay, but not before the send returns). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const end = Date.now() + 10_000;
  let v = await read();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}

async function signOff(document: 'NOTES' | 'TIMELINE') {
  const r = await gql(
    server.url,
    'mutation($c:ID!,$d:CollabDocument!){ signOff(caseId:$c, document:$d){ id } }',
    { c: caseId, d: document },
    token['supervisor.gt'],
  );
  expect(r.errors).toBeUndefined();
}

const paragraph = (text: string) => {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
};

describe(`reviewDiff (${BACKEND})`, () => {
  it('shows each timeline event old -> new, one row per person and change, and empties after a sign-off', async () => {
    const inv = await open('timeline', 'investigator.gt');
    const events = inv.doc.getArray<Y.Map<unknown>>('events');
    events.push([
      new Y.Map<unknown>(
        Object.entries({ id: 'rd-1', at: '2026-11-21T09:00:00Z', title: 'Boy seen at market', entityIds: [entities[0].id] }),
      ),
    ]);
    await until(
      () => diff('TIMELINE'),
      (d) => d.events.some((e: { eventId: string }) => e.eventId === 'rd-1'),
    );
    await signOff('TIMELINE');
    expect(await diff('TIMELINE')).toMatchObject({
      events: [],
      added: 0,
      changed: 0,
      removed: 0,
      since: { signer: { email: 'supervisor.gt@demo.local' } },
    });

    // The investigator retitles the event; then the analyst moves its time and links a second person.
    const mine = events.toArray().find((m) => m.get('id') === 'rd-1')!;
    mine.set('title', 'Boy seen at bus station');
    await until(
      () => diff('TIMELINE'),
      (d) => d.events.length === 1,
    );
    const ana = await open('timeline', 'analyst.mx');
    const theirs = ana.doc
      .getArray<Y.Map<unknown>>('events')
      .toArray()
      .find((m) => m.get('id') === 'rd-1')!;
    ana.doc.transact(() => {
      theirs.set('at', '2026-11-21T10:30:00Z');
      theirs.set('entityIds', [entities[0].id, entities[1].id]);
    });
    const d = await until(
      () => diff('TIMELINE'),
      (x) => x.events[0]?.edits.length === 2,
    );
    inv.destroy();
    ana.destroy();
    expect(d).toMatchObject({ document: 'TIMELINE', added: 0, changed: 1, removed: 0 });
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({ eventId: 'rd-1', change: 'changed', title: 'Boy seen at bus station' });
    expect(d.events[0].fields).toEqual([
      { field: 'title', before: 'Boy seen at market', after: 'Boy seen at bus station' },
      { field: 'at', before: '2026-11-21T09:00:00Z', after: '2026-11-21T10:30:00Z' },
      // Linked entities by the names the reader sees.
      { field: 'entityIds', before: entities[0].label, after: `${entities[0].label}, ${entities[1].label}` },
    ]);
    expect(
      d.events[0].edits.map((e: { by: { email: string }; change: string; fields: Array<{ field: string }> }) => [
        e.by.email,
        e.change,
        e.fields.map((f) => f.field),
      ]),
    ).toEqual([
      ['investigator.gt@demo.local', 'changed', ['title']],
      ['analyst.mx@demo.local', 'changed', ['at', 'entityIds']],
    ]);
    expect(Date.parse(d.events[0].edits[0].at)).toBeLessThanOrEqual(Date.parse(d.events[0].edits[1].at));

    await signOff('TIMELINE');
    expect((await diff('TIMELINE')).events).toEqual([]);

    // Each read of the review is in the audit trail, with the document, and a non-member's attempt as denied.
    const outsider = await login(server.url, 'ngo.es@demo.local');
    const refused = await gql(server.url, DIFF, { c: caseId, d: 'TIMELINE' }, outsider);
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const trail = await gql(
      server.url,
      'query($c:ID!){ auditRecords(caseId:$c, action:"query.reviewDiff", limit: 1000){ actorId outcome details } }',
      { c: caseId },
      token['supervisor.gt'],
    );
    const records = trail.data!.auditRecords as Array<{ actorId: string; outcome: string; details: { document?: string } }>;
    const idOf = async (t: string) => (await gql(server.url, '{ me { id } }', {}, t)).data!.me.id as string;
    const [sup, ngo] = [await idOf(token['supervisor.gt']), await idOf(outsider)];
    expect(records.filter((r) => r.actorId === sup && r.outcome === 'success').length).toBeGreaterThan(3);
    expect(records.some((r) => r.details.document === 'TIMELINE')).toBe(true);
    expect(records.some((r) => r.actorId === ngo && r.outcome === 'denied')).toBe(true);
  }, 90_000);

  it("shows the notes' insertions and deletions since the sign-off, each with who made it, and empties after a sign-off", async () => {
    const inv = await open('notes', 'investigator.gt');
    const fragment = inv.doc.getXmlFragment('default');
    fragment.insert(fragment.length, [paragraph('Mother called at noon about the red bicycle')]);
    await until(
      () => diff('NOTES'),
      (d) => d.notes.some((r: { text: string }) => r.text.includes('red bicycle')),
    );
    await signOff('NOTES');
    const signed = await diff('NOTES');
    expect(signed.notes.every((r: { kind: string }) => r.kind === 'same')).toBe(true);
    expect([signed.added, signed.removed]).toEqual([0, 0]);

    // The analyst inserts a word; the investigator deletes one that was signed.
    const ana = await open('notes', 'analyst.mx');
    const last = (doc: Y.Doc) => {
      const f = doc.getXmlFragment('default');
      return (f.get(f.length - 1) as Y.XmlElement).get(0) as Y.XmlText;
    };
    last(ana.doc).insert('Mother called'.length, ' twice');
    await until(
      () => diff('NOTES'),
      (d) => d.added > 0,
    );
    await until(
      async () => last(inv.doc).toString(),
      (s) => s.includes('twice'),
    );
    const text = last(inv.doc);
    const at = text.toString().indexOf('red ');
    text.delete(at, 'red '.length);
    const d = await until(
      () => diff('NOTES'),
      (x) => x.removed > 0,
    );
    inv.destroy();
    ana.destroy();
    const changes = d.notes.filter((r: { kind: string }) => r.kind !== 'same');
    expect(changes.map((r: { kind: string; text: string; by: { email: string } }) => [r.kind, r.text.trim(), r.by.email])).toEqual([
      ['added', 'twice', 'analyst.mx@demo.local'],
      ['removed', 'red', 'investigator.gt@demo.local'],
    ]);
    for (const r of changes) expect(Number.isNaN(Date.parse(r.at))).toBe(false);
    expect(d.notes.map((r: { kind: string; text: string }) => (r.kind === 'removed' ? '' : r.text)).join('')).toContain(
      'Mother called twice at noon about the bicycle',
    );
    expect([d.added, d.removed]).toEqual([' twice'.length, 'red '.length]);

    await signOff('NOTES');
    const after = await diff('NOTES');
    expect([after.added, after.removed]).toEqual([0, 0]);
  }, 90_000);
});
