import * as Y from 'yjs';
import type { DocumentStore } from './port';

/**
 * Builds a document from its snapshot and the updates after it. Every update
 * the server relays is stored first, so this is the document as clients see it.
 */
export async function loadDocument(
  store: DocumentStore,
  room: string,
): Promise<{ doc: Y.Doc; seq: number; tailLength: number; snapshotSeq: number }> {
  const stored = await store.load(room);
  const doc = new Y.Doc();
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const u of stored.tail) Y.applyUpdate(doc, u.update);
  });
  return { doc, seq: stored.lastSeq, tailLength: stored.tail.length, snapshotSeq: stored.snapshotSeq };
}

/**
 * A document from updates alone, applied in order to a fresh Y.Doc (the document as it stood when the
 * last of them was stored: case replay). Built here so that the Y.Doc comes from the same Yjs as the
 * readers of this library (notesText, readTimelineEvents) that check the types it holds.
 */
export function documentFromUpdates(updates: Iterable<Uint8Array>): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const u of updates) Y.applyUpdate(doc, u);
  });
  return doc;
}
