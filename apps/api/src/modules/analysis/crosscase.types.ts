import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphNode } from '../graph/graph.types.js';

export const MatchNoticeReasonEnum = { SAME_ENTITY: 'SAME_ENTITY', SAME_IDENTIFIER: 'SAME_IDENTIFIER' } as const;
registerEnumType(MatchNoticeReasonEnum, {
  name: 'MatchNoticeReason',
  description: 'Why a case outside your scope matches: it holds the same entity, or one with the same plate, number or handle.',
});

@ObjectType({ description: 'An entity of the case that other cases you may see hold too.' })
export class SharedEntity {
  @Field(() => GraphNode) entity: GraphNode;
  @Field(() => [ID]) otherCaseIds: string[];
}

@ObjectType({ description: 'A case you may see within a few links of this one (0: they share an entity).' })
export class NearCase {
  @Field(() => ID) caseId: string;
  @Field(() => String) reference: string;
  @Field(() => String) title: string;
  @Field(() => Int) distance: number;
  @Field(() => [ID], { description: 'Entities of that case at that distance (a few).' }) viaEntityIds: string[];
  @Field(() => [ID], { description: "This case's entities they are reached from (a few)." }) fromEntityIds: string[];
}

@ObjectType({ description: 'Another entity you may see with the same identifier (plate, VIN, phone number, IMEI, handle).' })
export class IdentifierMatch {
  @Field(() => ID) entityId: string;
  @Field(() => String, { description: 'Its label in this case.' }) entityLabel: string;
  @Field(() => GraphNode) other: GraphNode;
  @Field(() => String, { description: 'The normalised identifier, as "plate:P512DKL".' }) key: string;
}

@ObjectType({ description: 'A match in a case you may not see: only the agency to ask, never the case or its content.' })
export class ForeignMatchNotice {
  @Field(() => ID, { description: 'The entity of your case that matched.' }) entityId: string;
  @Field(() => String, { description: 'Its label in your case.' }) entityLabel: string;
  @Field(() => String, { description: 'The lead agency of the other case: ask its owner.' }) agencyName: string;
  @Field(() => MatchNoticeReasonEnum) reason: string;
}

@ObjectType()
export class CrossCaseLinks {
  @Field(() => [SharedEntity]) shared: SharedEntity[];
  @Field(() => [NearCase]) near: NearCase[];
  @Field(() => [IdentifierMatch]) identifiers: IdentifierMatch[];
  @Field(() => [ForeignMatchNotice]) notices: ForeignMatchNotice[];
}
