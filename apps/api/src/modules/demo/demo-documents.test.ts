// The demo cases' notes and timelines (issue 18), as the editors will read them.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { NOTES_FRAGMENT, notesText, readTimelineEvents } from '@homeward/collab';
import { DEMO_DOCUMENTS, demoDocumentUpdates } from './demo-documents.js';
import { DEMO_CASES } from './demo-seed.js';

function resolver(caseKey: string) {
  const spec = DEMO_CASES.find((c) => c.key === caseKey)!;
  const missing: string[] = [];
  const entity = (key: string) => {
    const e = spec.entities.find((x) => x.key === key);
    if (!e) {
      missing.push(key);
      return null;
    }
    return {
      id: `ent_${caseKey}_${key}`,
      label: String(e.props['fullName'] ?? e.props['name'] ?? e.props['plate'] ?? e.props['number'] ?? key),
    };
  };
  return { entity, missing };
}

describe('demo documents', () => {
  it('has notes and events for every demo case, naming only entities of that case', () => {
    expect(Object.keys(DEMO_DOCUMENTS).sort()).toEqual(DEMO_CASES.map((c) => c.key).sort());
    for (const key of Object.keys(DEMO_DOCUMENTS)) {
      const r = resolver(key);
      demoDocumentUpdates(DEMO_DOCUMENTS[key]!, r.entity);
      expect(r.missing, key).toEqual([]);
    }
  });

  it('writes the notes as the Tiptap editor does: headings, lists, quotes, marks and mentions', () => {
    const { entity } = resolver('ana');
    const u = demoDocumentUpdates(DEMO_DOCUMENTS['ana']!, entity);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, u.notes);
    const blocks = doc.getXmlFragment(NOTES_FRAGMENT).toArray() as Y.XmlElement[];
    expect(blocks.map((b) => b.nodeName)).toEqual(
      expect.arrayContaining(['heading', 'paragraph', 'orderedList', 'blockquote', 'bulletList']),
    );
    expect(blocks[0]!.getAttribute('level')).toBe(2);
    const xml = doc.getXmlFragment(NOTES_FRAGMENT).toString();
    expect(xml).toContain('<mention id="ent_ana_ana" label="Ana Lucía Pérez Gómez"></mention>');
    expect(xml).toContain('<bold>Treat as critical risk.</bold>');
    expect(notesText(doc)).toContain('Open lines of inquiry');
  });

  it('writes timeline events the server places without problems, oldest first, with the entities resolved', () => {
    const { entity } = resolver('ana');
    const u = demoDocumentUpdates(DEMO_DOCUMENTS['ana']!, entity);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, u.timeline);
    const { events, problems } = readTimelineEvents(doc);
    expect(problems).toEqual([]);
    expect(events).toHaveLength(DEMO_DOCUMENTS['ana']!.events.length);
    expect(events.find((e) => e.title === 'Disappearance reported to PNC Mixco')?.entityIds).toEqual(['ent_ana_marta', 'ent_ana_ana']);
    expect(events[0]!.fields).toMatchObject({ kind: 'EVENT', source: 'Mother' });
  });
});
