import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphJournal, NewJournalEntry } from './port';

const fresh = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

const node = (id: string, props: Record<string, unknown> = {}) => ({
  id,
  kind: 'PERSON',
  label: id,
  props,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const edge = (id: string, source: string, target: string) => ({ id, type: 'SEEN_WITH', source, target });

/** What every graph journal must do, run on both backends. */
export function graphJournalContract(name: string, open: () => Promise<{ journal: GraphJournal; close(): Promise<void> }>) {
  describe(`graph journal contract: ${name}`, () => {
    let journal: GraphJournal;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ journal, close } = await open());
    });
    afterAll(async () => {
      await close?.();
    });

    const entry = (at: string, patch: Partial<NewJournalEntry> = {}): NewJournalEntry => ({
      at,
      actorId: 'usr_a',
      kind: 'UPSERTED',
      nodes: [],
      edges: [],
      created: [],
      ...patch,
    });

    it('numbers entries 1, 2, 3 per case and reads them back whole, oldest first', async () => {
      const c = fresh('case');
      const other = fresh('case');
      expect(await journal.read(c)).toEqual([]);
      const a = node('ent_a', { fullName: 'Ana López', aliases: ['Anita'], nested: { n: 1.5, ok: true, none: null } });
      const b = node('ent_b');
      expect(
        await journal.append(
          c,
          entry('2026-03-01T10:00:00.000Z', {
            nodes: [a, b],
            edges: [edge('lnk_1', 'ent_a', 'ent_b')],
            created: ['ent_a', 'ent_b', 'lnk_1'],
          }),
        ),
      ).toBe(1);
      expect(await journal.append(other, entry('2026-03-01T10:00:01.000Z'))).toBe(1);
      expect(
        await journal.append(c, entry('2026-03-01T10:05:00.000Z', { nodes: [{ ...a, props: { fullName: 'Ana María López' } }] })),
      ).toBe(2);
      expect(
        await journal.append(
          c,
          entry('2026-03-01T10:09:00.000Z', { kind: 'REMOVED', actorId: null, edges: [edge('lnk_1', 'ent_a', 'ent_b')] }),
        ),
      ).toBe(3);
      const all = await journal.read(c);
      expect(all.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(all[0]).toEqual({
        seq: 1,
        caseId: c,
        at: '2026-03-01T10:00:00.000Z',
        actorId: 'usr_a',
        kind: 'UPSERTED',
        nodes: [a, b],
        edges: [edge('lnk_1', 'ent_a', 'ent_b')],
        created: ['ent_a', 'ent_b', 'lnk_1'],
      });
      expect(all[1]).toMatchObject({ seq: 2, created: [], nodes: [{ id: 'ent_a', props: { fullName: 'Ana María López' } }], edges: [] });
      expect(all[2]).toMatchObject({ seq: 3, kind: 'REMOVED', actorId: null, nodes: [] });
      expect((await journal.read(other)).map((e) => e.caseId)).toEqual([other]);
    });

    it('reads up to a moment (inclusive) and after a seq', async () => {
      const c = fresh('case');
      for (const [i, at] of ['2026-04-01T08:00:00.000Z', '2026-04-01T09:00:00.000Z', '2026-04-01T10:00:00.000Z'].entries())
        await journal.append(c, entry(at, { nodes: [node(`ent_${i}`)] }));
      expect((await journal.read(c, { until: '2026-04-01T09:00:00.000Z' })).map((e) => e.seq)).toEqual([1, 2]);
      expect((await journal.read(c, { until: '2026-04-01T07:59:59.999Z' })).map((e) => e.seq)).toEqual([]);
      expect((await journal.read(c, { afterSeq: 1 })).map((e) => e.seq)).toEqual([2, 3]);
      expect((await journal.read(c, { afterSeq: 1, until: '2026-04-01T09:30:00.000Z' })).map((e) => e.seq)).toEqual([2]);
    });

    it('never gives two simultaneous appends to one case the same seq', async () => {
      const c = fresh('case');
      const seqs = await Promise.all(
        Array.from({ length: 12 }, (_, i) => journal.append(c, entry(`2026-05-01T00:00:${String(i).padStart(2, '0')}.000Z`))),
      );
      expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect((await journal.read(c)).map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    });
  });
}
