import { createRequire } from 'node:module';
import type * as YTypes from 'yjs';
import { NOTES_FRAGMENT, TIMELINE_EVENTS, roomName, type DocumentStore } from '@homeward/collab';

/**
 * The demo cases' notes and timelines (issue 18: "a first look shows what the product is for"). Written
 * as the editors write them: the notes as the Tiptap editor's Yjs XML fragment (headings, paragraphs,
 * lists, quotes, bold and italic marks, @-mentions of the case's entities), the timeline as the
 * timeline editor's Y.Map events. Stored through the document store like any edit, by the case's creator.
 * Every person, place and event here is invented.
 */

// The same (CommonJS) copy of Yjs that @homeward/collab loads: the API is an ES module, and importing 'yjs'
// here would load its ES build beside it, two copies whose types fail each other's instanceof checks.
const Y = createRequire(import.meta.url)('yjs') as typeof YTypes;

type Inline = string | { b: string } | { i: string } | { at: string };
type Block = { h: 2 | 3; text: string } | { p: Inline[] } | { ul: Inline[][] } | { ol: Inline[][] } | { quote: Inline[] };

interface DemoEvent {
  at: string;
  title: string;
  /** Entity keys of the case (demo-seed.ts). */
  entities: string[];
  description?: string;
  source?: string;
}

export interface DemoDocuments {
  notes: Block[];
  events: DemoEvent[];
}

