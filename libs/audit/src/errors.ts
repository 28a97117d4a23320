import { DEFAULT_QUERY_LIMIT, MAX_QUERY_LIMIT } from './port';

/**
 * The head row is gone while records remain: the trail was tampered with.
 * Appending is refused (recreating the head would hide the deletion); verify
 * still runs and reports it.
 */
export class AuditHeadMissingError extends Error {
  constructor() {
    super('audit trail head is missing: the trail has been tampered with; run audit:verify');
    this.name = 'AuditHeadMissingError';
  }
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_QUERY_LIMIT;
  return Math.max(1, Math.min(MAX_QUERY_LIMIT, Math.floor(limit)));
}
