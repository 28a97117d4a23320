import { DriverRunner, int, toNumber, type Row, type Tx, type TxRunner } from '@homeward/neo4j-kit';
import type { Driver } from 'neo4j-driver';
import { randomUUID } from 'node:crypto';
import {
  ChainVerifier,
  EMPTY_HEAD,
  GENESIS_HASH,
  canonicalDetails,
  hashStored,
  nextAt,
  normalizeEntry,
  type ChainHead,
  type StoredRecord,
} from './chain';
import { CYPHER, type CypherName } from './cypher';
import { AuditHeadMissingError, clampLimit } from './errors';
import type { AuditDetails, AuditOutcome, AuditRecord, AuditTrail, VerifyResult } from './port';

export type { Row };

/** One transaction that runs statements of the CYPHER record by name only. */
export type AuditTx = Tx<CypherName>;

/** Managed transactions (the shared runner of @homeward/neo4j-kit): the driver retries transient failures, so work must be repeatable from scratch. */
export type AuditTxRunner = TxRunner<CypherName>;

const num = (v: unknown): number => toNumber(v, 'an audit field');
function str(v: unknown): string {
  if (typeof v !== 'string') throw new Error(`expected a string from Neo4j, got ${typeof v}`);
  return v;
}
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : str(v));

/** Tolerant of any value, because verification must report a tampered node instead of crashing on it. */
const loose = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));
function looseNum(v: unknown): number {
  try {
    return toNumber(v, 'seq');
  } catch {
    return Number.NaN;
  }
}

function toStored(r: Row): StoredRecord {
  return {
    seq: looseNum(r.seq),
    id: loose(r.id) ?? '',
    at: loose(r.at) ?? '',
    action: loose(r.action) ?? '',
    outcome: loose(r.outcome) ?? '',
    actorId: loose(r.actorId),
    actorEmail: loose(r.actorEmail),
    agencyId: loose(r.agencyId),
    targetType: loose(r.targetType),
    targetId: loose(r.targetId),
    caseId: loose(r.caseId),
    purpose: loose(r.purpose),
    detailsJson: loose(r.details),
    prevHash: loose(r.prevHash) ?? '',
    hash: loose(r.hash) ?? '',
  };
}

function toRecord(r: Row): AuditRecord {
  const details = strOrNull(r.details);
  return {
    seq: num(r.seq),
    id: str(r.id),
    at: str(r.at),
    action: str(r.action),
    outcome: str(r.outcome) as AuditOutcome,
    actorId: strOrNull(r.actorId),
    actorEmail: strOrNull(r.actorEmail),
    agencyId: strOrNull(r.agencyId),
    targetType: strOrNull(r.targetType),
    targetId: strOrNull(r.targetId),
    caseId: strOrNull(r.caseId),
    purpose: strOrNull(r.purpose),
    details: details === null ? null : (JSON.parse(details) as AuditDetails),
    prevHash: str(r.prevHash),
    hash: str(r.hash),
  };
}

const readHeadRow = (rows: Row[]): ChainHead | null =>
  rows.length ? { seq: num(rows[0].seq), hash: str(rows[0].hash), at: str(rows[0].at) } : null;

const VERIFY_PAGE = 10_000;

