import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { StateStores } from '@homeward/graph-store';
import { STORES } from '../../base/tokens.js';
import { User } from '../cases/case.types.js';
import { RiskAssessment } from './child.types.js';

/** Who confirmed a risk assessment, by name and agency (the history showed an account id). */
@Resolver(() => RiskAssessment)
export class RiskPeopleResolver {
  constructor(@Inject(STORES) private readonly stores: StateStores) {}

  @ResolveField(() => User, { nullable: true, description: 'The account that confirmed it (assessedBy), with its name and agency.' })
  assessedByUser(@Parent() r: RiskAssessment) {
    return this.stores.accounts.getUser(r.assessedBy);
  }
}
