import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DomainError, ErrorCode, badInput, newId, type EntityRecord } from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import {
  FACE_MATCH_THRESHOLD,
  FaceIndex,
  type FaceAnalyzer,
  type FaceLead,
  type FaceRecord,
  type NewLead,
  type PhotoFiles,
  type PhotoRecord,
  type PhotoStore,
} from '@homeward/media';
import type { RequestContext } from '../../base/context.js';
import { log } from '../../base/log.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { GraphEvents } from '../graph/graph-events.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { toEdge, toSubgraph } from '../graph/graph.mapper.js';
import { FACE_ANALYZER, PHOTO_FILES, PHOTO_STORE } from './photos.service.js';

/** Roles in the case whose photos are searched for: the child and those with them. */
const REFERENCE_ROLES = new Set(['MISSING_CHILD', 'COMPANION']);
/** The provenance source of a link written from an accepted lead. */
export const LEAD_SOURCE = 'face-match lead';
/** Most candidates kept per reference face and run, best first. */
const LEADS_PER_FACE = 25;

export type JobState = 'IDLE' | 'RUNNING' | 'DONE' | 'FAILED';

export interface FaceMatchJob {
  readonly state: JobState;
  /** Photos to analyse in this run (reference and sighting photos not analysed before). */
  readonly total: number;
  readonly done: number;
  readonly newLeads: number;
  /** Photos the models could not read in this run (tried again next run). */
  readonly unreadable: number;
  /** The opt-in was turned off while the run was under way, so it stopped. */
  readonly stopped: boolean;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly error: string | null;
}

const IDLE: FaceMatchJob = {
  state: 'IDLE',
  total: 0,
  done: 0,
  newLeads: 0,
  unreadable: 0,
  stopped: false,
  startedAt: null,
  finishedAt: null,
  error: null,
};

export interface LeadView {
  readonly lead: FaceLead;
  readonly person: EntityRecord | null;
  readonly sighting: EntityRecord | null;
  readonly referencePhoto: PhotoRecord | null;
  readonly sightingPhoto: PhotoRecord | null;
  readonly referenceBox: FaceRecord['box'] | null;
  readonly sightingBox: FaceRecord['box'] | null;
}

/**
 * Face-match leads, assistive and never automatic: for a case that opted
 * in, the faces of its child's and companions' photos are compared with the
 * faces in sighting photos of every case the person asking may see; pairs at
 * or above the threshold become leads that a person accepts or rejects.
 * Models run on a worker thread; a run's progress is kept per case in this
 * process.
 */
