import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ReviewService, diffTokens, notesDiff, openEmbeddedDocumentStore, timelineDiff, tokenize } from '../index';
import { editor } from './helpers';

const event = (fields: Record<string, unknown>) => new Y.Map<unknown>(Object.entries(fields));

/** Length of a longest common subsequence, by the textbook table: what a shortest edit script must keep. */
function lcs(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) t[i][j] = a[i - 1] === b[j - 1] ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
  return t[a.length][b.length];
}

describe('diffTokens', () => {
  it('turns one sequence into the other with as few changes as possible (random cases against a table)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 400; round++) {
      const a = Array.from({ length: rand(14) }, () => 'abcd'[rand(4)]);
      const b = Array.from({ length: rand(14) }, () => 'abcd'[rand(4)]);
      const ops = diffTokens(a, b);
      const from = ops.filter((o) => o.op !== '+').flatMap((o) => o.tokens);
      const to = ops.filter((o) => o.op !== '-').flatMap((o) => o.tokens);
      expect(from, `${a.join('')} -> ${b.join('')}`).toEqual(a);
      expect(to, `${a.join('')} -> ${b.join('')}`).toEqual(b);
      const kept = ops.filter((o) => o.op === '=').reduce((n, o) => n + o.tokens.length, 0);
      expect(kept, `${a.join('')} -> ${b.join('')}`).toBe(lcs(a, b));
    }
  });

  it('splits text into words, spaces and punctuation', () => {
    expect(tokenize("Boy's bag, 3 km north")).toEqual(["Boy's", ' ', 'bag', ',', ' ', '3', ' ', 'km', ' ', 'north']);
  });
});

describe('timelineDiff', () => {
  it('gives old -> new for each field of each event, and one row per change with its author and time', async () => {
    const store = openEmbeddedDocumentStore(new Database(':memory:'));
    const review = new ReviewService(store);
    const ed = editor(store, 'cases/k1/timeline');
    const events = ed.doc.getArray<Y.Map<unknown>>('events');
    await ed.as('alice', '2025-05-01T10:00:00.000Z', () =>
      events.push([
        event({ id: 'keep', at: '2025-01-01', title: 'Keep' }),
        event({ id: 'edit', at: '2025-01-02', title: 'Boy seen at market', entityIds: ['ent_a'] }),
        event({ id: 'drop', at: '2025-01-03', title: 'Drop me' }),
        event({ id: 'revert', at: '2025-01-04', title: 'Same' }),
      ]),
    );
    await review.signOff('k1', 'timeline', 'sup', '');
    // Bob types a new title in two updates a minute apart (one change), then Carol moves the time and links another entity.
    await ed.as('bob', '2025-05-03T09:00:00.000Z', () => events.get(1).set('title', 'Boy seen at'));
    await ed.as('bob', '2025-05-03T09:01:00.000Z', () => events.get(1).set('title', 'Boy seen at bus station'));
    await ed.as('carol', '2025-05-03T10:00:00.000Z', () => {
      events.get(1).set('at', '2025-01-05T08:30:00Z');
      events.get(1).set('entityIds', ['ent_a', 'ent_b']);
    });
    await ed.as('carol', '2025-05-03T11:00:00.000Z', () => events.delete(2, 1));
    await ed.as('bob', '2025-05-03T12:00:00.000Z', () =>
      events.push([event({ id: 'new', at: '2025-02-01', title: 'New lead', description: 'call' })]),
    );
    await ed.as('bob', '2025-05-03T13:00:00.000Z', () => events.get(2).set('title', 'Changed'));
    await ed.as('alice', '2025-05-03T14:00:00.000Z', () => events.get(2).set('title', 'Same'));

    const d = await timelineDiff(store, 'k1');
    expect(d.since?.signerId).toBe('sup');
    expect([d.added, d.changed, d.removed]).toEqual([1, 1, 1]);
    expect(d.events!.map((e) => [e.eventId, e.change])).toEqual([
      ['edit', 'changed'],
      ['drop', 'removed'],
      ['new', 'added'],
    ]);
    const edit = d.events![0];
    expect(edit.title).toBe('Boy seen at bus station');
    expect(edit.fields).toEqual([
      { field: 'title', before: 'Boy seen at market', after: 'Boy seen at bus station' },
      { field: 'at', before: '2025-01-02', after: '2025-01-05T08:30:00Z' },
      { field: 'entityIds', before: ['ent_a'], after: ['ent_a', 'ent_b'] },
    ]);
    expect(edit.edits).toEqual([
      {
        by: 'bob',
        from: '2025-05-03T09:00:00.000Z',
        at: '2025-05-03T09:01:00.000Z',
        change: 'changed',
        fields: [{ field: 'title', before: 'Boy seen at market', after: 'Boy seen at bus station' }],
      },
      {
        by: 'carol',
        from: '2025-05-03T10:00:00.000Z',
        at: '2025-05-03T10:00:00.000Z',
        change: 'changed',
        fields: [
          { field: 'at', before: '2025-01-02', after: '2025-01-05T08:30:00Z' },
          { field: 'entityIds', before: ['ent_a'], after: ['ent_a', 'ent_b'] },
        ],
      },
    ]);
    expect(d.events![1]).toMatchObject({ title: 'Drop me' });
    expect(d.events![1].fields).toEqual([
      { field: 'title', before: 'Drop me', after: undefined },
      { field: 'at', before: '2025-01-03', after: undefined },
    ]);
    expect(d.events![1].edits).toMatchObject([{ by: 'carol', change: 'removed' }]);
    expect(d.events![2].fields).toEqual([
      { field: 'title', before: undefined, after: 'New lead' },
      { field: 'at', before: undefined, after: '2025-02-01' },
      { field: 'description', before: undefined, after: 'call' },
    ]);

    await review.signOff('k1', 'timeline', 'sup', 'all reviewed');
    expect((await timelineDiff(store, 'k1')).events).toEqual([]);
  });
});

