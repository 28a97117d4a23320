/**
 * Mentions in plain text (task comments; issue 19): a mention is written into the text as
 * `@[label](user:ID)` or `@[label](entity:ID)`, so the text alone carries who and what it names.
 * The server reads the same markup (apps/api/src/modules/tasks: mentionsIn) and notifies the members
 * named. Pure functions, shared by any plain-text field with "@" suggestions; the candidate ranking is
 * lib/mentions' matchMentions.
 */
export type MentionKind = 'user' | 'entity';

export type MentionSegment =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'mention'; readonly kind: MentionKind; readonly id: string; readonly label: string };

const MARKUP = /@\[([^\]\n]{1,200})\]\((user|entity):([a-z]{1,8}_[0-9a-z]{6,40})\)/g;

/** The markup of one mention; brackets and line breaks in the label are dropped so the markup stays one token. */
export function mentionMarkup(kind: MentionKind, id: string, label: string): string {
  const clean =
    label
      .replace(/[[\]\n]/g, ' ')
      .trim()
      .slice(0, 200) || id;
  return `@[${clean}](${kind}:${id})`;
}

/** Text and mentions in order, for display (a mention of a member or entity as a chip or a link). */
export function parseMentionMarkup(text: string): MentionSegment[] {
  const out: MentionSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(MARKUP)) {
    if (m.index > last) out.push({ type: 'text', text: text.slice(last, m.index) });
    out.push({ type: 'mention', kind: m[2] as MentionKind, id: m[3], label: m[1] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

/** The ids a text mentions, by kind, each once. */
export function mentionedIds(text: string): { users: string[]; entities: string[] } {
  const users = new Set<string>();
  const entities = new Set<string>();
  for (const s of parseMentionMarkup(text)) if (s.type === 'mention') (s.kind === 'user' ? users : entities).add(s.id);
  return { users: [...users], entities: [...entities] };
}

/**
 * The "@query" being typed at the caret, if any: an "@" at the start or after a space or an opening
 * bracket, followed by up to 40 characters without a line break or another "@".
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|[\s(])@([^@\n[\]]{0,40})$/.exec(before);
  if (!m) return null;
  return { start: caret - m[2].length - 1, query: m[2] };
}

/** Replaces the "@query" at [start, caret) with the mention's markup and a space; returns the text and the new caret. */
export function insertMention(text: string, start: number, caret: number, markup: string): { text: string; caret: number } {
  const next = `${text.slice(0, start)}${markup} ${text.slice(caret)}`;
  return { text: next, caret: start + markup.length + 1 };
}
