import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import neo4j from 'neo4j-driver';
import { neo4jMigrations } from '@homeward/graph-schema';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import {
  CollabServer,
  openEmbeddedDocumentStore,
  openNeo4jDocumentStore,
  type CollabRelay,
  type DocumentStore,
  type RelayMessage,
} from '../index';
import { connect, synced, until } from './helpers';

// Two CollabServers on one document store, relaying to each other as replicas do through Redis
// (here an in-process bus that can lose a message), and a store whose acknowledgements can be held.

interface Bus {
  relay(origin: string): CollabRelay;
  /** Messages of kind 'update' published so far, by seq. */
  readonly updates: number[];
  /** Drops the update messages whose seq it returns true for. */
  drop: (seq: number) => boolean;
}

function bus(): Bus {
  const subscribers = new Map<string, Set<{ origin: string; onMessage: (m: RelayMessage) => void }>>();
  const b: Bus = {
    updates: [],
    drop: () => false,
    relay: (origin) => ({
      async join(room, onMessage) {
        const entry = { origin, onMessage };
        if (!subscribers.has(room)) subscribers.set(room, new Set());
        subscribers.get(room)!.add(entry);
        return () => void subscribers.get(room)?.delete(entry);
      },
      publish(room, message) {
        if (message.kind === 'update') {
          b.updates.push(message.seq);
          if (b.drop(message.seq)) return;
        }
        // Asynchronous, in order, to every other process holding the room.
        for (const s of subscribers.get(room) ?? []) if (s.origin !== origin) setImmediate(() => s.onMessage(message));
      },
    }),
  };
  return b;
}

/** The store's acknowledgements of appends wait while the gate is shut (the rows are written at once). */
function gated(inner: DocumentStore) {
  let open: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  let asked = 0;
  const store: DocumentStore = {
    ...inner,
    async append(room, update, userId, at) {
      asked++;
      const seq = await inner.append(room, update, userId, at);
      await gate;
      return seq;
    },
  };
  return {
    store,
    asked: () => asked,
    shut: () => void (gate = new Promise<void>((r) => (open = r))),
    open: () => open(),
  };
}

const auth = {
  authenticate: async (token: string) => {
    const m = /^tok-([a-z]+)-secret$/.exec(token);
    return m ? { userId: m[1], displayName: m[1] } : null;
  },
  authorizeCase: async () => 'ok' as const,
};

const running: Array<() => Promise<void>> = [];
const providers: WebsocketProvider[] = [];
afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy();
  for (const stop of running.splice(0).reverse()) await stop();
});

async function replica(store: DocumentStore, relay: CollabRelay) {
  const collab = new CollabServer({ store, relay, auth, log: () => undefined, maxMessagesPerSecond: 10_000 });
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  running.push(async () => {
    await collab.close();
    http.closeAllConnections();
    await new Promise<void>((r) => http.close(() => r()));
  });
  return `ws://127.0.0.1:${(http.address() as AddressInfo).port}/collab`;
}

/** The document store both processes share: SQLite in memory, or Neo4j when NEO4J_URI is set. */
const BACKENDS: Array<{ name: string; open: () => Promise<DocumentStore> }> = [
  {
    name: 'embedded',
    open: async () => {
      const db = new Database(':memory:');
      const store = openEmbeddedDocumentStore(db);
      running.push(async () => {
        await store.close();
        db.close();
      });
      return store;
    },
  },
];
const { NEO4J_URI, NEO4J_USER = 'neo4j', NEO4J_PASSWORD = 'neo4j' } = process.env;
if (NEO4J_URI)
  BACKENDS.push({
    name: 'neo4j',
    open: async () => {
      const driver = neo4j.driver(NEO4J_URI, neo4j.auth.basic(NEO4J_USER, NEO4J_PASSWORD));
      // The document labels' constraints and index, as the server's migrations create them.
      for (const m of neo4jMigrations())
        for (const statement of m.statements.filter((t) => /\((n|u):Doc(Snapshot|Update)\)/.test(t))) await driver.executeQuery(statement);
      const store = openNeo4jDocumentStore(driver);
      running.push(async () => {
        await store.close();
        await driver.close();
      });
      return store;
    },
  });
else console.log('relay.test.ts: the Neo4j pass is skipped (NEO4J_URI is not set); the embedded pass runs');
/** A room no earlier run has written (Neo4j keeps them). */
const fresh = (document: 'notes' | 'timeline') => `cases/r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}/${document}`;

