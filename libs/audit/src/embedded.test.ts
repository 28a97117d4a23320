import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrailContract, entry } from './__tests__/contract';
import { hashStored, type StoredFields } from './chain';
import { openEmbeddedAuditTrail, type EmbeddedAuditTrail } from './embedded';
import { AuditHeadMissingError } from './errors';
import type { AuditTrail } from './port';

type Db = Database.Database;

const dirs: string[] = [];
const dbs = new Map<AuditTrail, Db>();

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-audit-'));
  dirs.push(dir);
  return join(dir, 'homeward.db');
}

function openDb(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

auditTrailContract(
  'embedded',
  async () => {
    const db = openDb(tempFile());
    const t = openEmbeddedAuditTrail(db);
    dbs.set(t, db);
    return t;
  },
  async (t) => {
    await t.close?.();
    dbs.get(t)?.close();
    dbs.delete(t);
  },
);

/**
 * An attacker with access to the database file: a separate connection that
 * first removes the append-only triggers, as anyone with the file can.
 */
function attacker(file: string): Db {
  const db = openDb(file);
  for (const { name } of db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'")
    .all()) {
    db.exec(`DROP TRIGGER ${name}`);
  }
  return db;
}

describe('embedded audit trail', () => {
  let file: string;
  let db: Db;
  let trail: EmbeddedAuditTrail;

  beforeEach(async () => {
    file = tempFile();
    db = openDb(file);
    trail = openEmbeddedAuditTrail(db);
    for (let i = 1; i <= 10; i += 1) await trail.append(entry({ targetId: `ent_${i}`, details: { step: i } }));
  });

  afterEach(() => {
    if (db.open) db.close();
  });

  const verifyNow = () => trail.verify();

  it('refuses UPDATE and DELETE of records and of the head while the triggers are in place', () => {
    expect(() => db.prepare("UPDATE audit_record SET purpose = 'x' WHERE seq = 3").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_record WHERE seq = 10').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_head').run()).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE audit_head SET seq = 9').run()).toThrow(/append-only/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO audit_record (seq, id, at, action, outcome, prev_hash, hash)
           VALUES (11, 'forged', '2030-01-01T00:00:00.000Z', 'x.y', 'success', 'bad', 'bad')`,
        )
        .run(),
    ).toThrow(/out of chain order/);
  });

  it('continues the chain after reopening, from the head read at open', async () => {
    db.close();
    db = openDb(file);
    trail = openEmbeddedAuditTrail(db);
    const r = await trail.append(entry());
    expect(r.seq).toBe(11);
    expect(await verifyNow()).toEqual({ intact: true, checked: 11, firstBad: null });
  });

  it('keeps one chain when two connections to the same file append in turn', async () => {
    const other = openEmbeddedAuditTrail(openDb(file));
    for (let i = 0; i < 5; i += 1) {
      await trail.append(entry({ targetId: `mine_${i}` }));
      await other.append(entry({ targetId: `theirs_${i}` }));
    }
    expect(await verifyNow()).toEqual({ intact: true, checked: 20, firstBad: null });
  });

  it('stays intact after a record whose text held a lone surrogate half (which SQLite cannot store as given)', async () => {
    await trail.append(entry({ purpose: 'half an emoji \ud83d', details: { note: '\ude00 the other half' } }));
    expect(await verifyNow()).toEqual({ intact: true, checked: 11, firstBad: null });
  });

  it('catches an edited field', async () => {
    attacker(file).prepare("UPDATE audit_record SET actor_id = 'usr_innocent' WHERE seq = 4").run();
    expect(await verifyNow()).toEqual({
      intact: false,
      checked: 3,
      firstBad: { seq: 4, id: expect.any(String), reason: expect.stringMatching(/edited/) },
    });
  });

  it('catches an edited record whose own hash the attacker recomputed, at the next link', async () => {
    const a = attacker(file);
    const row = a
      .prepare<[], { prev_hash: string; id: string; at: string }>('SELECT prev_hash, id, at FROM audit_record WHERE seq = 4')
      .get();
    if (!row) throw new Error('seeded record 4 missing');
    const [rec] = await trail.query({ afterSeq: 3, limit: 1 });
    const forged: StoredFields = { ...rec, actorId: 'usr_innocent', detailsJson: JSON.stringify(rec.details) };
    a.prepare("UPDATE audit_record SET actor_id = 'usr_innocent', hash = ? WHERE seq = 4").run(hashStored(row.prev_hash, forged));
    const result = await verifyNow();
    expect(result.firstBad).toMatchObject({ seq: 5, reason: expect.stringMatching(/prevHash/) });
    expect(result.checked).toBe(4);
  });

  it('catches a record deleted in the middle, naming the missing seq', async () => {
    attacker(file).prepare('DELETE FROM audit_record WHERE seq = 6').run();
    expect(await verifyNow()).toEqual({
      intact: false,
      checked: 5,
      firstBad: { seq: 6, id: null, reason: expect.stringMatching(/missing/) },
    });
  });

  it('catches a deleted last record through the head, which the chain alone cannot show', async () => {
    attacker(file).prepare('DELETE FROM audit_record WHERE seq = 10').run();
    expect(await verifyNow()).toEqual({
      intact: false,
      checked: 9,
      firstBad: { seq: 10, id: null, reason: expect.stringMatching(/trailing records deleted/) },
    });
  });

  it('catches a record inserted out of order (later records renumbered to make room)', async () => {
    const a = attacker(file);
    // Shift 5..10 up by one, in descending order so the primary key never collides, then forge a record 5 chained to 4.
    for (let s = 10; s >= 5; s -= 1) a.prepare('UPDATE audit_record SET seq = seq + 1 WHERE seq = ?').run(s);
    const prev = a.prepare<[], { hash: string; at: string }>('SELECT hash, at FROM audit_record WHERE seq = 4').get();
    if (!prev) throw new Error('seeded record 4 missing');
    const forged: StoredFields = {
      ...entry({ actorId: 'usr_forger' }),
      seq: 5,
      id: 'forged',
      at: prev.at,
      actorEmail: null,
      targetType: null,
      targetId: null,
      caseId: null,
      purpose: null,
      detailsJson: null,
    };
    a.prepare(
      'INSERT INTO audit_record (seq, id, at, action, outcome, actor_id, agency_id, prev_hash, hash) VALUES (5, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(forged.id, forged.at, forged.action, forged.outcome, forged.actorId, forged.agencyId, prev.hash, hashStored(prev.hash, forged));
    const result = await verifyNow();
    expect(result.intact).toBe(false);
    expect(result.checked).toBe(5);
    expect(result.firstBad?.seq).toBe(6);
  });

  it('catches two records swapped', async () => {
    const a = attacker(file);
    a.prepare('UPDATE audit_record SET seq = -1 WHERE seq = 7').run();
    a.prepare('UPDATE audit_record SET seq = 7 WHERE seq = 8').run();
    a.prepare('UPDATE audit_record SET seq = 8 WHERE seq = -1').run();
    expect((await verifyNow()).firstBad).toMatchObject({ seq: 7 });
  });

  it('catches records appended behind the trail past the head', async () => {
    const a = attacker(file);
    const last = a.prepare<[], { hash: string; at: string }>('SELECT hash, at FROM audit_record WHERE seq = 10').get();
    if (!last) throw new Error('seeded record 10 missing');
    const forged: StoredFields = {
      ...entry(),
      seq: 11,
      id: 'late',
      at: last.at,
      actorEmail: null,
      targetType: null,
      targetId: null,
      caseId: 'case_a',
      purpose: null,
      detailsJson: null,
    };
    a.prepare(
      'INSERT INTO audit_record (seq, id, at, action, outcome, actor_id, agency_id, case_id, prev_hash, hash) VALUES (11, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      forged.id,
      forged.at,
      forged.action,
      forged.outcome,
      forged.actorId,
      forged.agencyId,
      forged.caseId,
      last.hash,
      hashStored(last.hash, forged),
    );
    expect(await verifyNow()).toMatchObject({
      intact: false,
      checked: 10,
      firstBad: { seq: 11, reason: expect.stringMatching(/after the head/) },
    });
  });

  it('reports a deleted head, does not recreate it on open, and refuses to append over it', async () => {
    attacker(file).prepare('DELETE FROM audit_head').run();
    db.close();
    db = openDb(file);
    trail = openEmbeddedAuditTrail(db);
    expect(await verifyNow()).toMatchObject({ intact: false, checked: 10, firstBad: { reason: expect.stringMatching(/head is missing/) } });
    await expect(trail.append(entry())).rejects.toBeInstanceOf(AuditHeadMissingError);
    expect(await trail.count()).toBe(10);
  });

  it('verifies to the head as it was at the start while appends go on, yielding between pages', async () => {
    const n = trail.appendMany(Array.from({ length: 25_000 }, (_, i) => entry({ targetId: `bulk_${i}` })));
    expect(n).toBe(25_000);
    const progress: number[] = [];
    const appended: Array<Promise<unknown>> = [];
    const result = await trail.verify((checked) => {
      progress.push(checked);
      // Appending from inside verification proves the event loop is free between pages and the walk stays bounded.
      appended.push(trail.append(entry({ targetId: `during_${checked}` })));
    });
    await Promise.all(appended);
    expect(result).toEqual({ intact: true, checked: 25_010, firstBad: null });
    expect(progress.length).toBeGreaterThan(1);
    expect(await trail.count()).toBe(25_010 + appended.length);
    expect((await trail.verify()).intact).toBe(true);
  });
});
