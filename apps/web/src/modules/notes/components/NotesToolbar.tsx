import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** Where a link may point: the web and e-mail, never script. */
export function safeLink(raw: string): string | null {
  const v = raw.trim();
  if (!v) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`;
  try {
    const u = new URL(withScheme);
    return ['http:', 'https:', 'mailto:'].includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

/** Asks for a link address and sets it on the selection (an empty answer removes the link). */
export function promptLink(editor: Editor, ask: (current: string) => string | null, invalid: () => void): void {
  const current = (editor.getAttributes('link')['href'] as string | undefined) ?? '';
  const answer = ask(current);
  if (answer === null) return;
  if (!answer.trim()) {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    return;
  }
  const href = safeLink(answer);
  if (!href) return invalid();
  editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';

/** The notes' formatting buttons: one tab stop, arrow keys between buttons (WAI-ARIA toolbar). */
export function NotesToolbar({ editor, onLink }: { editor: Editor; onLink(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      quote: e.isActive('blockquote'),
      link: e.isActive('link'),
      undo: e.can().undo(),
      redo: e.can().redo(),
    }),
  });
  const run = (f: (c: ReturnType<Editor['chain']>) => ReturnType<Editor['chain']>) => f(editor.chain().focus()).run();
  const buttons: Array<{ key: string; label: string; keys: string; text: string; pressed?: boolean; disabled?: boolean; act(): void }> = [
    {
      key: 'h2',
      label: t('field.notes.heading'),
      keys: `${mod}+Alt+2`,
      text: 'H2',
      pressed: s.h2,
      act: () => run((c) => c.toggleHeading({ level: 2 })),
    },
    {
      key: 'h3',
      label: t('field.notes.subheading'),
      keys: `${mod}+Alt+3`,
      text: 'H3',
      pressed: s.h3,
      act: () => run((c) => c.toggleHeading({ level: 3 })),
    },
    { key: 'bold', label: t('field.notes.bold'), keys: `${mod}+B`, text: 'B', pressed: s.bold, act: () => run((c) => c.toggleBold()) },
    {
      key: 'italic',
      label: t('field.notes.italic'),
      keys: `${mod}+I`,
      text: 'I',
      pressed: s.italic,
      act: () => run((c) => c.toggleItalic()),
    },
    {
      key: 'bullet',
      label: t('field.notes.bulletList'),
      keys: `${mod}+Shift+8`,
      text: '•',
      pressed: s.bullet,
      act: () => run((c) => c.toggleBulletList()),
    },
    {
      key: 'ordered',
      label: t('field.notes.orderedList'),
      keys: `${mod}+Shift+7`,
      text: '1.',
      pressed: s.ordered,
      act: () => run((c) => c.toggleOrderedList()),
    },
    {
      key: 'quote',
      label: t('field.notes.quote'),
      keys: `${mod}+Shift+B`,
      text: '❝',
      pressed: s.quote,
      act: () => run((c) => c.toggleBlockquote()),
    },
    { key: 'link', label: t('field.notes.link'), keys: `${mod}+K`, text: '🔗', pressed: s.link, act: onLink },
    { key: 'undo', label: t('field.notes.undo'), keys: `${mod}+Z`, text: '↶', disabled: !s.undo, act: () => run((c) => c.undo()) },
    { key: 'redo', label: t('field.notes.redo'), keys: `${mod}+Shift+Z`, text: '↷', disabled: !s.redo, act: () => run((c) => c.redo()) },
  ];

  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) return;
    const all = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? all.length - 1 : (i + (e.key === 'ArrowRight' ? 1 : all.length - 1)) % all.length;
    e.preventDefault();
    all.forEach((b, j) => (b.tabIndex = j === next ? 0 : -1));
    all[next]?.focus();
  }

  return (
    <div
      ref={ref}
      role="toolbar"
      aria-label={t('field.notes.toolbar')}
      className="notes-toolbar"
      onKeyDown={onKey}
      data-testid="notes-toolbar"
    >
      {buttons.map((b, i) => (
        <button
          key={b.key}
          type="button"
          tabIndex={i === 0 ? 0 : -1}
          aria-label={b.label}
          aria-pressed={b.pressed === undefined ? undefined : b.pressed}
          aria-keyshortcuts={b.keys.replace('⌘', 'Meta').replace('Ctrl', 'Control')}
          title={`${b.label} (${b.keys})`}
          disabled={b.disabled}
          // The editor keeps its selection: a mousedown on a button would otherwise blur it first.
          onMouseDown={(e) => e.preventDefault()}
          onClick={b.act}
          className={b.key === 'bold' ? 'tb-bold' : b.key === 'italic' ? 'tb-italic' : undefined}
        >
          {b.text}
        </button>
      ))}
    </div>
  );
}
