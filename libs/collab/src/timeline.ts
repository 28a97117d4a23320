import * as Y from 'yjs';
import { isIsoDateTime, type EntityRecord } from '@homeward/domain';

/** The shared type names the editors use: the timeline's events, and the notes' Tiptap fragment (its default field). */
export const TIMELINE_EVENTS = 'events';
export const NOTES_FRAGMENT = 'default';

/** The notes as plain text, one line per block, for a read-only view of a signed version. */
export function notesText(doc: Y.Doc): string {
  const walk = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText | Y.XmlHook): string => {
    if (node instanceof Y.XmlText)
      return (node.toDelta() as Array<{ insert?: unknown }>).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
    if (node instanceof Y.XmlHook) return '';
    return node
      .toArray()
      .map(walk)
      .join(node instanceof Y.XmlElement ? '' : '\n');
  };
  return walk(doc.getXmlFragment(NOTES_FRAGMENT));
}

export interface TimelineEventRecord {
  readonly id: string;
  /** As written by the editor (a date-time with zone, or a date of lower precision). */
  readonly at: string;
  /** Epoch milliseconds of `at`, for ordering (the start of the period for a date). */
  readonly time: number;
  readonly title: string;
  readonly entityIds: readonly string[];
  /** Everything else the editor stored (kind, description, precision, source...), as JSON. */
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface TimelineProblem {
  readonly id: string | null;
  readonly reason: string;
}

const DATE_ONLY = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/**
 * A timeline time: an ISO 8601 date-time with a zone, or a date (YYYY,
 * YYYY-MM, YYYY-MM-DD) for events known only to the day, month or year.
 */
export function parseTimelineTime(at: string): number | null {
  if (isIsoDateTime(at)) return Date.parse(at);
  if (!DATE_ONLY.test(at)) return null;
  const [y, m = '01', d = '01'] = at.split('-');
  const t = Date.UTC(Number(y), Number(m) - 1, Number(d));
  // Date.UTC rolls 2024-02-31 over into March; a real date reads back the same.
  return new Date(t).toISOString().startsWith(`${y}-${m}-${d}`) ? t : null;
}

const byTime = <T extends { time: number; id: string }>(a: T, b: T): number => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function entityIdsOf(v: unknown): string[] | null {
  const list = v instanceof Y.Array ? v.toArray() : Array.isArray(v) ? v : v === undefined ? [] : null;
  return list && list.every((x) => typeof x === 'string') ? (list as string[]) : null;
}

/**
 * The events of a timeline document, oldest first. An event that cannot be
 * placed (no id, no title, malformed date) is listed in `problems` instead:
 * one bad entry from an editor must not hide the rest of the timeline.
 */
export function readTimelineEvents(doc: Y.Doc): { events: TimelineEventRecord[]; problems: TimelineProblem[] } {
  const events: TimelineEventRecord[] = [];
  const problems: TimelineProblem[] = [];
  let items: unknown[];
  try {
    items = doc.getArray<unknown>(TIMELINE_EVENTS).toArray();
  } catch {
    return { events, problems: [{ id: null, reason: `"${TIMELINE_EVENTS}" is not an array` }] };
  }
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (!(item instanceof Y.Map)) return problems.push({ id: null, reason: `entry ${index} is not a map` });
    const id = item.get('id');
    if (typeof id !== 'string' || id.length === 0) return problems.push({ id: null, reason: `entry ${index} has no id` });
    if (seen.has(id)) return problems.push({ id, reason: 'duplicate id' });
    seen.add(id);
    const at = item.get('at');
    const time = typeof at === 'string' ? parseTimelineTime(at) : null;
    if (typeof at !== 'string' || time === null)
      return problems.push({ id, reason: `at: not an ISO 8601 date (${JSON.stringify(at ?? null)})` });
    const title = item.get('title');
    if (typeof title !== 'string') return problems.push({ id, reason: 'title: not a string' });
    const entityIds = entityIdsOf(item.get('entityIds'));
    if (!entityIds) return problems.push({ id, reason: 'entityIds: not a list of ids' });
    const fields: Record<string, unknown> = {};
    for (const [k, v] of item.entries()) {
      if (k === 'id' || k === 'at' || k === 'title' || k === 'entityIds') continue;
      fields[k] = v instanceof Y.AbstractType ? v.toJSON() : v;
    }
    events.push({ id, at, time, title, entityIds, fields });
  });
  events.sort(byTime);
  return { events, problems };
}

export interface TimelineItem {
  readonly source: 'event' | 'sighting';
  readonly id: string;
  readonly at: string;
  readonly time: number;
  readonly title: string;
  readonly entityIds: readonly string[];
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The case timeline: the document's events and the case's sightings, oldest first. */
export function caseTimeline(doc: Y.Doc, sightings: readonly EntityRecord[]): { items: TimelineItem[]; problems: TimelineProblem[] } {
  const { events, problems } = readTimelineEvents(doc);
  const items: TimelineItem[] = events.map((e) => ({ source: 'event', ...e }));
  const sightingProblems: TimelineProblem[] = [];
  for (const s of sightings) {
    const at = s.props.observedAt;
    const time = typeof at === 'string' ? parseTimelineTime(at) : null;
    if (typeof at !== 'string' || time === null) {
      sightingProblems.push({ id: s.id, reason: `sighting observedAt: not an ISO 8601 date (${JSON.stringify(at ?? null)})` });
      continue;
    }
    const { observedAt: _observedAt, ...fields } = s.props;
    items.push({ source: 'sighting', id: s.id, at, time, title: s.label, entityIds: [s.id], fields });
  }
  items.sort(byTime);
  return { items, problems: [...problems, ...sightingProblems] };
}
