import { Inject, Injectable } from '@nestjs/common';
import { CREDIBILITY_GRADES, ENTITY_KINDS, RELIABILITY_GRADES, type EntityKind, type LinkType } from '@homeward/graph-schema';
import { DomainError, ErrorCode, badInput, newId, type Reliability, type UserRecord } from '@homeward/domain';
import type { StateStores, WriteMeta, GraphWrite } from '@homeward/graph-store';
import { shortestPath } from '@homeward/analysis';
import type { RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { GraphEvents } from './graph-events.js';
import { toEdge, toNode, toSubgraph } from './graph.mapper.js';
import type { GraphEdge, GraphNode, ProvenanceInput, SightingInput, Subgraph } from './graph.types.js';
import type { IntBounds } from '../../base/args.js';

/** Neighbourhood depth: how far a query may reach (deeper asks are refused, naming `depth`). */
export const DEPTH: IntBounds = { default: 1, min: 0, max: 6 };
/** Shortest-path search depth. */
export const PATH_DEPTH: IntBounds = { default: 6, min: 1, max: 12 };
/** Properties whose change may make a new cross-case match (the identifiers entity resolution compares). */
const IDENTIFIER_PROPS = ['plate', 'vin', 'number', 'imei', 'handle'];

@Injectable()
export class GraphService {
  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    private readonly access: AccessService,
    private readonly events: GraphEvents,
    private readonly notifications: NotificationsService,
  ) {}

  private meta(actorId: string, prov?: ProvenanceInput | null): WriteMeta {
    // The grades graph-schema declares (the stores' CHECKs and the analysis filters use the same lists).
    if (prov?.reliability && !(RELIABILITY_GRADES as readonly string[]).includes(prov.reliability))
      throw badInput('provenance.reliability', `must be one of ${RELIABILITY_GRADES.join(', ')}`);
    const credibility = prov?.credibility ?? null;
    if (credibility !== null && !(CREDIBILITY_GRADES as readonly number[]).includes(credibility))
      throw badInput(
        'provenance.credibility',
        `must be an integer from ${CREDIBILITY_GRADES[0]} to ${CREDIBILITY_GRADES[CREDIBILITY_GRADES.length - 1]}`,
      );
    return { actorId, source: prov?.source?.trim() || null, reliability: (prov?.reliability as Reliability) ?? null, credibility };
  }

  private async commit(caseId: string, change: Omit<GraphWrite, 'caseId'>, meta: WriteMeta): Promise<Subgraph> {
    const written = toSubgraph(await this.stores.graph.write({ caseId, ...change }, meta), caseId);
    // Everything a write returns is new to the case: its new entities, the ones it attached, its links.
    const created = [
      ...(change.entities ?? []).map((e) => e.id),
      ...(change.attach ?? []).map((a) => a.entityId),
      ...(change.links ?? []).map((l) => l.id),
    ];
    await this.events.publish({ caseId, kind: 'UPSERTED', nodes: written.nodes, edges: written.edges }, { actorId: meta.actorId, created });
    return written;
  }

  async addEntity(
    ctx: RequestContext,
    caseId: string,
    kind: EntityKind,
    props: Record<string, unknown>,
    role: string | null,
    prov?: ProvenanceInput | null,
  ): Promise<GraphNode> {
    const p = await this.access.onCase(ctx, caseId, 'graph.addEntity');
    if (!ENTITY_KINDS[kind]) throw badInput('kind', `unknown entity kind ${kind}`);
    // Credibility grades a claimed relation (a link); an entity alone has none to keep.
    if (prov?.credibility !== null && prov?.credibility !== undefined)
      throw badInput('provenance.credibility', 'applies to links only (linkEntities, addSighting)');
    const id = newId('ent');
    const g = await this.commit(caseId, { entities: [{ id, kind, props, role }] }, this.meta(p.userId, prov));
    this.notifications.later(() => this.notifications.crossCaseMatch(caseId, [id], p.userId));
    return g.nodes[0];
  }

  /** A sighting with where it happened and who or what was seen, written at once. */
  async addSighting(ctx: RequestContext, caseId: string, input: SightingInput, prov?: ProvenanceInput | null): Promise<GraphNode> {
    const p = await this.access.onCase(ctx, caseId, 'graph.addEntity');
    if (input.seenIds.length > 100) throw badInput('input.seenIds', 'at most 100 entities per sighting');
    if (new Set(input.seenIds).size !== input.seenIds.length) throw badInput('input.seenIds', 'lists an entity twice');
    await this.checkSightingEnds(caseId, input);
    const id = newId('ent');
    const props: Record<string, unknown> = {
      observedAt: input.observedAt,
      description: input.description,
      sightingSource: input.sightingSource,
      confidence: input.confidence,
    };
    const links = [
      { id: newId('lnk'), type: 'SIGHTED_AT' as LinkType, fromId: id, toId: input.locationId },
      ...input.seenIds.map((seen) => ({ id: newId('lnk'), type: 'SIGHTING_OF' as LinkType, fromId: id, toId: seen })),
    ];
    const g = await this.commit(caseId, { entities: [{ id, kind: 'SIGHTING', props }], links }, this.meta(p.userId, prov));
    this.notifications.later(() =>
      this.notifications.notifyCase(
        caseId,
        'SIGHTING_ADDED',
        { entityId: id, observedAt: String(input.observedAt) },
        { actorId: p.userId },
      ),
    );
    return g.nodes.find((n) => n.id === id)!;
  }

  /**
   * The place and the people or vehicles of a sighting, checked against the case before the write,
   * so that a bad one is named as the caller sent it (input.locationId, input.seenIds.2) rather than
   * as the links the store makes of them.
   */
  private async checkSightingEnds(caseId: string, input: SightingInput): Promise<void> {
    const found = new Map(
      (await this.stores.graph.getEntities([input.locationId, ...input.seenIds], { caseIds: new Set([caseId]) })).map((e) => [
        e.id,
        e.kind,
      ]),
    );
    const place = found.get(input.locationId);
    if (place !== 'LOCATION')
      throw badInput(
        'input.locationId',
        place ? `must be a Location (${input.locationId} is a ${ENTITY_KINDS[place].label})` : `no entity ${input.locationId} in this case`,
      );
    input.seenIds.forEach((seen, i) => {
      const kind = found.get(seen);
      if (kind !== 'PERSON' && kind !== 'VEHICLE') {
        throw badInput(
          `input.seenIds.${i}`,
          kind ? `must be a person or a vehicle (${seen} is a ${ENTITY_KINDS[kind].label})` : `no entity ${seen} in this case`,
        );
      }
    });
  }

  async link(
    ctx: RequestContext,
    caseId: string,
    fromId: string,
    toId: string,
    type: LinkType,
    prov?: ProvenanceInput | null,
  ): Promise<GraphEdge> {
    const p = await this.access.onCase(ctx, caseId, 'graph.link');
    const g = await this.commit(caseId, { links: [{ id: newId('lnk'), type, fromId, toId }] }, this.meta(p.userId, prov));
    return g.edges[0];
  }

  async attach(ctx: RequestContext, caseId: string, entityId: string, role: string | null): Promise<GraphNode> {
    const p = await this.access.onCase(ctx, caseId, 'graph.addEntity');
    // Only an entity the caller can already see may be brought into a case.
    const [visible] = await this.stores.graph.getEntities([entityId], await this.access.scope(ctx));
    if (!visible) throw new DomainError(ErrorCode.NotFound, `entity ${entityId} not found`, 'entityId');
    const g = await this.commit(caseId, { attach: [{ entityId, role }] }, this.meta(p.userId));
    this.notifications.later(() => this.notifications.crossCaseMatch(caseId, [entityId], p.userId));
    return g.nodes[0];
  }

  async update(ctx: RequestContext, caseId: string, id: string, props: Record<string, unknown>): Promise<GraphNode> {
    const p = await this.access.onCase(ctx, caseId, 'graph.editEntity');
    const [inCase] = await this.stores.graph.getEntities([id], { caseIds: new Set([caseId]) });
    if (!inCase) throw new DomainError(ErrorCode.NotFound, `entity ${id} not found in this case`, 'id');
    const rec = await this.stores.graph.updateEntity(id, props, await this.access.scope(ctx), this.meta(p.userId));
    const node = toNode(rec, caseId);
    if (IDENTIFIER_PROPS.some((k) => k in props)) this.notifications.later(() => this.notifications.crossCaseMatch(caseId, [id], p.userId));
    // Every case holding the entity sees the change, each member through their own scope.
    for (const c of rec.cases)
      await this.events.publish(
        {
          caseId: c.caseId,
          kind: 'UPSERTED',
          nodes: [toNode({ ...rec, cases: rec.cases.filter((x) => x.caseId === c.caseId) }, c.caseId)],
          edges: [],
        },
        { actorId: p.userId },
      );
    return node;
  }

  async remove(ctx: RequestContext, caseId: string, id: string): Promise<boolean> {
    const p = await this.access.onCase(ctx, caseId, 'graph.editEntity');
    const [rec] = await this.stores.graph.getEntities([id], { caseIds: new Set([caseId]) });
    if (!rec) throw new DomainError(ErrorCode.NotFound, `entity ${id} not found in this case`, 'id');
    // The links about to go, as they are, so subscribers can drop exactly those edges.
    const around = await this.stores.graph.neighborhood({ ids: [id], depth: 1 }, { caseIds: new Set([caseId]) });
    const { removedLinks } = await this.stores.graph.removeEntity(caseId, id, this.meta(p.userId));
    const gone = new Set(removedLinks);
    await this.events.publish(
      {
        caseId,
        kind: 'REMOVED',
        nodes: [toNode(rec, caseId)],
        edges: around.edges.filter((e) => gone.has(e.id)).map(toEdge),
      },
      { actorId: p.userId },
    );
    return true;
  }

  async unlink(ctx: RequestContext, caseId: string, id: string): Promise<boolean> {
    const p = await this.access.onCase(ctx, caseId, 'graph.link');
    const edge = await this.stores.graph.deleteLink(caseId, id, this.meta(p.userId)).catch((err: unknown) => {
      // A link of another case, or none: the same answer, naming the argument.
      if (err instanceof DomainError && err.code === ErrorCode.NotFound)
        throw new DomainError(ErrorCode.NotFound, `link ${id} not found in this case`, 'id');
      throw err;
    });
    await this.events.publish({ caseId, kind: 'REMOVED', nodes: [], edges: [toEdge(edge)] }, { actorId: p.userId });
    return true;
  }

  async caseGraph(ctx: RequestContext, caseId: string): Promise<Subgraph> {
    await this.access.onCase(ctx, caseId, 'case.read');
    return toSubgraph(await this.stores.graph.caseGraph(caseId, await this.access.scope(ctx)), caseId);
  }

  async neighborhood(
    ctx: RequestContext,
    ids: string[],
    depth: number,
    kinds?: EntityKind[] | null,
    linkTypes?: LinkType[] | null,
  ): Promise<Subgraph> {
    this.access.allow(ctx, 'case.read');
    if (ids.length > 200) throw badInput('ids', 'at most 200 start entities');
    const g = await this.stores.graph.neighborhood(
      { ids, depth, kinds: kinds ?? undefined, linkTypes: linkTypes ?? undefined },
      await this.access.scope(ctx),
    );
    return toSubgraph(g);
  }

  async shortestPath(ctx: RequestContext, fromId: string, toId: string, maxDepth: number): Promise<Subgraph | null> {
    this.access.allow(ctx, 'graph.analyse');
    // libs/analysis's path search over the stores' one-step expand: one implementation for both backends.
    const g = await shortestPath(this.stores.graph, await this.access.scope(ctx), fromId, toId, maxDepth);
    return g ? toSubgraph(g) : null;
  }

  async search(ctx: RequestContext, text: string, caseId?: string | null, kinds?: EntityKind[] | null): Promise<GraphNode[]> {
    this.access.allow(ctx, 'case.read');
    if (text.length > 200) throw badInput('text', 'at most 200 characters');
    const scope = await this.access.scope(ctx);
    if (caseId && !scope.caseIds.has(caseId)) throw new DomainError(ErrorCode.NotFound, `case ${caseId} not found`, 'caseId');
    const found = await this.stores.graph.search({ text, caseId: caseId ?? undefined, kinds: kinds ?? undefined }, scope);
    return found.map((e) => toNode(e, caseId));
  }

  /**
   * The account behind a provenance id (names and agency are shown beside what they recorded), or null
   * when there is none (an import's or seed's actor id, or an account since removed).
   */
  async author(id: string | null): Promise<UserRecord | null> {
    if (!id) return null;
    return this.stores.accounts.getUser(id);
  }

  async entity(ctx: RequestContext, id: string, caseId?: string | null): Promise<GraphNode | null> {
    this.access.allow(ctx, 'case.read');
    const [e] = await this.stores.graph.getEntities([id], await this.access.scope(ctx));
    return e ? toNode(e, caseId) : null;
  }
}
