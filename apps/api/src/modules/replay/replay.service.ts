import { Inject, Injectable } from '@nestjs/common';
import {
  NOTES_FRAGMENT,
  caseTimeline,
  DocumentHistory,
  notesText,
  roomName,
  type AttributedUpdate,
  type DocumentStore,
} from '@homeward/collab';
import { DomainError, ErrorCode, badInput, type CaseRecord, type EntityRecord } from '@homeward/domain';
import type { JournalEntry, Scope } from '@homeward/graph-store';
import type { RequestContext } from '../../base/context.js';
import type { AppStores } from '../../base/stores.js';
import { DOCUMENTS, STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { toEvent } from '../collab/collab.service.js';
import { notesMarkdown, type NotesNode } from '../export/export-formats.js';
import { toSubgraph } from '../graph/graph.mapper.js';
import type { GraphNode } from '../graph/graph.types.js';
import { foldAt, withSynthesized, type Change } from './replay-fold.js';
import type { CaseMoment, CaseReplay, ReplayChange, ReplayDocUpdate } from './replay.types.js';

/** How far past the server's clock a moment may be asked for (a browser's clock runs a little ahead). */
export const FUTURE_SKEW_MS = 60_000;
/** Cases whose journal and document logs are kept in memory between requests (the least recently replayed go first). */
const CACHED_CASES = 16;

/** How long the rebuilt creations of a case are reused while its journal has not moved (writes outside the server: an import). */
const CURRENT_TTL_MS = 60_000;

/** What is append-only about a case (its graph journal, its two documents' update logs) and what is derived from them. */
interface CaseLog {
  journal: JournalEntry[];
  readonly notes: DocumentHistory;
  readonly timeline: DocumentHistory;
  /** The changes with the rebuilt creations, as of `changesSeq` (the journal's last seq then) and `changesAt`. */
  changes: Change[] | null;
  changesSeq: number;
  changesAt: number;
  /** The refresh in progress: one at a time per case. */
  refreshing: Promise<void>;
}

const lastSeq = (list: ReadonlyArray<{ seq: number }>): number => (list.length ? list[list.length - 1]!.seq : 0);

/**
 * Case replay: the case as it was at any moment since it opened — its graph (from the graph journal,
 * with the creations of what was written before the journal existed rebuilt from provenance), its notes
 * and its timeline (from the documents' update logs). Members who may read the case may replay it.
 *
 * The logs only grow, so each process keeps the last few cases' logs and reads only what was added
 * since (every replica reads the same shared logs; nothing here is shared state).
 */
@Injectable()
export class ReplayService {
  private readonly logs = new Map<string, CaseLog>();

  constructor(
    @Inject(STORES) private readonly stores: AppStores,
    @Inject(DOCUMENTS) private readonly documents: DocumentStore,
    private readonly access: AccessService,
  ) {}

  async replay(ctx: RequestContext, caseId: string): Promise<CaseReplay> {
    const { c, scope, log } = await this.open(ctx, caseId);
    const changes = log.changes;
    const names = await this.names([
      ...changes.map((x) => x.actorId),
      ...log.notes.updates.map((u) => u.userId),
      ...log.timeline.updates.map((u) => u.userId),
    ]);
    const seen = (n: GraphNode) => this.visibleTo(n, scope);
    return {
      caseId,
      openedAt: openedAt(c),
      changes: changes.map((x): ReplayChange => ({
        ...x,
        actorName: x.actorId ? (names.get(x.actorId) ?? null) : null,
        nodes: x.nodes.map(seen),
        edges: [...x.edges],
      })),
      notes: log.notes.updates.map((u) => docUpdate(u, names)),
      timeline: log.timeline.updates.map((u) => docUpdate(u, names)),
    };
  }

  async at(ctx: RequestContext, caseId: string, at: string): Promise<CaseMoment> {
    const { c, scope, log } = await this.open(ctx, caseId);
    const moment = new Date(at);
    const opened = openedAt(c);
    if (moment.getTime() < Date.parse(opened)) throw badInput('at', `is before the case opened (${opened})`);
    if (moment.getTime() > Date.now() + FUTURE_SKEW_MS) throw badInput('at', 'is in the future');
    const graph = foldAt(log.changes, moment.toISOString());
    const notes = log.notes.at(moment.getTime());
    const timelineDoc = log.timeline.at(moment.getTime());
    try {
      const sightings = graph.nodes.filter((n) => n.kind === 'SIGHTING').map(asRecord);
      return {
        at: moment.toISOString(),
        nodes: graph.nodes.map((n) => this.visibleTo(n, scope)),
        edges: graph.edges,
        notesMarkdown: notesMarkdown(c, notes.getXmlFragment(NOTES_FRAGMENT) as unknown as NotesNode),
        notesText: notesText(notes),
        timeline: caseTimeline(timelineDoc, sightings).items.map((i) => ({ ...toEvent(i) })),
      };
    } finally {
      notes.destroy();
      timelineDoc.destroy();
    }
  }

  /** The case and its logs, once the caller is known to be allowed to read it (both read at once). */
  private async open(ctx: RequestContext, caseId: string) {
    await this.access.onCase(ctx, caseId, 'case.read');
    const [c, log] = await Promise.all([this.stores.cases.getCase(caseId), this.log(caseId)]);
    if (!c) throw new DomainError(ErrorCode.NotFound, `case ${caseId} not found`, 'caseId');
    return { c, log, scope: await this.access.scope(ctx) };
  }

  /**
   * The case's logs, brought up to date: what this process read before and whatever was appended since;
   * the changes with rebuilt creations are made again when the journal moved (or after CURRENT_TTL_MS).
   */
  private async log(caseId: string): Promise<CaseLog & { changes: Change[] }> {
    let log = this.logs.get(caseId);
    if (log) this.logs.delete(caseId);
    else
      log = {
        journal: [],
        notes: new DocumentHistory(),
        timeline: new DocumentHistory(),
        changes: null,
        changesSeq: 0,
        changesAt: 0,
        refreshing: Promise.resolve(),
      };
    this.logs.set(caseId, log);
    if (this.logs.size > CACHED_CASES) this.logs.delete(this.logs.keys().next().value!);
    const l = log;
    const refresh = l.refreshing.then(async () => {
      // A change made between the reads of the present and of the journal is rebuilt from the present (at its
      // creation, by its author: what its entry says too) until the next request finds the journal moved.
      const stale = l.changes === null || Date.now() - l.changesAt > CURRENT_TTL_MS;
      const [current, journal, notes, timeline] = await Promise.all([
        stale ? this.stores.graph.caseGraph(caseId, { caseIds: new Set([caseId]) }) : null,
        this.stores.journal.read(caseId, { afterSeq: lastSeq(l.journal) }),
        this.documents.updatesAfter(roomName({ caseId, document: 'notes' }), l.notes.lastSeq),
        this.documents.updatesAfter(roomName({ caseId, document: 'timeline' }), l.timeline.lastSeq),
      ]);
      if (journal.length) l.journal = [...l.journal, ...journal];
      l.notes.extend(notes);
      l.timeline.extend(timeline);
      if (current || lastSeq(l.journal) !== l.changesSeq) {
        const now = current ?? (await this.stores.graph.caseGraph(caseId, { caseIds: new Set([caseId]) }));
        l.changes = withSynthesized(l.journal, toSubgraph(now, caseId));
        l.changesSeq = lastSeq(l.journal);
        l.changesAt = Date.now();
      }
    });
    l.refreshing = refresh.catch(() => undefined);
    await refresh;
    return l as CaseLog & { changes: Change[] };
  }

  private async names(ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
    const distinct = [...new Set(ids.filter((id): id is string => !!id))];
    return new Map((await this.stores.accounts.getUsers(distinct)).map((u) => [u.id, u.displayName]));
  }

  /** A node as the reader may see it: of the cases it belongs to, only those the reader is a member of. */
  private visibleTo(n: GraphNode, scope: Scope): GraphNode {
    return n.caseIds.every((id) => scope.caseIds.has(id)) ? n : { ...n, caseIds: n.caseIds.filter((id) => scope.caseIds.has(id)) };
  }
}

/** The case opened at its report or its creation, whichever came first. */
function openedAt(c: CaseRecord): string {
  const reported = Date.parse(c.reportedAt);
  const created = Date.parse(c.createdAt);
  return new Date(Number.isNaN(reported) ? created : Math.min(reported, created)).toISOString();
}

function docUpdate(u: AttributedUpdate, names: ReadonlyMap<string, string>): ReplayDocUpdate {
  return {
    seq: u.seq,
    at: u.at,
    userId: u.userId,
    userName: names.get(u.userId) ?? null,
    update: Buffer.from(u.update).toString('base64'),
  };
}

/** What caseTimeline reads of a sighting (its id, label and properties), from the node the journal kept. */
const asRecord = (n: GraphNode): EntityRecord =>
  ({ id: n.id, kind: n.kind, label: n.label, props: n.props, cases: [], provenance: {} }) as unknown as EntityRecord;
