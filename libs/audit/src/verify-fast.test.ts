import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { entry } from './__tests__/contract';
import { canonicalize, hashStored, verifyChain, type ChainHead, type StoredFields, type StoredRecord } from './chain';
import { openEmbeddedAuditTrail, type EmbeddedAuditOptions } from './embedded';
import type { VerifyResult } from './port';
import { PREIMAGE_SQL } from './verify-fast';

type Db = Database.Database;

const dirs: string[] = [];
const open: Db[] = [];

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openDb(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  open.push(db);
  return db;
}

function seeded(n: number): { file: string; db: Db } {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-audit-fast-'));
  dirs.push(dir);
  const file = join(dir, 'homeward.db');
  const db = openDb(file);
  const trail = openEmbeddedAuditTrail(db, { verifyWorkers: 0 });
  trail.appendMany(
    Array.from({ length: n }, (_, i) =>
      entry({
        targetId: `ent_${i}`,
        purpose: i % 4 === 0 ? `sighting #${i}` : null,
        details: i % 3 === 0 ? { step: i, note: 'x"y\\z' } : undefined,
      }),
    ),
  );
  return { file, db };
}

/** A connection with the append-only triggers dropped, as anyone holding the file can do. */
function attacker(file: string): Db {
  const db = openDb(file);
  for (const { name } of db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'")
    .all()) {
    db.exec(`DROP TRIGGER ${name}`);
  }
  return db;
}