/** The trail over any runner: the driver in production, a scripted fake in unit tests. */
export function createNeo4jAuditTrail(runner: AuditTxRunner): AuditTrail {
  let closed = false;
  const open = () => {
    if (closed) throw new Error('audit trail is closed');
  };

  // Group commit: the appends asked for while a transaction holds the head go together in the next
  // one, chained in order. Every audited request (reads included) appends, and every appender in
  // every replica takes the one head lock: a transaction per request made that lock the queue of
  // the whole deployment; a group costs about one commit whatever its size.
  interface Pending {
    readonly n: ReturnType<typeof normalizeEntry>;
    readonly resolve: (r: AuditRecord) => void;
    readonly reject: (err: unknown) => void;
  }
  let pending: Pending[] = [];
  let flushing: Promise<void> | null = null;
  let scheduled = false;
  const writeGroup = (items: readonly Pending[]): Promise<AuditRecord[]> =>
    runner.write(async (tx) => {
      const [h] = await tx.run('lockHead', { genesis: GENESIS_HASH, lock: randomUUID() });
      let head = { seq: num(h.seq), hash: str(h.hash), at: str(h.at) };
      // A head at zero over existing records was just recreated by MERGE after being deleted; throwing rolls that back.
      if (head.seq === 0 && num(h.records) > 0) throw new AuditHeadMissingError();
      const out: AuditRecord[] = [];
      for (const { n } of items) {
        const seq = head.seq + 1;
        const at = nextAt(head.at);
        const id = randomUUID();
        const detailsJson = canonicalDetails(n.details);
        const hash = hashStored(head.hash, { ...n, seq, id, at, detailsJson });
        out.push({ ...n, seq, id, at, prevHash: head.hash, hash });
        head = { seq, hash, at };
      }
      await tx.run('appendRecords', {
        records: out.map((r) => ({
          seq: int(r.seq),
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
          details: canonicalDetails(r.details),
          prevHash: r.prevHash,
          hash: r.hash,
        })),
        seq: int(head.seq),
        hash: head.hash,
        at: head.at,
      });
      return out;
    });
  const flush = (): void => {
    scheduled = false;
    if (flushing || pending.length === 0) return;
    const items = pending;
    pending = [];
    flushing = (async () => {
      try {
        const records = await writeGroup(items);
        items.forEach((p, i) => p.resolve(records[i]));
      } catch (err) {
        // The group was rolled back whole: each alone, in order, so that only an entry that cannot be written fails.
        if (items.length === 1) return items[0].reject(err);
        for (const p of items) await writeGroup([p]).then(([r]) => p.resolve(r), p.reject);
      }
    })().finally(() => {
      flushing = null;
      if (pending.length) flush();
    });
  };
  const schedule = (): void => {
    if (!scheduled && !flushing) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  return {
    append(entry) {
      let n: ReturnType<typeof normalizeEntry>;
      try {
        open();
        n = normalizeEntry(entry);
      } catch (err) {
        return Promise.reject(err);
      }
      return new Promise<AuditRecord>((resolve, reject) => {
        pending.push({ n, resolve, reject });
        schedule();
      });
    },

    async query(q) {
      open();
      const params = {
        afterSeq: int(q.afterSeq ?? 0),
        actorId: q.actorId ?? null,
        action: q.action ?? null,
        from: q.from ?? null,
        to: q.to ?? null,
        limit: int(clampLimit(q.limit)),
      };
      const rows = await runner.read((tx) =>
        q.caseId !== undefined ? tx.run('queryByCase', { ...params, caseId: q.caseId }) : tx.run('queryAll', params),
      );
      return rows.map(toRecord);
    },

    async verify(onProgress) {
      open();
      const head = readHeadRow(await runner.read((tx) => tx.run('readHead')));
      const end = head
        ? head.seq
        : await runner.read(async (tx) => {
            const [r] = await tx.run('maxSeq');
            return r && r.seq !== null ? num(r.seq) : 0;
          });
      const v = new ChainVerifier();
      let after = 0;
      for (;;) {
        // One short read per page rather than one long transaction over a million nodes.
        const rows = await runner.read((tx) => tx.run('verifyPage', { afterSeq: int(after), end: int(end), limit: int(VERIFY_PAGE) }));
        for (const row of rows) {
          const s = toStored(row);
          after = Number.isFinite(s.seq) ? s.seq : after;
          if (!v.push(s)) break;
        }
        onProgress?.(v.checked);
        if (v.failed || rows.length < VERIFY_PAGE) break;
      }
      const result: VerifyResult = v.finish(head);
      if (!result.intact) return result;
      const [c] = await runner.read((tx) => tx.run('countUpTo', { end: int(end) }));
      if (num(c.n) !== end) {
        return {
          intact: false,
          checked: result.checked,
          firstBad: { seq: end, id: null, reason: `${num(c.n)} records carry seqs 1..${end} (a forged duplicate)` },
        };
      }
      const beyond = await runner.read(async (tx) => {
        const now = readHeadRow(await tx.run('readHead'));
        const [m] = await tx.run('maxSeq');
        const max = m && m.seq !== null ? num(m.seq) : 0;
        return now && max > now.seq ? now.seq + 1 : null;
      });
      if (beyond !== null)
        return {
          intact: false,
          checked: result.checked,
          firstBad: { seq: beyond, id: null, reason: `records after the head at ${beyond - 1} (inserted behind the trail)` },
        };
      return result;
    },

    async count() {
      open();
      const [r] = await runner.read((tx) => tx.run('countAll'));
      return num(r.n);
    },

    async head() {
      open();
      const head = readHeadRow(await runner.read((tx) => tx.run('readHead')));
      if (head) return head;
      // The head node is made by the first append: before it, an empty trail is at genesis (as the embedded
      // trail, which writes its genesis head at open); a missing head over existing records stays null.
      const [r] = await runner.read((tx) => tx.run('countAll'));
      return num(r.n) === 0 ? EMPTY_HEAD : null;
    },

    async hashAt(seq) {
      open();
      const rows = await runner.read((tx) => tx.run('hashAt', { seq: int(seq) }));
      // Two records claiming one seq is itself tampering: the checkpoint check then sees no single answer.
      return rows.length === 1 ? str(rows[0].hash) : null;
    },

    async close() {
      // The driver is the caller's, shared with the other stores. Appends already asked for are written first.
      closed = true;
      while (flushing || pending.length) {
        if (!flushing) flush();
        await flushing;
      }
    },
  };
}

/**
 * The audit trail in Neo4j: (:AuditRecord) nodes chained by hash and one
 * (:AuditHead) that both serializes appenders across API processes and
 * records where the chain must end. A write resolves after commit.
 */
export function openNeo4jAuditTrail(driver: Driver, database?: string): AuditTrail {
  return createNeo4jAuditTrail(new DriverRunner(driver, CYPHER, { database }));
}
