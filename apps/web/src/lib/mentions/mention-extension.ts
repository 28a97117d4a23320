import { mergeAttributes } from '@tiptap/core';
import Mention from '@tiptap/extension-mention';
import type { SuggestionKeyDownProps, SuggestionProps } from '@tiptap/suggestion';
import { matchMentions, type MentionItem } from './match';

/**
 * "@" mentions for any Tiptap editor (issues 18 and 19): members and entities in the case notes. A
 * mention is an inline atom whose Yjs element is `<name id label kind mid>`, rendered as `@label` with
 * `data-mention-id` and `data-kind`. A member's mention has kind "user" and `mid`, a random id given
 * when it is picked that an undo, redo or copy keeps: the server tells the member once per mid
 * (libs/collab mentionsAdded). The popup is plain DOM: a listbox the editor drives through
 * aria-activedescendant (the arrow keys move, Enter or Tab pick, Escape closes), with a
 * polite status line saying how many match.
 */
export interface MentionSource {
  /** Node name, so that two kinds of mention can live in one editor (default 'mention'). */
  readonly name?: string;
  /** The candidates now (read at every keystroke after the trigger, so they may change). */
  items(): readonly MentionItem[];
  /** Accessible name of the popup ("Entities of this case"), and what it says when nothing matches. */
  readonly listLabel: string;
  readonly emptyText: string;
  /** What the status line announces while the popup is open ("3 suggestions…"); none when absent. */
  readonly countText?: (count: number) => string;
  /** Extra class of the rendered mention. */
  readonly className?: string;
  /**
   * A read-only editor's entity mentions are links in the tab order (role link, tabindex 0), so that a
   * keyboard reaches and opens them (the editor handles Enter); an editable one is reached with the caret.
   */
  readonly focusable?: boolean;
}

export const MENTION_ID_ATTR = 'data-mention-id';

export function mentionExtension(src: MentionSource) {
  const name = src.name ?? 'mention';
  return Mention.extend({
    name,
    addAttributes() {
      return {
        ...this.parent?.(),
        kind: {
          default: null,
          parseHTML: (el: HTMLElement) => el.getAttribute('data-kind'),
          renderHTML: (attrs: Record<string, unknown>) => (attrs['kind'] ? { 'data-kind': attrs['kind'] } : {}),
        },
        mid: {
          default: null,
          parseHTML: (el: HTMLElement) => el.getAttribute('data-mid'),
          renderHTML: (attrs: Record<string, unknown>) => (attrs['mid'] ? { 'data-mid': attrs['mid'] } : {}),
        },
      };
    },
  }).configure({
    HTMLAttributes: { class: `mention ${src.className ?? ''}`.trim() },
    renderText: ({ node }) => `@${String(node.attrs['label'] ?? node.attrs['id'])}`,
    renderHTML: ({ options, node }) => [
      'span',
      mergeAttributes(
        {
          'data-type': name,
          [MENTION_ID_ATTR]: node.attrs['id'],
          'data-label': node.attrs['label'],
          ...(node.attrs['kind'] ? { 'data-kind': node.attrs['kind'] } : {}),
          ...(node.attrs['mid'] ? { 'data-mid': node.attrs['mid'] } : {}),
        },
        options.HTMLAttributes,
        node.attrs['kind'] === 'user' ? { class: 'mention-member' } : src.focusable ? { tabindex: '0', role: 'link' } : {},
      ),
      `@${String(node.attrs['label'] ?? node.attrs['id'])}`,
    ],
    suggestion: {
      char: '@',
      items: ({ query }) => matchMentions(src.items(), query),
      render: () => popup(src),
    },
  });
}

/** The id of the mention a click or key landed on, if any. */
export function mentionIdAt(target: EventTarget | null): string | null {
  return mentionAt(target)?.id ?? null;
}

/** The mention a click or key landed on: its id and whether it names a member or an entity. */
export function mentionAt(target: EventTarget | null): { id: string; kind: 'user' | 'entity' } | null {
  const el = target instanceof Element ? target.closest(`[${MENTION_ID_ATTR}]`) : null;
  const id = el?.getAttribute(MENTION_ID_ATTR);
  if (!el || !id) return null;
  return { id, kind: el.getAttribute('data-kind') === 'user' ? 'user' : 'entity' };
}

