import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { EntityKind, LinkType } from '@homeward/graph-schema';
import type { RequestContext } from '../../base/context.js';
import { EntityKindEnum, LinkTypeEnum, PersonRoleEnum } from '../../base/enums.js';
import { JSONObjectScalar } from '../../base/scalars.js';
import { AccessService } from '../auth/access.service.js';
import { GraphEvents } from './graph-events.js';
import { GraphService } from './graph.service.js';
import {
  GraphChange,
  GraphEdge,
  GraphNode,
  LinkInput,
  LocationInput,
  PersonInput,
  ProvenanceInput,
  SightingInput,
  Subgraph,
  VehicleInput,
} from './graph.types.js';
import { IntArg } from '../../base/args.js';
import { User } from '../cases/case.types.js';
import { DEPTH, PATH_DEPTH } from './graph.service.js';

const strip = <T extends object>(o: T): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

@Resolver(() => GraphNode)
export class GraphResolver {
  constructor(
    private readonly graph: GraphService,
    private readonly events: GraphEvents,
    private readonly access: AccessService,
  ) {}

  @Query(() => Subgraph, { description: 'The whole link graph of one case.' })
  caseGraph(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return this.graph.caseGraph(ctx, caseId);
  }

  @Query(() => Subgraph, { description: 'Everything within `depth` links of the given entities, among cases the caller may see.' })
  neighborhood(
    @Context() ctx: RequestContext,
    @Args('ids', { type: () => [ID] }) ids: string[],
    @IntArg('depth', DEPTH) depth: number,
    @Args('kinds', { type: () => [EntityKindEnum], nullable: true }) kinds?: EntityKind[] | null,
    @Args('linkTypes', { type: () => [LinkTypeEnum], nullable: true }) linkTypes?: LinkType[] | null,
  ) {
    return this.graph.neighborhood(ctx, ids, depth, kinds, linkTypes);
  }

  @Query(() => Subgraph, {
    nullable: true,
    description: 'A shortest chain of links between two entities, across cases the caller may see; null when none within maxDepth.',
  })
  shortestPath(
    @Context() ctx: RequestContext,
    @Args('fromId', { type: () => ID }) fromId: string,
    @Args('toId', { type: () => ID }) toId: string,
    @IntArg('maxDepth', PATH_DEPTH) maxDepth: number,
  ) {
    return this.graph.shortestPath(ctx, fromId, toId, maxDepth);
  }

  @Query(() => [GraphNode], {
    description: 'Full-text search over names, aliases, plates and descriptions, among cases the caller may see.',
  })
  search(
    @Context() ctx: RequestContext,
    @Args('text', { type: () => String }) text: string,
    @Args('caseId', { type: () => ID, nullable: true }) caseId?: string | null,
    @Args('kinds', { type: () => [EntityKindEnum], nullable: true }) kinds?: EntityKind[] | null,
  ) {
    return this.graph.search(ctx, text, caseId, kinds);
  }

  @Query(() => GraphNode, { nullable: true, description: 'One entity, when the caller may see it.' })
  entity(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('caseId', { type: () => ID, nullable: true }) caseId?: string | null,
  ) {
    return this.graph.entity(ctx, id, caseId);
  }

  @Mutation(() => GraphNode)
  addPerson(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('input', { type: () => PersonInput }) input: PersonInput,
    @Args('provenance', { type: () => ProvenanceInput, nullable: true }) prov?: ProvenanceInput,
  ) {
    const { role, ...props } = input;
    return this.graph.addEntity(ctx, caseId, 'PERSON', strip(props), role, prov);
  }

  @Mutation(() => GraphNode)
  addVehicle(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('input', { type: () => VehicleInput }) input: VehicleInput,
    @Args('provenance', { type: () => ProvenanceInput, nullable: true }) prov?: ProvenanceInput,
  ) {
    return this.graph.addEntity(ctx, caseId, 'VEHICLE', strip(input), null, prov);
  }

  @Mutation(() => GraphNode)
  addLocation(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('input', { type: () => LocationInput }) input: LocationInput,
    @Args('provenance', { type: () => ProvenanceInput, nullable: true }) prov?: ProvenanceInput,
  ) {
    return this.graph.addEntity(ctx, caseId, 'LOCATION', strip(input), null, prov);
  }

  @Mutation(() => GraphNode)
  addSighting(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('input', { type: () => SightingInput }) input: SightingInput,
    @Args('provenance', { type: () => ProvenanceInput, nullable: true }) prov?: ProvenanceInput,
  ) {
    return this.graph.addSighting(ctx, caseId, input, prov);
  }

  @Mutation(() => GraphNode, {
    description: 'Any kind of entity (phones and online accounts too), its properties as declared in graph-schema.',
  })
  addEntity(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('kind', { type: () => EntityKindEnum }) kind: EntityKind,
    @Args('props', { type: () => JSONObjectScalar }) props: Record<string, unknown>,
    @Args('role', { type: () => PersonRoleEnum, nullable: true }) role?: string | null,
    @Args('provenance', { type: () => ProvenanceInput, nullable: true }) prov?: ProvenanceInput,
  ) {
    return this.graph.addEntity(ctx, caseId, kind, props, role ?? null, prov);
  }

  @Mutation(() => GraphNode, { description: 'Properties to change; null removes one.' })
  updateEntity(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('id', { type: () => ID }) id: string,
    @Args('props', { type: () => JSONObjectScalar }) props: Record<string, unknown>,
  ) {
    return this.graph.update(ctx, caseId, id, props);
  }

  @Mutation(() => Boolean, { description: 'Removes the entity (and its links) from the case.' })
  removeEntity(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('id', { type: () => ID }) id: string,
  ) {
    return this.graph.remove(ctx, caseId, id);
  }

  @Mutation(() => GraphNode, { description: 'Brings an entity the caller can see (of another case) into this case.' })
  attachEntity(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('entityId', { type: () => ID }) entityId: string,
    @Args('role', { type: () => PersonRoleEnum, nullable: true }) role?: string | null,
  ) {
    return this.graph.attach(ctx, caseId, entityId, role ?? null);
  }

  @Mutation(() => GraphEdge)
  linkEntities(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('input', { type: () => LinkInput }) input: LinkInput,
    @Args('provenance', { type: () => ProvenanceInput, nullable: true }) prov?: ProvenanceInput,
  ) {
    return this.graph.link(ctx, caseId, input.fromId, input.toId, input.type as LinkType, prov);
  }

  @Mutation(() => Boolean)
  deleteLink(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('id', { type: () => ID }) id: string,
  ) {
    return this.graph.unlink(ctx, caseId, id);
  }

  @ResolveField(() => User, { nullable: true, description: 'The account that added it (createdBy), with its name and agency.' })
  createdByUser(@Parent() n: GraphNode) {
    return this.graph.author(n.createdBy);
  }

  @ResolveField(() => User, {
    nullable: true,
    description: 'The account that last changed it (updatedBy), with its name and agency; null while unchanged.',
  })
  updatedByUser(@Parent() n: GraphNode) {
    return this.graph.author(n.updatedBy);
  }

  @Subscription(() => GraphChange, { description: "Every change to the case's link graph, pushed to members of the case." })
  async graphChanged(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    const p = await this.access.onCase(ctx, caseId, 'case.read');
    return this.events.subscribe(caseId, p.userId);
  }
}