describe('timelineDiff with nested values', () => {
  it('sees an edit inside an event (its entity list as a Y.Array), a new id, and events added among others', async () => {
    const store = openEmbeddedDocumentStore(new Database(':memory:'));
    const review = new ReviewService(store);
    const ed = editor(store, 'cases/k4/timeline');
    const events = ed.doc.getArray<Y.Map<unknown>>('events');
    const ids = new Y.Array<string>();
    ids.push(['ent_a']);
    await ed.as('alice', '2025-05-01T10:00:00.000Z', () =>
      events.push([event({ id: 'a', at: '2025-01-01', title: 'A', entityIds: ids }), event({ id: 'b', at: '2025-01-02', title: 'B' })]),
    );
    await review.signOff('k4', 'timeline', 'sup', '');
    await ed.as('bob', '2025-05-02T10:00:00.000Z', () => (events.get(0).get('entityIds') as Y.Array<string>).push(['ent_b']));
    await ed.as('carol', '2025-05-02T11:00:00.000Z', () => events.insert(1, [event({ id: 'c', at: '2025-01-03', title: 'C' })]));
    await ed.as('dan', '2025-05-02T12:00:00.000Z', () => events.get(2).set('id', 'b2'));
    const d = await timelineDiff(store, 'k4');
    expect(d.events!.map((e) => [e.eventId, e.change, e.edits.map((x) => x.by)])).toEqual([
      ['a', 'changed', ['bob']],
      ['c', 'added', ['carol']],
      ['b', 'removed', ['dan']],
      ['b2', 'added', ['dan']],
    ]);
    expect(d.events![0].fields).toEqual([{ field: 'entityIds', before: ['ent_a'], after: ['ent_a', 'ent_b'] }]);
  });
});

describe('notesDiff', () => {
  const para = (text: string) => {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    return p;
  };
  const text = (doc: Y.Doc, i: number) => (doc.getXmlFragment('default').get(i) as Y.XmlElement).get(0) as Y.XmlText;

  it('shows insertions and deletions since the signed text, each with its author and time', async () => {
    const store = openEmbeddedDocumentStore(new Database(':memory:'));
    const review = new ReviewService(store);
    const ed = editor(store, 'cases/k2/notes');
    const notes = ed.doc.getXmlFragment('default');
    await ed.as('alice', '2025-05-01T10:00:00.000Z', () => notes.insert(0, [para('Mother called at noon'), para('Bus ticket found')]));
    await review.signOff('k2', 'notes', 'sup', '');
    expect((await notesDiff(store, 'k2')).notes).toEqual([
      { kind: 'same', text: 'Mother called at noon\nBus ticket found', by: null, at: null },
    ]);

    // Bob inserts a word; Carol deletes a signed word; Dan types a word and deletes it again (no trace).
    await ed.as('bob', '2025-05-02T09:00:00.000Z', () => text(ed.doc, 0).insert('Mother called'.length, ' twice'));
    await ed.as('carol', '2025-05-02T10:00:00.000Z', () => text(ed.doc, 1).delete(0, 'Bus '.length));
    await ed.as('dan', '2025-05-02T11:00:00.000Z', () => text(ed.doc, 1).insert(0, 'Torn '));
    await ed.as('dan', '2025-05-02T11:30:00.000Z', () => text(ed.doc, 1).delete(0, 'Torn '.length));
    const d = await notesDiff(store, 'k2');
    expect(d.notes).toEqual([
      { kind: 'same', text: 'Mother called ', by: null, at: null },
      { kind: 'added', text: 'twice ', by: 'bob', at: '2025-05-02T09:00:00.000Z' },
      { kind: 'same', text: 'at noon\n', by: null, at: null },
      { kind: 'removed', text: 'Bus ', by: 'carol', at: '2025-05-02T10:00:00.000Z' },
      { kind: 'same', text: 'ticket found', by: null, at: null },
    ]);
    expect([d.added, d.removed]).toEqual([' twice'.length, 'Bus '.length]);

    await review.signOff('k2', 'notes', 'sup', '');
    const after = await notesDiff(store, 'k2');
    expect([after.added, after.removed]).toEqual([0, 0]);
  });

  it('compares notes never signed with an empty document', async () => {
    const store = openEmbeddedDocumentStore(new Database(':memory:'));
    const ed = editor(store, 'cases/k3/notes');
    await ed.as('alice', '2025-05-01T10:00:00.000Z', () => ed.doc.getXmlFragment('default').insert(0, [para('First note')]));
    const d = await notesDiff(store, 'k3');
    expect(d.since).toBeNull();
    expect(d.notes).toEqual([{ kind: 'added', text: 'First note', by: 'alice', at: '2025-05-01T10:00:00.000Z' }]);
  });
});
