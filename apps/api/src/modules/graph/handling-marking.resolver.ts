import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Config } from '../../base/config.js';
import { markingOf } from '../../base/handling-markings.js';
import { CONFIG } from '../../base/tokens.js';
import { Agency } from '../cases/case.types.js';

/** An agency's handling marking (HANDLING_MARKINGS), printed on exports of its cases' material (the graph's PNG footer). */
@Resolver(() => Agency)
export class HandlingMarkingResolver {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  @ResolveField(() => String, {
    nullable: true,
    description:
      "The handling marking this agency's rules put on exported material (e.g. OFFICIAL-SENSITIVE), set by the server's\n" +
      'HANDLING_MARKINGS; null when none is configured.',
  })
  handlingMarking(@Parent() agency: Agency): string | null {
    return markingOf(this.config.handlingMarkings, agency.id);
  }
}
