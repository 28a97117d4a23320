import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../base/context.js';
import { PublicationService } from './publication.service.js';
import { Publication, PublicationInput, toPublication } from './publication.types.js';

/** Publishing a missing child on the public site. Thin: check, call, map. */
@Resolver()
export class PublicationResolver {
  constructor(private readonly service: PublicationService) {}

  @Query(() => [Publication], { description: 'The case’s public pages, live and ended, newest first.' })
  async publications(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return (await this.service.ofCase(ctx, caseId)).map(toPublication);
  }

  @Mutation(() => Publication, {
    description: 'Publishes the case’s missing child on the public site (a supervisor of the lead agency): the chosen fields, copied now.',
  })
  async publishChild(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('input', { type: () => PublicationInput }) input: PublicationInput,
  ) {
    return toPublication(await this.service.publish(ctx, caseId, input));
  }

  @Mutation(() => Publication, { description: 'Changes a live page: new fields or languages, copied anew; the review date starts again.' })
  async updatePublication(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => PublicationInput }) input: PublicationInput,
  ) {
    return toPublication(await this.service.update(ctx, id, input));
  }

  @Mutation(() => Publication, { description: 'Takes a page down: it answers 410 Gone and leaves the feeds and the sitemap.' })
  async takeDownPublication(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
  ) {
    return toPublication(await this.service.takeDown(ctx, id, reason));
  }
}
