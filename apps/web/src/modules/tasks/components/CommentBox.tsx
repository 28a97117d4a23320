import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../../app/status';
import { gql } from '../../../lib/graphql';
import { insertMention, mentionMarkup, mentionQueryAt, type MentionKind } from '../../../lib/mention-markup';
import { matchMentions, type MentionItem } from '../../../lib/mentions';
import { ADD_TASK_COMMENT } from '../graphql/tasks.generated';

export interface Mentionable extends MentionItem {
  readonly kind: MentionKind;
}

/**
 * A comment with "@" suggestions of the case's members and entities (a combobox: arrows to move,
 * Enter or Tab to pick, Escape to close). A picked name is written into the text as its markup.
 */
export function CommentBox({ taskId, candidates, onPosted }: { taskId: string; candidates: readonly Mentionable[]; onPosted: () => void }) {
  const { t } = useTranslation();
  const listId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [closed, setClosed] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const q = closed ? null : mentionQueryAt(text, caret);
  const matches = useMemo(() => (q ? matchMentions(candidates, q.query, 8) : []), [q, candidates]);
  const open = q !== null && matches.length > 0;

  function pick(item: Mentionable) {
    if (!q) return;
    const r = insertMention(text, q.start, caret, mentionMarkup(item.kind, item.id, item.label));
    setText(r.text);
    setCaret(r.caret);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(r.caret, r.caret);
    });
  }

  function onKey(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : -1) + matches.length) % matches.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      pick(matches[Math.min(active, matches.length - 1)]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setClosed(true);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    setError(null);
    try {
      await gql(ADD_TASK_COMMENT, { id: taskId, body: text });
      setText('');
      setCaret(0);
      onPosted();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  return (
    <form className="form comment-box" onSubmit={submit}>
      <label>
        {t('tasks.comment')}
        <textarea
          ref={ref}
          rows={3}
          value={text}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined}
          aria-describedby={`${listId}-hint`}
          onKeyDown={onKey}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
            setClosed(false);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        />
      </label>
      <span id={`${listId}-hint`} className="muted small">
        {t('tasks.mentionHint')}
      </span>
      <ul id={listId} role="listbox" aria-label={t('tasks.mentionList')} className="mention-list" hidden={!open}>
        {matches.map((m, i) => (
          <li
            key={`${m.kind}:${m.id}`}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(m);
            }}
          >
            @{m.label} <span className="muted small">{m.hint}</span>
          </li>
        ))}
      </ul>
      {error && <ErrorNote error={error} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={!text.trim()}>
          {t('tasks.post')}
        </button>
      </div>
    </form>
  );
}
