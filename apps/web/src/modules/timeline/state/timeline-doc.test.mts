// The case timeline as a shared Yjs document: reading in time order, edits, and two editors converging.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addEvent, deleteEvent, readEvents, updateEvent } from './timeline-doc.js';

/** Sends each document's updates to the other, as the collaboration room does. */
function connect(a: Y.Doc, b: Y.Doc): void {
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(b, u, 'peer'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'peer' && Y.applyUpdate(a, u, 'peer'));
}

describe('timeline document', () => {
  it('reads events oldest first whatever order they were typed in', () => {
    const doc = new Y.Doc();
    addEvent(doc, { at: '2026-03-02T10:00:00Z', title: 'Seen at the market', entityIds: ['s1'] });
    addEvent(doc, { at: '2026-03-01T18:00:00Z', title: 'Reported missing', entityIds: [], kind: 'REPORT' });
    const events = readEvents(doc);
    expect(events.map((e) => e.title)).toEqual(['Reported missing', 'Seen at the market']);
    expect(events[0]!.kind).toBe('REPORT');
    expect(events[1]!.entityIds).toEqual(['s1']);
    expect(events[1]!.description).toBeUndefined();
  });

  it('updates only the given fields of one event and deletes by id', () => {
    const doc = new Y.Doc();
    const a = addEvent(doc, { at: '2026-03-01T18:00:00Z', title: 'Reported', entityIds: ['p1'] });
    const b = addEvent(doc, { at: '2026-03-02T10:00:00Z', title: 'Seen', entityIds: [] });
    updateEvent(doc, a, { title: 'Reported missing', entityIds: ['p1', 'p2'] });
    let events = readEvents(doc);
    expect(events[0]).toMatchObject({ id: a, at: '2026-03-01T18:00:00Z', title: 'Reported missing', entityIds: ['p1', 'p2'] });
    deleteEvent(doc, b);
    deleteEvent(doc, 'no-such-id');
    events = readEvents(doc);
    expect(events.map((e) => e.id)).toEqual([a]);
  });

  it('two editors adding and editing at once end with the same timeline', () => {
    const one = new Y.Doc();
    const two = new Y.Doc();
    const shared = addEvent(one, { at: '2026-03-01T18:00:00Z', title: 'Reported', entityIds: [] });
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
    // Offline edits on both sides, then the two connect.
    addEvent(one, { at: '2026-03-03T09:00:00Z', title: 'Call from a witness', entityIds: [] });
    addEvent(two, { at: '2026-03-02T10:00:00Z', title: 'Seen at the bus terminal', entityIds: ['s9'] });
    updateEvent(two, shared, { description: 'By the mother' });
    connect(one, two);
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two), 'peer');
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one), 'peer');
    expect(readEvents(one)).toEqual(readEvents(two));
    expect(readEvents(one).map((e) => e.title)).toEqual(['Reported', 'Seen at the bus terminal', 'Call from a witness']);
    expect(readEvents(one)[0]!.description).toBe('By the mother');
  });

  it('skips entries that are not events and reads missing fields as empty', () => {
    const doc = new Y.Doc();
    const arr = doc.getArray<unknown>('events');
    arr.push(['not a map' as unknown]);
    const m = new Y.Map<unknown>();
    m.set('at', '2026-03-01T00:00:00Z');
    m.set('entityIds', ['e1']);
    arr.push([m]);
    expect(readEvents(doc)).toEqual([
      { id: '', at: '2026-03-01T00:00:00Z', title: '', entityIds: ['e1'], kind: undefined, description: undefined, source: undefined },
    ]);
  });
});
