import { Inject, Injectable } from '@nestjs/common';
import { CASE_PROPS, RISK_LEVELS } from '@homeward/graph-schema';
import {
  DomainError,
  ErrorCode,
  badInput,
  newId,
  validateEntityProps,
  validateProps,
  type CaseRecord,
  type EntityRecord,
  type Subgraph,
} from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import {
  ageAt,
  checkRiskFactors,
  lastSeen,
  type SeenPoint,
  profileWarnings,
  proposeRisk,
  type ChildRecordStore,
  type RiskFactors,
  type RiskProposal,
} from '@homeward/media';
import type { RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { CaseService } from '../cases/case.service.js';
import { GraphService } from '../graph/graph.service.js';
import { CHILD_RECORDS } from './child.records.js';
import type { ChildProfile, ChildProfileInput, LastSeen, ProfileLocation, RiskAssessment, RiskFactorsInput } from './child.types.js';

/** Profile properties kept on the child's Person, as graph-schema declares them. */
const PERSON_FIELDS = [
  'fullName',
  'aliases',
  'dateOfBirth',
  'sex',
  'nationality',
  'physicalDescription',
  'clothing',
  'languagesSpoken',
  'medicalNeeds',
  'circumstances',
] as const;

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export const toLocation = (e: EntityRecord): ProfileLocation => ({
  id: e.id,
  name: String(e.props.name ?? e.label),
  country: String(e.props.country ?? ''),
  latitude: Number(e.props.latitude),
  longitude: Number(e.props.longitude),
});

export const toLastSeen = (p: SeenPoint): LastSeen => ({
  basis: p.basis,
  at: p.at,
  location: p.place ? toLocation(p.place) : null,
  sightingId: p.sighting?.id ?? null,
  sightingSource: typeof p.sighting?.props.sightingSource === 'string' ? p.sighting.props.sightingSource : null,
  confidence: typeof p.sighting?.props.confidence === 'number' ? p.sighting.props.confidence : null,
});

/** What the child features read of a case in one go: the case, its graph (in the caller's scope) and the child. */
export interface CaseView {
  readonly caseRecord: CaseRecord;
  readonly graph: Subgraph;
  readonly child: EntityRecord | null;
  /** The report's last-seen place. */
  readonly lastSeenLocation: EntityRecord | null;
  /** The latest of the report and the child's confirmed sightings (libs/media last-seen). */
  readonly lastSeen: SeenPoint;
}

@Injectable()
export class ChildService {
  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    @Inject(CHILD_RECORDS) private readonly records: ChildRecordStore,
    private readonly access: AccessService,
    private readonly graph: GraphService,
    private readonly cases: CaseService,
  ) {}

  /**
   * The case as the caller may see it; a case they are not a member of is "not found". `readGraph`: reads
   * the case's graph in the caller's scope, for a field resolver that may have it from this request already.
   */
  async view(ctx: RequestContext, caseId: string, personId?: string | null, readGraph?: () => Promise<Subgraph>): Promise<CaseView> {
    await this.access.onCase(ctx, caseId, 'case.read');
    const scope = await this.access.scope(ctx);
    const [caseRecord, graph, meta] = await Promise.all([
      this.stores.cases.getCase(caseId),
      readGraph ? readGraph() : this.stores.graph.caseGraph(caseId, scope),
      this.records.getCaseChild(caseId),
    ]);
    if (!caseRecord) throw new DomainError(ErrorCode.NotFound, `case ${caseId} not found`, 'caseId');
    const roleIn = (e: EntityRecord) => e.cases.find((c) => c.caseId === caseId)?.role ?? null;
    let child: EntityRecord | null = null;
    if (personId) {
      child = graph.nodes.find((n) => n.id === personId && n.kind === 'PERSON') ?? null;
      if (!child) throw new DomainError(ErrorCode.NotFound, `person ${personId} not found in this case`, 'personId');
    } else {
      // The first recorded missing child: a case is usually about one child.
      child =
        graph.nodes
          .filter((n) => n.kind === 'PERSON' && roleIn(n) === 'MISSING_CHILD')
          .sort((a, b) => a.provenance.createdAt.localeCompare(b.provenance.createdAt))[0] ?? null;
    }
    const lastSeenLocation = meta.lastSeenLocationId
      ? (graph.nodes.find((n) => n.id === meta.lastSeenLocationId && n.kind === 'LOCATION') ?? null)
      : null;
    return {
      caseRecord,
      graph,
      child,
      lastSeenLocation,
      lastSeen: lastSeen({ caseRecord, graph, child, reportedPlace: lastSeenLocation }),
    };
  }

  /** The case header's "last seen": the same derivation as the profile's, poster's and alert's. */
  async lastSeenOf(ctx: RequestContext, caseId: string): Promise<LastSeen> {
    // The case list asks for countries and lastSeen of each case: both from one read of its graph.
    return toLastSeen((await this.view(ctx, caseId, null, () => this.cases.graphForFields(ctx, caseId))).lastSeen);
  }

  async profile(ctx: RequestContext, caseId: string, personId?: string | null): Promise<ChildProfile> {
    return this.toProfile(await this.view(ctx, caseId, personId));
  }

  toProfile(v: CaseView, now = new Date()): ChildProfile {
    const p = v.child?.props ?? {};
    const dob = str(p.dateOfBirth);
    const disappearedAt = new Date(v.caseRecord.lastSeenAt ?? v.caseRecord.reportedAt);
    const ageAtDisappearance = ageAt(dob, disappearedAt);
    return {
      caseId: v.caseRecord.id,
      personId: v.child?.id ?? null,
      fullName: str(p.fullName),
      aliases: list(p.aliases),
      dateOfBirth: dob,
      sex: str(p.sex),
      nationality: str(p.nationality),
      physicalDescription: str(p.physicalDescription),
      clothing: str(p.clothing),
      languagesSpoken: list(p.languagesSpoken),
      medicalNeeds: str(p.medicalNeeds),
      circumstances: str(p.circumstances),
      lastSeenAt: v.caseRecord.lastSeenAt,
      lastSeenLocation: v.lastSeenLocation ? toLocation(v.lastSeenLocation) : null,
      lastSeen: toLastSeen(v.lastSeen),
      ageAtDisappearance,
      ageNow: ageAt(dob, now),
      warnings: v.child ? profileWarnings({ ageAtDisappearance, lastSeenLocationId: v.lastSeenLocation?.id ?? null }) : [],
      suggestedRiskFactors: this.suggestFactors(v, ageAtDisappearance, now),
      caseLocations: v.graph.nodes.filter((n) => n.kind === 'LOCATION').map(toLocation),
    };
  }

  /** What the case already says about the risk factors; the investigator completes and confirms. */
  private suggestFactors(v: CaseView, ageYears: number | null, now: Date): RiskFactors {
    const { caseRecord: c, graph, child } = v;
    const roleOf = (e: EntityRecord) => e.cases.find((x) => x.caseId === c.id)?.role ?? null;
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    // Accounts the child owns or uses, contacted from another account: the trace grooming leaves.
    const childAccounts = new Set(
      graph.edges
        .filter(
          (e) =>
            child && e.source === child.id && (e.type === 'OWNS' || e.type === 'USES') && byId.get(e.target)?.kind === 'ONLINE_ACCOUNT',
        )
        .map((e) => e.target),
    );
    const contacted = graph.edges.some(
      (e) =>
        e.type === 'CONTACTED' &&
        (childAccounts.has(e.target) || childAccounts.has(e.source)) &&
        !(childAccounts.has(e.target) && childAccounts.has(e.source)),
    );
    const countries = new Set(graph.nodes.filter((n) => n.kind === 'LOCATION').map((n) => String(n.props.country)));
    countries.add(c.country);
    const since = Date.parse(c.lastSeenAt ?? c.reportedAt);
    return {
      ageYears,
      medicalNeeds: Boolean(str(child?.props.medicalNeeds)),
      vulnerability: false,
      onlineGrooming: contacted,
      suspectedAbductor:
        c.category === 'NON_FAMILY_ABDUCTION' ||
        c.category === 'FAMILY_ABDUCTION' ||
        graph.nodes.some((n) => n.kind === 'PERSON' && roleOf(n) === 'ABDUCTOR'),
      violenceOrThreats: false,
      inMigration: c.category === 'MISSING_MIGRANT',
      crossBorder: countries.size > 1,
      hoursMissing: Math.max(0, Math.round(((now.getTime() - since) / 3_600_000) * 10) / 10),
      previousEpisodes: 0,
      outOfCharacter: false,
    };
  }

  /**
   * Edits the child's profile: the Person's properties, the case's last-seen
   * time and place. Everything is checked before anything is written, so bad
   * input writes nothing.
   */
  async updateProfile(ctx: RequestContext, caseId: string, input: ChildProfileInput): Promise<ChildProfile> {
    await this.access.onCase(ctx, caseId, 'graph.editEntity');
    const v = await this.view(ctx, caseId, input.personId);
    const raw: Record<string, unknown> = {};
    for (const f of PERSON_FIELDS) if (input[f] !== undefined) raw[f] = input[f];
    const creating = !v.child;
    if (creating && !str(typeof input.fullName === 'string' ? input.fullName.trim() : null))
      throw badInput('input.fullName', 'is required to record the missing child');
    // Null clears a property; validation sees only the values being set.
    const toSet = Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== null));
    // Calendar-true, plausible dates (not before 1900, not in the future) from graph-schema's declarations.
    validateEntityProps('PERSON', toSet, 'input', true);
    validateProps(CASE_PROPS, 'Case', { lastSeenAt: input.lastSeenAt }, 'input', true);
    if (input.lastSeenLocationId && !v.graph.nodes.some((n) => n.id === input.lastSeenLocationId && n.kind === 'LOCATION')) {
      throw badInput('input.lastSeenLocationId', 'must be a Location of this case');
    }

    if (creating) {
      await this.graph.addEntity(ctx, caseId, 'PERSON', toSet, 'MISSING_CHILD');
    } else if (Object.keys(raw).length) {
      await this.graph.update(ctx, caseId, v.child!.id, raw);
    }
    if (input.lastSeenAt !== undefined && input.lastSeenAt !== null)
      await this.stores.cases.updateCase(caseId, { lastSeenAt: input.lastSeenAt });
    if (input.lastSeenLocationId !== undefined) await this.records.setLastSeenLocation(caseId, input.lastSeenLocationId ?? null);
    return this.profile(ctx, caseId, creating ? null : v.child!.id);
  }

  private factors(input: RiskFactorsInput): RiskFactors {
    const f: RiskFactors = {
      ageYears: input.ageYears ?? null,
      medicalNeeds: input.medicalNeeds,
      vulnerability: input.vulnerability,
      onlineGrooming: input.onlineGrooming,
      suspectedAbductor: input.suspectedAbductor,
      violenceOrThreats: input.violenceOrThreats,
      inMigration: input.inMigration,
      crossBorder: input.crossBorder,
      hoursMissing: input.hoursMissing,
      previousEpisodes: input.previousEpisodes,
      outOfCharacter: input.outOfCharacter,
    };
    const problem = checkRiskFactors(f);
    if (problem) throw badInput(`factors.${problem.split(':')[0]}`, problem.slice(problem.indexOf(':') + 2));
    return f;
  }

  async proposeRisk(ctx: RequestContext, caseId: string, input: RiskFactorsInput): Promise<RiskProposal> {
    await this.access.onCase(ctx, caseId, 'case.read');
    return proposeRisk(this.factors(input));
  }

  /** The investigator's confirmation: history kept, the case's riskLevel set, in one transaction. */
  async confirmRisk(
    ctx: RequestContext,
    caseId: string,
    input: RiskFactorsInput,
    level: string,
    note: string | null | undefined,
  ): Promise<RiskAssessment> {
    const p = await this.access.onCase(ctx, caseId, 'case.update');
    const f = this.factors(input);
    if (!(RISK_LEVELS as readonly string[]).includes(level)) throw badInput('level', `must be one of ${RISK_LEVELS.join(', ')}`);
    const proposal = proposeRisk(f);
    const why = note?.trim() || null;
    if (why && why.length > 2000) throw badInput('note', 'must be at most 2000 characters');
    // Departing from the proposal is allowed, but never without a written reason.
    if (level !== proposal.level && !why) throw badInput('note', `say why the level differs from the proposed ${proposal.level}`);
    const rec = {
      id: newId('risk'),
      caseId,
      factors: f,
      proposedLevel: proposal.level,
      score: proposal.score,
      reasons: proposal.reasons,
      confirmedLevel: level,
      note: why,
      assessedBy: p.userId,
      assessedAt: new Date().toISOString(),
    };
    await this.records.confirmRisk(rec);
    return { ...rec, reasons: [...rec.reasons] };
  }

  async riskHistory(ctx: RequestContext, caseId: string): Promise<RiskAssessment[]> {
    await this.access.onCase(ctx, caseId, 'case.read');
    return (await this.records.riskAssessments(caseId)).map((r) => ({ ...r, reasons: [...r.reasons] }));
  }
}
