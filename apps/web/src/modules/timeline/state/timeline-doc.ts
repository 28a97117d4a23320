import * as Y from 'yjs';

export interface TimelineItem {
  readonly id: string;
  readonly at: string;
  readonly title: string;
  readonly entityIds: readonly string[];
  readonly kind?: string;
  readonly description?: string;
  readonly source?: string;
}

export function eventsOf(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>('events');
}

/** A plain snapshot, oldest first: the order investigators read a timeline in, whatever order it was typed in. */
export function readEvents(doc: Y.Doc): TimelineItem[] {
  const out: TimelineItem[] = [];
  for (const m of eventsOf(doc).toArray()) {
    if (!(m instanceof Y.Map)) continue;
    const ids = m.get('entityIds');
    const str = (k: string) => (typeof m.get(k) === 'string' ? (m.get(k) as string) : undefined);
    out.push({
      id: str('id') ?? '',
      at: str('at') ?? '',
      title: str('title') ?? '',
      entityIds: ids instanceof Y.Array ? (ids.toArray() as string[]) : Array.isArray(ids) ? (ids as string[]) : [],
      kind: str('kind'),
      description: str('description'),
      source: str('source'),
    });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

export function addEvent(doc: Y.Doc, item: Omit<TimelineItem, 'id'>): string {
  const id = crypto.randomUUID();
  doc.transact(() => {
    const m = new Y.Map<unknown>();
    m.set('id', id);
    writeFields(m, item);
    eventsOf(doc).push([m]);
  });
  return id;
}

function writeFields(m: Y.Map<unknown>, item: Partial<Omit<TimelineItem, 'id'>>): void {
  if (item.at !== undefined) m.set('at', item.at);
  if (item.title !== undefined) m.set('title', item.title);
  if (item.kind !== undefined) m.set('kind', item.kind);
  if (item.description !== undefined) m.set('description', item.description);
  if (item.source !== undefined) m.set('source', item.source);
  if (item.entityIds !== undefined) {
    const arr = new Y.Array<string>();
    arr.push([...item.entityIds]);
    m.set('entityIds', arr);
  }
}

export function updateEvent(doc: Y.Doc, id: string, patch: Partial<Omit<TimelineItem, 'id'>>): void {
  doc.transact(() => {
    for (const m of eventsOf(doc).toArray()) if (m instanceof Y.Map && m.get('id') === id) writeFields(m, patch);
  });
}

export function deleteEvent(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    const arr = eventsOf(doc);
    const i = arr.toArray().findIndex((m) => m instanceof Y.Map && m.get('id') === id);
    if (i >= 0) arr.delete(i, 1);
  });
}
