import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, may, mayOnCase, type Action, type Role } from '@homeward/domain';
import type { Scope, StateStores } from '@homeward/graph-store';
import type { Principal, RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';

/**
 * Need-to-know, in one place: who the caller is, which cases they may see,
 * and whether their role allows an action on a case they are a member of.
 * A case the caller is not a member of is reported as not found, never as
 * forbidden, so its existence does not leak.
 */
/**
 * How long a user's list of cases is reused across requests. Changes made in
 * this process invalidate it at once; a change made elsewhere (another
 * replica) is seen within this time, as the live-access sweep is.
 */
export const SCOPE_TTL_MS = 2000;

@Injectable()
export class AccessService {
  private readonly scopes = new Map<string, { at: number; scope: Promise<Scope> }>();

  constructor(@Inject(STORES) private readonly stores: StateStores) {}

  /** Forget a user's cached cases (after their membership changed). */
  invalidate(userId: string): void {
    this.scopes.delete(userId);
  }

  private userScope(userId: string): Promise<Scope> {
    const now = Date.now();
    const hit = this.scopes.get(userId);
    if (hit && now - hit.at < SCOPE_TTL_MS) return hit.scope;
    const scope = this.stores.cases.memberships(userId).then((ms) => ({
      caseIds: new Set(ms.map((m) => m.caseId)),
      caseRoles: new Map(ms.flatMap((m) => (m.caseRole ? [[m.caseId, m.caseRole] as const] : []))),
    }));
    // A failed load is not cached.
    scope.catch(() => this.scopes.delete(userId));
    if (this.scopes.size > 10_000) this.scopes.clear();
    this.scopes.set(userId, { at: now, scope });
    return scope;
  }

  principal(ctx: RequestContext): Principal {
    if (!ctx.principal) throw new DomainError(ErrorCode.Unauthenticated, 'sign in first');
    return ctx.principal;
  }

  scope(ctx: RequestContext): Promise<Scope> {
    const p = this.principal(ctx);
    ctx.scope ??= this.userScope(p.userId);
    return ctx.scope;
  }

  /**
   * The caller, after checking they are a member of `caseId` and their role allows `action` there: their
   * account's role and, when their membership carries one, their case role (which only narrows).
   */
  async onCase(ctx: RequestContext, caseId: string, action: Action): Promise<Principal> {
    const p = this.principal(ctx);
    const scope = await this.scope(ctx);
    if (!scope.caseIds.has(caseId)) throw new DomainError(ErrorCode.NotFound, `case ${caseId} not found`, 'caseId');
    if (!may(p.role, action)) throw new DomainError(ErrorCode.Forbidden, `a ${p.role.toLowerCase()} may not ${action}`);
    const caseRole = scope.caseRoles?.get(caseId) ?? null;
    if (!mayOnCase(p.role, caseRole, action))
      throw new DomainError(ErrorCode.Forbidden, `on this case you are a ${caseRole!.toLowerCase()}, who may not ${action}`);
    return p;
  }

  /** The caller's case role on a case they are a member of (null: their account's role; undefined: not a member). */
  async caseRole(ctx: RequestContext, caseId: string): Promise<Role | null | undefined> {
    const scope = await this.scope(ctx);
    if (!scope.caseIds.has(caseId)) return undefined;
    return scope.caseRoles?.get(caseId) ?? null;
  }

  /** Whether the caller, a member of `caseId`, may do `action` there (false when not a member). */
  async mayOn(ctx: RequestContext, caseId: string, action: Action): Promise<boolean> {
    const caseRole = await this.caseRole(ctx, caseId);
    return caseRole !== undefined && mayOnCase(this.principal(ctx).role, caseRole, action);
  }

  /**
   * What a user may do with a case's notes and timeline (the collaboration rooms): edit, follow
   * read-only (a member whose role, or case role, reads cases but does not edit documents; an ADMIN), or nothing.
   * Membership is read fresh, not from the cached scope: a member removed a moment ago is refused.
   */
  async documentAccess(userId: string, caseId: string): Promise<'ok' | 'read-only' | 'forbidden'> {
    const user = await this.stores.accounts.getUser(userId);
    if (!user || user.disabled || !may(user.role, 'case.read')) return 'forbidden';
    const caseRole = await this.stores.cases.caseRoleOf(caseId, userId);
    if (caseRole === undefined) return 'forbidden';
    // The case role, if the membership carries one, narrows the account's role here too.
    return mayOnCase(user.role, caseRole, 'notes.edit') && mayOnCase(user.role, caseRole, 'timeline.edit') ? 'ok' : 'read-only';
  }

  allow(ctx: RequestContext, action: Action): Principal {
    const p = this.principal(ctx);
    if (!may(p.role, action)) throw new DomainError(ErrorCode.Forbidden, `a ${p.role.toLowerCase()} may not ${action}`);
    return p;
  }
}
