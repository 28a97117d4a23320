// Case replay on the client: the graph and the co-edited documents folded to any moment, forward and back.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocFold, GraphFold, eventsOf, stepFrom, stopsOf, type ReplayChangeIn, type ReplayDocUpdateIn } from './replay-state.js';

const node = (id: string, label = id) => ({ id, kind: 'PERSON' as const, label, role: null, caseIds: ['c1'], props: {} });
const edge = (id: string, source: string, target: string) => ({ id, type: 'SEEN_WITH' as const, source, target });
const at = (min: number) => new Date(Date.UTC(2026, 10, 20, 10, min)).toISOString();
const ms = (min: number) => Date.parse(at(min));

function change(
  seq: number,
  min: number,
  kind: 'UPSERTED' | 'REMOVED',
  nodes = [] as ReturnType<typeof node>[],
  edges = [] as ReturnType<typeof edge>[],
) {
  return { seq, at: at(min), actorId: 'u1', actorName: 'Ana', kind, nodes, edges } satisfies ReplayChangeIn;
}

const toBase64 = (u: Uint8Array) => btoa(String.fromCharCode(...u));

/** The updates of a document typed one character at a time, one update per character, a minute apart. */
function typed(text: string, startMin: number): { updates: ReplayDocUpdateIn[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const updates: ReplayDocUpdateIn[] = [];
  doc.on('update', (u: Uint8Array) =>
    updates.push({ seq: updates.length + 1, at: at(startMin + updates.length), userId: 'u1', userName: 'Ana', update: toBase64(u) }),
  );
  for (let i = 0; i < text.length; i++) doc.getText('t').insert(i, text[i]!);
  return { updates, doc };
}

describe('GraphFold', () => {
  const changes = [
    change(1, 1, 'UPSERTED', [node('a', 'Ana'), node('b', 'Beto')]),
    change(2, 2, 'UPSERTED', [], [edge('e1', 'a', 'b')]),
    change(3, 3, 'UPSERTED', [node('c', 'Car')], [edge('e2', 'a', 'c')]),
    change(4, 4, 'REMOVED', [node('b', 'Beto')]),
    change(5, 5, 'UPSERTED', [node('a', 'Ana María')]),
  ];

  it('shows what existed at each moment; a removed entity takes its links, and comes back going back', () => {
    const f = new GraphFold([...changes].reverse());
    expect([...f.at(ms(0)).nodes.keys()]).toEqual([]);
    expect([...f.at(ms(2)).edges.keys()]).toEqual(['e1']);
    const after = f.at(ms(4));
    expect([...after.nodes.keys()].sort()).toEqual(['a', 'c']);
    expect([...after.edges.keys()]).toEqual(['e2']);
    // Back before the removal: Beto and his link are there again.
    const before = f.at(ms(3));
    expect(before.nodes.has('b')).toBe(true);
    expect([...before.edges.keys()].sort()).toEqual(['e1', 'e2']);
    expect(f.at(ms(9)).nodes.get('a')!.label).toBe('Ana María');
    expect(f.at(ms(4)).nodes.get('a')!.label).toBe('Ana');
  });

  it('lists every entity and link of the history as last known, removed ones included', () => {
    const all = new GraphFold(changes).everything();
    expect([...all.nodes.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(all.nodes.get('a')!.label).toBe('Ana María');
    expect([...all.edges.keys()].sort()).toEqual(['e1', 'e2']);
  });

  it('says who added and who last changed each entity', () => {
    const f = new GraphFold(changes);
    const p = f.at(ms(9)).provenance.get('a')!;
    expect(p.addedAt).toBe(at(1));
    expect(p.addedBy).toBe('Ana');
    expect(p.changedAt).toBe(at(5));
    expect(f.at(ms(1)).provenance.get('a')!.changedAt).toBeUndefined();
  });

  it('goes back through checkpoints to the same state as a fold from the start', () => {
    const many: ReplayChangeIn[] = [];
    for (let i = 0; i < 450; i++) many.push(change(i + 1, i, i % 7 === 6 ? 'REMOVED' : 'UPSERTED', [node(`n${i % 50}`, `N${i}`)]));
    const f = new GraphFold(many);
    f.at(ms(449));
    for (const t of [400, 250, 99, 100, 101, 3]) {
      const fresh = new GraphFold(many).at(ms(t));
      const back = f.at(ms(t));
      expect([...back.nodes.entries()].sort()).toEqual([...fresh.nodes.entries()].sort());
    }
  });
});

describe('DocFold', () => {
  it('rebuilds the document at each moment, forward on the same doc and back on a new one', () => {
    const { updates, doc } = typed('hello replay, this is longer than one checkpoint of updates'.repeat(5), 0);
    const text = doc.getText('t').toString();
    const f = new DocFold(updates);
    const d5 = f.at(ms(4));
    expect(d5.getText('t').toString()).toBe(text.slice(0, 5));
    const d10 = f.at(ms(9));
    expect(d10).toBe(d5);
    expect(d10.getText('t').toString()).toBe(text.slice(0, 10));
    expect(f.at(ms(text.length)).getText('t').toString()).toBe(text);
    const back = f.at(ms(249));
    expect(back).not.toBe(d5);
    expect(back.getText('t').toString()).toBe(text.slice(0, 250));
    expect(f.at(ms(-5)).getText('t').toString()).toBe('');
  });
});

describe('events and steps', () => {
  it('says added, changed and removed, with labels and links by their ends; groups a minute of typing', () => {
    const g = new GraphFold([
      change(1, 1, 'UPSERTED', [node('a', 'Ana'), node('b', 'Beto')]),
      change(2, 2, 'UPSERTED', [], [edge('e1', 'a', 'b')]),
      change(3, 3, 'UPSERTED', [node('a', 'Ana M')]),
      change(4, 4, 'REMOVED', [node('b', 'Beto')]),
    ]);
    const doc = new Y.Doc();
    const notes: ReplayDocUpdateIn[] = [];
    doc.on('update', (u: Uint8Array) =>
      notes.push({
        seq: notes.length + 1,
        at: new Date(ms(10) + notes.length * 1000).toISOString(),
        userId: 'u2',
        userName: 'Bo',
        update: toBase64(u),
      }),
    );
    for (const ch of 'abc') doc.getText('t').insert(0, ch);
    const n = new DocFold(notes);
    const events = eventsOf(g, n, new DocFold([]));
    expect(events.map((e) => `${e.actor} ${e.verb} ${e.what.join(', ')}`)).toEqual([
      'Ana added Ana, Beto',
      'Ana added Ana → Beto',
      'Ana changed Ana M',
      'Ana removed Beto',
      'Bo notes ',
    ]);
    expect(events[4]!.ms).toBe(ms(10) + 2000);
    const stops = stopsOf(g, n, new DocFold([]));
    expect(stops.length).toBe(7);
    expect(stepFrom(stops, ms(2), 1)).toBe(ms(3));
    expect(stepFrom(stops, ms(2), -1)).toBe(ms(1));
    expect(stepFrom(stops, ms(1), -1)).toBeNull();
    expect(stepFrom(stops, ms(10) + 2000, 1)).toBeNull();
  });
});
