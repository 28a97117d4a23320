import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Role } from '@homeward/domain';
import type { RequestContext } from '../../base/context.js';
import { RoleEnum } from '../../base/enums.js';
import { CaseService } from './case.service.js';
import { Agency, Case, CreateCaseInput, UpdateCaseInput, User } from './case.types.js';

@Resolver(() => Case)
export class CaseResolver {
  constructor(private readonly cases: CaseService) {}

  @Query(() => [Case], { name: 'cases', description: 'Cases the caller may see.' })
  listCases(@Context() ctx: RequestContext) {
    return this.cases.list(ctx);
  }

  @Query(() => Case, { nullable: true })
  case(@Context() ctx: RequestContext, @Args('id', { type: () => ID }) id: string) {
    return this.cases.get(ctx, id);
  }

  @Mutation(() => Case)
  createCase(@Context() ctx: RequestContext, @Args('input', { type: () => CreateCaseInput }) input: CreateCaseInput) {
    return this.cases.create(ctx, input);
  }

  @Mutation(() => Case)
  updateCase(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateCaseInput }) input: UpdateCaseInput,
  ) {
    return this.cases.update(ctx, id, input);
  }

  @Mutation(() => Case, { description: 'Share a case with a user, possibly of another agency or country.' })
  addCaseMember(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('userId', { type: () => ID }) userId: string,
    @Args('role', {
      type: () => RoleEnum,
      nullable: true,
      description:
        "A case role (ANALYST, INVESTIGATOR or SUPERVISOR, never above the user's account role) that narrows what they may do\n" +
        "on this case only. Omitted: their account's role.",
    })
    role: Role | null,
  ) {
    return this.cases.addMember(ctx, caseId, userId, role ?? null);
  }

  @Mutation(() => Case, { description: 'Stop sharing a case with a user; their live connections to it close.' })
  removeCaseMember(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('userId', { type: () => ID }) userId: string,
  ) {
    return this.cases.removeMember(ctx, caseId, userId);
  }

  @Mutation(() => Boolean, {
    description: 'Records that the caller exported case content (a PNG of the graph, a printout) in the audit trail.',
  })
  async recordExport(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('format', { type: () => String }) format: string,
  ) {
    await this.cases.checkExport(ctx, caseId, format);
    return true;
  }

  @ResolveField(() => [User])
  members(@Parent() c: Case) {
    return this.cases.members(c.id);
  }

  @ResolveField(() => RoleEnum, {
    nullable: true,
    description:
      "The caller's case role here, narrowing their account's role on this case (null: their account's role).\n" +
      'What they may do on the case is what both roles allow.',
  })
  myCaseRole(@Context() ctx: RequestContext, @Parent() c: Case) {
    return this.cases.myCaseRole(ctx, c.id);
  }

  @ResolveField(() => [String], {
    description:
      'The countries the case concerns, lead country first: those of the agencies working it, of its places,\n' +
      'and of the cases the caller may see that share an entity with it. Statistics and posters use the same.',
  })
  countries(@Context() ctx: RequestContext, @Parent() c: Case) {
    return this.cases.countries(ctx, c as never);
  }

  @ResolveField(() => Agency)
  leadAgency(@Parent() c: Case) {
    return this.cases.agency(c.leadAgencyId);
  }
}
