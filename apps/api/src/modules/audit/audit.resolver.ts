import { Args, Context, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { DomainError, ErrorCode } from '@homeward/domain';
import type { RequestContext } from '../../base/context.js';
import { DateTimeScalar, JSONObjectScalar } from '../../base/scalars.js';
import { AccessService } from '../auth/access.service.js';
import { AuditService } from './audit.service.js';
import { IntArg } from '../../base/args.js';
import { AUDIT_PAGE } from './audit.service.js';

@ObjectType()
export class AuditRecordType {
  @Field(() => Int) seq: number;
  @Field(() => ID) id: string;
  @Field(() => DateTimeScalar) at: string;
  @Field(() => String) action: string;
  @Field(() => String, { description: 'success, failure or denied' }) outcome: string;
  @Field(() => ID, { nullable: true }) actorId: string | null;
  @Field(() => String, { nullable: true }) actorEmail: string | null;
  @Field(() => ID, { nullable: true }) agencyId: string | null;
  @Field(() => String, { nullable: true }) targetType: string | null;
  @Field(() => ID, { nullable: true }) targetId: string | null;
  @Field(() => ID, { nullable: true }) caseId: string | null;
  @Field(() => String, { nullable: true }) purpose: string | null;
  @Field(() => JSONObjectScalar, { nullable: true }) details: Record<string, unknown> | null;
  @Field(() => String) prevHash: string;
  @Field(() => String) hash: string;
}

@ObjectType()
export class AuditFailure {
  @Field(() => Int) seq: number;
  @Field(() => ID, { nullable: true }) id: string | null;
  @Field(() => String) reason: string;
}

@ObjectType()
export class AuditVerification {
  @Field(() => Boolean) intact: boolean;
  @Field(() => Int) checked: number;
  @Field(() => AuditFailure, { nullable: true, description: 'The first record that breaks the chain.' }) firstBad: AuditFailure | null;
}

/** Supervisors read the trail of their cases; administrators all of it. Each read is itself recorded. */
@Resolver()
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  @Query(() => [AuditRecordType], { description: 'Audit records in order. A supervisor must name a case they are a member of.' })
  async auditRecords(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID, nullable: true }) caseId: string | null,
    @Args('actorId', { type: () => ID, nullable: true }) actorId: string | null,
    @Args('action', { type: () => String, nullable: true }) action: string | null,
    @Args('afterSeq', { type: () => Int, nullable: true }) afterSeq: number | null,
    @IntArg('limit', AUDIT_PAGE) limit: number,
  ) {
    const p = this.access.allow(ctx, 'audit.read');
    if (p.role !== 'ADMIN') {
      if (!caseId) throw new DomainError(ErrorCode.BadUserInput, 'caseId: a supervisor reads the trail of one of their cases', 'caseId');
      await this.access.onCase(ctx, caseId, 'audit.read');
    }
    return this.audit.trail.query({
      caseId: caseId ?? undefined,
      actorId: actorId ?? undefined,
      action: action ?? undefined,
      afterSeq: afterSeq ?? undefined,
      limit,
    });
  }

  @Query(() => AuditVerification, { description: 'Whether the audit chain is intact and, if not, its first bad record.' })
  auditVerify(@Context() ctx: RequestContext) {
    this.access.allow(ctx, 'audit.read');
    return this.audit.trail.verify();
  }
}
