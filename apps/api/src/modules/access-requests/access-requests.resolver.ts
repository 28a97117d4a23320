import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Role } from '@homeward/domain';
import type { RequestContext } from '../../base/context.js';
import { RoleEnum } from '../../base/enums.js';
import { AccessRequestsService } from './access-requests.service.js';
import { AccessRequestSent, AccessRequests } from './access-requests.types.js';

@Resolver()
export class AccessRequestsResolver {
  constructor(private readonly requests: AccessRequestsService) {}

  @Mutation(() => AccessRequestSent, {
    description:
      'From a cross-case notice: asks the lead-agency supervisors of the cases outside yours that match this entity for access.\n' +
      'They learn your case reference and why it matched (the identifier kind);\n' +
      'you learn nothing of their case unless they grant it.',
  })
  requestCaseAccess(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID, description: 'Your case, where the notice was shown.' }) caseId: string,
    @Args('entityId', { type: () => ID, description: 'The entity of your case the notice is about.' }) entityId: string,
    @Args('message', { type: () => String, nullable: true }) message: string | null,
  ) {
    return this.requests.request(ctx, caseId, entityId, message);
  }

  @Query(() => AccessRequests, { description: "The caller's own requests, and (for a supervisor) those to their agency's cases." })
  accessRequests(@Context() ctx: RequestContext) {
    return this.requests.list(ctx);
  }

  @Mutation(() => String, {
    description: 'Grant (the requester becomes a member of the case) or decline with a reason; returns the new status.',
  })
  decideAccessRequest(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('grant', { type: () => Boolean }) grant: boolean,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
    @Args('role', {
      type: () => RoleEnum,
      nullable: true,
      description:
        'With a grant: the case role the requester works the case with (ANALYST, INVESTIGATOR or SUPERVISOR), never above\n' +
        "their account's role; it narrows what they may do on this case only. Omitted: their account's role.",
    })
    role: Role | null,
  ) {
    return this.requests.decide(ctx, id, grant, reason, role ?? null);
  }
}
