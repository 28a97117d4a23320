import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { gql, login, startServer, type RunningServer } from './harness';

/*
 * Case replay (issue 19) through the built server: the graph journal written by every graph change,
 * caseReplay (the changes and the documents' update logs) and caseAt (the case at one moment),
 * on whichever backend HOMEWARD_IT_BACKEND names.
 */

let server: RunningServer;
let gt: string;
let ngo: string;
let caseId: string;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 120_000 });
  gt = await login(server.url, 'investigator.gt@demo.local');
  ngo = await login(server.url, 'ngo.es@demo.local');
  const made = await gql(
    server.url,
    'mutation($t:String!){ createCase(input:{ title:$t, category: NON_FAMILY_ABDUCTION, riskLevel: HIGH, country:"gt" }) { id } }',
    { t: `Replay ${Date.now()}` },
    gt,
  );
  caseId = made.data!.createCase.id;
}, 150_000);

afterAll(async () => {
  for (const p of providers) p.destroy();
  await server?.stop();
});

const pause = (ms = 15) => new Promise((r) => setTimeout(r, ms));
/** A moment just after what happened so far (the server's clock is this machine's). */
const now = async () => {
  await pause();
  const t = new Date().toISOString();
  await pause();
  return t;
};

async function ok<T = any>(query: string, variables: Record<string, unknown>, token = gt): Promise<T> {
  const r = await gql(server.url, query, variables, token);
  if (!r.data || r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
}

const MOMENT = `query($c:ID!,$at:DateTime!){ caseAt(caseId:$c, at:$at){ at nodes { id label props caseIds } edges { id source target }
  notesMarkdown notesText timeline } }`;
type Moment = {
  at: string;
  nodes: Array<{ id: string; label: string; props: Record<string, unknown>; caseIds: string[] }>;
  edges: Array<{ id: string; source: string; target: string }>;
  notesMarkdown: string;
  notesText: string;
  timeline: Array<Record<string, unknown>>;
};
const at = async (t: string, c = caseId): Promise<Moment> => (await ok<{ caseAt: Moment }>(MOMENT, { c, at: t })).caseAt;
const ids = (list: Array<{ id: string }>) => list.map((x) => x.id).sort();

const REPLAY = `query($c:ID!){ caseReplay(caseId:$c){ caseId openedAt
  changes { seq at actorId actorName kind synthesized nodes { id props } edges { id source target } }
  notes { seq at userId userName update } timeline { seq at userId userName update } } }`;

function provider(room: string, token: string) {
  const p = new WebsocketProvider(`${server.url.replace('http', 'ws')}/collab`, room, new Y.Doc(), {
    WebSocketPolyfill: WebSocket as never,
    params: { token },
    disableBc: true,
  });
  providers.push(p);
  return p;
}
const synced = (p: WebsocketProvider) => new Promise<void>((r) => p.on('sync', (s: boolean) => s && r()));

describe('case replay', () => {
  it('shows an entity added, edited and removed, and a link deleted, at the right moments, with who did each', async () => {
    const opened = await now();
    const add = 'mutation($c:ID!,$n:String!){ addPerson(caseId:$c, input:{ fullName:$n, role: WITNESS }) { id } }';
    const a = (await ok(add, { c: caseId, n: 'Ana Replay' })).addPerson.id as string;
    const b = (await ok(add, { c: caseId, n: 'Bruno Replay' })).addPerson.id as string;
    const link = (
      await ok('mutation($c:ID!,$f:ID!,$t:ID!){ linkEntities(caseId:$c, input:{ fromId:$f, toId:$t, type: SEEN_WITH }) { id } }', {
        c: caseId,
        f: a,
        t: b,
      })
    ).linkEntities.id as string;
    const t1 = await now();
    await ok('mutation($c:ID!,$i:ID!){ updateEntity(caseId:$c, id:$i, props:{ fullName:"Ana María Replay" }){ id } }', { c: caseId, i: a });
    const t2 = await now();
    await ok('mutation($c:ID!,$i:ID!){ deleteLink(caseId:$c, id:$i) }', { c: caseId, i: link });
    const t3 = await now();
    await ok('mutation($c:ID!,$i:ID!){ removeEntity(caseId:$c, id:$i) }', { c: caseId, i: b });
    const t4 = await now();

    expect((await at(opened)).nodes).toEqual([]);
    const m1 = await at(t1);
    expect(ids(m1.nodes)).toEqual([a, b].sort());
    expect(m1.nodes.find((n) => n.id === a)!.props.fullName).toBe('Ana Replay');
    expect(m1.edges).toEqual([{ id: link, source: a, target: b }]);
    const m2 = await at(t2);
    expect(m2.nodes.find((n) => n.id === a)!.props.fullName).toBe('Ana María Replay');
    expect(m2.edges.map((e) => e.id)).toEqual([link]);
    const m3 = await at(t3);
    expect(ids(m3.nodes)).toEqual([a, b].sort());
    expect(m3.edges).toEqual([]);
    const m4 = await at(t4);
    expect(ids(m4.nodes)).toEqual([a]);

    const replay = (await ok(REPLAY, { c: caseId })).caseReplay;
    expect(replay.caseId).toBe(caseId);
    expect(Date.parse(replay.openedAt)).toBeLessThanOrEqual(Date.parse(opened));
    const mine = replay.changes.filter((c: { at: string }) => c.at > opened && c.at <= t4);
    expect(mine.map((c: { kind: string }) => c.kind)).toEqual(['UPSERTED', 'UPSERTED', 'UPSERTED', 'UPSERTED', 'REMOVED', 'REMOVED']);
    expect(mine.every((c: { synthesized: boolean; actorName: string; seq: number }) => !c.synthesized && c.seq > 0 && c.actorName)).toBe(
      true,
    );
    expect(mine[0].actorName).toMatch(/\S/);
    expect(mine[5].nodes.map((n: { id: string }) => n.id)).toEqual([b]);
    // Oldest first, by time and then seq.
    const order = replay.changes.map((c: { at: string; seq: number }) => [c.at, c.seq]);
    expect([...order].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]))).toEqual(order);
  });

  it('shows both entities before a merge, one after it, and both again after the undo', async () => {
    const add =
      'mutation($c:ID!,$n:String!){ addPerson(caseId:$c, input:{ fullName:$n, role: SUSPECT, dateOfBirth:"1980-02-03" }) { id } }';
    const survivor = (await ok(add, { c: caseId, n: 'Carlos Merge Méndez' })).addPerson.id as string;
    const merged = (await ok(add, { c: caseId, n: 'Carlos Merge Mendez' })).addPerson.id as string;
    const place = (
      await ok(
        'mutation($c:ID!){ addLocation(caseId:$c, input:{ name:"Replay terminal", country:"GT", latitude:14.6, longitude:-90.5 }) { id } }',
        {
          c: caseId,
        },
      )
    ).addLocation.id as string;
    const link = (
      await ok('mutation($c:ID!,$f:ID!,$t:ID!){ linkEntities(caseId:$c, input:{ fromId:$f, toId:$t, type: FREQUENTS }) { id } }', {
        c: caseId,
        f: merged,
        t: place,
      })
    ).linkEntities.id as string;
    const before = await now();
    const rec = (
      await ok('mutation($c:ID!,$s:ID!,$m:ID!){ mergeEntities(caseId:$c, survivorId:$s, mergedId:$m){ id } }', {
        c: caseId,
        s: survivor,
        m: merged,
      })
    ).mergeEntities;
    const after = await now();
    await ok('mutation($c:ID!,$i:ID!){ undoMerge(caseId:$c, id:$i){ id } }', { c: caseId, i: rec.id });
    const undone = await now();

    const m0 = await at(before);
    expect(m0.nodes.map((n) => n.id)).toEqual(expect.arrayContaining([survivor, merged, place]));
    expect(m0.nodes.find((n) => n.id === merged)!.props.fullName).toBe('Carlos Merge Mendez');
    expect(m0.edges.find((e) => e.id === link)).toEqual({ id: link, source: merged, target: place });
    const m1 = await at(after);
    expect(m1.nodes.map((n) => n.id)).toContain(survivor);
    expect(m1.nodes.map((n) => n.id)).not.toContain(merged);
    expect(m1.edges.find((e) => e.id === link)).toEqual({ id: link, source: survivor, target: place });
    const m2 = await at(undone);
    expect(m2.nodes.map((n) => n.id)).toEqual(expect.arrayContaining([survivor, merged]));
    expect(m2.edges.find((e) => e.id === link)).toEqual({ id: link, source: merged, target: place });
  });

  it('gives the notes and the timeline as they stood at a moment, as typed through the collaboration rooms', async () => {
    const writer = provider(`cases/${caseId}/notes`, gt);
    const reader = provider(`cases/${caseId}/notes`, gt);
    await Promise.all([synced(writer), synced(reader)]);
    const say = async (text: string) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(text)]);
      const root = writer.doc.getXmlFragment('default');
      root.insert(root.length, [p]);
      // The server relays an update only once stored: when the reader has it, it is in the log.
      await expect.poll(() => reader.doc.getXmlFragment('default').length, { timeout: 10_000, interval: 10 }).toBe(root.length);
    };
    const t0 = await now();
    await say('First finding: the bus left at 08:10.');
    const t1 = await now();
    await say('Second finding: the driver recognised her.');
    const t2 = await now();

    const timeline = provider(`cases/${caseId}/timeline`, gt);
    const timelineReader = provider(`cases/${caseId}/timeline`, gt);
    await Promise.all([synced(timeline), synced(timelineReader)]);
    const ev = new Y.Map<unknown>();
    timeline.doc.transact(() => {
      timeline.doc.getArray<Y.Map<unknown>>('events').push([ev]);
      ev.set('id', 'evt-replay-1');
      ev.set('at', '2026-11-20T08:10:00Z');
      ev.set('title', 'Bus leaves the terminal');
      ev.set('description', 'Seen by the driver');
    });
    await expect.poll(() => timelineReader.doc.getArray('events').length, { timeout: 10_000, interval: 10 }).toBe(1);
    const t3 = await now();

    expect((await at(t0)).notesText).toBe('');
    const m1 = await at(t1);
    expect(m1.notesText).toBe('First finding: the bus left at 08:10.');
    expect(m1.notesMarkdown).toContain('First finding: the bus left at 08:10.');
    expect(m1.notesMarkdown).not.toContain('Second finding');
    const m2 = await at(t2);
    expect(m2.notesText).toBe('First finding: the bus left at 08:10.\nSecond finding: the driver recognised her.');
    expect(m2.timeline).toEqual([]);
    const m3 = await at(t3);
    expect(m3.timeline).toEqual([
      expect.objectContaining({ id: 'evt-replay-1', title: 'Bus leaves the terminal', kind: 'EVENT', description: 'Seen by the driver' }),
    ]);

    // The update logs themselves: applied in order to a fresh document, they give the notes as they stand.
    const replay = (await ok(REPLAY, { c: caseId })).caseReplay;
    expect(replay.notes.length).toBeGreaterThanOrEqual(2);
    expect(replay.notes.every((u: { userName: string | null; seq: number }) => u.userName && u.seq > 0)).toBe(true);
    const doc = new Y.Doc();
    for (const u of replay.notes) Y.applyUpdate(doc, Buffer.from(u.update, 'base64'));
    expect(doc.getXmlFragment('default').toArray()).toHaveLength(2);
    expect(replay.timeline.length).toBeGreaterThanOrEqual(1);
  });

  it('rebuilds what was written before the journal existed: the demo case replayed now is the live graph', async () => {
    const demo = (await ok('{ cases { id reference } }', {})).cases.find((c: { reference: string }) => c.reference === 'GT-2026-0001').id;
    const live = (await ok('query($c:ID!){ caseGraph(caseId:$c){ nodes { id } edges { id } } }', { c: demo })).caseGraph;
    expect(live.nodes.length).toBeGreaterThan(0);
    const replay = (await ok(REPLAY, { c: demo })).caseReplay;
    const rebuilt = replay.changes.filter((c: { synthesized: boolean }) => c.synthesized);
    expect(rebuilt.length).toBeGreaterThan(0);
    expect(rebuilt.every((c: { seq: number; kind: string }) => c.seq <= 0 && c.kind === 'UPSERTED')).toBe(true);
    expect(new Set(replay.changes.map((c: { seq: number }) => c.seq)).size).toBe(replay.changes.length);
    const present = await at(new Date().toISOString(), demo);
    expect(ids(present.nodes)).toEqual(ids(live.nodes));
    expect(ids(present.edges)).toEqual(ids(live.edges));
  });

  it('tells an outsider nothing: the same NOT_FOUND as for any case they are not a member of', async () => {
    for (const [query, vars] of [
      [REPLAY, { c: caseId }],
      [MOMENT, { c: caseId, at: new Date().toISOString() }],
    ] as const) {
      const r = await gql(server.url, query, vars, ngo);
      expect(r.data).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(JSON.stringify(r.errors)).not.toMatch(/Ana|Carlos|finding/);
      const none = await gql(server.url, query, { ...vars, c: 'case_doesnotexist' }, ngo);
      expect(none.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(none.errors?.[0]?.message.replace('case_doesnotexist', caseId)).toBe(r.errors?.[0]?.message);
      const anonymous = await gql(server.url, query, vars);
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a moment before the case opened or in the future, naming at', async () => {
    const { openedAt } = (await ok('query($c:ID!){ caseReplay(caseId:$c){ openedAt } }', { c: caseId })).caseReplay;
    for (const t of [new Date(Date.parse(openedAt) - 1000).toISOString(), new Date(Date.now() + 3_600_000).toISOString()]) {
      const r = await gql(server.url, MOMENT, { c: caseId, at: t }, gt);
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.extensions?.field).toBe('at');
      expect(r.errors?.[0]?.message).toMatch(/^at: /);
    }
    expect((await at(openedAt)).nodes).toEqual([]);
  });
});
