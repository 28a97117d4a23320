import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DomainError, ErrorCode, badInput, newId, type CaseRecord } from '@homeward/domain';
import {
  checkPublicFields,
  checkPublicLanguages,
  hotlineLines,
  roundPoint,
  type PhotoStore,
  type PublicContent,
  type PublicField,
  type PublicLanguage,
  type PublicationRecord,
} from '@homeward/media';
import type { RequestContext } from '../../base/context.js';
import { log } from '../../base/log.js';
import type { AppStores } from '../../base/stores.js';
import { STORES } from '../../base/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { AccessService } from '../auth/access.service.js';
import { CaseStatusEvents } from '../cases/case-status.events.js';
import { POSTER_HOTLINES } from '../child/child.records.js';
import { ChildService } from '../child/child.service.js';
import { PHOTO_STORE } from '../media/photos.service.js';
import { PUBLIC_NOTIFIER, type PublicNotifier } from './public.notifier.js';
import { PUBLIC_SETTINGS, type PublicSettings } from './public.settings.js';

export interface PublicationInput {
  readonly fields: readonly string[];
  readonly languages: readonly string[];
  readonly personId?: string | null;
}

/** How often every replica looks for pages to end: due for review, or whose case left OPEN by any path. */
export const SWEEP_MS = 20_000;

const DAY_MS = 86_400_000;
const REASON_MAX = 500;

/**
 * Publishing a missing child on the public site: a supervisor of the case's
 * lead agency chooses the fields and languages; the page carries a copy of
 * those fields only, made now from the profile. Every publication, change and
 * take-down is audited, by whoever did it (the system for the case's status
 * and the review date).
 */
