import { Args, Context, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { RequestContext } from '../../base/context.js';
import { TipService } from './tip.service.js';
import { AcceptTipInput, HotlineTipInput, Tip, TipsChanged, toTip } from './tip.types.js';

/** The tips inbox: tips from the public and hotline calls, and the investigator's decisions. Thin: check, call, map. */
@Resolver()
export class TipResolver {
  constructor(private readonly tips: TipService) {}

  @Query(() => [Tip], { description: 'The case’s tips, newest first.' })
  async caseTips(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return (await this.tips.tips(ctx, caseId)).map(toTip);
  }

  @Mutation(() => Tip, { description: 'Records a hotline call’s tip (a call-taker who is a member of the case).' })
  async takeHotlineTip(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('input', { type: () => HotlineTipInput }) input: HotlineTipInput,
  ) {
    return toTip(await this.tips.takeHotlineTip(ctx, caseId, { ...input, when: input.seenAt, where: input.place }));
  }

  @Mutation(() => Tip, { description: 'Turns a tip into a sighting of the child (graded F4: the tip is its source).' })
  async acceptTip(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => AcceptTipInput, nullable: true }) input?: AcceptTipInput | null,
  ) {
    return toTip(await this.tips.accept(ctx, id, input ?? {}));
  }

  @Mutation(() => Tip, { description: 'Joins a tip to a sighting the case already has.' })
  async mergeTip(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('sightingId', { type: () => ID }) sightingId: string,
  ) {
    return toTip(await this.tips.merge(ctx, id, sightingId));
  }

  @Mutation(() => Tip, { description: 'Dismisses a tip, with the reason.' })
  async dismissTip(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String }) reason: string,
  ) {
    return toTip(await this.tips.dismiss(ctx, id, reason));
  }

  @Subscription(() => TipsChanged, { description: 'A tip arrived or was decided in the case (members only).' })
  tipsChanged(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return this.tips.subscribe(ctx, caseId);
  }
}
