import { Args, Context, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { CentralityMeasure } from '@homeward/analysis';
import type { RequestContext } from '../../base/context.js';
import { CentralityService } from './centrality.service.js';
import { CaseCentrality, CentralityMeasureEnum } from './centrality.types.js';

@Resolver()
export class CentralityResolver {
  constructor(private readonly service: CentralityService) {}

  @Query(() => CaseCentrality, { description: "Degree, betweenness and communities of a case's graph, to find the hubs of a network (seeded: the same graph gives the same groups)." })
  caseCentrality(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('measure', { type: () => CentralityMeasureEnum, nullable: true, defaultValue: 'BETWEENNESS' }) measure?: CentralityMeasure,
    @Args('top', { type: () => Int, nullable: true, defaultValue: 10 }) top?: number,
    @Args('seed', { type: () => Int, nullable: true, defaultValue: 1 }) seed?: number,
  ) {
    return this.service.caseCentrality(ctx, caseId, measure ?? 'BETWEENNESS', top ?? 10, seed ?? 1);
  }
}
