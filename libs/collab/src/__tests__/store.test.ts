import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import neo4j from 'neo4j-driver';
import { neo4jMigrations } from '@homeward/graph-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CYPHER, loadDocument, openEmbeddedDocumentStore, openNeo4jDocumentStore } from '../index';
import { documentStoreContract } from './store-contract';

documentStoreContract('embedded (SQLite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'collab-store-'));
  const db = new Database(join(dir, 'h.db'));
  db.pragma('journal_mode = WAL');
  return {
    store: openEmbeddedDocumentStore(db),
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const { NEO4J_URI, NEO4J_USER = 'neo4j', NEO4J_PASSWORD = 'neo4j' } = process.env;
if (NEO4J_URI) {
  documentStoreContract('neo4j', async () => {
    const driver = neo4j.driver(NEO4J_URI, neo4j.auth.basic(NEO4J_USER, NEO4J_PASSWORD));
    return { store: openNeo4jDocumentStore(driver), cleanup: () => driver.close() };
  });

  describe('neo4j store: group commit', () => {
    const update = (n: number) => {
      const d = new Y.Doc();
      d.getArray('a').push([n]);
      return Y.encodeStateAsUpdate(d);
    };
    // The document labels' constraints and index, as the server's migrations create them (this file may run before any server has).
    beforeAll(async () => {
      const driver = neo4j.driver(NEO4J_URI, neo4j.auth.basic(NEO4J_USER, NEO4J_PASSWORD));
      try {
        for (const m of neo4jMigrations())
          for (const statement of m.statements.filter((t) => /\((n|u):Doc(Snapshot|Update)\)/.test(t)))
            await driver.executeQuery(statement);
      } finally {
        await driver.close();
      }
    });
    const fresh = () => `cases/gc${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

    it('writes the appends of several rooms together, in order per room, and fails only the one that cannot be written', async () => {
      const driver = neo4j.driver(NEO4J_URI, neo4j.auth.basic(NEO4J_USER, NEO4J_PASSWORD));
      const store = openNeo4jDocumentStore(driver);
      const [a, b, bad] = [fresh() + '/notes', fresh() + '/timeline', fresh() + '/notes'];
      try {
        const asked = [
          store.append(a, update(1), 'usr_a', new Date()),
          store.append(b, update(2), 'usr_b', new Date()),
          // Neo4j refuses a map as a property value: this append cannot be written.
          store.append(bad, update(3), { not: 'a user id' } as unknown as string, new Date()),
          store.append(a, update(4), 'usr_a', new Date()),
          store.append(a, update(5), 'usr_d', new Date()),
        ];
        const settled = await Promise.allSettled(asked);
        expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : 'failed'))).toEqual([1, 1, 'failed', 2, 3]);
        const rows = await store.updatesAfter(a, 0);
        expect(rows.map((r) => [r.seq, r.userId])).toEqual([
          [1, 'usr_a'],
          [2, 'usr_a'],
          [3, 'usr_d'],
        ]);
        expect(Y.decodeUpdate(rows[2].update).structs.length).toBe(1);
      } finally {
        await store.close();
        await driver.close();
      }
    });

    it('writes at most 256 appends a transaction, keeping each room in order, and a read waits only for what was asked before it', async () => {
      const driver = neo4j.driver(NEO4J_URI, neo4j.auth.basic(NEO4J_USER, NEO4J_PASSWORD));
      const groups: number[] = [];
      const store = openNeo4jDocumentStore(driver, undefined, { onAppendGroup: (g) => groups.push(g.updates) });
      const rooms = [fresh() + '/notes', fresh() + '/notes', fresh() + '/timeline'];
      try {
        const asked = Array.from({ length: 600 }, (_, i) => store.append(rooms[i % 3], update(i), 'usr_a', new Date()));
        // Asked after the 600: sees all of them.
        const read = store.updatesAfter(rooms[0], 0).then(() => store.load(rooms[2]));
        const seqs = await Promise.all(asked);
        expect(rooms.map((_, r) => seqs.filter((_, i) => i % 3 === r))).toEqual(
          rooms.map(() => Array.from({ length: 200 }, (_, i) => i + 1)),
        );
        expect((await read).lastSeq).toBe(200);
        expect(Math.max(...groups)).toBeLessThanOrEqual(256);
        expect(groups.reduce((n, g) => n + g, 0)).toBe(600);
      } finally {
        await store.close();
        await driver.close();
      }
    });

    it('gives two processes appending to one room at once distinct seqs in one sequence', async () => {
      const drivers = [0, 1].map(() => neo4j.driver(NEO4J_URI, neo4j.auth.basic(NEO4J_USER, NEO4J_PASSWORD)));
      const stores = drivers.map((d) => openNeo4jDocumentStore(d));
      const room = fresh() + '/notes';
      try {
        const seqs = await Promise.all(
          Array.from({ length: 40 }, (_, i) => stores[i % 2].append(room, update(i), `usr_${i % 2}`, new Date())),
        );
        expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
        expect((await stores[0].load(room)).lastSeq).toBe(40);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
        await Promise.all(drivers.map((d) => d.close()));
      }
    });

    it('continues the numbering of a room written before the last seq was kept on its lock node', async () => {
      const driver = neo4j.driver(NEO4J_URI, neo4j.auth.basic(NEO4J_USER, NEO4J_PASSWORD));
      const store = openNeo4jDocumentStore(driver);
      const room = fresh() + '/notes';
      try {
        await driver.executeQuery(
          `CREATE (:DocSnapshot {id: $room, room: $room, seq: -1, appends: 3})
           WITH 1 AS one UNWIND [1, 2, 3] AS n
           CREATE (:DocUpdate {id: $room + '#' + toString(n), room: $room, seq: n, data: $data, createdBy: 'usr_old', createdAt: '2026-01-01T00:00:00.000Z'})`,
          { room, data: update(0) },
        );
        expect(await store.append(room, update(9), 'usr_new', new Date())).toBe(4);
        expect(await store.append(room, update(10), 'usr_new', new Date())).toBe(5);
      } finally {
        await store.close();
        await driver.close();
      }
    });

    it('an append reads a few records, however long the logs of its room and of the others (measured with PROFILE)', async () => {
      const driver = neo4j.driver(NEO4J_URI, neo4j.auth.basic(NEO4J_USER, NEO4J_PASSWORD));
      const [busy, old, quiet] = [fresh() + '/notes', fresh() + '/notes', fresh() + '/timeline'];
      try {
        // 3,000 updates in a room with its last seq kept, 3,000 in a room written before it was kept.
        for (const [room, lastSeq] of [
          [busy, 3000],
          [old, null],
        ] as const)
          await driver.executeQuery(
            `CREATE (lock:DocSnapshot {id: $room, room: $room, seq: -1}) SET lock.lastSeq = $lastSeq
             WITH 1 AS one UNWIND range(1, 3000) AS n
             CREATE (:DocUpdate {id: $room + '#' + toString(n), room: $room, seq: n, data: $data, createdBy: 'usr_a', createdAt: '2026-01-01'})`,
            { room, lastSeq: lastSeq === null ? null : neo4j.int(lastSeq), data: update(0) },
          );
        const u = { data: update(1), userId: 'usr_b', at: new Date().toISOString() };
        type Plan = { dbHits: number; operatorType: string; children: Plan[] };
        const plans = (p: Plan): Plan[] => [p, ...p.children.flatMap(plans)];
        const append = async (rooms: string[]) => {
          const batch = [...rooms].sort().map((room) => ({ room, updates: [u, u] }));
          const { records, summary } = await driver.executeQuery(`PROFILE ${CYPHER.appendBatch}`, { batch });
          const operators = plans(summary.profile as unknown as Plan);
          return {
            seqs: Object.fromEntries(rooms.map((r) => [r, records.filter((x) => x.get('room') === r).map((x) => x.get('seq').toNumber())])),
            hits: operators.reduce((n, p) => n + p.dbHits, 0),
            scans: operators.map((p) => p.operatorType).filter((t) => /LabelScan|AllNodesScan/.test(t)),
          };
        };
        // The room written before lastSeq was kept reads its last update once (then keeps it on its lock node).
        expect((await append([old])).seqs).toEqual({ [old]: [3001, 3002] });
        const second = await append([busy, old, quiet]);
        expect(second.seqs).toEqual({ [busy]: [3001, 3002], [old]: [3003, 3004], [quiet]: [1, 2] });
        // The whole statement, three rooms and six updates: far below one room's log, let alone all of them.
        expect(second.hits).toBeLessThan(300);
        expect(second.scans).toEqual([]);
      } finally {
        await driver.close();
      }
    });
  });
} else {
  // Say so rather than pass silently: this contract has not run against Neo4j.
  console.log(
    'Neo4j document store contract skipped: NEO4J_URI is not set (npm test starts a Neo4j itself where Java 17+ and Maven are installed)',
  );
}

describe('embedded store', () => {
  it('writes the appends of one event-loop turn together after it, in order, and fails only a row that cannot be written', async () => {
    const db = new Database(':memory:');
    const store = openEmbeddedDocumentStore(db);
    const u = (n: number) => {
      const d = new Y.Doc();
      d.getArray('a').push([n]);
      return Y.encodeStateAsUpdate(d);
    };
    const asked = [
      store.append('cases/a/notes', u(1), 'usr_a', new Date()),
      store.append('cases/b/notes', u(2), 'usr_b', new Date()),
      store.append('cases/a/notes', u(3), null as unknown as string, new Date()),
      store.append('cases/a/notes', u(4), 'usr_a', new Date()),
    ];
    // Nothing is written before the turn ends.
    expect(db.prepare('SELECT count(*) AS n FROM collab_update').get()).toEqual({ n: 0 });
    const settled = await Promise.allSettled(asked);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : null))).toEqual([1, 1, null, 2]);
    expect(String((settled[2] as PromiseRejectedResult).reason)).toMatch(/NOT NULL/);
    expect(db.prepare('SELECT room, seq, user_id FROM collab_update ORDER BY rowid').all()).toEqual([
      { room: 'cases/a/notes', seq: 1, user_id: 'usr_a' },
      { room: 'cases/b/notes', seq: 1, user_id: 'usr_b' },
      { room: 'cases/a/notes', seq: 2, user_id: 'usr_a' },
    ]);
  });

  it('reads see appends asked for before them, and closing writes the appends still waiting', async () => {
    const db = new Database(':memory:');
    const store = openEmbeddedDocumentStore(db);
    const d = new Y.Doc();
    d.getText('t').insert(0, 'hola');
    const first = store.append('cases/c/notes', Y.encodeStateAsUpdate(d), 'usr_c', new Date());
    // Asked in the same turn, before the batch ran: the read still sees it.
    const loaded = await store.load('cases/c/notes');
    expect(loaded.lastSeq).toBe(1);
    expect(await first).toBe(1);
    const second = store.append('cases/c/notes', Y.encodeStateAsUpdate(d), 'usr_c', new Date());
    await store.close();
    expect(await second).toBe(2);
    expect(db.prepare('SELECT count(*) AS n FROM collab_update').get()).toEqual({ n: 2 });
    await expect(store.append('cases/c/notes', Y.encodeStateAsUpdate(d), 'usr_c', new Date())).rejects.toThrow();
  });

  it('shares the database: its tables are created once, beside the others', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE other (x)');
    openEmbeddedDocumentStore(db);
    openEmbeddedDocumentStore(db);
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => r.name);
    expect(tables).toEqual(['collab_signoff', 'collab_snapshot', 'collab_update', 'other']);
    db.close();
  });

  it('loads in bounded time however long the history, once compacted', async () => {
    const db = new Database(':memory:');
    const store = openEmbeddedDocumentStore(db);
    const room = 'cases/long/notes';
    const doc = new Y.Doc();
    const text = doc.getText('notes');
    let seq = 0;
    doc.on('update', (u: Uint8Array) => {
      seq++;
      void store.append(room, u, 'alice', new Date());
    });
    for (let i = 0; i < 20_000; i++) text.insert(text.length, 'x');
    await store.compact(room, Y.encodeStateAsUpdate(doc), seq, new Date());
    for (let i = 0; i < 10; i++) text.insert(0, 'y');
    const t0 = performance.now();
    const loaded = await loadDocument(store, room);
    const ms = performance.now() - t0;
    expect(loaded.tailLength).toBe(10);
    expect(loaded.doc.getText('notes').length).toBe(20_010);
    expect(ms).toBeLessThan(200);
    db.close();
  });
});

describe('Neo4j statements', () => {
  it('are named constants using only the document labels', () => {
    for (const [name, text] of Object.entries(CYPHER)) {
      const labels = [...text.matchAll(/\(\w*:(\w+)/g)].map((m) => m[1]);
      expect(
        labels.every((l) => ['DocUpdate', 'DocSnapshot', 'SignOff'].includes(l)),
        name,
      ).toBe(true);
    }
  });
});
