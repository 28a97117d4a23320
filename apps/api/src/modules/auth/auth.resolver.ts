import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import type { StateStores } from '@homeward/graph-store';
import type { RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';
import { Agency, AuthPayload, User } from '../cases/case.types.js';
import { AccessService } from './access.service.js';
import { AuthService } from './auth.service.js';

@Resolver(() => User)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly access: AccessService,
    @Inject(STORES) private readonly stores: StateStores,
  ) {}

  @Mutation(() => AuthPayload)
  login(
    @Context() ctx: RequestContext,
    @Args('email', { type: () => String }) email: string,
    @Args('password', { type: () => String }) password: string,
  ) {
    return this.auth.login(email, password, ctx.device);
  }

  @Mutation(() => Boolean, { description: 'Ends the session: the token stops working at once.' })
  async logout(@Context() ctx: RequestContext) {
    await this.auth.logout(this.access.principal(ctx));
    return true;
  }

  @Query(() => User)
  async me(@Context() ctx: RequestContext) {
    const p = this.access.principal(ctx);
    return this.stores.accounts.getUser(p.userId);
  }

  @Query(() => [User], { description: "Every active account, for administrators; members see a case's members through the case." })
  users(@Context() ctx: RequestContext) {
    // Not for everyone signed in: the list of every account's email and role is what an outsider
    // would need to aim lockouts or phishing at a unit (OWASP ASVS 4.1, least privilege).
    this.access.allow(ctx, 'accounts.manage');
    return this.stores.accounts.listUsers().then((us) => us.filter((u) => !u.disabled));
  }

  @ResolveField(() => Agency)
  agency(@Parent() u: User) {
    return this.stores.accounts.getAgency(u.agencyId);
  }
}