const open = (url: string, room: string, user: string) => {
  const p = connect(url, room, user);
  providers.push(p);
  return p;
};

describe.each(BACKENDS)('rooms of one document on two processes (relay), $name store', ({ open: sharedStore }) => {
  it('clients on both converge, and every update is stored once with seqs 1..n', async () => {
    const store = await sharedStore();
    const b = bus();
    const [urlA, urlB] = [await replica(store, b.relay('A')), await replica(store, b.relay('B'))];
    const room = fresh('notes');
    const [pa, pb] = [open(urlA, room, 'alice'), open(urlB, room, 'bob')];
    await Promise.all([synced(pa), synced(pb)]);
    for (let i = 0; i < 30; i++) {
      pa.doc.getText('notes').insert(0, `a${i};`);
      pb.doc.getText('notes').insert(pb.doc.getText('notes').length, `b${i};`);
      if (i % 5 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    const length = Array.from({ length: 30 }, (_, i) => `a${i};b${i};`).join('').length;
    await until(() => pa.doc.getText('notes').length === length && pb.doc.getText('notes').length === length, 'convergence');
    expect(pb.doc.getText('notes').toString()).toBe(pa.doc.getText('notes').toString());
    const log = await store.updatesAfter(room, 0);
    expect(log.map((u) => u.seq)).toEqual(log.map((_, i) => i + 1));
    expect([...b.updates].sort((x, y) => x - y)).toEqual(log.map((u) => u.seq));
  });

  it("a lost relay message is read back from the store, whether a later relayed message or the room's own next append shows the gap", async () => {
    const store = await sharedStore();
    const b = bus();
    const [urlA, urlB] = [await replica(store, b.relay('A')), await replica(store, b.relay('B'))];
    const room = fresh('timeline');
    const [pa, pb] = [open(urlA, room, 'alice'), open(urlB, room, 'bob')];
    await Promise.all([synced(pa), synced(pb)]);
    pb.doc.getArray('events').push(['first']);
    await until(() => pa.doc.getArray('events').length === 1, 'first update');
    // The next update of B's client never reaches A through the relay; the one after it does, and shows the gap.
    b.drop = (seq) => seq === 2;
    pb.doc.getArray('events').push(['lost']);
    await until(() => b.updates.includes(2), 'the lost update published');
    pb.doc.getArray('events').push(['third']);
    await until(() => pa.doc.getArray('events').length === 3, 'gap filled from the store', 3000);
    // When what comes after a lost message is only A's own update (no relayed message shows the gap), the seq
    // A's append comes back with does: the room reads the missing update from the store.
    b.drop = (seq) => seq === 4;
    pb.doc.getArray('events').push(['last']);
    await until(() => b.updates.includes(4), 'the last update published');
    pa.doc.getArray('events').push(['from A']);
    await until(() => pa.doc.getArray('events').length === 5, 'last update read back', 3000);
    expect(pa.doc.getArray('events').toJSON().sort()).toEqual(pb.doc.getArray('events').toJSON().sort());
  });

  it('goes on with a room while its appends are in flight, and sends nobody an update before the store acknowledged it', async () => {
    const base = await sharedStore();
    const g = gated(base);
    const b = bus();
    const url = await replica(g.store, b.relay('A'));
    const room = fresh('notes');
    const [writer, reader] = [open(url, room, 'alice'), open(url, room, 'bob')];
    await Promise.all([synced(writer), synced(reader)]);
    g.shut();
    writer.doc.getText('notes').insert(0, 'one ');
    await until(() => g.asked() === 1, 'first append asked');
    writer.doc.getText('notes').insert(4, 'two ');
    // The second append is asked for while the first is not acknowledged: the room did not wait for it.
    await until(() => g.asked() === 2, 'second append asked while the first is in flight');
    // A client joining now is answered only with what the store acknowledged: it waits.
    const late = open(url, room, 'carol');
    await new Promise((r) => setTimeout(r, 300));
    expect(reader.doc.getText('notes').toString()).toBe('');
    expect(late.doc.getText('notes').toString()).toBe('');
    expect(late.synced).toBe(false);
    expect(b.updates).toEqual([]);
    g.open();
    await until(() => reader.doc.getText('notes').toString() === 'one two ', 'relay after the acknowledgement');
    await synced(late);
    await until(() => late.doc.getText('notes').toString() === 'one two ', 'late client has both');
    expect(b.updates).toEqual([1, 2]);
  });
});
