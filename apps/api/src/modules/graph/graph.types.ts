import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { EntityKindEnum, GraphChangeKindEnum, LinkTypeEnum, PersonRoleEnum } from '../../base/enums.js';
import { DateTimeScalar, JSONObjectScalar } from '../../base/scalars.js';

@ObjectType({ description: 'A node of the link graph as the client draws it.' })
export class GraphNode {
  @Field(() => ID) id: string;
  @Field(() => EntityKindEnum) kind: string;
  @Field(() => String) label: string;
  @Field(() => PersonRoleEnum, { nullable: true, description: "The person's role in the case asked about, when the node is a person." })
  role: string | null;
  @Field(() => [ID]) caseIds: string[];
  @Field(() => JSONObjectScalar, { description: 'Properties of the entity, as declared for its kind in graph-schema.' })
  props: Record<string, unknown>;
  @Field(() => ID, { description: 'Provenance: who added it.' }) createdBy: string;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => String, { nullable: true }) source: string | null;
  @Field(() => String, { nullable: true, description: 'Admiralty source reliability, A (reliable) to F (cannot be judged).' })
  reliability: string | null;
  @Field(() => ID, {
    nullable: true,
    description:
      'Provenance: who last changed it (edited it, removed it from one of its cases, or deleted a link at it); null while unchanged.',
  })
  updatedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was last changed, with updatedBy.' })
  updatedAt: string | null;
}

@ObjectType({ description: 'An edge of the link graph.' })
export class GraphEdge {
  @Field(() => ID) id: string;
  @Field(() => LinkTypeEnum) type: string;
  @Field(() => ID) source: string;
  @Field(() => ID) target: string;
  @Field(() => ID) caseId: string;
  @Field(() => ID) createdBy: string;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => String, {
    nullable: true,
    description: 'Source reliability, A (reliable) to E (untested), F cannot be judged; null when not graded.',
  })
  reliability?: string | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Information credibility, 1 (known to be true) to 5 (suspected false); null when not graded.',
  })
  credibility?: number | null;
}

@ObjectType()
export class Subgraph {
  @Field(() => [GraphNode]) nodes: GraphNode[];
  @Field(() => [GraphEdge]) edges: GraphEdge[];
}

@ObjectType()
export class GraphChange {
  @Field(() => ID) caseId: string;
  @Field(() => GraphChangeKindEnum) kind: string;
  @Field(() => [GraphNode]) nodes: GraphNode[];
  @Field(() => [GraphEdge]) edges: GraphEdge[];
}

@InputType()
export class PersonInput {
  @Field(() => String) fullName: string;
  @Field(() => PersonRoleEnum) role: string;
  @Field(() => String, { nullable: true }) dateOfBirth?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [String], { nullable: true }) aliases?: string[] | null;
  @Field(() => String, { nullable: true }) nationality?: string | null;
  @Field(() => String, { nullable: true }) physicalDescription?: string | null;
}

@InputType()
export class VehicleInput {
  @Field(() => String) plate: string;
  @Field(() => String, { nullable: true }) plateCountry?: string | null;
  @Field(() => String, { nullable: true }) make?: string | null;
  @Field(() => String, { nullable: true }) model?: string | null;
  @Field(() => String, { nullable: true }) color?: string | null;
  @Field(() => String, { nullable: true }) vin?: string | null;
}

@InputType()
export class LocationInput {
  @Field(() => String) name: string;
  @Field(() => String) country: string;
  @Field(() => Float) latitude: number;
  @Field(() => Float) longitude: number;
  @Field(() => String, { nullable: true }) address?: string | null;
}

@InputType()
export class SightingInput {
  @Field(() => DateTimeScalar) observedAt: string;
  @Field(() => ID) locationId: string;
  @Field(() => [ID], { description: 'People and vehicles seen together in this sighting.' }) seenIds: string[];
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true, description: 'WITNESS, CCTV, ANPR, PATROL, HOTLINE, SOCIAL_MEDIA or OTHER' }) sightingSource?:
    string | null;
  @Field(() => Float, { nullable: true, description: '0 to 1' }) confidence?: number | null;
}

@InputType()
export class LinkInput {
  @Field(() => ID) fromId: string;
  @Field(() => ID) toId: string;
  @Field(() => LinkTypeEnum) type: string;
}

@InputType({ description: 'Where the information comes from and how reliable it is (stored as provenance).' })
export class ProvenanceInput {
  @Field(() => String, { nullable: true }) source?: string | null;
  @Field(() => String, { nullable: true, description: 'A to F' }) reliability?: string | null;
  @Field(() => Int, { nullable: true, description: 'Links only: information credibility, 1 (known to be true) to 5 (suspected false).' })
  credibility?: number | null;
}
