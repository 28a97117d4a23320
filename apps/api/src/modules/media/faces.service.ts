import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DomainError, ErrorCode, badInput, newId, type EntityRecord } from '@homeward/domain';
import { JOB_STALE_MS, type JobRecord, type StateStores } from '@homeward/graph-store';
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
import type { ClusterBus } from '../../base/cluster.js';
import { CLUSTER, STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { GraphEvents } from '../graph/graph-events.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { toEdge, toSubgraph } from '../graph/graph.mapper.js';
import { FACE_ANALYZER, PHOTO_FILES, PHOTO_STORE } from './photos.service.js';

/** Roles in the case whose photos are searched for: the child and those with them. */
const REFERENCE_ROLES = new Set(['MISSING_CHILD', 'COMPANION']);
/** The provenance source of a link written from an accepted lead. */
export const LEAD_SOURCE = 'face-match lead';
/** The kind of work face-match runs are in the shared job store. */
const JOB_KIND = 'face-match';
/** The running process touches its run this often (a run untouched for JOB_STALE_MS is reported failed by any replica). */
export const JOB_HEARTBEAT_MS = 5_000;
/** What a user is told of a run whose server stopped under it. */
export const JOB_LOST = 'the server running it stopped before it finished: run it again (photos analysed so far are kept)';
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
 * Models run on a worker thread. A run's state and progress live in the
 * shared job store, so every replica shows them; the process running it
 * touches it every JOB_HEARTBEAT_MS, and a run left behind by a process that
 * died (or restarted) is reported failed by any replica after JOB_STALE_MS,
 * never silently lost. Analysed photos are kept, so running again resumes
 * where the lost run stopped.
 */
@Injectable()
export class FaceMatchService implements OnApplicationBootstrap, OnApplicationShutdown {
  /** This process, as the owner of the runs it works on. */
  private readonly owner: string;
  private readonly replicated: boolean;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    @Inject(PHOTO_STORE) private readonly photos: PhotoStore,
    @Inject(PHOTO_FILES) private readonly files: PhotoFiles,
    @Inject(FACE_ANALYZER) private readonly analyzer: FaceAnalyzer,
    private readonly access: AccessService,
    private readonly events: GraphEvents,
    private readonly notifications: NotificationsService,
    @Optional() @Inject(CLUSTER) cluster: ClusterBus | null = null,
  ) {
    this.owner = cluster?.replicaId ?? `process-${randomBytes(6).toString('hex')}`;
    this.replicated = cluster !== null;
  }

  onApplicationBootstrap(): void {
    // Every replica looks for runs whose process died. At start without replicas (no REDIS_URL, one process on
    // its store), every run still RUNNING was this process's earlier life: it is reported failed at once.
    const sweep = (atStart = false) => {
      const now = Date.now();
      Promise.resolve()
        .then(() => this.stores.jobs.failStale(atStart && !this.replicated ? now + 1 : now - JOB_STALE_MS, now, JOB_LOST))
        .then((failed) => {
          for (const j of failed) log('warn', 'a face-match run was lost with the server running it', { caseId: j.key, owner: j.owner });
        })
        .catch((err: unknown) => log('error', 'job sweep failed', { message: err instanceof Error ? err.message : String(err) }));
    };
    sweep(true);
    this.sweeper = setInterval(sweep, JOB_STALE_MS / 3);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.analyzer.close();
  }

  /** The latest run of the case as every replica sees it (IDLE before the first). */
  async job(caseId: string): Promise<FaceMatchJob> {
    const j = await this.stores.jobs.get(JOB_KIND, caseId);
    return j ? toFaceMatchJob(j) : IDLE;
  }

  async status(ctx: RequestContext, caseId: string) {
    await this.access.onCase(ctx, caseId, 'case.read');
    return { setting: await this.photos.faceMatchSetting(caseId), job: await this.job(caseId) };
  }

  async setEnabled(ctx: RequestContext, caseId: string, enabled: boolean) {
    const p = await this.access.onCase(ctx, caseId, 'case.update');
    const setting = await this.photos.setFaceMatch(caseId, enabled, p.userId, new Date().toISOString());
    return { setting, job: await this.job(caseId) };
  }

  /** Starts a run in the background (or reports the one under way); poll `status` for progress. */
  async run(ctx: RequestContext, caseId: string) {
    const p = await this.access.onCase(ctx, caseId, 'graph.analyse');
    const setting = await this.photos.faceMatchSetting(caseId);
    if (!setting.enabled) throw badInput('caseId', 'face matching is not turned on for this case');
    // The cases searched are those the person asking may see now.
    const scope = await this.access.scope(ctx);
    const run = newId('run');
    // Atomic across replicas: one run per case at a time, whichever replica is asked.
    const { started } = await this.stores.jobs.start({
      kind: JOB_KIND,
      key: caseId,
      run,
      owner: this.owner,
      startedBy: p.userId,
      now: Date.now(),
      staleMs: JOB_STALE_MS,
      progress: { ...PROGRESS_ZERO },
    });
    if (started) {
      const progress = new RunProgress(this.stores, caseId, run);
      void this.work(caseId, p.userId, [...scope.caseIds], progress)
        .catch(async (err: unknown) => {
          if (err instanceof RunSuperseded) return;
          const message = err instanceof Error ? err.message : String(err);
          log('error', 'face match run failed', { caseId, message });
          await progress.finish('FAILED', { error: message.slice(0, 300) }).catch(() => undefined);
        })
        .finally(() => progress.stop());
    }
    return { setting, job: await this.job(caseId) };
  }

  private async work(caseId: string, userId: string, visibleCaseIds: string[], progress: RunProgress): Promise<void> {
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
    await progress.set({ total: todo.length });
    let unreadable = 0;
    for (const [i, photo] of todo.entries()) {
      // Turning the opt-in off stops a run between photos: nothing more is analysed or compared.
      if (!(await this.photos.faceMatchSetting(caseId)).enabled) {
        await progress.finish('DONE', { stopped: true, unreadable });
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
      await progress.set({ done: i + 1, unreadable });
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
    await progress.finish('DONE', { newLeads: added.length, unreadable });
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
    // Rejecting a lead is a decision on the case's record as much as accepting one: the same roles make either.
    const p = await this.access.onCase(ctx, caseId, 'graph.link');
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
      // The sighting is attached to the case and the link is new: both enter the case's journal as created.
      await this.events.publish(
        { caseId, kind: 'UPSERTED', nodes: g.nodes, edges: written.edges.map(toEdge) },
        { actorId: p.userId, created: [lead.sightingId, linkId] },
      );
    } else {
      decided = await this.photos.decideLead(id, 'REJECTED', p.userId, at, null);
      if (!decided) throw new DomainError(ErrorCode.Conflict, `lead ${id} was decided by someone else first`, 'id');
    }
    return (await this.views([decided], scope))[0];
  }
}

const PROGRESS_ZERO = { total: 0, done: 0, newLeads: 0, unreadable: 0, stopped: false };

const toFaceMatchJob = (j: JobRecord): FaceMatchJob => {
  const n = (k: string) => (typeof j.progress[k] === 'number' ? (j.progress[k] as number) : 0);
  return {
    state: j.state,
    total: n('total'),
    done: n('done'),
    newLeads: n('newLeads'),
    unreadable: n('unreadable'),
    stopped: j.progress.stopped === true,
    startedAt: new Date(j.startedAt).toISOString(),
    finishedAt: j.finishedAt === null ? null : new Date(j.finishedAt).toISOString(),
    error: j.error,
  };
};

/** A run's progress was refused: another replica reported it lost and a new run has the case. */
class RunSuperseded extends Error {}

/** One run's progress in the shared job store, with the heartbeat that tells other replicas it is alive. */
class RunProgress {
  private figures: Record<string, unknown> = { ...PROGRESS_ZERO };
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly stores: StateStores,
    private readonly caseId: string,
    private readonly run: string,
  ) {
    this.heartbeat = setInterval(() => {
      this.stores.jobs
        .update(JOB_KIND, this.caseId, this.run, Date.now(), {})
        .catch((err: unknown) => log('warn', 'face-match heartbeat failed', { message: err instanceof Error ? err.message : String(err) }));
    }, JOB_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async set(patch: Record<string, unknown>): Promise<void> {
    this.figures = { ...this.figures, ...patch };
    if (!(await this.stores.jobs.update(JOB_KIND, this.caseId, this.run, Date.now(), { progress: this.figures })))
      throw new RunSuperseded();
  }

  async finish(state: 'DONE' | 'FAILED', patch: Record<string, unknown> & { error?: string }): Promise<void> {
    const { error, ...figures } = patch;
    this.figures = { ...this.figures, ...figures };
    const now = Date.now();
    await this.stores.jobs.update(JOB_KIND, this.caseId, this.run, now, {
      progress: this.figures,
      state,
      finishedAt: now,
      error: error ?? null,
    });
  }

  stop(): void {
    clearInterval(this.heartbeat);
  }
}
