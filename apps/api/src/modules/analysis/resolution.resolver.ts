import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../base/context.js';
import { ResolutionService } from './resolution.service.js';
import { DuplicateCandidate, DuplicatePair, MergeRecordType, RejectedPair } from './resolution.types.js';
import { IntArg } from '../../base/args.js';
import { CANDIDATE_LIMIT, CASE_PAIR_LIMIT } from './resolution.service.js';

@Resolver()
export class ResolutionResolver {
  constructor(private readonly service: ResolutionService) {}

  @Query(() => [DuplicateCandidate], {
    description:
      'Entities you may see that may be the same as this one (names across scripts and diacritics, plates however written,\n' +
      'birth dates), best first; rejected pairs are not proposed again.',
  })
  duplicateCandidates(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('entityId', { type: () => ID }) entityId: string,
    @IntArg('limit', CANDIDATE_LIMIT) limit: number,
  ) {
    return this.service.duplicateCandidates(ctx, caseId, entityId, limit);
  }

  @Query(() => [DuplicatePair], {
    description:
      "Find duplicates in this case: every pair of the case's entities that may be the same, scored as duplicateCandidates\n" +
      'scores them, best first; pairs said to be not the same are left out (see rejectedDuplicates).',
  })
  caseDuplicates(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @IntArg('limit', CASE_PAIR_LIMIT) limit: number,
  ) {
    return this.service.caseDuplicates(ctx, caseId, limit);
  }

  @Query(() => [RejectedPair], { description: 'Pairs of the case said to be not the same (rejectDuplicate), newest first.' })
  rejectedDuplicates(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return this.service.rejectedDuplicates(ctx, caseId);
  }

  @Mutation(() => Boolean, { description: 'Takes back "not the same" for a pair of the case: it is proposed again.' })
  undoRejectDuplicate(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('entityId', { type: () => ID }) entityId: string,
    @Args('otherId', { type: () => ID }) otherId: string,
  ) {
    return this.service.undoRejectDuplicate(ctx, caseId, entityId, otherId);
  }

  @Query(() => [MergeRecordType], { description: 'Merges made from this case, newest first (undone ones too).' })
  merges(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return this.service.merges(ctx, caseId);
  }

  @Mutation(() => Boolean, { description: 'Records that two entities are not the same: they are not proposed again.' })
  rejectDuplicate(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('entityId', { type: () => ID }) entityId: string,
    @Args('otherId', { type: () => ID }) otherId: string,
  ) {
    return this.service.rejectDuplicate(ctx, caseId, entityId, otherId);
  }

  @Mutation(() => MergeRecordType, {
    description:
      "Merges mergedId into survivorId: links re-pointed (no duplicates), memberships and the merged entity's properties\n" +
      'kept in the merge record; can be undone.',
  })
  mergeEntities(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('survivorId', { type: () => ID }) survivorId: string,
    @Args('mergedId', { type: () => ID }) mergedId: string,
  ) {
    return this.service.merge(ctx, caseId, survivorId, mergedId);
  }

  @Mutation(() => MergeRecordType, { description: 'Restores a merged entity, its links and memberships exactly as they were.' })
  undoMerge(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('id', { type: () => ID }) id: string,
  ) {
    return this.service.undo(ctx, caseId, id);
  }
}
