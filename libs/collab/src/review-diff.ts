import * as Y from 'yjs';
import { notFound } from '@homeward/domain';
import { roomName, type DocumentKind } from './rooms';
import type { AttributedUpdate, DocumentStore, SignOffRecord } from './store/port';
import { NOTES_FRAGMENT, TIMELINE_EVENTS, notesText } from './timeline';

/**
 * What changed in a case document since its last sign-off, for the supervisor
 * who signs next: each timeline event old -> new with every edit's author and
 * time, and the notes as a text diff whose insertions and deletions each carry
 * who made them and when. Computed from the signed state and the attributed
 * update log (which compaction never shortens), replayed in order.
 */

/** Edits of one person to one event closer together than this are one change (typing a title is dozens of updates). */
export const EDIT_GAP_MS = 5 * 60_000;
/** A replay of the notes reads the text again after each run of one person's updates closer together than this. */
export const NOTES_GAP_MS = 60_000;
/** Beyond this many differing tokens between two states, a step is shown as one deletion and one insertion. */
const MAX_DIFF_COST = 1000;

export interface FieldChange {
  readonly field: string;
  /** The field's value as JSON; undefined where the event had no such field (or did not exist). */
  readonly before: unknown;
  readonly after: unknown;
}

export interface TimelineEdit {
  readonly by: string;
  /** ISO 8601: the first and the last update of this change. */
  readonly from: string;
  readonly at: string;
  readonly change: 'added' | 'changed' | 'removed';
  readonly fields: readonly FieldChange[];
}

export interface TimelineEventDiff {
  readonly eventId: string;
  readonly change: 'added' | 'changed' | 'removed';
  /** The title now (as signed, for a removed event). */
  readonly title: string | null;
  /** Signed value -> value now, for each field that differs. */
  readonly fields: readonly FieldChange[];
  /** One row per change, oldest first (an event edited back and forth shows every step). */
  readonly edits: readonly TimelineEdit[];
}

export interface NotesRun {
  readonly kind: 'same' | 'added' | 'removed';
  readonly text: string;
  /** Who inserted or deleted it, and when (null for text as signed). */
  readonly by: string | null;
  readonly at: string | null;
}

