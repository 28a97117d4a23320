import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import type { CentralityMeasure } from '@homeward/analysis';
import type { RequestContext } from '../../base/context.js';
import { CentralityService } from './centrality.service.js';
import { CaseCentrality, CentralityMeasureEnum } from './centrality.types.js';
import { ArgOr, IntArg } from '../../base/args.js';
import { COMMUNITY_SEED, TOP_HUBS } from './centrality.service.js';

@Resolver()
export class CentralityResolver {
  constructor(private readonly service: CentralityService) {}

  @Query(() => CaseCentrality, {
    description:
      "Degree, betweenness and communities of a case's graph, to find the hubs of a network (seeded: the same graph gives the same groups).",
  })
  caseCentrality(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @ArgOr('measure', () => CentralityMeasureEnum, 'BETWEENNESS') measure: CentralityMeasure,
    @IntArg('top', TOP_HUBS, 'How many hubs to list:') top: number,
    @IntArg('seed', COMMUNITY_SEED, 'Seed of the community detection:') seed: number,
  ) {
    return this.service.caseCentrality(ctx, caseId, measure, top, seed);
  }
}
