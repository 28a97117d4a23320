import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../base/context.js';
import { CollabDocumentEnum } from '../../base/enums.js';
import { User } from '../cases/case.types.js';
import { CollabService } from './collab.service.js';
import { ReviewDiff, SignOff, SignedVersion, Timeline, TimelineChange, TimelineEvent } from './collab.types.js';

@Resolver()
export class CollabResolver {
  constructor(private readonly collab: CollabService) {}

  @Query(() => [TimelineEvent], { description: 'Timeline events of the case (the co-edited timeline and the sightings), oldest first.' })
  async caseTimeline(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return (await this.collab.timeline(ctx, caseId)).events;
  }

  @Query(() => Timeline, { description: 'The case timeline and the entries that could not be placed on it.' })
  timeline(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return this.collab.timeline(ctx, caseId);
  }

  @Mutation(() => SignOff, { description: 'A supervisor signs off the document as it stands.' })
  signOff(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('document', { type: () => CollabDocumentEnum }) document: string,
    @Args('comment', { type: () => String, nullable: true }) comment?: string | null,
  ) {
    return this.collab.signOff(ctx, caseId, document, comment ?? null);
  }

  @Query(() => [SignOff], { description: 'Sign-offs of a document, newest first.' })
  signOffs(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('document', { type: () => CollabDocumentEnum }) document: string,
  ) {
    return this.collab.signOffs(ctx, caseId, document);
  }

  @Query(() => SignedVersion, { description: 'A signed version, read-only.' })
  signedVersion(@Context() ctx: RequestContext, @Args('id', { type: () => ID }) id: string) {
    return this.collab.signedVersion(ctx, id);
  }

  @Query(() => [TimelineChange], {
    description: 'Timeline events added, changed and removed since the last sign-off, with who changed them.',
  })
  changesSinceSignOff(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return this.collab.changesSince(ctx, caseId);
  }

  @Query(() => ReviewDiff, {
    description:
      'What changed in the notes or the timeline since the last sign-off: each timeline event old -> new with every\n' +
      "change, or the notes' insertions and deletions, each with who and when.",
  })
  reviewDiff(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('document', { type: () => CollabDocumentEnum }) document: string,
  ) {
    return this.collab.reviewDiff(ctx, caseId, document);
  }
}

@Resolver(() => SignOff)
export class SignOffResolver {
  constructor(private readonly collab: CollabService) {}
  @ResolveField(() => User)
  async signer(@Parent() s: SignOff) {
    return (await this.collab.users([s.signerId]))[0];
  }
}

@Resolver(() => TimelineChange)
export class TimelineChangeResolver {
  constructor(private readonly collab: CollabService) {}
  @ResolveField(() => [User])
  by(@Parent() c: TimelineChange) {
    return this.collab.users(c.byIds);
  }
}
