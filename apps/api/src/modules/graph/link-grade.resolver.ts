import { Args, Context, ID, Int, Mutation, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../base/context.js';
import { LinkGradeService } from './link-grade.service.js';
import { GraphEdge } from './graph.types.js';

@Resolver()
export class LinkGradeResolver {
  constructor(private readonly grades: LinkGradeService) {}

  @Mutation(() => GraphEdge, {
    description:
      'Sets a link’s source reliability (A to F) and information credibility (1 to 5); null clears a grade.\n' +
      'Who may link may regrade; recorded with the grade before and after.',
  })
  regradeLink(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('id', { type: () => ID }) id: string,
    @Args('reliability', { type: () => String, nullable: true }) reliability?: string | null,
    @Args('credibility', { type: () => Int, nullable: true }) credibility?: number | null,
  ) {
    return this.grades.regrade(ctx, caseId, id, reliability ?? null, credibility ?? null);
  }
}
