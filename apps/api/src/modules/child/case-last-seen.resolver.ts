import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../base/context.js';
import { Case } from '../cases/case.types.js';
import { ChildService } from './child.service.js';
import { LastSeen } from './child.types.js';

/** The case header's "last seen", derived by the child features like every other "last seen". */
@Resolver(() => Case)
export class CaseLastSeenResolver {
  constructor(private readonly child: ChildService) {}

  @ResolveField(() => LastSeen, {
    description: 'The latest of the report’s last-seen and the missing child’s confirmed sightings (lastSeenAt stays the report’s).',
  })
  lastSeen(@Context() ctx: RequestContext, @Parent() c: Case) {
    return this.child.lastSeenOf(ctx, c.id);
  }
}
