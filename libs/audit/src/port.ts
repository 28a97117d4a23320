import type { ChainHead } from './chain';
/** Scalar values only: details are evidence about an event, not a place to park objects. */
export type AuditDetailValue = string | number | boolean | null;
export type AuditDetails = Record<string, AuditDetailValue>;

export type AuditOutcome = 'success' | 'failure' | 'denied';

/** What happened, as the caller reports it. The trail adds time, sequence and hashes. */
export interface AuditEntry {
  /** Dotted verb, area first: 'auth.login', 'graph.addPerson', 'case.read', 'collab.open', 'audit.read'. */
  readonly action: string;
  readonly outcome: AuditOutcome;
  /** Null when nobody could be identified (a failed login for an unknown email). */
  readonly actorId: string | null;
  readonly actorEmail?: string | null;
  readonly agencyId: string | null;
  readonly targetType?: string | null;
  readonly targetId?: string | null;
  readonly caseId?: string | null;
  /** The purpose the client stated for the access, when it gave one. */
  readonly purpose?: string | null;
  readonly details?: AuditDetails;
}

/** One stored, chained record. Optional entry fields are always present here, as null when not given. */
export interface AuditRecord {
  readonly seq: number;
  readonly id: string;
  /** UTC ISO-8601 with milliseconds, set by the trail; never decreases along the chain. */
  readonly at: string;
  readonly action: string;
  readonly outcome: AuditOutcome;
  readonly actorId: string | null;
  readonly actorEmail: string | null;
  readonly agencyId: string | null;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly caseId: string | null;
  readonly purpose: string | null;
  readonly details: AuditDetails | null;
  /** Hash of the record before (the genesis hash for seq 1). */
  readonly prevHash: string;
  /** sha256 hex over prevHash and this record's canonical fields. */
  readonly hash: string;
}

export interface AuditQuery {
  readonly caseId?: string;
  readonly actorId?: string;
  readonly action?: string;
  /** Inclusive lower bound on `at` (UTC ISO). */
  readonly from?: string;
  /** Exclusive upper bound on `at` (UTC ISO). */
  readonly to?: string;
  /** Page on: records with a greater seq only. */
  readonly afterSeq?: number;
  /** Defaults to DEFAULT_QUERY_LIMIT, capped at MAX_QUERY_LIMIT. */
  readonly limit?: number;
}

export interface VerifyFailure {
  readonly seq: number;
  /** Null when the record at that place is missing (deleted). */
  readonly id: string | null;
  readonly reason: string;
}

export interface VerifyResult {
  readonly intact: boolean;
  /** Records whose hash and link were checked and found good before the first bad one. */
  readonly checked: number;
  readonly firstBad: VerifyFailure | null;
}

/**
 * The append-only, hash-chained audit trail. Records come back in seq order;
 * there is no update or delete, and adapters refuse them below this interface
 * too where the database allows.
 */
export interface AuditTrail {
  /** Resolves once the record is durably stored; rejects (and stores nothing) on failure. */
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** Matching records in ascending seq order. The caller audits the read itself ('audit.read'). */
  query(q: AuditQuery): Promise<AuditRecord[]>;
  /**
   * Walks the chain from seq 1 to the head as it was when verification began
   * (records appended meanwhile are left for the next run). `onProgress` gets
   * the running count of checked records now and then.
   */
  verify(onProgress?: (checked: number) => void): Promise<VerifyResult>;
  count(): Promise<number>;
  /** Where the chain ends now (seq 0 and the genesis hash when empty; null if the head was deleted): what a checkpoint signs. */
  head(): Promise<ChainHead | null>;
  /** The stored hash of record `seq`, or null when there is none: what a checkpoint is checked against. */
  hashAt(seq: number): Promise<string | null>;
  close?(): Promise<void>;
}

export const DEFAULT_QUERY_LIMIT = 100;
/** A page larger than this would let one query pin the server; callers page with afterSeq. */
export const MAX_QUERY_LIMIT = 1000;
