import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { badInput, newId, notFound } from '@homeward/domain';
import { roomName, type DocumentKind } from './rooms';
import { loadDocument } from './store/load';
import type { DocumentStore, SignOffRecord } from './store/port';
import { NOTES_FRAGMENT, TIMELINE_EVENTS, notesText, readTimelineEvents, type TimelineEventRecord, type TimelineProblem } from './timeline';

export interface SignedDocument {
  readonly signOff: SignOffRecord;
  /** Y.encodeStateAsUpdate as signed: apply it to a fresh Y.Doc for a read-only view. */
  readonly state: Uint8Array;
  /** The stored state still hashes to the recorded content hash. */
  readonly verified: boolean;
  /** Timeline sign-offs. */
  readonly events?: TimelineEventRecord[];
  readonly problems?: TimelineProblem[];
  /** Notes sign-offs: plain text, one line per block. */
  readonly notes?: string;
}

export interface TimelineChange {
  readonly eventId: string;
  readonly change: 'added' | 'changed' | 'removed';
  /** Who made the edits, in the order they first touched the event. */
  readonly by: readonly string[];
  /** ISO 8601 time of the last edit. */
  readonly at: string;
  /** The title now (or, for a removed event, as signed). */
  readonly title: string | null;
}

export interface ReviewOptions {
  readonly now?: () => Date;
}

const MAX_COMMENT = 4000;

/** JSON with sorted keys, so equal content always hashes equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/**
 * What a sign-off vouches for. Hashing the content rather than the Yjs bytes
 * means the hash identifies what the supervisor read, whatever the encoding.
 */
export function contentHash(document: DocumentKind, doc: Y.Doc): string {
  const content = document === 'timeline' ? doc.getArray(TIMELINE_EVENTS).toJSON() : doc.getXmlFragment(NOTES_FRAGMENT).toString();
  return createHash('sha256').update(canonical(content)).digest('hex');
}

function eventFingerprints(doc: Y.Doc): Map<string, { print: string; title: string | null }> {
  const out = new Map<string, { print: string; title: string | null }>();
  for (const item of doc.getArray<unknown>(TIMELINE_EVENTS).toArray()) {
    if (!(item instanceof Y.Map)) continue;
    const id = item.get('id');
    if (typeof id !== 'string' || out.has(id)) continue;
    const title = item.get('title');
    out.set(id, { print: canonical(item.toJSON()), title: typeof title === 'string' ? title : null });
  }
  return out;
}

/**
 * Supervisors' review. Whether the caller may sign (a supervisor, a member
 * of the case) is the API's check; this records and replays.
 */
export class ReviewService {
  private readonly now: () => Date;

  constructor(
    private readonly store: DocumentStore,
    opts: ReviewOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  /** Signs the document as it stands now (every relayed update is in the store). */
  async signOff(caseId: string, document: DocumentKind, signerId: string, comment: string): Promise<SignOffRecord> {
    if (comment.length > MAX_COMMENT) throw badInput('comment', `must be at most ${MAX_COMMENT} characters`);
    const { doc, seq } = await loadDocument(this.store, roomName({ caseId, document }));
    try {
      const record: SignOffRecord = {
        id: newId('signoff'),
        caseId,
        document,
        seq,
        signerId,
        signedAt: this.now().toISOString(),
        comment,
        contentHash: contentHash(document, doc),
      };
      await this.store.addSignOff({ ...record, state: Y.encodeStateAsUpdate(doc) });
      return record;
    } finally {
      doc.destroy();
    }
  }

  /** Newest first. */
  history(caseId: string, document: DocumentKind): Promise<SignOffRecord[]> {
    return this.store.signOffs(caseId, document);
  }

  async openSigned(signOffId: string): Promise<SignedDocument> {
    const found = await this.store.getSignOff(signOffId);
    if (!found) throw notFound('sign-off', signOffId);
    const { state, ...signOff } = found;
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state);
      const verified = contentHash(signOff.document, doc) === signOff.contentHash;
      if (signOff.document === 'timeline') return { signOff, state, verified, ...readTimelineEvents(doc) };
      return { signOff, state, verified, notes: notesText(doc) };
    } finally {
      doc.destroy();
    }
  }

  /**
   * Timeline events added, changed and removed since the last sign-off (since
   * the start without one), each with who edited it. Replays the attributed
   * updates after the signed state one by one; an event edited and then put
   * back as it was signed is not a change.
   */
  async changesSince(caseId: string): Promise<TimelineChange[]> {
    const last = (await this.store.signOffs(caseId, 'timeline'))[0] ?? null;
    const doc = new Y.Doc();
    try {
      if (last) {
        const signed = await this.store.getSignOff(last.id);
        if (!signed) throw notFound('sign-off', last.id);
        Y.applyUpdate(doc, signed.state);
      }
      const events = doc.getArray<unknown>(TIMELINE_EVENTS);
      const baseline = eventFingerprints(doc);
      let current = baseline;
      const touched = new Map<string, { by: string[]; at: string }>();
      let dirty = false;
      const mark = () => {
        dirty = true;
      };
      events.observeDeep(mark);
      for (const u of await this.store.updatesAfter(roomName({ caseId, document: 'timeline' }), last?.seq ?? 0)) {
        dirty = false;
        Y.applyUpdate(doc, u.update);
        if (!dirty) continue;
        const next = eventFingerprints(doc);
        for (const id of new Set([...current.keys(), ...next.keys()])) {
          if (current.get(id)?.print === next.get(id)?.print) continue;
          const t = touched.get(id) ?? { by: [], at: u.at };
          if (!t.by.includes(u.userId)) t.by.push(u.userId);
          t.at = u.at;
          touched.set(id, t);
        }
        current = next;
      }
      events.unobserveDeep(mark);
      const changes: TimelineChange[] = [];
      for (const [eventId, t] of touched) {
        const before = baseline.get(eventId);
        const after = current.get(eventId);
        if (!before && !after) continue;
        if (before && after && before.print === after.print) continue;
        const change = !before ? 'added' : !after ? 'removed' : 'changed';
        changes.push({ eventId, change, by: t.by, at: t.at, title: (after ?? before)?.title ?? null });
      }
      return changes.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    } finally {
      doc.destroy();
    }
  }
}
