import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../base/context.js';
import { CoSightingService } from './cosighting.service.js';
import { CoSighting } from './cosighting.types.js';
import { IntArg } from '../../base/args.js';
import { CO_SIGHTING_LIMIT } from './cosighting.service.js';

@Resolver()
export class CoSightingResolver {
  constructor(private readonly service: CoSightingService) {}

  @Query(() => [CoSighting], {
    description:
      'Who and what was seen together, how often, with the sightings as evidence: for a case, around an entity, or around an entity in a case.',
  })
  coSightings(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID, nullable: true }) caseId: string | null,
    @Args('entityId', { type: () => ID, nullable: true }) entityId: string | null,
    @IntArg('limit', CO_SIGHTING_LIMIT) limit: number,
  ) {
    return this.service.coSightings(ctx, caseId ?? null, entityId ?? null, limit);
  }
}
