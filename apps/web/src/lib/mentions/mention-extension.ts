import { mergeAttributes } from '@tiptap/core';
import Mention from '@tiptap/extension-mention';
import type { SuggestionKeyDownProps, SuggestionProps } from '@tiptap/suggestion';
import { matchMentions, type MentionItem } from './match';

/**
 * "@" mentions for any Tiptap editor (issue 18): entity mentions in the case notes, and member mentions
 * elsewhere with another `name` and source. A mention is an inline atom whose Yjs element is
 * `<name id label>`, rendered as `@label` with `data-mention-id`; the popup is plain DOM (a listbox
 * driven from the editor with the arrow keys, Enter or Tab to pick, Escape to close).
 */
export interface MentionSource {
  /** Node name, so that two kinds of mention can live in one editor (default 'mention'). */
  readonly name?: string;
  /** The candidates now (read at every keystroke after the trigger, so they may change). */
  items(): readonly MentionItem[];
  /** Accessible name of the popup ("Entities of this case"), and what it says when nothing matches. */
  readonly listLabel: string;
  readonly emptyText: string;
  /** Extra class of the rendered mention. */
  readonly className?: string;
}

export const MENTION_ID_ATTR = 'data-mention-id';

export function mentionExtension(src: MentionSource) {
  const name = src.name ?? 'mention';
  return Mention.extend({ name }).configure({
    HTMLAttributes: { class: `mention ${src.className ?? ''}`.trim() },
    renderText: ({ node }) => `@${String(node.attrs['label'] ?? node.attrs['id'])}`,
    renderHTML: ({ options, node }) => [
      'span',
      mergeAttributes(
        { 'data-type': name, [MENTION_ID_ATTR]: node.attrs['id'], 'data-label': node.attrs['label'] },
        options.HTMLAttributes,
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
  const el = target instanceof Element ? target.closest(`[${MENTION_ID_ATTR}]`) : null;
  return el?.getAttribute(MENTION_ID_ATTR) ?? null;
}

let popups = 0;

function popup(src: MentionSource) {
  const listId = `mention-list-${++popups}`;
  let el: HTMLUListElement | null = null;
  let props: SuggestionProps<MentionItem> | null = null;
  let active = 0;

  const pick = (i: number) => {
    const item = props?.items[i];
    if (item && props) props.command({ id: item.id, label: item.label });
  };

  const draw = () => {
    if (!el || !props) return;
    const dom = props.editor.view.dom;
    el.replaceChildren();
    if (props.items.length === 0) {
      const li = document.createElement('li');
      li.className = 'mention-empty';
      li.textContent = src.emptyText;
      el.append(li);
    }
    props.items.forEach((item, i) => {
      const li = document.createElement('li');
      li.id = `${listId}-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', String(i === active));
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
    if (props.items.length > 0) dom.setAttribute('aria-activedescendant', `${listId}-${active}`);
    else dom.removeAttribute('aria-activedescendant');
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
      el?.remove();
      el = null;
      props = null;
    },
  };
}
