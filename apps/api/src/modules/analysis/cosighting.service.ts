import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, badInput } from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import { coSightings } from '@homeward/analysis';
import type { RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { toNode } from '../graph/graph.mapper.js';
import type { CoSighting } from './cosighting.types.js';
import type { IntBounds } from '../../base/args.js';

/** How many pairs a co-sighting query returns. */
export const CO_SIGHTING_LIMIT: IntBounds = { default: 50, min: 1, max: 500 };

/** Co-sightings of a case, or around one entity across the caller's cases (libs/analysis derives them). */
@Injectable()
export class CoSightingService {
  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    private readonly access: AccessService,
  ) {}

  async coSightings(ctx: RequestContext, caseId: string | null, entityId: string | null, limit: number): Promise<CoSighting[]> {
    if (!caseId && !entityId) throw badInput('caseId', 'give a case, an entity (entityId) or both');
    if (caseId) await this.access.onCase(ctx, caseId, 'graph.analyse');
    else this.access.allow(ctx, 'graph.analyse');
    const scope = await this.access.scope(ctx);
    let graph;
    if (entityId) {
      // Around an entity: its sightings and whoever else they saw, in the case asked about or in every case the caller may see.
      const caseScope = caseId ? { caseIds: new Set([caseId]) } : scope;
      graph = await this.stores.graph.neighborhood({ ids: [entityId], depth: 2, linkTypes: ['SIGHTING_OF'], limit: 5000 }, caseScope);
      if (!graph.nodes.some((n) => n.id === entityId))
        throw new DomainError(ErrorCode.NotFound, `entity ${entityId} not found`, 'entityId');
    } else {
      graph = await this.stores.graph.caseGraph(caseId!, scope);
    }
    const pairs = coSightings(graph, { focusId: entityId ?? undefined, limit });
    const nodes = new Map(graph.nodes.map((n) => [n.id, toNode(n, caseId)]));
    return pairs.map((p) => ({ ...p, a: nodes.get(p.aId)!, b: nodes.get(p.bId)!, sightingIds: [...p.sightingIds] }));
  }
}
