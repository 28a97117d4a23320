import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, badInput, newId } from '@homeward/domain';
import { LATE_TIP_DAYS, type PublicationRecord, type TipContent, type TipRecord } from '@homeward/media';
import type { RequestContext } from '../../base/context.js';
import type { AppStores } from '../../base/stores.js';
import { STORES } from '../../base/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { AccessService } from '../auth/access.service.js';
import { ChildService } from '../child/child.service.js';
import { GraphService } from '../graph/graph.service.js';
import { PUBLIC_NOTIFIER, type PublicNotifier } from './public.notifier.js';
import { TipEvents } from './tip-events.js';
import { checkTip, type RawTip } from './tip.input.js';

export interface AcceptTipInput {
  readonly locationId?: string | null;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
  readonly placeName?: string | null;
  readonly observedAt?: string | null;
}

/** A tip turned sighting starts low: the source cannot be judged (F), the information is doubtful (4). */
export const TIP_RELIABILITY = 'F';
export const TIP_CREDIBILITY = 4;
export const TIP_CONFIDENCE = 0.3;

const DAY_MS = 86_400_000;
const REASON_MAX = 500;

/**
 * Tips from the public and from hotline calls: they arrive as unverified
 * tips, never as sightings; an investigator accepts one into a real Sighting
 * of the child (the tip as its source, graded low), merges it into a sighting
 * the case already has, or dismisses it with a reason.
 */
@Injectable()
export class TipService {
  constructor(
    @Inject(STORES) private readonly stores: AppStores,
    @Inject(PUBLIC_NOTIFIER) private readonly notifier: PublicNotifier,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly graph: GraphService,
    private readonly child: ChildService,
    private readonly events: TipEvents,
  ) {}

  /** Whether a page takes tips now: live, or ended less than LATE_TIP_DAYS ago (the tip is then marked late). */
  static intake(p: PublicationRecord, now = new Date()): 'open' | 'late' | 'closed' {
    if (p.status === 'PUBLISHED' && p.reviewAt > now.toISOString()) return 'open';
    const ended = Date.parse(p.endedAt ?? p.reviewAt);
    return now.getTime() - ended <= LATE_TIP_DAYS * DAY_MS ? 'late' : 'closed';
  }

  /** A tip from the public page (already past the rate limits and the proof of work). */
  async receivePublic(p: PublicationRecord, content: TipContent, late: boolean): Promise<TipRecord> {
    const tip: TipRecord = {
      id: newId('tip'),
      caseId: p.caseId,
      publicationId: p.id,
      channel: 'PUBLIC',
      status: 'NEW',
      receivedAt: new Date().toISOString(),
      late,
      content,
      receivedBy: null,
      decidedBy: null,
      decidedAt: null,
      reason: null,
      sightingId: null,
    };
    await this.stores.publications.addTip(tip);
    await this.audit.record(null, {
      action: 'public.tip',
      outcome: 'success',
      caseId: tip.caseId,
      targetType: 'PublicTip',
      targetId: tip.id,
      details: { publicationId: p.id, late, photo: content.photo !== null },
    });
    this.arrived(tip);
    return tip;
  }

  /** A call-taker records a hotline call's tip: the caller's phone and the hotline that took it. */
  async takeHotlineTip(ctx: RequestContext, caseId: string, raw: RawTip): Promise<TipRecord> {
    const p = await this.access.onCase(ctx, caseId, 'tips.decide');
    const checked = checkTip(raw);
    if (!checked.callerPhone) throw badInput('input.callerPhone', 'is required for a hotline call');
    if (!checked.hotline) throw badInput('input.hotline', 'say which hotline took the call (116 000, a national number)');
    const live = (await this.stores.publications.publicationsOfCase(caseId)).find((x) => x.status === 'PUBLISHED') ?? null;
    const tip: TipRecord = {
      id: newId('tip'),
      caseId,
      publicationId: live?.id ?? null,
      channel: 'HOTLINE',
      status: 'NEW',
      receivedAt: new Date().toISOString(),
      late: false,
      content: { ...checked, photo: null, photoLocation: null },
      receivedBy: p.userId,
      decidedBy: null,
      decidedAt: null,
      reason: null,
      sightingId: null,
    };
    await this.stores.publications.addTip(tip);
    this.arrived(tip);
    return tip;
  }

  private arrived(tip: TipRecord): void {
    this.events.publish({ caseId: tip.caseId, tipId: tip.id });
    void this.notifier.tipReceived(tip).catch(() => undefined);
  }

  async tips(ctx: RequestContext, caseId: string): Promise<TipRecord[]> {
    await this.access.onCase(ctx, caseId, 'case.read');
    return this.stores.publications.tipsOfCase(caseId);
  }

  /**
   * The photo a tip came with, for a member of its case whose role reads cases: checked as every other
   * read of the case is, and audited as a view of a case photo is. Another case's tip, no tip and a tip
   * without a photo look the same.
   */
  async tipPhoto(ctx: RequestContext, id: string): Promise<{ sha256: string }> {
    const hidden = new DomainError(ErrorCode.NotFound, 'no such photo', 'id');
    const base = { action: 'tip.photo', targetType: 'PublicTip', targetId: id.slice(0, 100) };
    let tip: TipRecord | null = null;
    try {
      this.access.principal(ctx);
      tip = await this.stores.publications.getTip(id);
      if (!tip || !tip.content.photo) throw hidden;
      await this.access.onCase(ctx, tip.caseId, 'case.read').catch((err: unknown) => {
        throw err instanceof DomainError && err.code === ErrorCode.NotFound ? hidden : err;
      });
    } catch (err) {
      await this.audit.record(ctx, { ...base, outcome: 'denied' }).catch(() => undefined);
      throw err;
    }
    await this.audit.record(ctx, { ...base, outcome: 'success', caseId: tip.caseId, details: { sha256: tip.content.photo!.sha256 } });
    return { sha256: tip.content.photo!.sha256 };
  }

