import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MENTION_NODE, NOTES_FRAGMENT, mentionsAdded } from '../index';

/** A paragraph with text and a mention, as the editor's Yjs binding writes it: the element, its attributes, one transaction. */
function mentionParagraph(attrs: Record<string, string>): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const m = new Y.XmlElement(MENTION_NODE);
  for (const [k, v] of Object.entries(attrs)) m.setAttribute(k, v);
  p.insert(0, [new Y.XmlText('Ask '), m]);
  return p;
}

function capture(doc: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const on = (u: Uint8Array) => updates.push(u);
  doc.on('update', on);
  change();
  doc.off('update', on);
  return Y.mergeUpdates(updates);
}

describe('mentionsAdded', () => {
  it('reads the member mentions an update adds, with their mention id, and not entity mentions', () => {
    const doc = new Y.Doc();
    const notes = doc.getXmlFragment(NOTES_FRAGMENT);
    const u = capture(doc, () =>
      notes.insert(0, [
        mentionParagraph({ id: 'usr_abcdef12', label: 'Ana', kind: 'user', mid: 'm1234567890' }),
        mentionParagraph({ id: 'ent_abcdef12', label: 'Toyota' }),
        mentionParagraph({ id: 'ent_abcdef13', label: 'Casa', kind: 'entity', mid: 'm0000000000' }),
      ]),
    );
    expect(mentionsAdded(u)).toEqual([{ userId: 'usr_abcdef12', mentionId: 'm1234567890' }]);
  });

  it('gives a mention without its own id the id of its element, and skips what the same update deletes', () => {
    const doc = new Y.Doc();
    const notes = doc.getXmlFragment(NOTES_FRAGMENT);
    const one = capture(doc, () => notes.insert(0, [mentionParagraph({ id: 'usr_abcdef12', label: 'Ana', kind: 'user' })]));
    const [m] = mentionsAdded(one);
    expect(m.userId).toBe('usr_abcdef12');
    expect(m.mentionId).toMatch(/^y\d+-\d+$/);
    // Typed and removed before it reached the server: nothing is added.
    const gone = capture(doc, () => {
      doc.transact(() => {
        notes.insert(1, [mentionParagraph({ id: 'usr_abcdef13', label: 'Luis', kind: 'user', mid: 'm2234567890' })]);
        notes.delete(1, 1);
      });
    });
    expect(mentionsAdded(gone)).toEqual([]);
  });

  it('an undo that brings a deleted mention back keeps its mention id; text, an attribute change and garbage add none', () => {
    const doc = new Y.Doc();
    const notes = doc.getXmlFragment(NOTES_FRAGMENT);
    const undo = new Y.UndoManager(notes);
    capture(doc, () => notes.insert(0, [mentionParagraph({ id: 'usr_abcdef12', label: 'Ana', kind: 'user', mid: 'm1234567890' })]));
    undo.stopCapturing();
    capture(doc, () => notes.delete(0, 1));
    const back = capture(doc, () => undo.undo());
    expect(mentionsAdded(back)).toEqual([{ userId: 'usr_abcdef12', mentionId: 'm1234567890' }]);
    const text = capture(doc, () => notes.insert(1, [new Y.XmlText('plain')]));
    expect(mentionsAdded(text)).toEqual([]);
    const p = notes.get(0) as Y.XmlElement;
    const attr = capture(doc, () => (p.get(1) as Y.XmlElement).setAttribute('label', 'Ana L.'));
    expect(mentionsAdded(attr)).toEqual([]);
    expect(mentionsAdded(new Uint8Array([1, 2, 3]))).toEqual([]);
  });
});
