import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentHistory } from '../store/history';
import { documentFromUpdates } from '../store/load';
import { notesText } from '../timeline';
import type { AttributedUpdate } from '../store/port';

/** 350 updates typed into the notes, one a second from T0 (a few stored out of time order, as another replica's clock may). */
function typed(): AttributedUpdate[] {
  const doc = new Y.Doc();
  const out: AttributedUpdate[] = [];
  doc.on('update', (u: Uint8Array) => {
    const seq = out.length + 1;
    const skew = seq % 97 === 0 ? 5_000 : 0;
    out.push({ seq, update: u, userId: `usr_${seq % 3}`, at: new Date(Date.UTC(2026, 10, 1) + seq * 1000 + skew).toISOString() });
  });
  const root = doc.getXmlFragment('default');
  let text: Y.XmlText | null = null;
  for (let i = 0; i < 350; i++) {
    if (i % 30 === 0) {
      const p = new Y.XmlElement('paragraph');
      text = new Y.XmlText(`Line ${i / 30}:`);
      p.insert(0, [text]);
      root.insert(root.length, [p]);
    } else if (i % 41 === 0) text!.delete(0, 2);
    else text!.insert(text!.length, ` w${i}`);
  }
  return out;
}

describe('document history', () => {
  it('gives the document at any moment exactly as the updates stored by then make it, from its checkpoints', () => {
    const updates = typed();
    const history = new DocumentHistory();
    history.extend(updates.slice(0, 120));
    history.extend(updates.slice(100)); // overlapping: what it has already is skipped
    expect(history.lastSeq).toBe(updates.length);
    expect(history.updates).toHaveLength(updates.length);
    for (const seq of [0, 1, 50, 99, 100, 101, 194, 195, 250, 299, 300, 349, updates.length]) {
      const until = Date.UTC(2026, 10, 1) + seq * 1000;
      const expected = documentFromUpdates(updates.filter((u) => Date.parse(u.at) <= until).map((u) => u.update));
      expect(notesText(history.at(until))).toBe(notesText(expected));
    }
    expect(notesText(history.at(Date.UTC(2026, 10, 1)))).toBe('');
  });
});
