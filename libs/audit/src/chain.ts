import { hash as digest } from 'node:crypto';
import type { AuditDetails, AuditDetailValue, AuditEntry, AuditOutcome, AuditRecord, VerifyFailure, VerifyResult } from './port';

/** The prevHash of record 1. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Bumped if the canonical form ever changes; it is part of every hash, so a
 * verifier can never mistake one form for another.
 */
export const CHAIN_FORMAT = 1;

/** A record's hashed fields as stored: details already in their canonical JSON text. */
export interface StoredFields {
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  readonly action: string;
  readonly outcome: string;
  readonly actorId: string | null;
  readonly actorEmail: string | null;
  readonly agencyId: string | null;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly caseId: string | null;
  readonly purpose: string | null;
  readonly detailsJson: string | null;
}

export interface StoredRecord extends StoredFields {
  readonly prevHash: string;
  readonly hash: string;
}

/** The last record as the trail knows it; seq 0 with the genesis hash when empty. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH, at: '' };

/** A record already found good, from which a verifier can carry on instead of starting at seq 1. */
export interface ChainPosition extends ChainHead {
  readonly id: string | null;
}

/** Details as JSON with keys sorted, so the same details always hash the same; null when there are none. */
export function canonicalDetails(details: AuditDetails | null | undefined): string | null {
  if (!details) return null;
  const keys = Object.keys(details).sort();
  if (keys.length === 0) return null;
  const sorted: Record<string, AuditDetailValue> = {};
  for (const k of keys) sorted[k] = details[k];
  return JSON.stringify(sorted);
}

/**
 * The exact text a hash covers: a JSON array in a fixed order (so no key
 * order or missing field can change it, and every absent value is an explicit
 * null), then the canonical details. JSON escapes newlines inside strings, so
 * the separator cannot be forged by a field's content.
 */
export function canonicalize(f: StoredFields): string {
  const head = JSON.stringify([
    CHAIN_FORMAT,
    f.seq,
    f.id,
    f.at,
    f.action,
    f.outcome,
    f.actorId,
    f.actorEmail,
    f.agencyId,
    f.targetType,
    f.targetId,
    f.caseId,
    f.purpose,
  ]);
  return `${head}\n${f.detailsJson ?? 'null'}`;
}

export function hashStored(prevHash: string, f: StoredFields): string {
  // One-shot hashing: a Hash object per record costs more than the digest itself over a million records.
  return digest('sha256', `${prevHash}\n${canonicalize(f)}`, 'hex');
}

/** Hash of a record's fields chained to the previous record's hash. */
export function hashRecord(prevHash: string, fields: Omit<AuditRecord, 'prevHash' | 'hash'>): string {
  return hashStored(prevHash, toStoredFields(fields));
}

export function toStoredFields(r: Omit<AuditRecord, 'prevHash' | 'hash'>): StoredFields {
  return {
    seq: r.seq,
    id: r.id,
    at: r.at,
    action: r.action,
    outcome: r.outcome,
    actorId: r.actorId,
    actorEmail: r.actorEmail,
    agencyId: r.agencyId,
    targetType: r.targetType,
    targetId: r.targetId,
    caseId: r.caseId,
    purpose: r.purpose,
    detailsJson: canonicalDetails(r.details),
  };
}

/**
 * The time of the next record: now, or the previous record's time when the
 * clock has stepped back (NTP, another server behind), so `at` never
 * decreases along the chain and a reordered record shows.
 */
export function nextAt(previousAt: string, now: Date = new Date()): string {
  const iso = now.toISOString();
  return iso > previousAt ? iso : previousAt;
}

