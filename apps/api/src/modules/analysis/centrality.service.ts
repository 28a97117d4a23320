import { Inject, Injectable } from '@nestjs/common';
import { badInput } from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import { centrality, topHubs, type CentralityMeasure } from '@homeward/analysis';
import type { RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import type { CaseCentrality } from './centrality.types.js';
import type { IntBounds } from '../../base/args.js';

/** Betweenness is O(nodes x links): past this size one request would hold the event loop for seconds. */
export const MAX_CENTRALITY_NODES = 5000;

/** How many hubs a centrality query lists. */
export const TOP_HUBS: IntBounds = { default: 10, min: 1, max: 100 };
/** The community detection's seed: the same graph and seed give the same groups. */
export const COMMUNITY_SEED: IntBounds = { default: 1, min: 0, max: 2 ** 31 - 1 };

@Injectable()
export class CentralityService {
  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    private readonly access: AccessService,
  ) {}

  async caseCentrality(
    ctx: RequestContext,
    caseId: string,
    measure: CentralityMeasure,
    top: number,
    seed: number,
  ): Promise<CaseCentrality> {
    await this.access.onCase(ctx, caseId, 'graph.analyse');
    const graph = await this.stores.graph.caseGraph(caseId, await this.access.scope(ctx));
    if (graph.nodes.length > MAX_CENTRALITY_NODES)
      throw badInput('caseId', `the case graph has ${graph.nodes.length} entities; centrality is computed up to ${MAX_CENTRALITY_NODES}`);
    const r = centrality(graph, seed);
    const info = new Map(graph.nodes.map((n) => [n.id, { kind: n.kind, label: n.label }]));
    const withInfo = <T extends { id: string }>(n: T) => ({ ...n, kind: info.get(n.id)!.kind, label: info.get(n.id)!.label });
    return {
      nodes: r.nodes.map(withInfo),
      communities: r.communities,
      modularity: r.modularity,
      exact: r.exact,
      hubs: topHubs(r, measure, top).map(withInfo),
    };
  }
}