@Injectable()
export class PublicationService implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(STORES) private readonly stores: AppStores,
    @Inject(PHOTO_STORE) private readonly photos: PhotoStore,
    @Inject(POSTER_HOTLINES) private readonly hotlines: Record<string, string>,
    @Inject(PUBLIC_SETTINGS) private readonly settings: PublicSettings,
    @Inject(PUBLIC_NOTIFIER) private readonly notifier: PublicNotifier,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly child: ChildService,
    private readonly statusEvents: CaseStatusEvents,
  ) {}

  onModuleInit(): void {
    this.statusEvents.listen((ctx, caseId, status) => this.onCaseStatus(ctx, caseId, status));
    this.timer = setInterval(
      () => void this.sweep().catch((err: unknown) => log('error', 'public page sweep failed', { err: String(err) })),
      SWEEP_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The caller may publish this case's child: a supervisor of the case's lead agency who is a member of the case. */
  private async publisher(ctx: RequestContext, caseId: string): Promise<{ userId: string; caseRecord: CaseRecord }> {
    const p = await this.access.onCase(ctx, caseId, 'public.publish');
    const caseRecord = await this.stores.cases.getCase(caseId);
    if (!caseRecord) throw new DomainError(ErrorCode.NotFound, `case ${caseId} not found`, 'caseId');
    if (p.agencyId !== caseRecord.leadAgencyId)
      throw new DomainError(ErrorCode.Forbidden, "only a supervisor of the case's lead agency may publish the child");
    return { userId: p.userId, caseRecord };
  }

  private check(input: PublicationInput): { fields: PublicField[]; languages: PublicLanguage[] } {
    const fields = [...new Set(input.fields)];
    const languages = [...new Set(input.languages)];
    const f = checkPublicFields(fields);
    if (f) throw badInput('input.fields', f);
    const l = checkPublicLanguages(languages);
    if (l) throw badInput('input.languages', l);
    return { fields: fields as PublicField[], languages: languages as PublicLanguage[] };
  }

  /** The copy of the chosen fields, from the profile as the supervisor sees it now. */
  private async content(
    ctx: RequestContext,
    c: CaseRecord,
    personId: string | null | undefined,
    fields: readonly PublicField[],
  ): Promise<{ personId: string; content: PublicContent }> {
    const view = await this.child.view(ctx, c.id, personId);
    if (!view.child) throw badInput('personId', 'the case has no missing child recorded yet (fill in the Child tab first)');
    const profile = this.child.toProfile(view);
    const has = (f: PublicField) => fields.includes(f);
    let photoSha256: string | null = null;
    if (has('PHOTO')) {
      const newest = [...(await this.photos.photosOfEntity(c.id, view.child.id))].sort((a, b) =>
        b.uploadedAt.localeCompare(a.uploadedAt),
      )[0];
      if (!newest) throw badInput('input.fields', 'PHOTO: the child has no photo yet (upload one on the child first)');
      photoSha256 = newest.sha256;
    }
    const place = profile.lastSeenLocation;
    const countries = [c.country, ...(place?.country ? [place.country] : [])];
    return {
      personId: view.child.id,
      content: {
        name: has('NAME') ? profile.fullName : null,
        ageYears: has('AGE') ? profile.ageNow : null,
        photoSha256,
        description: has('DESCRIPTION') ? profile.physicalDescription : null,
        clothing: has('CLOTHING') ? profile.clothing : null,
        lastSeenAt: has('LAST_SEEN') ? profile.lastSeenAt : null,
        lastSeenPlace: has('LAST_SEEN') && place ? place.name : null,
        lastSeenPoint: has('LAST_SEEN') && place ? { lat: roundPoint(place.latitude), lon: roundPoint(place.longitude) } : null,
        hotlines: has('HOTLINE') ? hotlineLines(countries, this.hotlines) : [],
      },
    };
  }

  private reviewAt(now: Date): string {
    return new Date(now.getTime() + this.settings.reviewDays * DAY_MS).toISOString();
  }

  async publish(ctx: RequestContext, caseId: string, input: PublicationInput): Promise<PublicationRecord> {
    const { userId, caseRecord } = await this.publisher(ctx, caseId);
    const { fields, languages } = this.check(input);
    if (caseRecord.status !== 'OPEN') throw badInput('caseId', `the case is ${caseRecord.status}: only an open case's child is published`);
    const live = (await this.stores.publications.publicationsOfCase(caseId)).find((x) => x.status === 'PUBLISHED');
    if (live) throw badInput('caseId', `the child is already published (${live.id}): change that page or take it down first`);
    const { personId, content } = await this.content(ctx, caseRecord, input.personId, fields);
    const now = new Date();
    const rec: PublicationRecord = {
      id: newId('pub'),
      caseId,
      personId,
      country: caseRecord.country,
      status: 'PUBLISHED',
      fields,
      languages,
      content,
      publishedBy: userId,
      publishedAt: now.toISOString(),
      updatedBy: userId,
      updatedAt: now.toISOString(),
      reviewAt: this.reviewAt(now),
      endedAt: null,
      endedBy: null,
      endReason: null,
    };
    await this.stores.publications.createPublication(rec);
    await this.record(ctx, 'public.publish', rec, { fields: fields.join(','), languages: languages.join(',') });
    return rec;
  }

  /** A new copy of the chosen fields (the profile may have changed), and the review date starts again. */
  async update(ctx: RequestContext, id: string, input: PublicationInput): Promise<PublicationRecord> {
    const existing = await this.mine(ctx, id);
    const { userId, caseRecord } = await this.publisher(ctx, existing.caseId);
    if (existing.status !== 'PUBLISHED')
      throw badInput('id', `the page was ${existing.status.toLowerCase().replace('_', ' ')}: publish again`);
    const { fields, languages } = this.check(input);
    const { content } = await this.content(ctx, caseRecord, existing.personId, fields);
    const now = new Date();
    const ok = await this.stores.publications.updatePublication({
      id,
      fields,
      languages,
      content,
      updatedBy: userId,
      updatedAt: now.toISOString(),
      reviewAt: this.reviewAt(now),
    });
    if (!ok) throw badInput('id', 'the page was taken down meanwhile: publish again');
    const rec = (await this.stores.publications.getPublication(id))!;
    await this.record(ctx, 'public.update', rec, { fields: fields.join(','), languages: languages.join(',') });
    return rec;
  }

  async takeDown(ctx: RequestContext, id: string, reason: string): Promise<PublicationRecord> {
    const existing = await this.mine(ctx, id);
    const { userId } = await this.publisher(ctx, existing.caseId);
    const why = reason.trim();
    if (!why) throw badInput('reason', 'say why the page is taken down');
    if (why.length > REASON_MAX) throw badInput('reason', `must be at most ${REASON_MAX} characters`);
    const ended = await this.stores.publications.endPublication(id, 'TAKEN_DOWN', userId, new Date().toISOString(), why);
    if (!ended) throw badInput('id', `the page is already ${existing.status.toLowerCase().replace('_', ' ')}`);
    await this.record(ctx, 'public.takeDown', ended, { reason: why.slice(0, 200) });
    return ended;
  }

  async ofCase(ctx: RequestContext, caseId: string): Promise<PublicationRecord[]> {
    await this.access.onCase(ctx, caseId, 'case.read');
    return this.stores.publications.publicationsOfCase(caseId);
  }

  /** A publication of a case the caller is a member of (any other is "not found"). */
  private async mine(ctx: RequestContext, id: string): Promise<PublicationRecord> {
    const rec = await this.stores.publications.getPublication(id);
    const scope = await this.access.scope(ctx);
    if (!rec || !scope.caseIds.has(rec.caseId)) throw new DomainError(ErrorCode.NotFound, `publication ${id} not found`, 'id');
    return rec;
  }

  /**
   * The case's status changed: a case no longer OPEN (found, or closed) has no public page.
   * Called where the status changes; the sweep catches any other path (an import, another replica).
   */
  async onCaseStatus(ctx: RequestContext | null, caseId: string, status: string): Promise<number> {
    if (status === 'OPEN') return 0;
    let n = 0;
    for (const p of await this.stores.publications.publicationsOfCase(caseId)) {
      if (p.status !== 'PUBLISHED') continue;
      const ended = await this.stores.publications.endPublication(p.id, 'TAKEN_DOWN', null, new Date().toISOString(), `case ${status}`);
      if (ended) {
        n++;
        await this.record(ctx, 'public.takeDown', ended, { reason: `case ${status}`, automatic: true });
      }
    }
    return n;
  }

  /** Ends pages due for review and pages whose case left OPEN; each replica runs it, each page ends once. */
  async sweep(now = new Date()): Promise<void> {
    for (const p of await this.stores.publications.dueForReview(now.toISOString())) {
      const ended = await this.stores.publications.endPublication(p.id, 'EXPIRED', null, now.toISOString(), 'review date passed');
      if (!ended) continue;
      await this.record(null, 'public.expire', ended, { reviewAt: p.reviewAt });
      await this.notifier.pageExpired(ended);
    }
    const live = await this.stores.publications.livePublications(null);
    const cases = new Map<string, CaseRecord | null>();
    for (const p of live) {
      if (!cases.has(p.caseId)) cases.set(p.caseId, await this.stores.cases.getCase(p.caseId));
      const c = cases.get(p.caseId);
      if (!c || c.status !== 'OPEN') await this.onCaseStatus(null, p.caseId, c?.status ?? 'DELETED');
    }
  }

  private async record(
    ctx: RequestContext | null,
    action: string,
    p: PublicationRecord,
    details: Record<string, string | boolean>,
  ): Promise<void> {
    await this.audit.record(ctx, {
      action,
      outcome: 'success',
      caseId: p.caseId,
      targetType: 'Publication',
      targetId: p.id,
      details: { country: p.country, status: p.status, ...details },
    });
  }
}