/**
 * Checks records one at a time in the order stored, remembering only the
 * previous hash and time, so a million records verify in constant memory.
 * Stops at the first bad record: after a break every later link is suspect
 * and the first one is what an examiner needs.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private prevAt = '';
  private lastId: string | null = null;
  private bad: VerifyFailure | null = null;
  private good = 0;

  /**
   * With `after`, carries on behind a record that a faster check already
   * found good together with everything before it, so verdicts and counts
   * are the same as if this verifier had walked from seq 1.
   */
  constructor(after?: ChainPosition) {
    if (after && after.seq > 0) {
      this.expectedSeq = after.seq + 1;
      this.prevHash = after.hash;
      this.prevAt = after.at;
      this.lastId = after.id;
      this.good = after.seq;
    }
  }

  get checked(): number {
    return this.good;
  }

  get failed(): boolean {
    return this.bad !== null;
  }

  /** False once a bad record has been found; later pushes are ignored. */
  push(r: StoredRecord): boolean {
    if (this.bad) return false;
    if (r.seq !== this.expectedSeq) {
      this.bad =
        r.seq > this.expectedSeq
          ? {
              seq: this.expectedSeq,
              id: null,
              reason: `record ${this.expectedSeq} is missing: seq jumps from ${this.expectedSeq - 1} to ${r.seq} (deleted)`,
            }
          : { seq: r.seq, id: r.id, reason: `seq ${r.seq} found where ${this.expectedSeq} was expected (duplicated or reordered)` };
      return false;
    }
    if (hashStored(r.prevHash, r) !== r.hash) {
      this.bad = { seq: r.seq, id: r.id, reason: 'hash does not match the record content (edited)' };
      return false;
    }
    if (r.prevHash !== this.prevHash) {
      this.bad = {
        seq: r.seq,
        id: r.id,
        reason: `prevHash does not match the hash of record ${r.seq - 1} (a record was replaced, inserted or reordered)`,
      };
      return false;
    }
    if (r.at < this.prevAt) {
      this.bad = { seq: r.seq, id: r.id, reason: `time ${r.at} is before the previous record's ${this.prevAt} (reordered)` };
      return false;
    }
    this.prevHash = r.hash;
    this.prevAt = r.at;
    this.lastId = r.id;
    this.expectedSeq += 1;
    this.good += 1;
    return true;
  }

  /**
   * The verdict. With a head (kept apart from the records and written in the
   * same transaction), the chain must end exactly there: deleting the last
   * records leaves a chain that is internally consistent, and only the head
   * shows that it is short.
   */
  finish(head?: ChainHead | null): VerifyResult {
    if (!this.bad && head !== undefined) {
      if (head === null) {
        if (this.good > 0) this.bad = { seq: this.good, id: this.lastId, reason: 'the chain head is missing (deleted)' };
      } else if (this.good < head.seq) {
        this.bad = {
          seq: this.good + 1,
          id: null,
          reason: `the head says the chain ends at ${head.seq} but it ends at ${this.good} (trailing records deleted)`,
        };
      } else if (this.good > head.seq) {
        this.bad = { seq: head.seq + 1, id: null, reason: `records after the head at ${head.seq} (inserted behind the trail)` };
      } else if (head.hash !== this.prevHash) {
        this.bad = { seq: head.seq, id: this.lastId, reason: 'the last record does not match the hash kept in the head (replaced)' };
      }
    }
    return { intact: this.bad === null, checked: this.good, firstBad: this.bad };
  }
}

/** Verifies records given in stored order; with `head`, also that the chain ends there. */
export function verifyChain(records: Iterable<AuditRecord | StoredRecord>, head?: ChainHead | null): VerifyResult {
  const v = new ChainVerifier();
  for (const r of records) {
    const stored: StoredRecord = 'detailsJson' in r ? r : { ...toStoredFields(r), prevHash: r.prevHash, hash: r.hash };
    if (!v.push(stored)) break;
  }
  return v.finish(head);
}

// ---------------------------------------------------------------------------
// Redaction: the trail must never hold a credential, whatever a caller passes.

const SECRET_KEY = /passw(or)?d|passphrase|token|authori[sz]ation|secret|hash|cookie|credential|api[-_]?key|private[-_]?key/i;

/** JWTs (this server's session tokens), bearer headers, and argon2/bcrypt password hashes. */
const SECRET_TEXT = [
  /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  /\bBearer\s+\S+/gi,
  /\$argon2(?:id|i|d)\$\S+/g,
  /\$2[aby]\$\d\d\$[./A-Za-z0-9]{20,}/g,
];

export const REDACTED = '[redacted]';

/** Bounds that keep one careless caller from flooding the trail; longer text is cut, not refused. */
export const LIMITS = { detailKeys: 64, keyLength: 64, detailText: 2000, purpose: 1000, field: 512 } as const;

