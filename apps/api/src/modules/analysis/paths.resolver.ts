import { Args, Context, Float, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { EntityKind, LinkType } from '@homeward/graph-schema';
import { DEFAULT_SPEED_KMH, MAX_PATH_LENGTH, type PathMode } from '@homeward/analysis';
import type { RequestContext } from '../../base/context.js';
import { EntityKindEnum, LinkTypeEnum } from '../../base/enums.js';
import { PathsService } from './paths.service.js';
import { PathModeEnum, PathsResult, TravelCheck } from './paths.types.js';
import { ArgOr } from '../../base/args.js';

const SPEED = `Allowed speed in km/h (default: TRAVEL_SPEED_KMH, else ${DEFAULT_SPEED_KMH}, road travel).`;

@Resolver()
export class PathsResolver {
  constructor(private readonly service: PathsService) {}

  @Query(() => PathsResult, {
    description:
      'Chains of links between two entities across the cases the caller may see (never through another case).\n' +
      `At most maxLength (1 to ${MAX_PATH_LENGTH}) links each; a search over nodeBudget entities fails with LIMIT_EXCEEDED.`,
  })
  paths(
    @Context() ctx: RequestContext,
    @Args('fromId', { type: () => ID }) fromId: string,
    @Args('toId', { type: () => ID }) toId: string,
    @ArgOr('mode', () => PathModeEnum, 'SHORTEST') mode: PathMode,
    @Args('k', { type: () => Int, nullable: true, description: 'How many paths: default 3 (SHORTEST) or 50 (ALL), at most 200.' })
    k: number | null,
    @ArgOr('maxLength', () => Int, 6) maxLength: number,
    @Args('kinds', {
      type: () => [EntityKindEnum],
      nullable: true,
      description: 'Kinds an entity on the way may have (the two ends are exempt).',
    })
    kinds: EntityKind[] | null,
    @Args('linkTypes', { type: () => [LinkTypeEnum], nullable: true }) linkTypes: LinkType[] | null,
    @Args('minReliability', {
      type: () => String,
      nullable: true,
      description: 'Skip links whose source reliability is below this (A to F).',
    })
    minReliability: string | null,
    @Args('minCredibility', {
      type: () => Int,
      nullable: true,
      description: 'Skip links whose credibility is below this (1 to 5) or not graded.',
    })
    minCredibility: number | null,
    @ArgOr('timeRespecting', () => Boolean, false, 'Each step no earlier than the one before.') timeRespecting: boolean,
    @Args('maxGapHours', { type: () => Float, nullable: true, description: 'Time-respecting only: the longest wait between two steps.' })
    maxGapHours: number | null,
    @Args('nodeBudget', {
      type: () => Int,
      nullable: true,
      description: 'Entities the search may touch (default 50,000, at most 500,000).',
    })
    nodeBudget: number | null,
  ) {
    return this.service.paths(ctx, {
      fromId,
      toId,
      mode,
      k,
      maxLength,
      kinds,
      linkTypes,
      minReliability,
      minCredibility,
      timeRespecting,
      maxGapHours,
      nodeBudget,
    });
  }

  @Query(() => TravelCheck, {
    description: `Whether the person or vehicle seen in both sightings could have travelled between them.\n${SPEED}`,
  })
  travelFeasibility(
    @Context() ctx: RequestContext,
    @Args('fromId', { type: () => ID, description: 'A sighting.' }) fromId: string,
    @Args('toId', { type: () => ID, description: 'Another sighting of the same person or vehicle.' }) toId: string,
    @Args('speedKmh', { type: () => Float, nullable: true, description: SPEED }) speedKmh: number | null,
  ) {
    return this.service.travelFeasibility(ctx, fromId, toId, speedKmh);
  }

  @Query(() => [TravelCheck], {
    description:
      'Consecutive sightings of each person and vehicle of the case that could not be travelled between in time\n' +
      `(every pair when all). ${SPEED}`,
  })
  caseTravelChecks(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('speedKmh', { type: () => Float, nullable: true, description: SPEED }) speedKmh: number | null,
    @ArgOr('all', () => Boolean, false) all: boolean,
  ) {
    return this.service.caseTravelChecks(ctx, caseId, speedKmh, all);
  }
}
