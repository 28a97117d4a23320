import { Inject, Injectable } from '@nestjs/common';
import { CASE_PROPS } from '@homeward/graph-schema';
import {
  CASE_ROLES,
  DomainError,
  ErrorCode,
  badInput,
  caseRoleWithin,
  newId,
  validateProps,
  type CaseRecord,
  type Role,
  type Subgraph,
} from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import { caseCountries } from '@homeward/media';
import type { RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { Revocations } from '../auth/revocations.js';
import { CaseStatusEvents } from './case-status.events.js';
import type { CreateCaseInput, UpdateCaseInput } from './case.types.js';

@Injectable()
export class CaseService {
  private readonly visible = new WeakMap<RequestContext, Promise<ReadonlyMap<string, string>>>();
  private readonly fieldGraphs = new WeakMap<RequestContext, Map<string, Promise<Subgraph>>>();

  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    private readonly access: AccessService,
    private readonly revocations: Revocations,
    private readonly statusEvents: CaseStatusEvents,
    private readonly notifications: NotificationsService,
  ) {}

  async list(ctx: RequestContext): Promise<CaseRecord[]> {
    const p = this.access.principal(ctx);
    return this.stores.cases.casesOfUser(p.userId);
  }

  async get(ctx: RequestContext, id: string): Promise<CaseRecord | null> {
    const scope = await this.access.scope(ctx);
    if (!scope.caseIds.has(id)) return null;
    return this.stores.cases.getCase(id);
  }

  async create(ctx: RequestContext, input: CreateCaseInput): Promise<CaseRecord> {
    const p = this.access.allow(ctx, 'case.create');
    // The same declaration (graph-schema's CASE_PROPS) checks a case on create and on update.
    const fields = validateProps(
      CASE_PROPS,
      'Case',
      { title: input.title, category: input.category, riskLevel: input.riskLevel, country: input.country, lastSeenAt: input.lastSeenAt },
      'input',
      true,
    );
    const [title, country] = [fields.title as string, fields.country as string];
    const now = new Date();
    const reference = await this.stores.cases.nextReference(country, now.getUTCFullYear());
    const created = await this.stores.cases.createCase({
      id: newId('case'),
      reference,
      title,
      category: fields.category as CaseRecord['category'],
      status: 'OPEN',
      riskLevel: fields.riskLevel as CaseRecord['riskLevel'],
      country,
      reportedAt: now.toISOString(),
      lastSeenAt: (fields.lastSeenAt as string | undefined) ?? null,
      leadAgencyId: p.agencyId,
      createdBy: p.userId,
    });
    this.access.invalidate(p.userId);
    return created;
  }

  async update(ctx: RequestContext, id: string, input: UpdateCaseInput): Promise<CaseRecord> {
    await this.access.onCase(ctx, id, 'case.update');
    const patch = validateProps(CASE_PROPS, 'Case', { ...input }, 'input', true);
    const before = patch.status === undefined ? null : await this.stores.cases.getCase(id);
    const updated = await this.stores.cases.updateCase(id, patch);
    if (before && before.status !== updated.status) await this.statusEvents.changed(ctx, id, updated.status);
    return updated;
  }

  /** Who may share a case: a supervisor of its lead agency, or its creator. */
  private async mayManage(ctx: RequestContext, c: CaseRecord): Promise<void> {
    const p = this.access.principal(ctx);
    // A supervisor given a narrower case role on this case does not manage it.
    const isLeadSupervisor =
      p.role === 'SUPERVISOR' && p.agencyId === c.leadAgencyId && (await this.access.mayOn(ctx, c.id, 'case.manageMembers'));
    if (!isLeadSupervisor && c.createdBy !== p.userId) {
      throw new DomainError(
        ErrorCode.Forbidden,
        "only a supervisor of the case's lead agency or the case's creator may change its members",
      );
    }
  }

  async addMember(ctx: RequestContext, caseId: string, userId: string, role: Role | null = null): Promise<CaseRecord> {
    await this.access.onCase(ctx, caseId, 'case.read');
    const c = (await this.stores.cases.getCase(caseId))!;
    await this.mayManage(ctx, c);
    const user = await this.stores.accounts.getUser(userId);
    if (!user || user.disabled) throw badInput('userId', `user ${userId} not found`);
    if (role !== null && !(CASE_ROLES as readonly string[]).includes(role))
      throw badInput('role', `must be one of ${CASE_ROLES.join(', ')}`);
    if (role !== null && !caseRoleWithin(role, user.role))
      throw badInput('role', `${role} is above the user's account role (${user.role}); a case role only narrows it`);
    const by = this.access.principal(ctx).userId;
    await this.stores.cases.addMember(caseId, userId, by, role);
    this.access.invalidate(userId);
    this.notifications.later(() => this.notifications.notify({ kind: 'CASE_ADDED', caseId, recipients: [userId], actorId: by }));
    return c;
  }

  async removeMember(ctx: RequestContext, caseId: string, userId: string): Promise<CaseRecord> {
    await this.access.onCase(ctx, caseId, 'case.read');
    const c = (await this.stores.cases.getCase(caseId))!;
    await this.mayManage(ctx, c);
    if (!(await this.stores.cases.removeMember(caseId, userId))) throw badInput('userId', `user ${userId} is not a member of this case`);
    this.access.invalidate(userId);
    // Access ends now, not at the next request: live subscriptions and collaboration connections
    // of that user on this case are closed, on every replica.
    this.revocations.announce({ userId, caseId, reason: 'removed from the case' });
    return c;
  }

  /** An export is a read of the case; the audit interceptor writes its record (with the format). */
  async checkExport(ctx: RequestContext, caseId: string, format: string): Promise<void> {
    await this.access.onCase(ctx, caseId, 'case.read');
    if (!/^[a-z0-9-]{1,20}$/.test(format)) throw badInput('format', 'must be a short lowercase name such as png');
  }

  members(caseId: string) {
    return this.stores.cases.members(caseId);
  }

  async myCaseRole(ctx: RequestContext, caseId: string) {
    return (await this.access.caseRole(ctx, caseId)) ?? null;
  }

  /**
   * The countries the case concerns, as the caller may know them (libs/media caseCountries: the one
   * definition the case list, the statistics and the posters' hotlines share). `graph`: the case's graph
   * in the caller's scope, when the caller has read it already.
   */
  async countries(ctx: RequestContext, c: CaseRecord, graph?: Subgraph): Promise<string[]> {
    const [members, g, visible] = await Promise.all([
      this.stores.cases.members(c.id),
      graph ?? this.graphForFields(ctx, c.id),
      this.visibleCaseCountries(ctx),
    ]);
    const agencies = await Promise.all([...new Set(members.map((m) => m.agencyId))].map((id) => this.stores.accounts.getAgency(id)));
    return caseCountries({
      caseId: c.id,
      country: c.country,
      agencyCountries: agencies.filter((a) => a).map((a) => a!.country),
      graph: g,
      visibleCaseCountries: visible,
    });
  }

  /**
   * A case's graph in the caller's scope, read once per request for the fields of a Case that derive
   * from it (countries, lastSeen): the case list asks both for each case. Only for field resolvers,
   * which run after a mutation's write, never for a service reading before it writes.
   */
  graphForFields(ctx: RequestContext, caseId: string): Promise<Subgraph> {
    const graphs = this.fieldGraphs.get(ctx) ?? new Map<string, Promise<Subgraph>>();
    this.fieldGraphs.set(ctx, graphs);
    let g = graphs.get(caseId);
    if (!g) {
      g = this.access.scope(ctx).then((scope) => this.stores.graph.caseGraph(caseId, scope));
      // A failed read is not kept: the next field asks again.
      g.catch(() => graphs.delete(caseId));
      graphs.set(caseId, g);
    }
    return g;
  }

  /** Lead country of every case the caller may see; read once per request (the case list asks for each case). */
  private visibleCaseCountries(ctx: RequestContext): Promise<ReadonlyMap<string, string>> {
    let m = this.visible.get(ctx);
    if (!m) {
      m = (async () => {
        const p = this.access.principal(ctx);
        const scope = await this.access.scope(ctx);
        const cases = await this.stores.cases.casesOfUser(p.userId);
        return new Map(cases.filter((c) => scope.caseIds.has(c.id)).map((c) => [c.id, c.country]));
      })();
      this.visible.set(ctx, m);
    }
    return m;
  }

  agency(id: string) {
    return this.stores.accounts.getAgency(id);
  }
}
