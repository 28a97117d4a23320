import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GraphJournal, NewJournalEntry, StateStores } from '@homeward/graph-store';
import { GraphEvents } from './graph-events.js';
import type { GraphChange } from './graph.types.js';

const change: GraphChange = {
  caseId: 'case_j',
  kind: 'UPSERTED',
  nodes: [
    {
      id: 'ent_j1',
      kind: 'PERSON',
      label: 'Secret Name',
      role: null,
      caseIds: ['case_j'],
      props: { fullName: 'Secret Name' },
      createdBy: 'usr_a',
      createdAt: '2026-12-01T10:00:00.000Z',
      source: null,
      reliability: null,
      updatedBy: null,
      updatedAt: null,
    },
  ],
  edges: [],
};

function events(append: GraphJournal['append']) {
  const journal: GraphJournal = { append, read: async () => [] };
  return new GraphEvents({ journal } as unknown as StateStores, null);
}

afterEach(() => vi.restoreAllMocks());

describe('graph events and the case journal', () => {
  it('records a change once, with its actor and what it created, before subscribers get it; a failed write is retried', async () => {
    const written: Array<{ caseId: string; entry: NewJournalEntry }> = [];
    let failures = 2;
    const bus = events(async (caseId, entry) => {
      if (failures-- > 0) throw new Error('leader switch');
      written.push({ caseId, entry });
      return written.length;
    });
    const sub = bus.subscribe('case_j', 'usr_b');
    const next = sub.next();
    await bus.publish(change, { actorId: 'usr_a', created: ['ent_j1'] });
    expect(written).toEqual([
      {
        caseId: 'case_j',
        entry: expect.objectContaining({ actorId: 'usr_a', kind: 'UPSERTED', created: ['ent_j1'], nodes: change.nodes, edges: [] }),
      },
    ]);
    expect(Date.parse(written[0]!.entry.at)).toBeGreaterThan(Date.now() - 10_000);
    expect((await next).value).toEqual({ graphChanged: change });
    await sub.return!();
  });

  it('when the journal cannot be written, logs it without the payload and still delivers the change, never failing the caller', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (lines.push(String(s)), true));
    let attempts = 0;
    const bus = events(async () => {
      attempts++;
      throw new Error('database unavailable');
    });
    const sub = bus.subscribe('case_j', 'usr_b');
    const next = sub.next();
    await expect(bus.publish(change, { actorId: 'usr_a' })).resolves.toBeUndefined();
    expect(attempts).toBe(4);
    expect((await next).value).toEqual({ graphChanged: change });
    const logged = lines.join('');
    expect(logged).toMatch(/not recorded in the case journal/);
    expect(logged).toMatch(/case_j/);
    expect(logged).toMatch(/ent_j1/);
    expect(logged).not.toMatch(/Secret Name/);
    await sub.return!();
  });
});
