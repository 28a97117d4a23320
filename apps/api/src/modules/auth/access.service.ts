import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, may, type Action } from '@homeward/domain';
import type { Scope, StateStores } from '@homeward/graph-store';
import type { Principal, RequestContext } from '../../base/context.js';
import { STORES } from '../../base/tokens.js';

/**
 * Need-to-know, in one place: who the caller is, which cases they may see,
 * and whether their role allows an action on a case they are a member of.
 * A case the caller is not a member of is reported as not found, never as
 * forbidden, so its existence does not leak.
 */
@Injectable()
export class AccessService {
  constructor(@Inject(STORES) private readonly stores: StateStores) {}

  principal(ctx: RequestContext): Principal {
    if (!ctx.principal) throw new DomainError(ErrorCode.Unauthenticated, 'sign in first');
    return ctx.principal;
  }

  scope(ctx: RequestContext): Promise<Scope> {
    const p = this.principal(ctx);
    ctx.scope ??= this.stores.cases.caseIdsOfUser(p.userId).then((ids) => ({ caseIds: new Set(ids) }));
    return ctx.scope;
  }

  /** The caller, after checking they are a member of `caseId` and their role allows `action`. */
  async onCase(ctx: RequestContext, caseId: string, action: Action): Promise<Principal> {
    const p = this.principal(ctx);
    const scope = await this.scope(ctx);
    if (!scope.caseIds.has(caseId)) throw new DomainError(ErrorCode.NotFound, `case ${caseId} not found`, 'caseId');
    if (!may(p.role, action)) throw new DomainError(ErrorCode.Forbidden, `a ${p.role.toLowerCase()} may not ${action}`);
    return p;
  }

  allow(ctx: RequestContext, action: Action): Principal {
    const p = this.principal(ctx);
    if (!may(p.role, action)) throw new DomainError(ErrorCode.Forbidden, `a ${p.role.toLowerCase()} may not ${action}`);
    return p;
  }
}
