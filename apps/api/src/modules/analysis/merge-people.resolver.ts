import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { StateStores } from '@homeward/graph-store';
import { STORES } from '../../base/tokens.js';
import { User } from '../cases/case.types.js';
import { MergeRecordType, RejectedPair } from './resolution.types.js';

/** Who merged and who undid, by name and agency (the merge history said neither). */
@Resolver(() => MergeRecordType)
export class MergePeopleResolver {
  constructor(@Inject(STORES) private readonly stores: StateStores) {}

  @ResolveField(() => User, { nullable: true, description: 'The account that made the merge (mergedBy), with its name and agency.' })
  mergedByUser(@Parent() m: MergeRecordType) {
    return this.stores.accounts.getUser(m.mergedBy);
  }

  @ResolveField(() => User, { nullable: true, description: 'The account that undid it (undoneBy); null while it stands.' })
  undoneByUser(@Parent() m: MergeRecordType) {
    return m.undoneBy ? this.stores.accounts.getUser(m.undoneBy) : null;
  }
}

/** Who said a pair is not the same, by name and agency. */
@Resolver(() => RejectedPair)
export class RejectedPairPeopleResolver {
  constructor(@Inject(STORES) private readonly stores: StateStores) {}

  @ResolveField(() => User, { nullable: true, description: 'The account that said the pair is not the same (rejectedBy).' })
  rejectedByUser(@Parent() r: RejectedPair) {
    return this.stores.accounts.getUser(r.rejectedBy);
  }
}
