import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../base/scalars.js';
import { GraphNode } from '../graph/graph.types.js';

@ObjectType({ description: 'Two people or vehicles seen in the same sightings: a derived, weighted "seen with" link.' })
export class CoSighting {
  @Field(() => GraphNode) a: GraphNode;
  @Field(() => GraphNode) b: GraphNode;
  @Field(() => Int, { description: 'Sightings both are SIGHTING_OF.' }) count: number;
  @Field(() => Float, { description: 'Shared sightings weighed by confidence over the sightings of either (0..1).' }) strength: number;
  @Field(() => [ID], { description: 'The evidence: the shared sightings, oldest first.' }) sightingIds: string[];
  @Field(() => DateTimeScalar, { nullable: true }) firstSeen: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) lastSeen: string | null;
}