export const DEMO_DOCUMENTS: Readonly<Record<string, DemoDocuments>> = {
  ana: {
    notes: [
      { h: 2, text: 'Summary' },
      {
        p: [
          { at: 'ana' },
          ', 12, did not come home from school in Mixco on 20 November. Her mother ',
          { at: 'marta' },
          ' reported it at 13:05. A fruit vendor (',
          { at: 'jose' },
          ') saw her at ',
          { at: 'market' },
          ' at about 16:40 with a thin man in a grey cap, later identified as ',
          { at: 'carlos' },
          '.',
        ],
      },
      { h: 3, text: 'Working hypothesis' },
      {
        p: [
          'Non-family abduction heading for the Mexican border. The ',
          { at: 'van' },
          ' was filmed at ',
          { at: 'border' },
          ' the next morning; ',
          { at: 'rosa' },
          ' was seen there holding the child by the hand. ',
          { b: 'Treat as critical risk.' },
        ],
      },
      { h: 3, text: 'Open lines of inquiry' },
      {
        ol: [
          ['Cell-site data for ', { at: 'phone' }, ' (request sent to the operator on 21 Nov).'],
          ['Who registered the van: plate check with SAT; compare with MX-2026-0001, where the same van appears.'],
          ['Messages between ', { at: 'anaAcct' }, ' and ', { at: 'carlosAcct' }, ': preservation request to the platform.'],
          ['Ask FGR Tapachula for the bus-station and bridge cameras of 21 Nov, 06:00–09:00.'],
        ],
      },
      { h: 3, text: 'Witness statement (extract)' },
      {
        quote: [
          '“She was buying mangoes with a man who kept looking at the street. She called him ',
          { i: 'tío' },
          ', but she did not look happy.” — José Quiñónez, 20 Nov, 19:30',
        ],
      },
      { h: 3, text: 'Family liaison' },
      {
        ul: [
          ['Mother briefed daily at 18:00 by the duty investigator.'],
          ['Do not share the van plate with the press until the border crossing is confirmed.'],
        ],
      },
    ],
    events: [
      {
        at: '2026-11-20T18:30:00Z',
        title: 'Ana does not arrive home from school',
        entities: ['ana', 'home'],
        description: 'Classes ended at 12:15; the walk home takes 15 minutes.',
        source: 'Mother',
      },
      {
        at: '2026-11-20T19:05:00Z',
        title: 'Disappearance reported to PNC Mixco',
        entities: ['marta', 'ana'],
        source: 'Complaint no. MP001-2026-88431',
      },
      {
        at: '2026-11-20T23:10:00Z',
        title: 'Alba-Keneth alert activated',
        entities: ['ana'],
        description: 'National alert for missing children; photo and description circulated to all police stations.',
        source: 'PGN',
      },
      {
        at: '2026-11-21T02:00:00Z',
        title: 'Last cell-site contact of Carlos Méndez’s phone near Escuintla',
        entities: ['carlos', 'phone'],
        description: 'Heading west on CA-2, about 60 km from the market.',
        source: 'Operator (preliminary)',
      },
      {
        at: '2026-11-21T15:00:00Z',
        title: 'Case shared with FGR Mexico (Tapachula)',
        entities: ['rosa', 'van'],
        description: 'The bridge sighting puts the child at the border; Mexican colleagues added to the case.',
      },
    ],
  },
  diego: {
    notes: [
      { h: 2, text: 'Summary' },
      {
        p: [
          { at: 'diego' },
          ', 15, from San Pedro Sula (Honduras), was staying at ',
          { at: 'shelter' },
          ' with ',
          { at: 'kevin' },
          '. Both boys left on the evening of 17 November after ',
          { at: 'luis' },
          ' offered them a ride north.',
        ],
      },
      { h: 3, text: 'Link to GT-2026-0001' },
      {
        p: [
          'Shelter staff describe the same white ',
          { at: 'van' },
          ' seen at the Guatemalan border in the Pérez Gómez case. ',
          { b: 'Possible trafficking network' },
          ': coordinate with PNC Guatemala before any arrest.',
        ],
      },
      { h: 3, text: 'To do' },
      {
        ul: [
          ['Consular notification (Honduras) — done 18 Nov.'],
          ['Bus-station cameras of 17 Nov, 17:00–19:00.'],
          ['Contact Kevin’s aunt in Monterrey.'],
        ],
      },
    ],
    events: [
      {
        at: '2026-11-17T22:00:00Z',
        title: 'Luis Alberto Ramos seen talking to the boys outside the shelter',
        entities: ['luis', 'diego', 'kevin', 'shelter'],
        source: 'Shelter coordinator',
      },
      {
        at: '2026-11-18T16:00:00Z',
        title: 'Shelter reports both boys missing',
        entities: ['diego', 'kevin'],
        description: 'Beds not slept in; belongings gone.',
      },
      {
        at: '2026-11-18T20:00:00Z',
        title: 'Honduran consulate notified',
        entities: ['diego'],
      },
    ],
  },
  sofia: {
    notes: [
      { h: 2, text: 'Summary' },
      {
        p: [
          { at: 'sofia' },
          ', 15, left home in Quetzaltenango during the night of 21–22 November after an argument. Last chat with her classmate ',
          { at: 'friend' },
          ' at 20:00.',
        ],
      },
      { h: 3, text: 'Next steps' },
      {
        ul: [['Check the cameras around ', { at: 'park' }, '.'], ['Ask the family for her social-media accounts.']],
      },
    ],
    events: [
      {
        at: '2026-11-22T02:00:00Z',
        title: 'Last chat message to Gabriela Tuy',
        entities: ['sofia', 'friend'],
        source: 'Screenshot shown by the witness',
      },
      {
        at: '2026-11-22T14:00:00Z',
        title: 'Parents report her missing',
        entities: ['sofia'],
      },
    ],
  },
  valentina: {
    notes: [
      { h: 2, text: 'Summary' },
      {
        p: [
          { at: 'val' },
          ', 7, was taken from school in Monterrey by her father ',
          { at: 'jorge' },
          ', who has had no custody since 2024. He drives a grey ',
          { at: 'car' },
          '.',
        ],
      },
      { quote: ['Custody order of the family court attached to the file (2024-03-12).'] },
    ],
    events: [
      {
        at: '2026-11-10T15:00:00Z',
        title: 'Father collects Valentina from school without authorisation',
        entities: ['jorge', 'val'],
        source: 'School director',
      },
      {
        at: '2026-11-10T18:00:00Z',
        title: 'Mother reports the abduction',
        entities: ['val'],
      },
    ],
  },
  mateo: {
    notes: [
      { h: 2, text: 'Outcome' },
      {
        p: [
          { at: 'mateo' },
          ' was found safe the same evening by fishermen near ',
          { at: 'lake' },
          '. ',
          { i: 'Case kept for the record.' },
        ],
      },
    ],
    events: [
      { at: '2026-11-02T10:30:00Z', title: 'Mateo wanders off on the lakeshore', entities: ['mateo', 'lake'] },
      { at: '2026-11-02T23:00:00Z', title: 'Found safe by fishermen', entities: ['mateo'], source: 'PNC Sololá' },
    ],
  },
};

