import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { EntityKindEnum } from '../../base/enums.js';
import { DateTimeScalar, JSONObjectScalar } from '../../base/scalars.js';
import { GraphNode } from '../graph/graph.types.js';

export const MatchReasonEnum = {
  SAME_NAME: 'SAME_NAME',
  SIMILAR_NAME: 'SIMILAR_NAME',
  SAME_DATE_OF_BIRTH: 'SAME_DATE_OF_BIRTH',
  SAME_PLATE: 'SAME_PLATE',
  SAME_IDENTIFIER: 'SAME_IDENTIFIER',
} as const;
registerEnumType(MatchReasonEnum, { name: 'MatchReason' });

@ObjectType({ description: 'An entity that may be the same as the one asked about, for a person to confirm or reject.' })
export class DuplicateCandidate {
  @Field(() => GraphNode) entity: GraphNode;
  @Field(() => Float, { description: '0..1' }) score: number;
  @Field(() => [MatchReasonEnum]) reasons: string[];
}

@ObjectType({ description: "Two entities of one case that may be the same (a pair of the case's duplicate candidates)." })
export class DuplicatePair {
  @Field(() => GraphNode) a: GraphNode;
  @Field(() => GraphNode) b: GraphNode;
  @Field(() => Float, { description: '0..1, as duplicateCandidates scores it' }) score: number;
  @Field(() => [MatchReasonEnum]) reasons: string[];
}

@ObjectType({
  description: 'Two entities of the case a person said are not the same (rejectDuplicate); undoRejectDuplicate takes it back.',
})
export class RejectedPair {
  @Field(() => GraphNode) a: GraphNode;
  @Field(() => GraphNode) b: GraphNode;
  @Field(() => ID) rejectedBy: string;
  @Field(() => DateTimeScalar) rejectedAt: string;
}

@ObjectType({ description: 'A merge of two entities, kept so it can be undone.' })
export class MergeRecordType {
  @Field(() => ID) id: string;
  @Field(() => ID) caseId: string;
  @Field(() => EntityKindEnum) kind: string;
  @Field(() => ID) survivorId: string;
  @Field(() => ID) mergedId: string;
  @Field(() => String) mergedLabel: string;
  @Field(() => JSONObjectScalar, { description: "The merged entity's properties, as they were (provenance kept)." }) mergedProps: Record<
    string,
    unknown
  >;
  @Field(() => [String], { description: "The merged entity's spellings the survivor took as aliases (taken off by an undo)." })
  aliasesAdded: string[];
  @Field(() => Int) repointedLinks: number;
  @Field(() => Int, { description: 'Links dropped as duplicates of the survivor’s own, or joining the two.' }) droppedLinks: number;
  @Field(() => ID) mergedBy: string;
  @Field(() => DateTimeScalar) mergedAt: string;
  @Field(() => ID, { nullable: true }) undoneBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) undoneAt: string | null;
}
