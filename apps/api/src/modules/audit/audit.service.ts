import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntry, AuditRecord, AuditTrail } from '@homeward/audit';
import type { RequestContext } from '../../base/context.js';
import { AUDIT } from '../../base/tokens.js';

/** Writes the audit trail. Callers await it: an access is not served without its record. */
@Injectable()
export class AuditService {
  constructor(@Inject(AUDIT) readonly trail: AuditTrail) {}

  record(ctx: RequestContext | null, entry: Omit<AuditEntry, 'actorId' | 'agencyId'> & Partial<Pick<AuditEntry, 'actorId' | 'agencyId'>>): Promise<AuditRecord> {
    return this.trail.append({
      actorId: ctx?.principal?.userId ?? null,
      agencyId: ctx?.principal?.agencyId ?? null,
      purpose: ctx?.purpose ?? null,
      ...entry,
    });
  }
}
