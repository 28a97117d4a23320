import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import {
  ReviewService,
  caseTimeline,
  loadDocument,
  notesDiff,
  roomName,
  timelineDiff,
  type FieldChange,
  type DocumentKind,
  type DocumentStore,
  type TimelineItem,
} from '@homeward/collab';
import type { RequestContext } from '../../base/context.js';
import { DOCUMENTS, STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { ReviewDiff, ReviewFieldChange, SignOff, SignedVersion, Timeline, TimelineChange, TimelineEvent } from './collab.types.js';

const toDocument = (d: string): DocumentKind => (d === 'NOTES' ? 'notes' : 'timeline');

/** A timeline item as the API serves it (caseTimeline, a signed version, a replayed moment). */
export function toEvent(i: TimelineItem): TimelineEvent {
  const { description, ...fields } = i.fields as Record<string, unknown>;
  return {
    id: i.id,
    at: i.at,
    title: i.title,
    entityIds: [...i.entityIds],
    kind: i.source === 'sighting' ? 'SIGHTING' : 'EVENT',
    description: typeof description === 'string' ? description : null,
    fields,
  };
}

@Injectable()
export class CollabService {
  private readonly review: ReviewService;

  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    @Inject(DOCUMENTS) private readonly documents: DocumentStore,
    private readonly access: AccessService,
    private readonly notifications: NotificationsService,
  ) {
    this.review = new ReviewService(documents);
  }

  async timeline(ctx: RequestContext, caseId: string): Promise<Timeline> {
    await this.access.onCase(ctx, caseId, 'case.read');
    const scope = await this.access.scope(ctx);
    const [{ doc }, sightings] = await Promise.all([
      loadDocument(this.documents, roomName({ caseId, document: 'timeline' })),
      this.stores.graph.caseSightings(caseId, scope),
    ]);
    try {
      const { items, problems } = caseTimeline(doc, sightings);
      return { events: items.map(toEvent), problems: problems.map((p) => ({ id: p.id, reason: p.reason })) };
    } finally {
      doc.destroy();
    }
  }

  private toSignOff(r: {
    id: string;
    caseId: string;
    document: DocumentKind;
    signerId: string;
    signedAt: string;
    comment: string;
    contentHash: string;
  }): SignOff {
    return { ...r, document: r.document.toUpperCase(), comment: r.comment || null, signer: undefined as never };
  }

  async signOff(ctx: RequestContext, caseId: string, document: string, comment: string | null): Promise<SignOff> {
    const p = await this.access.onCase(ctx, caseId, 'review.signOff');
    const signed = this.toSignOff(await this.review.signOff(caseId, toDocument(document), p.userId, comment?.trim() ?? ''));
    this.notifications.later(() => this.notifications.notifyCase(caseId, 'SIGN_OFF_GIVEN', { document }, { actorId: p.userId }));
    return signed;
  }

  async signOffs(ctx: RequestContext, caseId: string, document: string): Promise<SignOff[]> {
    await this.access.onCase(ctx, caseId, 'case.read');
    return (await this.review.history(caseId, toDocument(document))).map((r) => this.toSignOff(r));
  }

  async signedVersion(ctx: RequestContext, id: string): Promise<SignedVersion> {
    const s = await this.documents.getSignOff(id);
    // A sign-off of a case the caller cannot see does not exist for them.
    const scope = await this.access.scope(ctx);
    if (!s || !scope.caseIds.has(s.caseId)) throw new DomainError(ErrorCode.NotFound, `sign-off ${id} not found`, 'id');
    const v = await this.review.openSigned(id);
    return {
      signOff: this.toSignOff(v.signOff),
      verified: v.verified,
      events: v.events ? v.events.map((e) => toEvent({ source: 'event', ...e })) : null,
      notes: v.notes ?? null,
      state: Buffer.from(v.state).toString('base64'),
    };
  }

  async changesSince(ctx: RequestContext, caseId: string): Promise<TimelineChange[]> {
    await this.access.onCase(ctx, caseId, 'case.read');
    return (await this.review.changesSince(caseId)).map((c) => ({
      eventId: c.eventId,
      change: c.change,
      title: c.title,
      at: c.at,
      byIds: [...c.by],
      by: [],
    }));
  }

  /**
   * What changed in the notes or the timeline since the last sign-off: each event old -> new with every change's
   * author and time, or the notes' insertions and deletions. Linked entities are shown by the names the caller
   * may see (an id otherwise).
   */
  async reviewDiff(ctx: RequestContext, caseId: string, document: string): Promise<ReviewDiff> {
    await this.access.onCase(ctx, caseId, 'case.read');
    const d = toDocument(document) === 'notes' ? await notesDiff(this.documents, caseId) : await timelineDiff(this.documents, caseId);
    const people = new Set<string>();
    const entityIds = new Set<string>();
    for (const e of d.events ?? [])
      for (const edit of e.edits) {
        people.add(edit.by);
        for (const f of edit.fields)
          if (f.field === 'entityIds')
            for (const v of [f.before, f.after]) if (Array.isArray(v)) v.forEach((id) => entityIds.add(String(id)));
      }
    for (const r of d.notes ?? []) if (r.by) people.add(r.by);
    const [users, entities] = await Promise.all([
      this.stores.accounts.getUsers([...people]),
      entityIds.size ? this.stores.graph.getEntities([...entityIds], await this.access.scope(ctx)) : Promise.resolve([]),
    ]);
    const user = new Map(users.filter((u) => u !== null).map((u) => [u.id, u]));
    const label = new Map(entities.map((e) => [e.id, e.label]));
    const text = (field: string, v: unknown): string | null => {
      if (v === undefined || v === null) return null;
      if (field === 'entityIds' && Array.isArray(v)) return v.map((id) => label.get(String(id)) ?? String(id)).join(', ');
      return typeof v === 'string' ? v : JSON.stringify(v);
    };
    const fields = (list: readonly FieldChange[]): ReviewFieldChange[] =>
      list.map((f) => ({ field: f.field, before: text(f.field, f.before), after: text(f.field, f.after) }));
    return {
      document: d.document.toUpperCase(),
      since: d.since ? this.toSignOff(d.since) : null,
      events:
        d.events?.map((e) => ({
          eventId: e.eventId,
          change: e.change,
          title: e.title,
          fields: fields(e.fields),
          edits: e.edits.map((x) => ({ by: user.get(x.by) ?? null, from: x.from, at: x.at, change: x.change, fields: fields(x.fields) })),
        })) ?? null,
      notes: d.notes?.map((r) => ({ kind: r.kind, text: r.text, by: r.by ? (user.get(r.by) ?? null) : null, at: r.at })) ?? null,
      added: d.added,
      removed: d.removed,
      changed: d.changed,
    };
  }

  users(ids: readonly string[]) {
    return this.stores.accounts.getUsers(ids);
  }
}