  /** A tip of a case the caller may decide on (any other is "not found"). */
  async decidable(ctx: RequestContext, id: string): Promise<{ tip: TipRecord; userId: string }> {
    const tip = await this.stores.publications.getTip(id);
    const scope = await this.access.scope(ctx);
    if (!tip || !scope.caseIds.has(tip.caseId)) throw new DomainError(ErrorCode.NotFound, `tip ${id} not found`, 'id');
    const p = await this.access.onCase(ctx, tip.caseId, 'tips.decide');
    if (tip.status !== 'NEW') throw badInput('id', `the tip was already ${tip.status.toLowerCase()}`);
    return { tip, userId: p.userId };
  }

  async accept(ctx: RequestContext, id: string, input: AcceptTipInput): Promise<TipRecord> {
    const { tip, userId } = await this.decidable(ctx, id);
    const c = tip.content;
    const prov = { source: `tip ${tip.id}`, reliability: TIP_RELIABILITY };
    const pub = tip.publicationId ? await this.stores.publications.getPublication(tip.publicationId) : null;
    const personId = pub?.personId ?? (await this.child.view(ctx, tip.caseId)).child?.id;
    if (!personId) throw badInput('id', 'the case has no missing child recorded to link the sighting to');
    let locationId = input.locationId ?? null;
    if (!locationId) {
      const lat = input.latitude ?? c.latitude ?? c.photoLocation?.lat ?? null;
      const lon = input.longitude ?? c.longitude ?? c.photoLocation?.lon ?? null;
      if (lat === null || lon === null)
        throw badInput('input.locationId', 'the tip has no position: choose a place of the case, or give latitude and longitude');
      const caseRecord = await this.stores.cases.getCase(tip.caseId);
      const place = (input.placeName ?? c.place ?? '').trim().slice(0, 200) || `Tip ${tip.id}`;
      const loc = await this.graph.addEntity(
        ctx,
        tip.caseId,
        'LOCATION',
        { name: place, country: pub?.country ?? caseRecord!.country, latitude: lat, longitude: lon },
        null,
        prov,
      );
      locationId = loc.id;
    }
    const sighting = await this.graph.addSighting(
      ctx,
      tip.caseId,
      {
        observedAt: input.observedAt ?? c.seenAt ?? tip.receivedAt,
        locationId,
        seenIds: [personId],
        description: c.what.slice(0, 4000),
        sightingSource: tip.channel === 'HOTLINE' ? 'HOTLINE' : 'WITNESS',
        confidence: TIP_CONFIDENCE,
      },
      { ...prov, credibility: TIP_CREDIBILITY },
    );
    const decided = await this.stores.publications.decideTip({
      id,
      status: 'ACCEPTED',
      decidedBy: userId,
      decidedAt: new Date().toISOString(),
      reason: null,
      sightingId: sighting.id,
    });
    if (!decided) {
      // Decided by someone else in between: the sighting made here is not theirs to keep.
      await this.graph.remove(ctx, tip.caseId, sighting.id);
      throw badInput('id', 'the tip was decided by someone else meanwhile');
    }
    this.events.publish({ caseId: tip.caseId, tipId: id });
    return decided;
  }

  async merge(ctx: RequestContext, id: string, sightingId: string): Promise<TipRecord> {
    const { tip, userId } = await this.decidable(ctx, id);
    const g = await this.graph.caseGraph(ctx, tip.caseId);
    if (!g.nodes.some((n) => n.id === sightingId && n.kind === 'SIGHTING')) throw badInput('sightingId', 'must be a sighting of this case');
    const decided = await this.stores.publications.decideTip({
      id,
      status: 'MERGED',
      decidedBy: userId,
      decidedAt: new Date().toISOString(),
      reason: null,
      sightingId,
    });
    if (!decided) throw badInput('id', 'the tip was decided by someone else meanwhile');
    this.events.publish({ caseId: tip.caseId, tipId: id });
    return decided;
  }

  async dismiss(ctx: RequestContext, id: string, reason: string): Promise<TipRecord> {
    const { tip, userId } = await this.decidable(ctx, id);
    const why = reason.trim();
    if (!why) throw badInput('reason', 'say why the tip is dismissed');
    if (why.length > REASON_MAX) throw badInput('reason', `must be at most ${REASON_MAX} characters`);
    const decided = await this.stores.publications.decideTip({
      id,
      status: 'DISMISSED',
      decidedBy: userId,
      decidedAt: new Date().toISOString(),
      reason: why,
      sightingId: null,
    });
    if (!decided) throw badInput('id', 'the tip was decided by someone else meanwhile');
    this.events.publish({ caseId: tip.caseId, tipId: id });
    return decided;
  }

  async subscribe(ctx: RequestContext, caseId: string) {
    const p = await this.access.onCase(ctx, caseId, 'case.read');
    return this.events.subscribe(caseId, p.userId);
  }
}
