import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { EntityRecord } from '@homeward/domain';
import { ReviewService, caseTimeline, openEmbeddedDocumentStore, readTimelineEvents } from '../index';
import { editor } from './helpers';

const event = (fields: Record<string, unknown>) => new Y.Map<unknown>(Object.entries(fields));

describe('readTimelineEvents and caseTimeline', () => {
  it('orders events oldest first and reports malformed ones instead of failing', () => {
    const doc = new Y.Doc();
    const ids = new Y.Array<string>();
    ids.push(['ent_1']);
    doc
      .getArray('events')
      .push([
        event({ id: 'b', at: '2025-03-02T10:00:00+02:00', title: 'B', entityIds: ids, kind: 'call', source: 'phone records' }),
        event({ id: 'a', at: '2025-03-01', title: 'A (day precision)', precision: 'day' }),
        event({ id: 'bad', at: '2025-13-45', title: 'impossible date' }),
        event({ id: 'worse', at: 'last tuesday', title: 'not a date' }),
        event({ at: '2025-01-01T00:00:00Z', title: 'no id' }),
        event({ id: 'a', at: '2025-01-01T00:00:00Z', title: 'duplicate' }),
      ]);
    doc.getArray('events').push(['not a map']);
    const { events, problems } = readTimelineEvents(doc);
    expect(events.map((e) => e.id)).toEqual(['a', 'b']);
    expect(events[1]).toMatchObject({ entityIds: ['ent_1'], fields: { kind: 'call', source: 'phone records' } });
    expect(problems.map((p) => p.id)).toEqual(['bad', 'worse', null, 'a', null]);
    expect(problems[0].reason).toMatch(/at: not an ISO 8601 date/);
  });

  it('merges the case sightings in time order', () => {
    const doc = new Y.Doc();
    doc.getArray('events').push([event({ id: 'e1', at: '2025-03-01T12:00:00Z', title: 'Left school' })]);
    const sighting = (id: string, observedAt: unknown): EntityRecord =>
      ({
        id,
        kind: 'SIGHTING',
        label: `seen ${id}`,
        props: { observedAt, confidence: 0.5 },
        cases: [],
        provenance: {},
      }) as unknown as EntityRecord;
    const { items, problems } = caseTimeline(doc, [
      sighting('s2', '2025-03-02T08:00:00Z'),
      sighting('s1', '2025-03-01T09:00:00Z'),
      sighting('s3', 'soon'),
    ]);
    expect(items.map((i) => `${i.source}:${i.id}`)).toEqual(['sighting:s1', 'event:e1', 'sighting:s2']);
    expect(items[0]).toMatchObject({ title: 'seen s1', entityIds: ['s1'], fields: { confidence: 0.5 } });
    expect(problems).toEqual([{ id: 's3', reason: expect.stringMatching(/observedAt/) }]);
  });
});

describe('ReviewService', () => {
  it('signs off the exact state, keeps a history, opens a signed version read-only', async () => {
    const store = openEmbeddedDocumentStore(new Database(':memory:'));
    const review = new ReviewService(store, { now: () => new Date('2025-05-02T00:00:00Z') });
    const ed = editor(store, 'cases/k1/notes');
    const para = (text: string) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(text)]);
      return p;
    };
    const notes = ed.doc.getXmlFragment('default');
    await ed.as('alice', '2025-05-01T10:00:00Z', () => notes.insert(0, [para('first draft'), para('second line')]));
    const s1 = await review.signOff('k1', 'notes', 'sup', 'looks right');
    await ed.as('bob', '2025-05-01T11:00:00Z', () => (notes.get(0) as Y.XmlElement).insert(0, [new Y.XmlText('edited: ')]));
    const s2 = await review.signOff('k1', 'notes', 'sup', 'second pass');
    expect(s1).toMatchObject({
      caseId: 'k1',
      document: 'notes',
      signerId: 'sup',
      comment: 'looks right',
      seq: 1,
      signedAt: '2025-05-02T00:00:00.000Z',
    });
    expect(s1.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(s2.contentHash).not.toBe(s1.contentHash);
    expect((await review.history('k1', 'notes')).map((s) => s.id)).toEqual([s2.id, s1.id]);
    const opened = await review.openSigned(s1.id);
    expect(opened).toMatchObject({ notes: 'first draft\nsecond line', verified: true });
    expect((await review.openSigned(s2.id)).notes).toBe('edited: first draft\nsecond line');
    await expect(review.openSigned('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists what changed in the timeline since the last sign-off, with who and when', async () => {
    const store = openEmbeddedDocumentStore(new Database(':memory:'));
    const review = new ReviewService(store);
    const ed = editor(store, 'cases/k2/timeline');
    const events = ed.doc.getArray<Y.Map<unknown>>('events');
    await ed.as('alice', '2025-05-01T10:00:00.000Z', () =>
      events.push([
        event({ id: 'keep', at: '2025-01-01', title: 'Keep' }),
        event({ id: 'edit', at: '2025-01-02', title: 'Edit me' }),
        event({ id: 'drop', at: '2025-01-03', title: 'Drop me' }),
        event({ id: 'revert', at: '2025-01-04', title: 'Same' }),
      ]),
    );
    const signed = await review.signOff('k2', 'timeline', 'sup', '');
    const opened = await review.openSigned(signed.id);
    expect(opened.events?.map((e) => e.id)).toEqual(['keep', 'edit', 'drop', 'revert']);
    await ed.as('bob', '2025-05-03T09:00:00.000Z', () => events.get(1).set('title', 'Edited'));
    await ed.as('carol', '2025-05-03T10:00:00.000Z', () => events.get(1).set('at', '2025-01-05'));
    await ed.as('carol', '2025-05-03T11:00:00.000Z', () => events.delete(2, 1));
    await ed.as('bob', '2025-05-03T12:00:00.000Z', () => events.push([event({ id: 'new', at: '2025-02-01', title: 'New lead' })]));
    await ed.as('bob', '2025-05-03T13:00:00.000Z', () => events.get(2).set('title', 'Changed'));
    await ed.as('alice', '2025-05-03T14:00:00.000Z', () => events.get(2).set('title', 'Same'));
    expect(await review.changesSince('k2')).toEqual([
      { eventId: 'edit', change: 'changed', by: ['bob', 'carol'], at: '2025-05-03T10:00:00.000Z', title: 'Edited' },
      { eventId: 'drop', change: 'removed', by: ['carol'], at: '2025-05-03T11:00:00.000Z', title: 'Drop me' },
      { eventId: 'new', change: 'added', by: ['bob'], at: '2025-05-03T12:00:00.000Z', title: 'New lead' },
    ]);
    await review.signOff('k2', 'timeline', 'sup', 'all reviewed');
    expect(await review.changesSince('k2')).toEqual([]);
  });
});
