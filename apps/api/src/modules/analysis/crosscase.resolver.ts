import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../base/context.js';
import { CrossCaseService } from './crosscase.service.js';
import { CrossCaseLinks } from './crosscase.types.js';
import { IntArg } from '../../base/args.js';
import { CROSS_CASE_DISTANCE } from './crosscase.service.js';

@Resolver()
export class CrossCaseResolver {
  constructor(private readonly service: CrossCaseService) {}

  @Query(() => CrossCaseLinks, {
    description:
      'Entities this case shares with other cases you may see, cases within maxDistance links (0-3), the same identifiers\n' +
      'elsewhere, and for cases you may not see only a notice naming the agency to ask.',
  })
  crossCaseLinks(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @IntArg('maxDistance', CROSS_CASE_DISTANCE) maxDistance: number,
  ) {
    return this.service.crossCaseLinks(ctx, caseId, maxDistance);
  }
}