function inline(parent: YTypes.XmlElement, parts: Inline[], entity: (key: string) => { id: string; label: string } | null): void {
  const nodes: Array<YTypes.XmlText | YTypes.XmlElement> = [];
  for (const part of parts) {
    if (typeof part === 'string' || 'b' in part || 'i' in part) {
      const text = new Y.XmlText();
      // y-prosemirror keeps a mark as a text attribute named by the mark, valued by its attributes.
      if (typeof part === 'string') text.insert(0, part);
      else if ('b' in part) text.insert(0, part.b, { bold: {} });
      else text.insert(0, part.i, { italic: {} });
      nodes.push(text);
      continue;
    }
    const e = entity(part.at);
    if (!e) continue;
    const mention = new Y.XmlElement('mention');
    mention.setAttribute('id', e.id);
    mention.setAttribute('label', e.label);
    nodes.push(mention);
  }
  parent.insert(0, nodes);
}

function block(b: Block, entity: (key: string) => { id: string; label: string } | null): YTypes.XmlElement {
  const para = (parts: Inline[]) => {
    const p = new Y.XmlElement('paragraph');
    inline(p, parts, entity);
    return p;
  };
  if ('h' in b) {
    const h = new Y.XmlElement('heading');
    h.setAttribute('level', b.h as unknown as string);
    inline(h, [b.text], entity);
    return h;
  }
  if ('p' in b) return para(b.p);
  if ('quote' in b) {
    const q = new Y.XmlElement('blockquote');
    q.insert(0, [para(b.quote)]);
    return q;
  }
  const list = new Y.XmlElement('ul' in b ? 'bulletList' : 'orderedList');
  const items = ('ul' in b ? b.ul : b.ol).map((parts) => {
    const li = new Y.XmlElement('listItem');
    li.insert(0, [para(parts)]);
    return li;
  });
  list.insert(0, items);
  return list;
}

/** The Yjs updates of one demo case's notes and timeline; `entity` resolves a key of the case to its id and name. */
export function demoDocumentUpdates(
  docs: DemoDocuments,
  entity: (key: string) => { id: string; label: string } | null,
): { notes: Uint8Array; timeline: Uint8Array } {
  const notes = new Y.Doc();
  notes.getXmlFragment(NOTES_FRAGMENT).insert(
    0,
    docs.notes.map((b) => block(b, entity)),
  );
  const timeline = new Y.Doc();
  const events = timeline.getArray<YTypes.Map<unknown>>(TIMELINE_EVENTS);
  events.push(
    docs.events.map((e, i) => {
      const m = new Y.Map<unknown>();
      m.set('id', `demo-${i + 1}`);
      m.set('at', e.at);
      m.set('title', e.title);
      m.set('kind', 'EVENT');
      if (e.description) m.set('description', e.description);
      if (e.source) m.set('source', e.source);
      const ids = new Y.Array<string>();
      ids.push(e.entities.map((k) => entity(k)?.id).filter((id): id is string => !!id));
      m.set('entityIds', ids);
      return m;
    }),
  );
  const out = { notes: Y.encodeStateAsUpdate(notes), timeline: Y.encodeStateAsUpdate(timeline) };
  notes.destroy();
  timeline.destroy();
  return out;
}

/** Stores a demo case's notes and timeline as its creator's first edits. */
export async function seedDemoDocuments(
  documents: DocumentStore,
  caseId: string,
  docs: DemoDocuments,
  entity: (key: string) => { id: string; label: string } | null,
  authorId: string,
  at: Date,
): Promise<void> {
  const u = demoDocumentUpdates(docs, entity);
  await documents.append(roomName({ caseId, document: 'notes' }), u.notes, authorId, at);
  await documents.append(roomName({ caseId, document: 'timeline' }), u.timeline, authorId, at);
}
