import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../base/context.js';
import { PublicSiteAdminService } from './public-site-admin.service.js';
import { PublicSite, PublicSiteInput, toPublicSite } from './public-site-admin.types.js';

/** Each country's public site (name, logo, colour): administrators only. Thin: check, call, map. */
@Resolver()
export class PublicSiteAdminResolver {
  constructor(private readonly service: PublicSiteAdminService) {}

  @Query(() => [PublicSite], { description: 'The countries whose public site is configured, by country code (administrators).' })
  async publicSites(@Context() ctx: RequestContext) {
    return (await this.service.list(ctx)).map(toPublicSite);
  }

  @Mutation(() => PublicSite, {
    description:
      'Sets a country’s public site name(s) and brand colour (administrators); its pages show them within a minute.\n' +
      'The logo is uploaded with POST /media/public-sites/<country>/logo.',
  })
  async setPublicSite(
    @Context() ctx: RequestContext,
    @Args('country', { type: () => String }) country: string,
    @Args('input', { type: () => PublicSiteInput }) input: PublicSiteInput,
  ) {
    return toPublicSite(await this.service.set(ctx, country, input));
  }

  @Mutation(() => PublicSite, { description: 'Removes a country’s logo from its public site (administrators).' })
  async clearPublicSiteLogo(@Context() ctx: RequestContext, @Args('country', { type: () => String }) country: string) {
    return toPublicSite(await this.service.clearLogo(ctx, country));
  }
}
