import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntry, AuditRecord, AuditTrail } from '@homeward/audit';
import type { RequestContext } from '../../base/context.js';
import { AUDIT } from '../../base/tokens.js';
import type { IntBounds } from '../../base/args.js';

/** Writes the audit trail. Callers await it: an access is not served without its record. */
/** One page of audit records: a reader pages on with afterSeq. */
export const AUDIT_PAGE: IntBounds = { default: 100, min: 1, max: 1000 };

@Injectable()
export class AuditService {
  constructor(@Inject(AUDIT) readonly trail: AuditTrail) {}

  record(
    ctx: RequestContext | null,
    entry: Omit<AuditEntry, 'actorId' | 'agencyId'> & Partial<Pick<AuditEntry, 'actorId' | 'agencyId'>>,
  ): Promise<AuditRecord> {
    return this.trail.append({
      actorId: ctx?.principal?.userId ?? null,
      agencyId: ctx?.principal?.agencyId ?? null,
      purpose: ctx?.purpose ?? null,
      ...entry,
    });
  }
}