export interface ReviewDiff {
  readonly document: DocumentKind;
  /** The sign-off compared with, null when the document was never signed (compared with an empty document). */
  readonly since: SignOffRecord | null;
  /** Timeline: the events that differ from the signed state, in the order of their last change. */
  readonly events: readonly TimelineEventDiff[] | null;
  /** Notes: the whole text as runs; none of kind added or removed when nothing changed. */
  readonly notes: readonly NotesRun[] | null;
  /** Counts: events added/changed/removed, or characters inserted/deleted in the notes. */
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

type Fields = Map<string, unknown>;

/** JSON with sorted keys, so equal values compare equal whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

interface EventState {
  readonly item: Y.Map<unknown>;
  readonly print: string;
  readonly fields: Fields;
}

function readEvent(item: Y.Map<unknown>): EventState {
  const json = item.toJSON() as Record<string, unknown>;
  return { item, print: canonical(json), fields: new Map(Object.entries(json).filter(([k]) => k !== 'id')) };
}

/** Each event of the timeline by id (the first of a duplicated id), its fields as JSON, with a fingerprint. */
function readEvents(doc: Y.Doc): Map<string, EventState> {
  const out = new Map<string, EventState>();
  for (const item of doc.getArray<unknown>(TIMELINE_EVENTS).toArray()) {
    if (!(item instanceof Y.Map)) continue;
    const id = item.get('id');
    if (typeof id !== 'string' || out.has(id)) continue;
    out.set(id, readEvent(item));
  }
  return out;
}

function fieldChanges(before: Fields | undefined, after: Fields | undefined): FieldChange[] {
  const keys = new Set([...(before?.keys() ?? []), ...(after?.keys() ?? [])]);
  // Title, time, description and linked entities first, as a reader looks for them; the rest by name.
  const first = ['title', 'at', 'description', 'entityIds'];
  const order = [...first.filter((k) => keys.has(k)), ...[...keys].filter((k) => !first.includes(k)).sort()];
  const out: FieldChange[] = [];
  for (const field of order) {
    const b = before?.get(field);
    const a = after?.get(field);
    if (!same(a, b)) out.push({ field, before: b, after: a });
  }
  return out;
}

const kindOf = (before: unknown, after: unknown): 'added' | 'changed' | 'removed' => (!before ? 'added' : !after ? 'removed' : 'changed');

async function baseline(
  store: DocumentStore,
  caseId: string,
  document: DocumentKind,
): Promise<{ doc: Y.Doc; since: SignOffRecord | null }> {
  const since = (await store.signOffs(caseId, document))[0] ?? null;
  const doc = new Y.Doc();
  if (since) {
    const signed = await store.getSignOff(since.id);
    if (!signed) throw notFound('sign-off', since.id);
    Y.applyUpdate(doc, signed.state);
  }
  return { doc, since };
}

/** The timeline's events that differ from the last sign-off, each with the old and new value of each field and every change. */
export async function timelineDiff(store: DocumentStore, caseId: string): Promise<ReviewDiff> {
  const { doc, since } = await baseline(store, caseId, 'timeline');
  try {
    const events = doc.getArray<unknown>(TIMELINE_EVENTS);
    const signed = readEvents(doc);
    let current = signed;
    const edits = new Map<string, Array<{ by: string; from: string; at: string; before?: Fields; after?: Fields }>>();
    const last = new Map<string, string>();
    // Which events an update touched: most updates edit a field of one event, and only that one is read again;
    // an event added, removed or moved, or a changed id, reads the whole timeline again.
    let dirty = false;
    let whole = false;
    const maps = new Set<Y.Map<unknown>>();
    const mark = (changes: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
      dirty = true;
      for (const c of changes) {
        let t: Y.AbstractType<unknown> | null = c.target;
        while (t && t.parent !== events) t = t.parent as Y.AbstractType<unknown> | null;
        if (c.target === events || !(t instanceof Y.Map) || (c.target === t && (c as Y.YMapEvent<unknown>).keysChanged.has('id')))
          whole = true;
        else maps.add(t);
      }
    };
    events.observeDeep(mark);
    for (const u of await store.updatesAfter(roomName({ caseId, document: 'timeline' }), since?.seq ?? 0)) {
      dirty = false;
      whole = false;
      maps.clear();
      Y.applyUpdate(doc, u.update);
      if (!dirty) continue;
      let next = current;
      let ids: Iterable<string>;
      const one = whole ? [] : [...maps].map((m) => ({ m, id: m.get('id') }));
      if (whole || one.some(({ m, id }) => typeof id !== 'string' || current.get(id)?.item !== m)) {
        next = readEvents(doc);
        ids = new Set([...current.keys(), ...next.keys()]);
      } else {
        next = new Map(current);
        for (const { m, id } of one) next.set(id as string, readEvent(m));
        ids = one.map(({ id }) => id as string);
      }
      for (const id of ids) {
        const b = current.get(id);
        const a = next.get(id);
        if (b?.print === a?.print) continue;
        const list = edits.get(id) ?? [];
        const prev = list[list.length - 1];
        // The same person going on editing the same event is one change; anyone else's edit starts a new one.
        if (prev && prev.by === u.userId && Date.parse(u.at) - Date.parse(prev.at) <= EDIT_GAP_MS) {
          prev.at = u.at;
          prev.after = a?.fields;
        } else list.push({ by: u.userId, from: u.at, at: u.at, before: b?.fields, after: a?.fields });
        edits.set(id, list);
        last.set(id, u.at);
      }
      current = next;
    }
    events.unobserveDeep(mark);
    const out: TimelineEventDiff[] = [];
    for (const [eventId, list] of edits) {
      const before = signed.get(eventId);
      const after = current.get(eventId);
      if (!before && !after) continue;
      if (before && after && before.print === after.print) continue;
      const title = (after ?? before)?.fields.get('title');
      out.push({
        eventId,
        change: kindOf(before, after),
        title: typeof title === 'string' ? title : null,
        fields: fieldChanges(before?.fields, after?.fields),
        edits: list
          .map((e) => ({ by: e.by, from: e.from, at: e.at, change: kindOf(e.before, e.after), fields: fieldChanges(e.before, e.after) }))
          .filter((e) => e.fields.length > 0),
      });
    }
    out.sort((a, b) => (last.get(a.eventId)! < last.get(b.eventId)! ? -1 : last.get(a.eventId)! > last.get(b.eventId)! ? 1 : 0));
    return {
      document: 'timeline',
      since,
      events: out,
      notes: null,
      added: out.filter((e) => e.change === 'added').length,
      removed: out.filter((e) => e.change === 'removed').length,
      changed: out.filter((e) => e.change === 'changed').length,
    };
  } finally {
    doc.destroy();
  }
}

/** Words, runs of spaces and single other characters: a diff over these reads as edits to words. */
export function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}_'’-]+|\s+|[^\s\p{L}\p{N}_'’-]/gu) ?? [];
}

export type DiffOp = { readonly op: '=' | '+' | '-'; readonly tokens: readonly string[] };

/**
 * A shortest edit script from `a` to `b` (Myers' O(ND) greedy algorithm), after the common start and end
 * are set aside; past MAX_DIFF_COST differences the middle is one deletion and one insertion.
 */
export function diffTokens(a: readonly string[], b: readonly string[]): DiffOp[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: DiffOp[] = [];
  const push = (op: DiffOp['op'], tokens: readonly string[]) => {
    if (tokens.length === 0) return;
    const prev = ops[ops.length - 1];
    if (prev && prev.op === op) ops[ops.length - 1] = { op, tokens: [...prev.tokens, ...tokens] };
    else ops.push({ op, tokens });
  };
  push('=', a.slice(0, start));
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  for (const o of middle(x, y)) push(o.op, o.tokens);
  push('=', a.slice(endA));
  return ops;
}

