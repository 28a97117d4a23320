import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import {
  ReviewService,
  caseTimeline,
  loadDocument,
  roomName,
  type DocumentKind,
  type DocumentStore,
  type TimelineItem,
} from '@homeward/collab';
import type { RequestContext } from '../../base/context.js';
import { DOCUMENTS, STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { SignOff, SignedVersion, Timeline, TimelineChange, TimelineEvent } from './collab.types.js';

const toDocument = (d: string): DocumentKind => (d === 'NOTES' ? 'notes' : 'timeline');

function toEvent(i: TimelineItem): TimelineEvent {
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

  users(ids: readonly string[]) {
    return this.stores.accounts.getUsers(ids);
  }
}
