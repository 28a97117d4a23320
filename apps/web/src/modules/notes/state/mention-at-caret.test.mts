import { Schema } from '@tiptap/pm/model';
import { EditorState, NodeSelection, TextSelection } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { caretShown, entityMentionAtCaret } from './mention-at-caret.js';

const schema = new Schema({
  nodes: {
    doc: { content: 'paragraph+' },
    paragraph: { content: 'inline*', group: 'block' },
    text: { group: 'inline' },
    mention: {
      inline: true,
      group: 'inline',
      atom: true,
      attrs: { id: { default: null }, label: { default: null }, kind: { default: null } },
    },
  },
});

// "Seen with @Ana and @Iván." — Ana an entity, Iván a member of the case.
const doc = schema.node('doc', null, [
  schema.node('paragraph', null, [
    schema.text('Seen with '),
    schema.node('mention', { id: 'ent_ana', label: 'Ana' }),
    schema.text(' and '),
    schema.node('mention', { id: 'usr_ivan', label: 'Iván', kind: 'user' }),
    schema.text('.'),
  ]),
]);
const state = EditorState.create({ schema, doc });
const at = (pos: number) => entityMentionAtCaret(TextSelection.create(doc, pos));

describe('the entity mention at the caret', () => {
  it('is the one just before or just after an empty caret', () => {
    // Positions: 1 is the paragraph's start; "Seen with " ends at 11; Ana's mention is 11..12.
    expect(at(11)).toBe('ent_ana');
    expect(at(12)).toBe('ent_ana');
    expect(at(5)).toBeNull();
    expect(at(14)).toBeNull();
  });

  it('is the one before the space just behind the caret: where a mention picked from the list leaves it', () => {
    // " and " starts at 12: the caret at 13 has Ana's mention and one space behind it.
    expect(at(13)).toBe('ent_ana');
    // Two characters behind is no longer "at" it, nor is a space after plain text.
    expect(at(14)).toBeNull();
    expect(at(6)).toBeNull();
  });

  it("is never a member's mention", () => {
    // Iván's mention is 17..18.
    expect(at(17)).toBeNull();
    expect(at(18)).toBeNull();
    expect(entityMentionAtCaret(NodeSelection.create(doc, 17))).toBeNull();
  });

  it('is the selected one, or the first in a selected range', () => {
    expect(entityMentionAtCaret(NodeSelection.create(doc, 11))).toBe('ent_ana');
    expect(entityMentionAtCaret(TextSelection.create(doc, 2, 19))).toBe('ent_ana');
    expect(entityMentionAtCaret(TextSelection.create(doc, 2, 8))).toBeNull();
    expect(state.doc.textContent).toBe('Seen with  and .');
  });
});

describe('the caret the reader sees', () => {
  // The editor's state still has the caret at 14 (inside " and "); the page already shows it at 12,
  // just after Ana's mention: an arrow key moved it and its selectionchange event has not been handled yet.
  const inside = { name: 'text node in the editor' };
  const outside = { name: 'a node elsewhere on the page' };
  const view = (page: { anchorNode: unknown; anchorOffset: number; isCollapsed: boolean } | null) => ({
    state: { selection: TextSelection.create(doc, 14), doc },
    dom: { contains: (n: unknown) => n === inside },
    root: { getSelection: () => page },
    posAtDOM: (node: unknown, offset: number) => {
      if (node !== inside) throw new RangeError('not in the editor');
      return 12 + offset;
    },
  });
  const caretAt = (d: unknown, pos: number) => TextSelection.create(d as typeof doc, pos);

  it("is the page's collapsed caret inside the editor, so Alt+Enter straight after an arrow opens the mention", () => {
    const shown = caretShown(view({ anchorNode: inside, anchorOffset: 0, isCollapsed: true }), caretAt);
    expect(shown.from).toBe(12);
    expect(entityMentionAtCaret(shown)).toBe('ent_ana');
    // What the state alone says: nothing there.
    expect(entityMentionAtCaret(TextSelection.create(doc, 14))).toBeNull();
  });

  it("is the state's own for a range, a caret outside the editor, a position that cannot be mapped, or none", () => {
    expect(caretShown(view({ anchorNode: inside, anchorOffset: 0, isCollapsed: false }), caretAt).from).toBe(14);
    expect(caretShown(view({ anchorNode: outside, anchorOffset: 0, isCollapsed: true }), caretAt).from).toBe(14);
    expect(caretShown(view(null), caretAt).from).toBe(14);
    const unmappable = { ...view({ anchorNode: inside, anchorOffset: 0, isCollapsed: true }), posAtDOM: () => 999 };
    expect(caretShown(unmappable, caretAt).from).toBe(14);
  });
});