function middle(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return [...(n ? [{ op: '-' as const, tokens: a }] : []), ...(m ? [{ op: '+' as const, tokens: b }] : [])];
  const max = Math.min(n + m, MAX_DIFF_COST);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let i = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let j = i - k;
      while (i < n && j < m && a[i] === b[j]) {
        i++;
        j++;
      }
      next[offset + k] = i;
      if (i >= n && j >= m) {
        found = d;
        break;
      }
    }
    v = next;
  }
  if (found < 0)
    return [
      { op: '-', tokens: a },
      { op: '+', tokens: b },
    ];
  // Walk back through the saved frontiers (trace[d]: the furthest reach of each diagonal after d - 1 differences).
  const steps: Array<{ op: DiffOp['op']; token: string }> = [];
  let i = n;
  let j = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d];
    const k = i - j;
    const down = k === -d || (k !== d && prev[offset + k - 1] < prev[offset + k + 1]);
    const pk = down ? k + 1 : k - 1;
    const pi = prev[offset + pk];
    const pj = pi - pk;
    // The snake after the step, then the step itself (an insertion from b, or a deletion from a).
    while (i > (down ? pi : pi + 1) && j > (down ? pj + 1 : pj)) {
      i--;
      j--;
      steps.push({ op: '=', token: a[i] });
    }
    if (down) steps.push({ op: '+', token: b[--j] });
    else steps.push({ op: '-', token: a[--i] });
  }
  while (i > 0 && j > 0) {
    i--;
    j--;
    steps.push({ op: '=', token: a[i] });
  }
  steps.reverse();
  const out: DiffOp[] = [];
  for (const s of steps) {
    const prev = out[out.length - 1];
    if (prev && prev.op === s.op) (prev.tokens as string[]).push(s.token);
    else out.push({ op: s.op, tokens: [s.token] });
  }
  return out;
}

interface Piece {
  text: string;
  kind: NotesRun['kind'];
  by: string | null;
  at: string | null;
}

/** The notes as they stand, with what was inserted and deleted since the last sign-off, each run with its author and time. */
export async function notesDiff(store: DocumentStore, caseId: string): Promise<ReviewDiff> {
  const { doc, since } = await baseline(store, caseId, 'notes');
  try {
    let pieces: Piece[] = tokenize(notesText(doc)).map((text) => ({ text, kind: 'same', by: null, at: null }));
    const fragment = doc.getXmlFragment(NOTES_FRAGMENT);
    let dirty = false;
    const mark = () => {
      dirty = true;
    };
    fragment.observeDeep(mark);
    const updates = await store.updatesAfter(roomName({ caseId, document: 'notes' }), since?.seq ?? 0);
    // One person's burst of typing is one step: the text is read again when the author changes or they pause.
    let group: AttributedUpdate[] = [];
    const flush = () => {
      if (group.length === 0) return;
      const { userId, at } = group[group.length - 1];
      dirty = false;
      for (const u of group) Y.applyUpdate(doc, u.update);
      group = [];
      if (dirty) pieces = applyStep(pieces, tokenize(notesText(doc)), userId, at);
    };
    for (const u of updates) {
      const prev = group[group.length - 1];
      if (prev && (prev.userId !== u.userId || Date.parse(u.at) - Date.parse(prev.at) > NOTES_GAP_MS)) flush();
      group.push(u);
    }
    flush();
    fragment.unobserveDeep(mark);
    const runs: NotesRun[] = [];
    for (const p of pieces) {
      const prev = runs[runs.length - 1];
      if (prev && prev.kind === p.kind && prev.by === p.by && prev.at === p.at)
        runs[runs.length - 1] = { ...prev, text: prev.text + p.text };
      else runs.push({ kind: p.kind, text: p.text, by: p.by, at: p.at });
    }
    const count = (kind: NotesRun['kind']) => runs.filter((r) => r.kind === kind).reduce((n, r) => n + [...r.text].length, 0);
    return { document: 'notes', since, events: null, notes: runs, added: count('added'), removed: count('removed'), changed: 0 };
  } finally {
    doc.destroy();
  }
}

/**
 * Moves the attributed text from one state of the notes to the next: new tokens are insertions by the step's
 * author; a deleted token that was signed stays, as a deletion by that author; one inserted since and deleted
 * again leaves no trace.
 */
function applyStep(pieces: Piece[], next: string[], by: string, at: string): Piece[] {
  const visible = pieces.filter((p) => p.kind !== 'removed');
  const ops = diffTokens(
    visible.map((p) => p.text),
    next,
  );
  const out: Piece[] = [];
  let k = 0;
  // Deletions already shown stay where they were: they are copied over as the walk passes them.
  const copyRemoved = () => {
    while (k < pieces.length && pieces[k].kind === 'removed') out.push(pieces[k++]);
  };
  for (const o of ops) {
    if (o.op === '+') {
      for (const text of o.tokens) out.push({ text, kind: 'added', by, at });
      continue;
    }
    for (let n = 0; n < o.tokens.length; n++) {
      copyRemoved();
      const p = pieces[k++];
      if (o.op === '=') out.push(p);
      else if (p.kind === 'same') out.push({ ...p, kind: 'removed', by, at });
    }
  }
  while (k < pieces.length) out.push(pieces[k++]);
  return out;
}
