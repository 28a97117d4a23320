import { Inject, Injectable } from '@nestjs/common';
import { CASE_PROPS } from '@homeward/graph-schema';
import { DomainError, ErrorCode, badInput, newId, validateProps, type CaseRecord } from '@homeward/domain';
import type { StateStores } from '@homeward/graph-store';
import type { RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { Revocations } from '../auth/revocations.js';
import type { CreateCaseInput, UpdateCaseInput } from './case.types.js';

@Injectable()
export class CaseService {
  constructor(
    @Inject(STORES) private readonly stores: StateStores,
    private readonly access: AccessService,
    private readonly revocations: Revocations,
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
    return this.stores.cases.updateCase(id, patch);
  }

  /** Who may share a case: a supervisor of its lead agency, or its creator. */
  private async mayManage(ctx: RequestContext, c: CaseRecord): Promise<void> {
    const p = this.access.principal(ctx);
    const isLeadSupervisor = p.role === 'SUPERVISOR' && p.agencyId === c.leadAgencyId;
    if (!isLeadSupervisor && c.createdBy !== p.userId) {
      throw new DomainError(
        ErrorCode.Forbidden,
        "only a supervisor of the case's lead agency or the case's creator may change its members",
      );
    }
  }

  async addMember(ctx: RequestContext, caseId: string, userId: string): Promise<CaseRecord> {
    await this.access.onCase(ctx, caseId, 'case.read');
    const c = (await this.stores.cases.getCase(caseId))!;
    await this.mayManage(ctx, c);
    const user = await this.stores.accounts.getUser(userId);
    if (!user || user.disabled) throw badInput('userId', `user ${userId} not found`);
    await this.stores.cases.addMember(caseId, userId, this.access.principal(ctx).userId);
    this.access.invalidate(userId);
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

  /** The lead country and the countries of the members' agencies. */
  async countries(c: CaseRecord): Promise<string[]> {
    const members = await this.stores.cases.members(c.id);
    const agencies = await Promise.all([...new Set(members.map((m) => m.agencyId))].map((id) => this.stores.accounts.getAgency(id)));
    return [...new Set([c.country, ...agencies.filter((a) => a).map((a) => a!.country)])];
  }

  agency(id: string) {
    return this.stores.accounts.getAgency(id);
  }
}
