import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, newId, type EntityRecord } from '@homeward/domain';
import type { MergeRecord, StateStores } from '@homeward/graph-store';
import { scoreCandidate } from '@homeward/analysis';
import type { RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { GraphEvents } from '../graph/graph-events.js';
import { toEdge, toNode } from '../graph/graph.mapper.js';
import type { DuplicateCandidate, DuplicatePair, MergeRecordType, RejectedPair } from './resolution.types.js';
import type { IntBounds } from '../../base/args.js';

/** Raw candidates read from the key index before scoring: enough for the best few to be among them. */
const RAW_CANDIDATES = 100;
/** Raw pairs of one case read before scoring. */
const RAW_CASE_PAIRS = 2000;

function toMergeType(m: MergeRecord): MergeRecordType {
  const links = m.snapshot.links;
  return {
    id: m.id,
    caseId: m.caseId,
    kind: m.kind,
    survivorId: m.survivorId,
    mergedId: m.mergedId,
    mergedLabel: m.mergedLabel,
    mergedProps: m.snapshot.entity.props,
    aliasesAdded: [...(m.snapshot.aliasesAdded ?? [])],
    repointedLinks: links.filter((l) => l.fate === 'REPOINTED').length,
    droppedLinks: links.filter((l) => l.fate !== 'REPOINTED').length,
    mergedBy: m.mergedBy,
    mergedAt: m.mergedAt,
    undoneBy: m.undoneBy,
    undoneAt: m.undoneAt,
  };
}

/** Entity resolution: scored candidates, rejections, merges and their undo. A person decides; nothing merges by itself. */
/** How many duplicate candidates a query returns. */
export const CANDIDATE_LIMIT: IntBounds = { default: 10, min: 1, max: 50 };
/** How many pairs "find duplicates in this case" lists. */
export const CASE_PAIR_LIMIT: IntBounds = { default: 100, min: 1, max: 500 };

@Injectable()
export class ResolutionService {
  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    private readonly access: AccessService,
    private readonly events: GraphEvents,
  ) {}

  private async visible(ctx: RequestContext, id: string, field: string): Promise<EntityRecord> {
    const [rec] = await this.stores.graph.getEntities([id], await this.access.scope(ctx));
    if (!rec) throw new DomainError(ErrorCode.NotFound, `entity ${id} not found`, field);
    return rec;
  }

  async duplicateCandidates(ctx: RequestContext, caseId: string, entityId: string, limit: number): Promise<DuplicateCandidate[]> {
    await this.access.onCase(ctx, caseId, 'graph.analyse');
    const target = await this.visible(ctx, entityId, 'entityId');
    const raw = await this.stores.graph.duplicateCandidates(entityId, await this.access.scope(ctx), RAW_CANDIDATES);
    const scored: DuplicateCandidate[] = [];
    for (const c of raw) {
      const s = scoreCandidate(target, c.record, c.keys);
      if (s) scored.push({ entity: toNode(c.record, caseId), score: s.score, reasons: s.reasons });
    }
    return scored.sort((a, b) => b.score - a.score || a.entity.id.localeCompare(b.entity.id)).slice(0, limit);
  }

  /** Every candidate pair of the case's own entities, scored as duplicateCandidates scores them, best first. */
  async caseDuplicates(ctx: RequestContext, caseId: string, limit: number): Promise<DuplicatePair[]> {
    await this.access.onCase(ctx, caseId, 'graph.analyse');
    const raw = await this.stores.graph.caseDuplicatePairs(caseId, await this.access.scope(ctx), RAW_CASE_PAIRS);
    const scored: DuplicatePair[] = [];
    for (const p of raw) {
      const s = scoreCandidate(p.a, p.b, p.keys);
      if (s) scored.push({ a: toNode(p.a, caseId), b: toNode(p.b, caseId), score: s.score, reasons: s.reasons });
    }
    return scored.sort((x, y) => y.score - x.score || x.a.id.localeCompare(y.a.id) || x.b.id.localeCompare(y.b.id)).slice(0, limit);
  }

  /** Pairs of the case a person said are not the same, newest first, so one can be taken back. */
  async rejectedDuplicates(ctx: RequestContext, caseId: string): Promise<RejectedPair[]> {
    await this.access.onCase(ctx, caseId, 'graph.analyse');
    const scope = await this.access.scope(ctx);
    const rows = await this.stores.graph.rejectedPairs(caseId, scope);
    const records = new Map(
      (await this.stores.graph.getEntities([...new Set(rows.flatMap((r) => [r.aId, r.bId]))], scope)).map((r) => [r.id, r]),
    );
    const out: RejectedPair[] = [];
    for (const r of rows) {
      const a = records.get(r.aId);
      const b = records.get(r.bId);
      if (a && b) out.push({ a: toNode(a, caseId), b: toNode(b, caseId), rejectedBy: r.rejectedBy, rejectedAt: r.rejectedAt });
    }
    return out;
  }

  /** Takes back "not the same": the pair is proposed again. Needs what rejecting needs. */
  async undoRejectDuplicate(ctx: RequestContext, caseId: string, entityId: string, otherId: string): Promise<boolean> {
    const p = await this.access.onCase(ctx, caseId, 'graph.merge');
    const scope = await this.access.scope(ctx);
    await this.inCase(scope, caseId, [entityId, otherId]);
    const undone = await this.stores.graph.unrejectDuplicate(entityId, otherId, scope, { actorId: p.userId });
    if (!undone) throw new DomainError(ErrorCode.NotFound, `the pair ${entityId}, ${otherId} was not marked as not the same`, 'otherId');
    return true;
  }

  /** Both ids must be entities of the case the call is made from (its permission is what allowed the call). */
  private async inCase(scope: Awaited<ReturnType<AccessService['scope']>>, caseId: string, ids: readonly string[]): Promise<void> {
    const records = await this.stores.graph.getEntities(ids, scope);
    ids.forEach((id, i) => {
      const rec = records.find((r) => r.id === id);
      if (!rec || !rec.cases.some((c) => c.caseId === caseId))
        throw new DomainError(ErrorCode.NotFound, `entity ${id} not found in case ${caseId}`, i === 0 ? 'entityId' : 'otherId');
    });
  }

  async rejectDuplicate(ctx: RequestContext, caseId: string, entityId: string, otherId: string): Promise<boolean> {
    const p = await this.access.onCase(ctx, caseId, 'graph.merge');
    await this.stores.graph.rejectDuplicate(entityId, otherId, await this.access.scope(ctx), { actorId: p.userId });
    return true;
  }

  async merge(ctx: RequestContext, caseId: string, survivorId: string, mergedId: string): Promise<MergeRecordType> {
    const p = await this.access.onCase(ctx, caseId, 'graph.merge');
    const scope = await this.access.scope(ctx);
    const rec = await this.stores.graph.mergeEntities({ id: newId('mrg'), caseId, survivorId, mergedId }, scope, { actorId: p.userId });
    await this.announce(rec, scope, 'merge', p.userId);
    return toMergeType(rec);
  }

  async undo(ctx: RequestContext, caseId: string, mergeId: string): Promise<MergeRecordType> {
    const p = await this.access.onCase(ctx, caseId, 'graph.merge');
    const scope = await this.access.scope(ctx);
    // A merge is undone from the case it was made in (the one whose write permission allowed it).
    if (!(await this.stores.graph.merges(caseId, scope)).some((m) => m.id === mergeId))
      throw new DomainError(ErrorCode.NotFound, `merge ${mergeId} not found`, 'id');
    const rec = await this.stores.graph.undoMerge(mergeId, scope, { actorId: p.userId });
    await this.announce(rec, scope, 'undo', p.userId);
    return toMergeType(rec);
  }

  async merges(ctx: RequestContext, caseId: string): Promise<MergeRecordType[]> {
    await this.access.onCase(ctx, caseId, 'graph.analyse');
    return (await this.stores.graph.merges(caseId, await this.access.scope(ctx))).map(toMergeType);
  }

  /**
   * Tells members of every case the merge touched what changed, so open graphs follow, and records it in each
   * case's journal (case replay). A merge takes out the merged entity and every link it had as they were (the
   * re-pointed ones come back at the survivor in the next change), so a replay before the merge shows both
   * entities with their own links.
   */
  private async announce(
    rec: MergeRecord,
    scope: Awaited<ReturnType<AccessService['scope']>>,
    what: 'merge' | 'undo',
    actorId: string,
  ): Promise<void> {
    const ids = what === 'merge' ? [rec.survivorId] : [rec.survivorId, rec.mergedId];
    const records = await this.stores.graph.getEntities(ids, scope);
    const cases = new Set([...rec.snapshot.memberships.map((m) => m.caseId), ...rec.snapshot.addedMemberships]);
    const e = rec.snapshot.entity;
    const mergedNode = toNode({
      id: e.id,
      kind: e.kind,
      label: e.label,
      props: e.props,
      provenance: e.provenance,
      cases: rec.snapshot.memberships.map((m) => ({ caseId: m.caseId, role: m.role })),
    });
    for (const caseId of cases) {
      const inCase = records.filter((r) => r.cases.some((c) => c.caseId === caseId)).map((r) => toNode(r, caseId));
      const links = rec.snapshot.links.filter((l) => l.caseId === caseId);
      if (what === 'merge') {
        const moved = links
          .filter((l) => l.fate === 'REPOINTED')
          .map((l) => ({
            ...l,
            source: l.source === e.id ? rec.survivorId : l.source,
            target: l.target === e.id ? rec.survivorId : l.target,
          }));
        await this.events.publish(
          {
            caseId,
            kind: 'REMOVED',
            nodes: rec.snapshot.memberships.some((m) => m.caseId === caseId) ? [mergedNode] : [],
            edges: links.map(toEdge),
          },
          { actorId },
        );
        // The survivor is new to a case it joined through the merge; the re-pointed links come back.
        await this.events.publish(
          { caseId, kind: 'UPSERTED', nodes: inCase, edges: moved.map(toEdge) },
          { actorId, created: [...(rec.snapshot.addedMemberships.includes(caseId) ? [rec.survivorId] : []), ...moved.map((l) => l.id)] },
        );
      } else {
        await this.events.publish(
          { caseId, kind: 'UPSERTED', nodes: inCase, edges: links.map(toEdge) },
          { actorId, created: [...(rec.snapshot.memberships.some((m) => m.caseId === caseId) ? [e.id] : []), ...links.map((l) => l.id)] },
        );
        if (!inCase.some((n) => n.id === rec.survivorId)) {
          const survivor = records.find((r) => r.id === rec.survivorId);
          if (survivor) await this.events.publish({ caseId, kind: 'REMOVED', nodes: [toNode(survivor, caseId)], edges: [] }, { actorId });
        }
      }
    }
  }
}
