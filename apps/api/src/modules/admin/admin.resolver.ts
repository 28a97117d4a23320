import { Args, Context, Field, ID, InputType, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import type { Role } from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import type { RequestContext } from '../../base/context.js';
import { AgencyKindEnum, RoleEnum } from '../../base/enums.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { Revocations } from '../auth/revocations.js';
import { Agency, User } from '../cases/case.types.js';
import { Accounts } from './admin.service.js';

@InputType()
export class CreateAgencyInput {
  @Field(() => String) name: string;
  @Field(() => String) country: string;
  @Field(() => AgencyKindEnum) kind: string;
}

@InputType()
export class CreateUserInput {
  @Field(() => String) email: string;
  @Field(() => String) displayName: string;
  @Field(() => RoleEnum) role: string;
  @Field(() => ID) agencyId: string;
  @Field(() => String, { description: 'At least 12 characters.' }) password: string;
}

/** Agencies and accounts: ADMIN only. Admins see no case content through these. */
@Resolver()
export class AdminResolver {
  private readonly accounts: Accounts;
  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    private readonly access: AccessService,
    private readonly revocations: Revocations,
  ) {
    this.accounts = new Accounts(stores);
  }

  @Query(() => [Agency])
  agencies(@Context() ctx: RequestContext) {
    this.access.principal(ctx);
    return this.stores.accounts.listAgencies();
  }

  @Mutation(() => Agency)
  createAgency(@Context() ctx: RequestContext, @Args('input', { type: () => CreateAgencyInput }) input: CreateAgencyInput) {
    this.access.allow(ctx, 'accounts.manage');
    return this.accounts.createAgency(input);
  }

  @Mutation(() => User)
  async createUser(@Context() ctx: RequestContext, @Args('input', { type: () => CreateUserInput }) input: CreateUserInput) {
    this.access.allow(ctx, 'accounts.manage');
    return (await this.accounts.createUser(input)).user;
  }

  @Mutation(() => User, { description: "Disabling ends the user's sessions and live connections at once." })
  async setUserDisabled(
    @Context() ctx: RequestContext,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('disabled', { type: () => Boolean }) disabled: boolean,
  ) {
    this.access.allow(ctx, 'accounts.manage');
    const user = await this.accounts.setDisabled(userId, disabled);
    // Its subscriptions and collaboration connections close now, on every replica.
    if (disabled) this.revocations.announce({ userId, reason: 'account disabled' });
    return user;
  }

  @Mutation(() => User, {
    description:
      "Changes a user's role. Their live subscriptions and collaboration connections close at once (on every replica),\n" +
      'so that what they reconnect to is decided by the new role.',
  })
  async setUserRole(
    @Context() ctx: RequestContext,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('role', { type: () => RoleEnum }) role: string,
  ) {
    this.access.allow(ctx, 'accounts.manage');
    const before = await this.stores.accounts.getUser(userId);
    const user = await this.accounts.setRole(userId, role as Role);
    if (before && before.role !== user.role) this.revocations.announce({ userId, reason: 'role changed' });
    return user;
  }
}
