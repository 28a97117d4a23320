import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { FACE_MATCH_THRESHOLD } from '@homeward/media';
import type { RequestContext } from '../../base/context.js';
import { FaceMatchService } from './faces.service.js';
import { FaceMatchLead, FaceMatchStatus, toLead, toStatus } from './faces.types.js';

@Resolver(() => FaceMatchLead)
export class FaceMatchResolver {
  constructor(private readonly faces: FaceMatchService) {}

  @Query(() => FaceMatchStatus, { description: 'Whether the case opted in to face-match leads, and the progress of its latest run.' })
  async faceMatch(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string): Promise<FaceMatchStatus> {
    return toStatus(await this.faces.status(ctx, caseId), FACE_MATCH_THRESHOLD);
  }

  @Mutation(() => FaceMatchStatus, { description: 'Turns face-match leads on or off for a case (investigators and supervisors).' })
  async setFaceMatch(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('enabled', { type: () => Boolean }) enabled: boolean,
  ): Promise<FaceMatchStatus> {
    return toStatus(await this.faces.setEnabled(ctx, caseId, enabled), FACE_MATCH_THRESHOLD);
  }

  @Mutation(() => FaceMatchStatus, { description: 'Looks for new leads in the background; poll faceMatch for progress.' })
  async runFaceMatch(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string): Promise<FaceMatchStatus> {
    return toStatus(await this.faces.run(ctx, caseId), FACE_MATCH_THRESHOLD);
  }

  @Query(() => [FaceMatchLead], { description: 'Leads of a case, most similar first, limited to sightings of cases the caller may see.' })
  async faceMatchLeads(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string): Promise<FaceMatchLead[]> {
    return (await this.faces.leads(ctx, caseId)).map(toLead);
  }

  @Mutation(() => FaceMatchLead, {
    description: 'A person accepts (links the sighting to the person, with the lead as provenance) or rejects a lead.',
  })
  async decideFaceMatchLead(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('id', { type: () => ID }) id: string,
    @Args('accept', { type: () => Boolean }) accept: boolean,
  ): Promise<FaceMatchLead> {
    return toLead(await this.faces.decide(ctx, caseId, id, accept));
  }
}
