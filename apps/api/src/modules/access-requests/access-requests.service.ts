import { Inject, Injectable } from '@nestjs/common';
import {
  CASE_ROLES,
  DomainError,
  ErrorCode,
  badInput,
  caseRoleWithin,
  mayOnCase,
  newId,
  type CaseRecord,
  type Role,
  type UserRecord,
} from '@homeward/domain';
import type { RequestContext } from '../../base/context.js';
import type { AppStores } from '../../base/stores.js';
import { STORES } from '../../base/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { AccessService } from '../auth/access.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';

/** A pair of cases is asked at most once in this window. */
export const REQUEST_WINDOW_MS = 24 * 3600_000;
const MAX_TEXT = 1000;

/**
 * Access requests across agencies, from the cross-case "ask its owner" notice. The requester names their
 * own case and the entity that matched; the server finds the cases outside their scope that match it
 * (they never learn which), and asks those cases' lead-agency supervisors, who grant (the requester
 * becomes a member) or decline with a reason. Both sides are notified and audited, each in its own case.
 */
@Injectable()
export class AccessRequestsService {
  constructor(
    @Inject(STORES) private readonly stores: AppStores,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Supervisors of the case's lead agency who are members of it: those who may answer. */
  private async answerers(c: CaseRecord): Promise<UserRecord[]> {
    // Answering is managing the case's members: a supervisor given a narrower case role there does not.
    return (await this.stores.cases.members(c.id)).filter(
      (m) => m.role === 'SUPERVISOR' && mayOnCase(m.role, m.caseRole, 'case.manageMembers') && m.agencyId === c.leadAgencyId && !m.disabled,
    );
  }

  async request(ctx: RequestContext, caseId: string, entityId: string, message: string | null) {
    const p = await this.access.onCase(ctx, caseId, 'graph.analyse');
    const text = (message ?? '').trim();
    if (text.length > MAX_TEXT) throw badInput('message', `at most ${MAX_TEXT} characters`);
    const scope = await this.access.scope(ctx);
    const from = (await this.stores.cases.getCase(caseId))!;
    const hidden = (await this.stores.teamwork.accessRequests.matchingCases(caseId, [entityId])).filter(
      (m) => !scope.caseIds.has(m.otherCaseId),
    );
    if (hidden.length === 0) throw badInput('entityId', 'no case outside yours matches this entity');
    // One request per other case; an identifier match says its kind, a shared entity says so.
    const byCase = new Map<string, (typeof hidden)[number]>();
    for (const m of hidden) if (!byCase.has(m.otherCaseId) || m.reason === 'SAME_ENTITY') byCase.set(m.otherCaseId, m);
    const now = new Date();
    let sent = 0;
    let limited = 0;
    for (const [toCaseId, m] of byCase) {
      const r = await this.stores.teamwork.accessRequests.create(
        {
          id: newId('acr'),
          fromCaseId: caseId,
          toCaseId,
          requesterId: p.userId,
          reason: m.reason,
          identifierKind: m.identifierKind,
          message: text,
          status: 'PENDING',
          createdAt: now.toISOString(),
          decidedBy: null,
          decidedAt: null,
          decisionReason: null,
          grantedRole: null,
        },
        new Date(now.getTime() - REQUEST_WINDOW_MS).toISOString(),
      );
      if (!r) {
        limited += 1;
        continue;
      }
      sent += 1;
      // Each side's audit trail holds its own case: the requester's shows no other case id.
      await this.audit.record(ctx, {
        action: 'access.requested',
        outcome: 'success',
        caseId,
        targetType: 'accessRequest',
        targetId: r.id,
        details: { entityId, reason: r.reason, identifierKind: r.identifierKind ?? '' },
      });
      await this.audit.record(ctx, {
        action: 'access.request.received',
        outcome: 'success',
        caseId: toCaseId,
        targetType: 'accessRequest',
        targetId: r.id,
        details: { fromCaseReference: from.reference, reason: r.reason, identifierKind: r.identifierKind ?? '' },
      });
      const to = await this.stores.cases.getCase(toCaseId);
      if (to) {
        const recipients = (await this.answerers(to)).map((u) => u.id);
        await this.notifications.notify({
          kind: 'ACCESS_REQUESTED',
          caseId: toCaseId,
          recipients,
          actorId: p.userId,
          params: { requestId: r.id, fromCaseReference: from.reference, reason: r.reason, identifierKind: r.identifierKind ?? '' },
        });
      }
    }
    if (sent === 0 && limited > 0) {
      throw new DomainError(ErrorCode.Conflict, 'access was already requested from this case within the last day; try again tomorrow');
    }
    return { sent, limited };
  }

  async list(ctx: RequestContext) {
    const p = this.access.principal(ctx);
    const mine = await this.stores.teamwork.accessRequests.byRequester(p.userId);
    const scope = await this.access.scope(ctx);
    const outgoing = [];
    for (const r of mine) {
      const from = await this.stores.cases.getCase(r.fromCaseId);
      const to = await this.stores.cases.getCase(r.toCaseId);
      const agency = to ? await this.stores.accounts.getAgency(to.leadAgencyId) : null;
      // The other case is named only once granted and only while the requester is a member of it.
      const granted = r.status === 'GRANTED' && scope.caseIds.has(r.toCaseId) && to;
      outgoing.push({
        id: r.id,
        fromCaseId: r.fromCaseId,
        fromCaseReference: from?.reference ?? '',
        reason: r.reason,
        identifierKind: r.identifierKind,
        agencyName: agency?.name ?? '',
        status: r.status,
        createdAt: r.createdAt,
        decidedAt: r.decidedAt,
        decisionReason: r.decisionReason,
        grantedCaseId: granted ? to.id : null,
        grantedCaseReference: granted ? to.reference : null,
      });
    }
    const incoming = [];
    if (p.role === 'SUPERVISOR') {
      const cases = (await this.stores.cases.casesOfUser(p.userId)).filter(
        (c) => c.leadAgencyId === p.agencyId && mayOnCase(p.role, scope.caseRoles?.get(c.id), 'case.manageMembers'),
      );
      const byId = new Map(cases.map((c) => [c.id, c]));
      for (const r of await this.stores.teamwork.accessRequests.toCases(cases.map((c) => c.id))) {
        const requester = await this.stores.accounts.getUser(r.requesterId);
        const agency = requester ? await this.stores.accounts.getAgency(requester.agencyId) : null;
        const from = await this.stores.cases.getCase(r.fromCaseId);
        incoming.push({
          id: r.id,
          toCaseId: r.toCaseId,
          toCaseReference: byId.get(r.toCaseId)?.reference ?? '',
          requesterName: requester?.displayName ?? '',
          requesterAgency: agency?.name ?? '',
          requesterRole: requester?.role ?? null,
          fromCaseReference: from?.reference ?? '',
          reason: r.reason,
          identifierKind: r.identifierKind,
          message: r.message,
          status: r.status,
          createdAt: r.createdAt,
          decidedAt: r.decidedAt,
          decisionReason: r.decisionReason,
        });
      }
    }
    return { incoming, outgoing };
  }

  /**
   * Grant or decline. A grant may give a case role (`role`) that narrows what the requester's account may
   * do on the case; it is never above their account's role. Without one, they work it with their account's role.
   */
  async decide(ctx: RequestContext, id: string, grant: boolean, reason: string | null, role: Role | null = null) {
    const p = this.access.principal(ctx);
    const r = await this.stores.teamwork.accessRequests.get(id);
    const to = r ? await this.stores.cases.getCase(r.toCaseId) : null;
    // Only a supervisor of the asked case's lead agency who is a member of it (and manages its members there,
    // not narrowed by a case role) sees or answers a request.
    const myCaseRole = to ? await this.stores.cases.caseRoleOf(to.id, p.userId) : undefined;
    const mayAnswer =
      !!to &&
      p.role === 'SUPERVISOR' &&
      p.agencyId === to.leadAgencyId &&
      myCaseRole !== undefined &&
      mayOnCase(p.role, myCaseRole, 'case.manageMembers');
    if (!r || !to || !mayAnswer) throw new DomainError(ErrorCode.NotFound, `access request ${id} not found`, 'id');
    const why = (reason ?? '').trim();
    if (!grant && !why) throw badInput('reason', 'say why the request is declined');
    if (why.length > MAX_TEXT) throw badInput('reason', `at most ${MAX_TEXT} characters`);
    if (!grant && role !== null) throw badInput('role', 'a role is given with a grant only');
    const requester = await this.stores.accounts.getUser(r.requesterId);
    if (grant && (!requester || requester.disabled)) throw badInput('id', 'the requester’s account is disabled');
    if (grant && role !== null && !(CASE_ROLES as readonly string[]).includes(role))
      throw badInput('role', `must be one of ${CASE_ROLES.join(', ')}`);
    if (grant && role !== null && !caseRoleWithin(role, requester!.role))
      throw badInput('role', `${role} is above the requester's account role (${requester!.role}); a case role only narrows it`);
    const grantedRole = grant ? (role ?? requester!.role) : null;
    const decided = await this.stores.teamwork.accessRequests.decide(id, {
      status: grant ? 'GRANTED' : 'DECLINED',
      decidedBy: p.userId,
      decidedAt: new Date().toISOString(),
      reason: why || null,
      grantedRole,
    });
    if (!decided) throw new DomainError(ErrorCode.Conflict, 'this request was already answered');
    if (grant) {
      await this.stores.cases.addMember(to.id, r.requesterId, p.userId, role);
      this.access.invalidate(r.requesterId);
    }
    const action = grant ? 'access.granted' : 'access.declined';
    await this.audit.record(ctx, {
      action,
      outcome: 'success',
      caseId: to.id,
      targetType: 'accessRequest',
      targetId: id,
      details: {
        requesterId: r.requesterId,
        fromCaseId: r.fromCaseId,
        ...(grantedRole ? { grantedRole, caseRole: role ?? 'ACCOUNT' } : {}),
        ...(why ? { reason: why.slice(0, 200) } : {}),
      },
    });
    await this.audit.record(ctx, {
      action: 'access.answered',
      outcome: 'success',
      caseId: r.fromCaseId,
      targetType: 'accessRequest',
      targetId: id,
      details: { status: decided.status },
    });
    const from = await this.stores.cases.getCase(r.fromCaseId);
    if (grant)
      await this.notifications.notify({
        kind: 'ACCESS_GRANTED',
        caseId: to.id,
        recipients: [r.requesterId],
        actorId: p.userId,
        params: { requestId: id, fromCaseReference: from?.reference ?? '' },
      });
    else
      // About the requester's own case: nothing of the declined case, the other side's words only.
      await this.notifications.notify({
        kind: 'ACCESS_DECLINED',
        caseId: r.fromCaseId,
        recipients: [r.requesterId],
        params: { requestId: id, reason: why },
      });
    return decided.status;
  }
}