/** A mention's own id (kept by undo, redo and copies): the server tells a member once per id. */
export function newMentionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `m${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

let popups = 0;

function popup(src: MentionSource) {
  const listId = `mention-list-${++popups}`;
  let el: HTMLUListElement | null = null;
  let props: SuggestionProps<MentionItem> | null = null;
  let active = 0;

  let status: HTMLDivElement | null = null;

  const pick = (i: number) => {
    const item = props?.items[i];
    if (!item || !props) return;
    // The command writes these as the node's attributes (unknown ones are dropped by the schema).
    const attrs =
      item.kind === 'user' ? { id: item.id, label: item.label, kind: 'user', mid: newMentionId() } : { id: item.id, label: item.label };
    props.command(attrs as MentionItem);
  };

  const draw = () => {
    if (!el || !props) return;
    const dom = props.editor.view.dom;
    el.replaceChildren();
    if (props.items.length === 0) {
      // An option that cannot be picked: a listbox holds options only.
      const li = document.createElement('li');
      li.className = 'mention-empty';
      li.setAttribute('role', 'option');
      li.setAttribute('aria-disabled', 'true');
      li.setAttribute('aria-selected', 'false');
      li.textContent = src.emptyText;
      el.append(li);
    }
    props.items.forEach((item, i) => {
      const li = document.createElement('li');
      li.id = `${listId}-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', String(i === active));
      if (item.kind) li.dataset['kind'] = item.kind;
      li.textContent = item.label;
      if (item.hint) {
        const hint = document.createElement('span');
        hint.className = 'muted small';
        hint.textContent = ` ${item.hint}`;
        li.append(hint);
      }
      // mousedown, not click: the editor must keep its selection.
      li.addEventListener('mousedown', (e) => {
        e.preventDefault();
        pick(i);
      });
      el!.append(li);
    });
    dom.setAttribute('aria-controls', listId);
    dom.setAttribute('aria-autocomplete', 'list');
    if (props.items.length > 0) {
      dom.setAttribute('aria-activedescendant', `${listId}-${active}`);
      el.querySelector(`#${listId}-${active}`)?.scrollIntoView?.({ block: 'nearest' });
    } else dom.removeAttribute('aria-activedescendant');
    const said = props.items.length === 0 ? src.emptyText : (src.countText?.(props.items.length) ?? '');
    if (status && status.textContent !== said) status.textContent = said;
    const r = props.clientRect?.();
    if (r) {
      el.style.left = `${r.left + window.scrollX}px`;
      el.style.top = `${r.bottom + window.scrollY + 4}px`;
    }
  };

  return {
    onStart(p: SuggestionProps<MentionItem>) {
      props = p;
      active = 0;
      el = document.createElement('ul');
      el.id = listId;
      el.className = 'mention-popup';
      el.setAttribute('role', 'listbox');
      el.setAttribute('aria-label', src.listLabel);
      el.dataset['testid'] = 'mention-popup';
      document.body.append(el);
      status = document.createElement('div');
      status.className = 'sr-only';
      status.setAttribute('role', 'status');
      status.dataset['testid'] = 'mention-status';
      document.body.append(status);
      draw();
    },
    onUpdate(p: SuggestionProps<MentionItem>) {
      props = p;
      active = Math.min(active, Math.max(0, p.items.length - 1));
      draw();
    },
    onKeyDown({ event }: SuggestionKeyDownProps): boolean {
      const n = props?.items.length ?? 0;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (n > 0) active = (active + (event.key === 'ArrowDown' ? 1 : n - 1)) % n;
        draw();
        return true;
      }

      if ((event.key === 'Enter' || event.key === 'Tab') && n > 0) {
        pick(active);
        return true;
      }
      return false;
    },
    onExit() {
      const dom = props?.editor.view.dom;
      dom?.removeAttribute('aria-activedescendant');
      dom?.removeAttribute('aria-controls');
      dom?.removeAttribute('aria-autocomplete');
      el?.remove();
      el = null;
      status?.remove();
      status = null;
      props = null;
    },
  };
}
