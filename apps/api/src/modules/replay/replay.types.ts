import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphChangeKindEnum } from '../../base/enums.js';
import { DateTimeScalar, JSONObjectScalar } from '../../base/scalars.js';
import { GraphEdge, GraphNode } from '../graph/graph.types.js';

@ObjectType({ description: "One change to the case's graph, as it was made (case replay)." })
export class ReplayChange {
  @Field(() => Int, {
    description:
      "Its place in the case's journal (1, 2, 3...). Changes made before the journal existed are rebuilt from\n" +
      "the entities' and links' provenance: those have seq 0 or below (unique, in time order) and synthesized true.",
  })
  seq: number;
  @Field(() => DateTimeScalar) at: string;
  @Field(() => ID, { nullable: true, description: 'Who made it; null for the system.' }) actorId: string | null;
  @Field(() => String, { nullable: true, description: "The actor's display name (null when the id names no account)." })
  actorName: string | null;
  @Field(() => GraphChangeKindEnum, { description: 'UPSERTED: the nodes and edges are put as given; REMOVED: they are taken out.' })
  kind: string;
  @Field(() => [GraphNode]) nodes: GraphNode[];
  @Field(() => [GraphEdge]) edges: GraphEdge[];
  @Field(() => Boolean, { description: "Rebuilt from provenance (the entity or link's creation) rather than recorded as it happened." })
  synthesized: boolean;
}

@ObjectType({ description: 'One update of a co-edited document (the notes or the timeline), as the server stored it.' })
export class ReplayDocUpdate {
  @Field(() => Int, { description: '1, 2, 3... per document, in the order the server applied them.' }) seq: number;
  @Field(() => DateTimeScalar) at: string;
  @Field(() => ID) userId: string;
  @Field(() => String, { nullable: true }) userName: string | null;
  @Field(() => String, { description: 'The Yjs update, base64 (apply in seq order to a fresh Y.Doc).' }) update: string;
}

@ObjectType({ description: 'Everything needed to show a case as it was at any moment since it opened (case replay).' })
export class CaseReplay {
  @Field(() => ID) caseId: string;
  @Field(() => DateTimeScalar, { description: 'When the case opened: its reportedAt or its creation, whichever is earlier.' })
  openedAt: string;
  @Field(() => [ReplayChange], { description: 'Graph changes, including synthesized ones, oldest first (by at, then seq).' })
  changes: ReplayChange[];
  @Field(() => [ReplayDocUpdate], { description: "The case notes' update log, oldest first." }) notes: ReplayDocUpdate[];
  @Field(() => [ReplayDocUpdate], { description: "The case timeline's update log, oldest first." }) timeline: ReplayDocUpdate[];
}

@ObjectType({ description: 'The case as it was at one moment.' })
export class CaseMoment {
  @Field(() => DateTimeScalar) at: string;
  @Field(() => [GraphNode], { description: 'The entities the case held then, as they were then.' }) nodes: GraphNode[];
  @Field(() => [GraphEdge]) edges: GraphEdge[];
  @Field(() => String, { description: 'The notes as they read then, as Markdown (as the case export writes them).' })
  notesMarkdown: string;
  @Field(() => String, { description: 'The notes as they read then, as plain text (one line per block).' }) notesText: string;
  @Field(() => [JSONObjectScalar], {
    description:
      'The timeline then, oldest first: the co-edited events and the sightings the graph held, each as caseTimeline\n' +
      'serves a TimelineEvent (id, at, title, entityIds, kind EVENT or SIGHTING, description, fields).',
  })
  timeline: Array<Record<string, unknown>>;
}
