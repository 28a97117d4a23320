import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { EntityKindEnum } from '../../base/enums.js';

export const CentralityMeasureEnum = { DEGREE: 'DEGREE', BETWEENNESS: 'BETWEENNESS' } as const;
registerEnumType(CentralityMeasureEnum, { name: 'CentralityMeasure' });

@ObjectType()
export class NodeCentrality {
  @Field(() => ID) id: string;
  @Field(() => EntityKindEnum) kind: string;
  @Field(() => String) label: string;
  @Field(() => Int, { description: 'Distinct neighbours in the case graph.' }) degree: number;
  @Field(() => Float, { description: 'Normalised betweenness, 0..1: how much of the network passes through it.' }) betweenness: number;
  @Field(() => Int, { description: 'Community (Louvain, seeded), 0 being the largest.' }) community: number;
}

@ObjectType()
export class CommunitySize {
  @Field(() => Int) index: number;
  @Field(() => Int) size: number;
}

@ObjectType({ description: "Centrality and groups of a case's graph." })
export class CaseCentrality {
  @Field(() => [NodeCentrality]) nodes: NodeCentrality[];
  @Field(() => [CommunitySize]) communities: CommunitySize[];
  @Field(() => Float) modularity: number;
  @Field(() => Boolean, {
    description: 'False when betweenness was estimated from a seeded sample of sources (graphs of more than 1,000 entities).',
  })
  exact: boolean;
  @Field(() => [NodeCentrality], { description: 'The most central entities by the measure asked for.' }) hubs: NodeCentrality[];
}
