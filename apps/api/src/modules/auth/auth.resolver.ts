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
  login(@Args('email', { type: () => String }) email: string, @Args('password', { type: () => String }) password: string) {
    return this.auth.login(email, password);
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

  @Query(() => [User], { description: 'Accounts a case can be shared with (every agency); names and agencies only.' })
  users(@Context() ctx: RequestContext) {
    this.access.principal(ctx);
    return this.stores.accounts.listUsers().then((us) => us.filter((u) => !u.disabled));
  }

  @ResolveField(() => Agency)
  agency(@Parent() u: User) {
    return this.stores.accounts.getAgency(u.agencyId);
  }
}
