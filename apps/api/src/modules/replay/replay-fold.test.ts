import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '@homeward/graph-store';
import { foldAt, withSynthesized } from './replay-fold.js';

const node = (id: string, createdAt: string, props: Record<string, unknown> = {}, createdBy = 'usr_seed') => ({
  id,
  kind: 'PERSON',
  label: id,
  role: null,
  caseIds: ['case_1'],
  props,
  createdBy,
  createdAt,
  source: null,
  reliability: null,
  updatedBy: null,
  updatedAt: null,
});
const edge = (id: string, source: string, target: string, createdAt: string, createdBy = 'usr_seed') => ({
  id,
  type: 'SEEN_WITH',
  source,
  target,
  caseId: 'case_1',
  createdBy,
  createdAt,
  reliability: null,
  credibility: null,
});
const entry = (
  seq: number,
  at: string,
  kind: 'UPSERTED' | 'REMOVED',
  nodes: unknown[],
  edges: unknown[],
  created: string[] = [],
): JournalEntry => ({ seq, caseId: 'case_1', at, actorId: 'usr_a', kind, nodes, edges, created }) as unknown as JournalEntry;

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-02-01T00:00:00.000Z';
const T2 = '2026-02-02T00:00:00.000Z';
const T3 = '2026-02-03T00:00:00.000Z';

describe('case replay: changes and the graph at a moment', () => {
  it('rebuilds the creation of what the journal never saw created, from its first entry or from the present', () => {
    const old = node('ent_old', T0, { fullName: 'Before the edit' });
    const untouched = node('ent_untouched', T0);
    const gone = node('ent_gone', T0, { fullName: 'Removed later' });
    const link = edge('lnk_old', 'ent_old', 'ent_untouched', T0);
    const fresh = node('ent_new', T1, {}, 'usr_a');
    const changes = withSynthesized(
      [
        entry(1, T1, 'UPSERTED', [fresh], [], ['ent_new']),
        entry(2, T2, 'UPSERTED', [{ ...old, props: { fullName: 'After the edit' } }], []),
        entry(3, T3, 'REMOVED', [gone], []),
      ],
      { nodes: [{ ...old, props: { fullName: 'After the edit' } }, untouched, fresh], edges: [link] },
    );
    expect(changes.map((c) => [c.seq, c.at, c.synthesized])).toEqual([
      [0, T0, true],
      [1, T1, false],
      [2, T2, false],
      [3, T3, false],
    ]);
    expect(changes[0]!.actorId).toBe('usr_seed');
    expect(changes[0]!.nodes.map((n) => n.id).sort()).toEqual(['ent_gone', 'ent_old', 'ent_untouched']);
    expect(changes[0]!.edges.map((l) => l.id)).toEqual(['lnk_old']);
    // At T0 the removed one is there with its props as the removal carried them.
    const atT0 = foldAt(changes, T0);
    expect(atT0.nodes.map((n) => n.id).sort()).toEqual(['ent_gone', 'ent_old', 'ent_untouched']);
    expect(atT0.nodes.find((n) => n.id === 'ent_gone')!.props).toEqual({ fullName: 'Removed later' });
    expect(atT0.edges).toHaveLength(1);
    expect(
      foldAt(changes, T1)
        .nodes.map((n) => n.id)
        .sort(),
    ).toEqual(['ent_gone', 'ent_new', 'ent_old', 'ent_untouched']);
    expect(foldAt(changes, T2).nodes.find((n) => n.id === 'ent_old')!.props).toEqual({ fullName: 'After the edit' });
    expect(
      foldAt(changes, T3)
        .nodes.map((n) => n.id)
        .sort(),
    ).toEqual(['ent_new', 'ent_old', 'ent_untouched']);
  });

  it('leaves out a link whose end is gone, and gives rebuilt changes their own seq at or below 0', () => {
    const a = node('ent_a', T0);
    const b = node('ent_b', T1, {}, 'usr_b');
    const l = edge('lnk_ab', 'ent_a', 'ent_b', T1, 'usr_b');
    const changes = withSynthesized([entry(1, T2, 'REMOVED', [b], [])], { nodes: [a], edges: [] });
    // Creations at two moments: two rebuilt changes, -1 then 0.
    expect(changes.map((c) => c.seq)).toEqual([-1, 0, 1]);
    const withLink = withSynthesized([entry(1, T2, 'REMOVED', [b], [])], { nodes: [a], edges: [l] });
    expect(foldAt(withLink, T1).edges.map((e) => e.id)).toEqual(['lnk_ab']);
    expect(foldAt(withLink, T2).edges).toEqual([]);
  });
});
