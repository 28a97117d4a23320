import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../base/context.js';
import { RiskLevelEnum } from '../../base/enums.js';
import { ChildOutputsService } from './child-outputs.service.js';
import { ChildStatsService } from './child-stats.service.js';
import { ChildService } from './child.service.js';
import {
  AlertPreview,
  AgencyCoverageInput,
  AgencyCoverageView,
  CaseStatisticsView,
  ChildAlert,
  ChildProfile,
  ChildProfileInput,
  IssueAlertInput,
  PaperSizeEnum,
  PosterFile,
  RiskAssessment,
  RiskFactorsInput,
  RiskProposalView,
  TargetArea,
  TargetAreaInput,
} from './child.types.js';

/** The missing child at the centre of a case: profile, risk, posters, alerts and statistics. Thin: check, call, map. */
@Resolver()
export class ChildResolver {
  constructor(
    private readonly child: ChildService,
    private readonly outputs: ChildOutputsService,
    private readonly stats: ChildStatsService,
  ) {}

  @Query(() => ChildProfile, { description: 'The missing child’s profile in a case (personId: another child of the case).' })
  childProfile(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('personId', { type: () => ID, nullable: true }) personId?: string | null,
  ) {
    return this.child.profile(ctx, caseId, personId);
  }

  @Mutation(() => ChildProfile, {
    description: 'Edits the missing child’s profile (creating the child when the case has none); null clears a field.',
  })
  updateChildProfile(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('input', { type: () => ChildProfileInput }) input: ChildProfileInput,
  ) {
    return this.child.updateProfile(ctx, caseId, input);
  }

  @Query(() => RiskProposalView, { description: 'The risk level these factors suggest, with its reasons. Nothing is stored.' })
  proposeRisk(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('factors', { type: () => RiskFactorsInput }) factors: RiskFactorsInput,
  ) {
    return this.child.proposeRisk(ctx, caseId, factors);
  }

  @Mutation(() => RiskAssessment, {
    description: 'Confirms a risk assessment: kept in the history, and the case’s riskLevel becomes `level`.',
  })
  confirmRiskAssessment(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('factors', { type: () => RiskFactorsInput }) factors: RiskFactorsInput,
    @Args('level', { type: () => RiskLevelEnum }) level: string,
    @Args('note', { type: () => String, nullable: true, description: 'Required when the level differs from the proposal.' })
    note?: string | null,
  ) {
    return this.child.confirmRisk(ctx, caseId, factors, level, note);
  }

  @Query(() => [RiskAssessment], { description: 'Confirmed risk assessments of the case, newest first.' })
  riskAssessments(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return this.child.riskHistory(ctx, caseId);
  }

  @Query(() => PosterFile, { description: 'The printable poster (PDF), one page per language.' })
  casePoster(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('languages', { type: () => [String] }) languages: string[],
    @Args('paper', { type: () => PaperSizeEnum, defaultValue: 'A4' }) paper: string,
  ) {
    return this.outputs.poster(ctx, caseId, languages, paper);
  }

  @Query(() => TargetArea, { description: 'The distribution area and the agencies whose coverage meets it.' })
  targetArea(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('area', { type: () => TargetAreaInput, nullable: true }) area?: TargetAreaInput | null,
  ) {
    return this.outputs.targetArea(ctx, caseId, area);
  }

  @Mutation(() => ChildAlert, { description: 'Issues an emergency child alert (CAP 1.2); supervisors only.' })
  issueChildAlert(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('input', { type: () => IssueAlertInput }) input: IssueAlertInput,
  ) {
    return this.outputs.issueAlert(ctx, caseId, input);
  }

  @Query(() => AlertPreview, {
    description: 'The alert issueChildAlert would send now, in each language, with its area and recipients; nothing is sent or stored.',
  })
  previewChildAlert(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('input', { type: () => IssueAlertInput }) input: IssueAlertInput,
  ) {
    return this.outputs.previewAlert(ctx, caseId, input);
  }

  @Query(() => [ChildAlert], { description: 'Alerts issued for the case, oldest first.' })
  childAlerts(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return this.outputs.alerts(ctx, caseId);
  }

  @Query(() => [AgencyCoverageView], { description: 'Where each agency works (administrators and supervisors).' })
  agencyCoverages(@Context() ctx: RequestContext) {
    return this.outputs.agencyCoverages(ctx);
  }

  @Mutation(() => AgencyCoverageView, { description: 'Records where an agency works (administrators).' })
  setAgencyCoverage(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID, description: 'The agency.' }) id: string,
    @Args('input', { type: () => AgencyCoverageInput }) input: AgencyCoverageInput,
  ) {
    return this.outputs.setAgencyCoverage(ctx, id, input);
  }

  @Query(() => CaseStatisticsView, { description: 'Statistics over the cases the caller may see.' })
  caseStatistics(@Context() ctx: RequestContext) {
    return this.stats.statistics(ctx);
  }
}
