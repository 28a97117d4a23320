/** As much of a ProseMirror node and selection as the look-up needs (structural: any copy of the types fits). */
interface NodeLike {
  readonly type: { readonly name: string };
  readonly attrs: Readonly<Record<string, unknown>>;
  /** A text node's text (the part before the caret, for a selection's nodeBefore). */
  readonly text?: string;
}
interface SelectionLike {
  readonly empty: boolean;
  readonly from: number;
  readonly to: number;
  readonly node?: NodeLike;
  readonly $from: {
    readonly nodeAfter: NodeLike | null;
    readonly nodeBefore: NodeLike | null;
    readonly doc: {
      nodesBetween(from: number, to: number, f: (node: NodeLike) => boolean | void): void;
      resolve(pos: number): { readonly nodeBefore: NodeLike | null };
    };
  };
}

/** A node's entity id when it is an entity mention (not a member's: kind "user"). */
function entityId(node: NodeLike | null | undefined, name: string): string | null {
  if (!node || node.type.name !== name || node.attrs['kind'] === 'user') return null;
  const id = node.attrs['id'];
  return typeof id === 'string' && id ? id : null;
}

/**
 * The entity mention the caret is at, for the keyboard's "open it" (Alt+Enter in the notes): the mention
 * selected, or the first one in a selected range, or the one just after or just before an empty caret, or
 * the one before the space right behind it (where the caret is once a mention is picked from the list).
 */
export function entityMentionAtCaret(sel: SelectionLike, name = 'mention'): string | null {
  if (sel.node) return entityId(sel.node, name);
  if (!sel.empty) {
    let found: string | null = null;
    sel.$from.doc.nodesBetween(sel.from, sel.to, (n) => {
      found ??= entityId(n, name);
      return found === null;
    });
    return found;
  }
  const next = entityId(sel.$from.nodeAfter, name) ?? entityId(sel.$from.nodeBefore, name);
  if (next) return next;
  const before = sel.$from.nodeBefore;
  return before?.text !== undefined && /^[ \u00a0]$/.test(before.text) && sel.from > 1
    ? entityId(sel.$from.doc.resolve(sel.from - 1).nodeBefore, name)
    : null;
}

/** As much of a ProseMirror view as {@link caretShown} needs. */
interface ViewLike<S> {
  readonly state: { readonly selection: S; readonly doc: unknown };
  readonly dom: { contains(node: unknown): boolean };
  /** The document or shadow root (only the former has getSelection in every browser). */
  readonly root: object;
  posAtDOM(node: unknown, offset: number): number;
}
interface DomSelectionLike {
  readonly anchorNode: unknown;
  readonly anchorOffset: number;
  readonly isCollapsed: boolean;
}

/**
 * The selection the reader sees. A caret moved by the browser (an arrow key) reaches the editor's state only
 * with the next `selectionchange` event, a moment later; a key pressed in between (Alt+Enter straight after
 * an arrow) would act where the caret was. A collapsed caret inside the editor is therefore read from the
 * page; a range, or a caret elsewhere, is the state's own.
 */
export function caretShown<S>(view: ViewLike<S>, caretAt: (doc: unknown, pos: number) => S): S {
  const root = view.root as { getSelection?: () => DomSelectionLike | null };
  const dom = typeof root.getSelection === 'function' ? root.getSelection() : null;
  if (!dom?.isCollapsed || !dom.anchorNode || !view.dom.contains(dom.anchorNode)) return view.state.selection;
  try {
    return caretAt(view.state.doc, view.posAtDOM(dom.anchorNode, dom.anchorOffset));
  } catch {
    // A position ProseMirror cannot map (a node it does not own): the state's selection.
    return view.state.selection;
  }
}