@Injectable()
export class FaceMatchService implements OnApplicationShutdown {
  private readonly jobs = new Map<string, FaceMatchJob>();

  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    @Inject(PHOTO_STORE) private readonly photos: PhotoStore,
    @Inject(PHOTO_FILES) private readonly files: PhotoFiles,
    @Inject(FACE_ANALYZER) private readonly analyzer: FaceAnalyzer,
    private readonly access: AccessService,
    private readonly events: GraphEvents,
    private readonly notifications: NotificationsService,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.analyzer.close();
  }

  job(caseId: string): FaceMatchJob {
    return this.jobs.get(caseId) ?? IDLE;
  }

  async status(ctx: RequestContext, caseId: string) {
    await this.access.onCase(ctx, caseId, 'case.read');
    return { setting: await this.photos.faceMatchSetting(caseId), job: this.job(caseId) };
  }

  async setEnabled(ctx: RequestContext, caseId: string, enabled: boolean) {
    const p = await this.access.onCase(ctx, caseId, 'case.update');
    const setting = await this.photos.setFaceMatch(caseId, enabled, p.userId, new Date().toISOString());
    return { setting, job: this.job(caseId) };
  }

  /** Starts a run in the background (or reports the one under way); poll `status` for progress. */
  async run(ctx: RequestContext, caseId: string) {
    const p = await this.access.onCase(ctx, caseId, 'graph.analyse');
    const setting = await this.photos.faceMatchSetting(caseId);
    if (!setting.enabled) throw badInput('caseId', 'face matching is not turned on for this case');
    if (this.job(caseId).state !== 'RUNNING') {
      // The cases searched are those the person asking may see now.
      const scope = await this.access.scope(ctx);
      this.jobs.set(caseId, { ...IDLE, state: 'RUNNING', startedAt: new Date().toISOString() });
      void this.work(caseId, p.userId, [...scope.caseIds]).catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        log('error', 'face match run failed', { caseId, message });
        this.jobs.set(caseId, { ...this.job(caseId), state: 'FAILED', finishedAt: new Date().toISOString(), error: message.slice(0, 300) });
      });
    }
    return { setting, job: this.job(caseId) };
  }

  private progress(caseId: string, patch: Partial<FaceMatchJob>): void {
    this.jobs.set(caseId, { ...this.job(caseId), ...patch });
  }

  private async work(caseId: string, userId: string, visibleCaseIds: string[]): Promise<void> {
    const scope = { caseIds: new Set([caseId]) };
    const personPhotos = await this.photos.photosOfCases([caseId], ['PERSON']);
    const people = new Map(
      (await this.stores.graph.getEntities([...new Set(personPhotos.map((p) => p.entityId))], scope)).map((e) => [e.id, e]),
    );
    const references = personPhotos.filter((ph) =>
      REFERENCE_ROLES.has(people.get(ph.entityId)?.cases.find((c) => c.caseId === caseId)?.role ?? ''),
    );
    const sightings = await this.photos.photosOfCases(visibleCaseIds, ['SIGHTING']);
    const all = [...references, ...sightings];
    const done = await this.photos.analysed(all.map((p) => p.id));
    const todo = all.filter((p) => !done.has(p.id));
    this.progress(caseId, { total: todo.length });
    let unreadable = 0;
    for (const [i, photo] of todo.entries()) {
      // Turning the opt-in off stops a run between photos: nothing more is analysed or compared.
      if (!(await this.photos.faceMatchSetting(caseId)).enabled) {
        this.progress(caseId, { state: 'DONE', stopped: true, unreadable, finishedAt: new Date().toISOString() });
        return;
      }
      try {
        const found = await this.analyzer.analyse(this.files.originalPath(photo.sha256));
        await this.photos.setFaces(
          photo.id,
          found.faces.map((f, index) => ({ photoId: photo.id, index, box: f.box, score: f.score, embedding: f.embedding })),
        );
      } catch (err) {
        // One photo the models cannot read must not stop the run; it stays unanalysed and is tried again next time.
        unreadable += 1;
        log('warn', 'face analysis of a photo failed', { photoId: photo.id, message: err instanceof Error ? err.message : String(err) });
      }
      this.progress(caseId, { done: i + 1 });
    }

    const sightingById = new Map(sightings.map((p) => [p.id, p]));
    const index = new FaceIndex<FaceRecord>();
    for (const f of await this.photos.facesOf(sightings.map((p) => p.id))) index.add(f, f.embedding);
    const refById = new Map(references.map((p) => [p.id, p]));
    const now = new Date().toISOString();
    const leads: NewLead[] = [];
    for (const ref of await this.photos.facesOf(references.map((p) => p.id))) {
      const refPhoto = refById.get(ref.photoId)!;
      for (const hit of index.search(ref.embedding, FACE_MATCH_THRESHOLD, LEADS_PER_FACE)) {
        const sPhoto = sightingById.get(hit.key.photoId)!;
        leads.push({
          id: newId('fml'),
          caseId,
          personId: refPhoto.entityId,
          referencePhotoId: refPhoto.id,
          referenceFace: ref.index,
          sightingId: sPhoto.entityId,
          sightingCaseId: sPhoto.caseId,
          sightingPhotoId: sPhoto.id,
          sightingFace: hit.key.index,
          similarity: Math.round(hit.similarity * 10_000) / 10_000,
          createdAt: now,
          createdBy: userId,
        });
      }
    }
    const added = await this.photos.addLeads(leads);
    this.notifications.later(() => this.tellNewLeads(caseId, userId, added));
    this.progress(caseId, { state: 'DONE', newLeads: added.length, unreadable, finishedAt: new Date().toISOString() });
  }

  /** Each member is told how many of the new leads they may review: a lead's sighting case must be theirs too. */
  private async tellNewLeads(caseId: string, actorId: string, added: readonly { sightingCaseId: string }[]): Promise<void> {
    if (added.length === 0) return;
    for (const m of await this.stores.cases.members(caseId)) {
      const theirs = new Set(await this.stores.cases.caseIdsOfUser(m.id));
      const count = added.filter((l) => theirs.has(l.sightingCaseId)).length;
      if (count > 0)
        await this.notifications.notify({ kind: 'FACE_LEADS', caseId, recipients: [m.id], actorId, params: { count: String(count) } });
    }
  }

  /** Leads of the case whose sighting the caller may also see (another member may see fewer). */
  async leads(ctx: RequestContext, caseId: string): Promise<LeadView[]> {
    await this.access.onCase(ctx, caseId, 'case.read');
    const scope = await this.access.scope(ctx);
    const leads = (await this.photos.leadsOfCase(caseId)).filter((l) => scope.caseIds.has(l.sightingCaseId));
    return this.views(leads, scope);
  }

  private async views(leads: FaceLead[], scope: { caseIds: ReadonlySet<string> }): Promise<LeadView[]> {
    if (leads.length === 0) return [];
    const entities = new Map(
      (await this.stores.graph.getEntities([...new Set(leads.flatMap((l) => [l.personId, l.sightingId]))], scope)).map((e) => [e.id, e]),
    );
    const photoIds = [...new Set(leads.flatMap((l) => [l.referencePhotoId, l.sightingPhotoId]))];
    const photos = new Map(
      (await Promise.all(photoIds.map((id) => this.photos.getPhoto(id)))).filter((p): p is PhotoRecord => p !== null).map((p) => [p.id, p]),
    );
    const faces = new Map((await this.photos.facesOf(photoIds)).map((f) => [`${f.photoId}#${f.index}`, f.box]));
    return leads.map((lead) => ({
      lead,
      person: entities.get(lead.personId) ?? null,
      sighting: entities.get(lead.sightingId) ?? null,
      referencePhoto: photos.get(lead.referencePhotoId) ?? null,
      sightingPhoto: photos.get(lead.sightingPhotoId) ?? null,
      referenceBox: faces.get(`${lead.referencePhotoId}#${lead.referenceFace}`) ?? null,
      sightingBox: faces.get(`${lead.sightingPhotoId}#${lead.sightingFace}`) ?? null,
    }));
  }

  /**
   * A person's decision on a lead. Accepting brings the sighting into the
   * case and links it to the person (SIGHTING_OF) with the lead as its
   * source and the person who accepted as its author, in one write. The
   * decision is audited as the mutation (lead id, case, accept true/false);
   * the lead keeps who decided, when, and the link. Two people deciding at
   * once: the first wins, the second is told.
   */
  async decide(ctx: RequestContext, caseId: string, id: string, accept: boolean): Promise<LeadView> {
    const p = await this.access.onCase(ctx, caseId, accept ? 'graph.link' : 'case.read');
    const scope = await this.access.scope(ctx);
    const lead = await this.photos.getLead(id);
    if (!lead || lead.caseId !== caseId || !scope.caseIds.has(lead.sightingCaseId))
      throw new DomainError(ErrorCode.NotFound, `lead ${id} not found`, 'id');
    if (lead.status !== 'PENDING') throw new DomainError(ErrorCode.Conflict, `lead ${id} was already ${lead.status.toLowerCase()}`, 'id');
    const at = new Date().toISOString();
    let decided: FaceLead | null;
    if (accept) {
      const linkId = newId('lnk');
      const written = await this.stores.graph.write(
        {
          caseId,
          attach: [{ entityId: lead.sightingId }],
          links: [{ id: linkId, type: 'SIGHTING_OF', fromId: lead.sightingId, toId: lead.personId }],
        },
        { actorId: p.userId, source: LEAD_SOURCE, reliability: null },
      );
      decided = await this.photos.decideLead(id, 'ACCEPTED', p.userId, at, linkId);
      if (!decided) {
        await this.stores.graph.deleteLink(caseId, linkId, { actorId: p.userId });
        throw new DomainError(ErrorCode.Conflict, `lead ${id} was decided by someone else first`, 'id');
      }
      const g = toSubgraph(written, caseId);
      this.events.publish({ caseId, kind: 'UPSERTED', nodes: g.nodes, edges: written.edges.map(toEdge) });
    } else {
      decided = await this.photos.decideLead(id, 'REJECTED', p.userId, at, null);
      if (!decided) throw new DomainError(ErrorCode.Conflict, `lead ${id} was decided by someone else first`, 'id');
    }
    return (await this.views([decided], scope))[0];
  }
}
