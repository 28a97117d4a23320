import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../base/context.js';
import { DateTimeScalar } from '../../base/scalars.js';
import { ReplayService } from './replay.service.js';
import { CaseMoment, CaseReplay } from './replay.types.js';

@Resolver()
export class ReplayResolver {
  constructor(private readonly replay: ReplayService) {}

  @Query(() => CaseReplay, {
    description:
      'Everything needed to show the case as it was at any moment since it opened: its graph changes, with who made\n' +
      'each and when, and the update logs of its notes and timeline (case replay). Members who may read the case.',
  })
  caseReplay(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return this.replay.replay(ctx, caseId);
  }

  @Query(() => CaseMoment, {
    description:
      'The case as it was at one moment: its entities and links, notes and timeline then. `at` may not be before\n' +
      'the case opened (CaseReplay.openedAt) nor in the future.',
  })
  caseAt(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('at', { type: () => DateTimeScalar }) at: string,
  ) {
    return this.replay.at(ctx, caseId, at);
  }
}
