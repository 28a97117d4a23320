import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../base/scalars.js';
import { GraphEdge, GraphNode } from '../graph/graph.types.js';

export const PathModeEnum = { SHORTEST: 'SHORTEST', ALL: 'ALL' } as const;
registerEnumType(PathModeEnum, {
  name: 'PathMode',
  description: 'SHORTEST: the k shortest loopless paths; ALL: every simple path up to maxLength, shortest first, at most k.',
});

@ObjectType({ description: 'One chain of links between two entities, with its confidence (its weakest link).' })
export class GraphPath {
  @Field(() => [ID], { description: 'From the first entity to the second.' }) nodeIds: string[];
  @Field(() => [ID], { description: 'edgeIds[i] joins nodeIds[i] and nodeIds[i + 1], in either direction.' }) edgeIds: string[];
  @Field(() => Int) length: number;
  @Field(() => String, { description: 'The worst source reliability on the path (A to F; an ungraded link counts as F).' })
  reliability: string;
  @Field(() => Int, {
    nullable: true,
    description: 'The worst information credibility on the path (1 to 5); null when a link is not graded.',
  })
  credibility: number | null;
  @Field(() => String, { description: 'Reliability and credibility together, as "B2" ("?" for an ungraded credibility).' }) grade: string;
  @Field(() => ID, { nullable: true, description: 'The weakest link: worst reliability, then worst credibility.' }) weakestLinkId:
    string | null;
  @Field(() => [DateTimeScalar], {
    description: "When each step happened: the sighting's observedAt for a link to or from a sighting, else the link's createdAt.",
  })
  stepTimes: string[];
}

@ObjectType()
export class PathsResult {
  @Field(() => [GraphPath]) paths: GraphPath[];
  @Field(() => [GraphNode], { description: 'The entities on the paths.' }) nodes: GraphNode[];
  @Field(() => [GraphEdge], { description: 'The links on the paths.' }) edges: GraphEdge[];
  @Field(() => Boolean, { description: 'ALL mode: more paths exist within maxLength than were listed.' }) truncated: boolean;
  @Field(() => Int, { description: 'Entities the search touched (the nodeBudget counts these).' }) visited: number;
}

@ObjectType({ description: 'Whether one person or vehicle could have travelled between two of its sightings.' })
export class TravelCheck {
  @Field(() => ID, { description: 'The person or vehicle seen in both sightings.' }) subjectId: string;
  @Field(() => String) subjectLabel: string;
  @Field(() => ID, { description: 'The earlier sighting.' }) fromSightingId: string;
  @Field(() => ID) toSightingId: string;
  @Field(() => DateTimeScalar) fromAt: string;
  @Field(() => DateTimeScalar) toAt: string;
  @Field(() => ID) fromLocationId: string;
  @Field(() => ID) toLocationId: string;
  @Field(() => Float, { description: 'Great-circle distance between the two places, km.' }) distanceKm: number;
  @Field(() => Float, { description: 'Time between the sightings, hours.' }) hours: number;
  @Field(() => Float, { nullable: true, description: 'Speed needed, km/h; null when both are at the same instant in different places.' })
  neededKmh: number | null;
  @Field(() => Float, { description: 'The speed the check allowed, km/h.' }) speedKmh: number;
  @Field(() => Boolean) feasible: boolean;
}
