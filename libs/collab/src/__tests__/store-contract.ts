import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadDocument, type DocumentStore } from '../index';

/** The behaviour every DocumentStore adapter must have (run per adapter). */
export function documentStoreContract(name: string, open: () => Promise<{ store: DocumentStore; cleanup: () => Promise<void> }>): void {
  const room = () => `cases/c${Math.random().toString(36).slice(2, 10)}/timeline`;

  describe(`DocumentStore contract: ${name}`, () => {
    it('numbers updates per room and keeps who sent them and when', async () => {
      const { store, cleanup } = await open();
      try {
        const r1 = room();
        const r2 = room();
        const at = new Date('2025-01-02T03:04:05.000Z');
        expect(await store.append(r1, new Uint8Array([1]), 'alice', at)).toBe(1);
        expect(await store.append(r1, new Uint8Array([2]), 'bob', at)).toBe(2);
        expect(await store.append(r2, new Uint8Array([3]), 'carol', at)).toBe(1);
        const all = await store.updatesAfter(r1, 0);
        expect(all.map((u) => [u.seq, [...u.update], u.userId, u.at])).toEqual([
          [1, [1], 'alice', at.toISOString()],
          [2, [2], 'bob', at.toISOString()],
        ]);
        expect((await store.updatesAfter(r1, 1)).map((u) => u.seq)).toEqual([2]);
        const empty = await store.load(room());
        expect(empty).toEqual({ snapshot: null, snapshotSeq: 0, tail: [], lastSeq: 0 });
      } finally {
        await cleanup();
      }
    });

    it('loads a snapshot plus only the updates after it, and keeps the log for attribution', async () => {
      const { store, cleanup } = await open();
      try {
        const r = room();
        const doc = new Y.Doc();
        const updates: Uint8Array[] = [];
        doc.on('update', (u: Uint8Array) => updates.push(u));
        const text = doc.getText('notes');
        for (let i = 0; i < 30; i++) text.insert(text.length, `${i},`);
        for (const u of updates.slice(0, 20)) await store.append(r, u, 'alice', new Date());
        const upTo20 = new Y.Doc();
        for (const u of updates.slice(0, 20)) Y.applyUpdate(upTo20, u);
        await store.compact(r, Y.encodeStateAsUpdate(upTo20), 20, new Date());
        // An older snapshot never replaces a newer one.
        await store.compact(r, new Uint8Array([0, 0]), 5, new Date());
        for (const u of updates.slice(20)) await store.append(r, u, 'bob', new Date());
        const stored = await store.load(r);
        expect(stored.snapshotSeq).toBe(20);
        expect(stored.tail.map((u) => u.seq)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
        expect(stored.lastSeq).toBe(30);
        const loaded = await loadDocument(store, r);
        expect(loaded.doc.getText('notes').toString()).toBe(text.toString());
        expect((await store.updatesAfter(r, 0)).length).toBe(30);
      } finally {
        await cleanup();
      }
    });

    it('keeps sign-offs with their exact state, newest first', async () => {
      const { store, cleanup } = await open();
      try {
        const caseId = `c${Math.random().toString(36).slice(2, 10)}`;
        const base = { caseId, document: 'timeline' as const, signerId: 'sup', comment: 'ok', contentHash: 'h' };
        await store.addSignOff({ ...base, id: `${caseId}-1`, seq: 1, signedAt: '2025-01-01T00:00:00.000Z', state: new Uint8Array([1, 2]) });
        await store.addSignOff({ ...base, id: `${caseId}-2`, seq: 2, signedAt: '2025-01-02T00:00:00.000Z', state: new Uint8Array([3]) });
        await store.addSignOff({
          ...base,
          document: 'notes',
          id: `${caseId}-3`,
          seq: 1,
          signedAt: '2025-01-03T00:00:00.000Z',
          state: new Uint8Array([4]),
        });
        expect((await store.signOffs(caseId, 'timeline')).map((s) => s.id)).toEqual([`${caseId}-2`, `${caseId}-1`]);
        const one = await store.getSignOff(`${caseId}-1`);
        expect(one && [...one.state]).toEqual([1, 2]);
        expect(one?.signerId).toBe('sup');
        expect(await store.getSignOff('nope')).toBeNull();
      } finally {
        await cleanup();
      }
    });

    it('refuses writes once closed', async () => {
      const { store, cleanup } = await open();
      await store.close();
      await expect(store.append(room(), new Uint8Array([1]), 'a', new Date())).rejects.toThrow(/closed/);
      await cleanup();
    });
  });
}