interface RecordRow {
  seq: number;
  id: string;
  at: string;
  action: string;
  outcome: string;
  actor_id: string | null;
  actor_email: string | null;
  agency_id: string | null;
  target_type: string | null;
  target_id: string | null;
  case_id: string | null;
  purpose: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

const fieldsOf = (r: RecordRow): StoredFields => ({
  seq: r.seq,
  id: r.id,
  at: r.at,
  action: r.action,
  outcome: r.outcome,
  actorId: r.actor_id,
  actorEmail: r.actor_email,
  agencyId: r.agency_id,
  targetType: r.target_type,
  targetId: r.target_id,
  caseId: r.case_id,
  purpose: r.purpose,
  detailsJson: r.details,
});

/** The verdict of the plain record-by-record walk the trail used before the fast check existed. */
function reference(db: Db): VerifyResult {
  const head = db.prepare<[], ChainHead>('SELECT seq, hash, at FROM audit_head WHERE id = 1').get() ?? null;
  const end = head ? head.seq : Number.MAX_SAFE_INTEGER;
  const rows = db.prepare<[number], RecordRow>('SELECT * FROM audit_record WHERE seq <= ? ORDER BY seq').all(end);
  const stored = rows.map((r): StoredRecord => ({ ...fieldsOf(r), prevHash: r.prev_hash, hash: r.hash }));
  return verifyChain(stored, head);
}

const PARALLEL: EmbeddedAuditOptions = { verifyWorkers: 2, verifyChunk: 7 };
const IN_THREAD: EmbeddedAuditOptions = { verifyWorkers: 0 };

async function verdicts(db: Db): Promise<{ parallel: VerifyResult; inThread: VerifyResult; reference: VerifyResult }> {
  return {
    parallel: await openEmbeddedAuditTrail(db, PARALLEL).verify(),
    inThread: await openEmbeddedAuditTrail(db, IN_THREAD).verify(),
    reference: reference(db),
  };
}

describe('preimage built by SQLite', () => {
  it('is the exact text hashStored hashes, whatever the text holds', () => {
    const db = openDb(':memory:');
    const units =
      Array.from({ length: 0xd800 }, (_, c) => String.fromCharCode(c)).join('') +
      Array.from({ length: 0x2000 }, (_, c) => String.fromCharCode(0xe000 + c)).join('');
    const odd = ['', 'null', '"quoted" \\back\\slash/ \u2028\u2029', 'emoji 😀 𝄞', '\u0000nul\u007f', units];
    const stmt = db.prepare<unknown[], string>(
      `SELECT ${PREIMAGE_SQL} FROM (SELECT ? AS prev_hash, ? AS seq, ? AS id, ? AS at, ? AS action, ? AS outcome, ? AS actor_id,
        ? AS actor_email, ? AS agency_id, ? AS target_type, ? AS target_id, ? AS case_id, ? AS purpose, ? AS details)`,
    );
    stmt.pluck(true);
    for (const text of odd) {
      const f: StoredFields = {
        seq: 123456789,
        id: text,
        at: text,
        action: 'graph.addPerson',
        outcome: 'success',
        actorId: text,
        actorEmail: null,
        agencyId: text,
        targetType: null,
        targetId: text,
        caseId: null,
        purpose: text,
        detailsJson: text === '' ? null : JSON.stringify({ note: text }),
      };
      const prev = 'a'.repeat(64);
      const sql = stmt.get(
        prev,
        BigInt(f.seq),
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
        f.detailsJson,
      );
      expect(sql).toBe(`${prev}\n${canonicalize(f)}`);
    }
  });
});

describe('fast and parallel verification', () => {
  it('verifies an intact trail in workers and in-thread with the same result as the record-by-record walk', async () => {
    const { db } = seeded(100);
    const progress: number[] = [];
    const parallel = await openEmbeddedAuditTrail(db, PARALLEL).verify((n) => progress.push(n));
    expect(parallel).toEqual({ intact: true, checked: 100, firstBad: null });
    // Workers report per chunk; the in-thread walk would report once for a chain this short, so this shows they ran.
    expect(progress.length).toBeGreaterThan(5);
    expect(await openEmbeddedAuditTrail(db, IN_THREAD).verify()).toEqual(parallel);
    expect(reference(db)).toEqual(parallel);
  });

  it('verifies an empty trail', async () => {
    const { db } = seeded(0);
    expect((await verdicts(db)).parallel).toEqual({ intact: true, checked: 0, firstBad: null });
  });

  // Chunks of 7: seq 7 ends the first chunk and 8 starts the second, so these hit both sides of a boundary.
  const places = [1, 2, 6, 7, 8, 9, 14, 15, 50, 99, 100];

  it.each(places)('names the same first bad record for an edited field at seq %i', async (seq) => {
    const { file, db } = seeded(100);
    attacker(file).prepare("UPDATE audit_record SET actor_id = 'usr_innocent' WHERE seq = ?").run(seq);
    const v = await verdicts(db);
    expect(v.reference).toMatchObject({ intact: false, checked: seq - 1, firstBad: { seq, reason: expect.stringMatching(/edited/) } });
    expect(v.parallel).toEqual(v.reference);
    expect(v.inThread).toEqual(v.reference);
  });

  it.each(places)('names the same first bad record when seq %i was edited and its own hash recomputed', async (seq) => {
    const { file, db } = seeded(100);
    const a = attacker(file);
    const row = a.prepare<[number], RecordRow>('SELECT * FROM audit_record WHERE seq = ?').get(seq);
    if (!row) throw new Error(`seeded record ${seq} missing`);
    a.prepare("UPDATE audit_record SET actor_id = 'usr_innocent', hash = ? WHERE seq = ?").run(
      hashStored(row.prev_hash, { ...fieldsOf(row), actorId: 'usr_innocent' }),
      seq,
    );
    const v = await verdicts(db);
    expect(v.reference.intact).toBe(false);
    expect(v.parallel).toEqual(v.reference);
    expect(v.inThread).toEqual(v.reference);
  });

  it.each(places)('names the same first bad record when seq %i is deleted', async (seq) => {
    const { file, db } = seeded(100);
    attacker(file).prepare('DELETE FROM audit_record WHERE seq = ?').run(seq);
    const v = await verdicts(db);
    expect(v.reference.firstBad?.seq).toBe(seq);
    expect(v.parallel).toEqual(v.reference);
    expect(v.inThread).toEqual(v.reference);
  });

  it('names the same first bad record when a whole chunk and more is deleted', async () => {
    const { file, db } = seeded(100);
    attacker(file).prepare('DELETE FROM audit_record WHERE seq BETWEEN 12 AND 30').run();
    const v = await verdicts(db);
    expect(v.reference).toMatchObject({ checked: 11, firstBad: { seq: 12, id: null } });
    expect(v.parallel).toEqual(v.reference);
    expect(v.inThread).toEqual(v.reference);
  });

  it.each([7, 8, 50])('names the same first bad record when record %i and the next are swapped', async (seq) => {
    const { file, db } = seeded(100);
    const a = attacker(file);
    a.prepare('UPDATE audit_record SET seq = -1 WHERE seq = ?').run(seq);
    a.prepare('UPDATE audit_record SET seq = ? WHERE seq = ?').run(seq, seq + 1);
    a.prepare('UPDATE audit_record SET seq = ? WHERE seq = -1').run(seq + 1);
    const v = await verdicts(db);
    expect(v.reference.firstBad?.seq).toBe(seq);
    expect(v.parallel).toEqual(v.reference);
    expect(v.inThread).toEqual(v.reference);
  });

  it.each([8, 9, 50])('names the same first bad record when the time of record %i goes back, hashes recomputed onward', async (seq) => {
    const { file, db } = seeded(100);
    const a = attacker(file);
    // Rewriting the rest of the chain and the head leaves only the time order to betray the edit.
    const rows = a.prepare<[], RecordRow>('SELECT * FROM audit_record ORDER BY seq').all();
    let prev = rows[seq - 2].hash;
    for (const r of rows.slice(seq - 1)) {
      const f = { ...fieldsOf(r), at: r.seq === seq ? '2000-01-01T00:00:00.000Z' : r.at };
      const h = hashStored(prev, f);
      a.prepare('UPDATE audit_record SET at = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(f.at, prev, h, r.seq);
      prev = h;
    }
    a.prepare('UPDATE audit_head SET hash = ? WHERE id = 1').run(prev);
    const v = await verdicts(db);
    expect(v.reference).toMatchObject({ checked: seq - 1, firstBad: { seq, reason: expect.stringMatching(/before the previous/) } });
    expect(v.parallel).toEqual(v.reference);
    expect(v.inThread).toEqual(v.reference);
  });

  it('is not fooled by a prev_hash with text after it that the hashed text would absorb', async () => {
    const { file, db } = seeded(20);
    const a = attacker(file);
    const row = a.prepare<[], RecordRow>('SELECT * FROM audit_record WHERE seq = 9').get();
    if (!row) throw new Error('seeded record 9 missing');
    // With prev_hash "H\nX", the hashed text still starts with H and a newline, so only an exact comparison of prev_hash catches it.
    const forgedPrev = `${row.prev_hash}\nX`;
    const forged = fieldsOf(row);
    a.prepare('UPDATE audit_record SET prev_hash = ?, hash = ? WHERE seq = 9').run(forgedPrev, hashStored(forgedPrev, forged));
    const v = await verdicts(db);
    expect(v.reference.firstBad?.seq).toBe(9);
    expect(v.parallel).toEqual(v.reference);
    expect(v.inThread).toEqual(v.reference);
  });

  it('leaves a record SQLite cannot put into JSON to the record-by-record check, which accepts what it accepts', async () => {
    const { file, db } = seeded(30);
    const a = attacker(file);
    const row = a.prepare<[], RecordRow>('SELECT * FROM audit_record WHERE seq = 30').get();
    if (!row) throw new Error('seeded record 30 missing');
    // A blob purpose makes json_array fail; the JavaScript form hashes it as a Buffer, and a forger can match that.
    const blob = Buffer.from('secret plan');
    const forged = { ...fieldsOf(row), purpose: blob as unknown as string };
    const h = hashStored(row.prev_hash, forged);
    a.prepare('UPDATE audit_record SET purpose = ?, hash = ? WHERE seq = 30').run(blob, h);
    a.prepare('UPDATE audit_head SET hash = ? WHERE id = 1').run(h);
    const v = await verdicts(db);
    expect(v.reference).toEqual({ intact: true, checked: 30, firstBad: null });
    expect(v.parallel).toEqual(v.reference);
    expect(v.inThread).toEqual(v.reference);
  });

  it('walks to the head as it was at the start while appends go on during a parallel verification', async () => {
    const { db } = seeded(60);
    const trail = openEmbeddedAuditTrail(db, PARALLEL);
    const appended: Array<Promise<unknown>> = [];
    const result = await trail.verify(() => {
      appended.push(trail.append(entry({ targetId: 'during' })));
    });
    await Promise.all(appended);
    expect(result).toEqual({ intact: true, checked: 60, firstBad: null });
    expect(appended.length).toBeGreaterThan(0);
    expect(await trail.verify()).toEqual({ intact: true, checked: 60 + appended.length, firstBad: null });
  });

  it('verifies in-thread when the database is in memory', async () => {
    const db = openDb(':memory:');
    const trail = openEmbeddedAuditTrail(db, PARALLEL);
    trail.appendMany(Array.from({ length: 30 }, () => entry()));
    expect(await trail.verify()).toEqual({ intact: true, checked: 30, firstBad: null });
  });
});