export function looksSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** The text with anything that looks like a credential replaced; the rest is kept as evidence. */
export function scrubText(text: string): string {
  let out = text;
  for (const re of SECRET_TEXT) out = out.replace(re, REDACTED);
  return out;
}

/**
 * A UTF-16 half without its other half cannot be stored as UTF-8: SQLite
 * would hand back different text than was hashed, and that record would
 * fail verification for ever, so any client could fake a tampering alarm.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Bounded and storable as it will be read back; a cut never splits a surrogate pair (an emoji) in two. */
function cut(text: string, max: number): string {
  let out = text;
  if (text.length > max) {
    const end = /[\ud800-\udbff]/.test(text[max - 2] ?? '') ? max - 2 : max - 1;
    out = `${text.slice(0, end)}…`;
  }
  return out.replace(LONE_SURROGATE, '\ufffd');
}

export interface SanitizedDetails {
  readonly details: AuditDetails | null;
  /** Keys whose value was replaced or that were dropped, for the record itself to say so. */
  readonly redacted: readonly string[];
}

/**
 * Details fit to store. Values under secret-looking keys are replaced (the
 * key stays, so a reviewer sees that the caller tried to log one), token- and
 * hash-looking text inside other values is replaced, non-scalar and
 * non-finite values become null, and the size is bounded. Never throws: an
 * audit record must not be lost because a caller was careless.
 */
export function sanitizeDetails(details: Readonly<Record<string, unknown>> | null | undefined): SanitizedDetails {
  if (!details) return { details: null, redacted: [] };
  const out: AuditDetails = {};
  const redacted: string[] = [];
  let n = 0;
  for (const [rawKey, value] of Object.entries(details)) {
    const key = cut(rawKey, LIMITS.keyLength);
    if (n >= LIMITS.detailKeys) {
      redacted.push(key);
      continue;
    }
    n += 1;
    if (looksSecretKey(key)) {
      out[key] = REDACTED;
      redacted.push(key);
    } else if (typeof value === 'string') {
      const clean = scrubText(value);
      if (clean !== value) redacted.push(key);
      out[key] = cut(clean, LIMITS.detailText);
    } else if (typeof value === 'number') {
      out[key] = Number.isFinite(value) ? value : null;
    } else if (typeof value === 'boolean' || value === null) {
      out[key] = value;
    } else {
      // Objects could smuggle anything past the key check; they are not evidence the trail needs.
      out[key] = null;
      if (value !== undefined) redacted.push(key);
    }
  }
  return { details: Object.keys(out).length ? out : null, redacted };
}

const ACTION = /^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9_-]+)+$/;
const OUTCOMES: ReadonlySet<string> = new Set<AuditOutcome>(['success', 'failure', 'denied']);

const opt = (v: string | null | undefined, max: number = LIMITS.field): string | null =>
  v === undefined || v === null ? null : cut(v, max);

/**
 * The entry as it will be stored, without seq, id, time or hashes. A bad
 * action or outcome is a programming error and throws; everything a client
 * supplied (purpose, details) is cleaned instead of refused.
 */
export function normalizeEntry(e: AuditEntry): Omit<AuditRecord, 'seq' | 'id' | 'at' | 'prevHash' | 'hash'> {
  if (typeof e.action !== 'string' || !ACTION.test(e.action) || e.action.length > 128) {
    throw new TypeError(`audit action must look like 'area.verb', got ${JSON.stringify(e.action)}`);
  }
  if (!OUTCOMES.has(e.outcome)) throw new TypeError(`audit outcome must be success, failure or denied, got ${JSON.stringify(e.outcome)}`);
  const { details, redacted } = sanitizeDetails(e.details);
  const withNote: AuditDetails | null = redacted.length ? { ...(details ?? {}), redactedKeys: redacted.join(',') } : details;
  return {
    action: e.action,
    outcome: e.outcome,
    actorId: opt(e.actorId),
    actorEmail: opt(e.actorEmail),
    agencyId: opt(e.agencyId),
    targetType: opt(e.targetType),
    targetId: opt(e.targetId),
    caseId: opt(e.caseId),
    purpose: e.purpose === undefined || e.purpose === null ? null : cut(scrubText(e.purpose), LIMITS.purpose),
    details: withNote,
  };
}
