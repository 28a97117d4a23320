import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entry } from './__tests__/contract';
import { hashStored, type StoredFields } from './chain';
import { appendCheckpoint, checkCheckpoints, loadSigningKey, loadVerifyKey, readCheckpoints, signCheckpoint } from './checkpoint';
import { openEmbeddedAuditTrail, type EmbeddedAuditTrail } from './embedded';

type Db = Database.Database;

/**
 * The two attacks a plain hash chain cannot see, by someone with write access to the
 * database: re-hashing the chain after an edit, and cutting its tail with the head moved
 * back. verify() calls both intact; a signed checkpoint kept elsewhere does not.
 */
describe('signed checkpoints of the audit chain', () => {
  let dir: string;
  let file: string;
  let db: Db;
  let trail: EmbeddedAuditTrail;
  const keys = generateKeyPairSync('ed25519');
  const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const checkpoints = () => join(dir, 'elsewhere', 'checkpoints.jsonl');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'homeward-checkpoint-'));
    file = join(dir, 'homeward.db');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    trail = openEmbeddedAuditTrail(db);
    for (let i = 1; i <= 50; i++) await trail.append(entry({ actorId: `usr_${i % 3}`, targetId: `ent_${i}`, details: { step: i } }));
    mkdirSync(join(dir, 'elsewhere'));
    appendCheckpoint(checkpoints(), signCheckpoint((await trail.head())!, loadSigningKey(privatePem)));
  });
  afterEach(async () => {
    await trail.close?.();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const check = () => checkCheckpoints(readCheckpoints(checkpoints()).checkpoints, loadVerifyKey(publicPem), trail);

  /** A second connection without the append-only triggers, as anyone with the file can make. */
  function attacker(): Db {
    const a = new Database(file);
    for (const { name } of a
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'")
      .all())
      a.exec(`DROP TRIGGER ${name}`);
    return a;
  }

  it('confirms an untouched chain, and later checkpoints as it grows', async () => {
    for (let i = 0; i < 5; i++) await trail.append(entry({ targetId: `later_${i}` }));
    appendCheckpoint(checkpoints(), signCheckpoint((await trail.head())!, loadSigningKey(privatePem)));
    const r = await check();
    expect(r.findings).toEqual([]);
    expect(r.confirmed).toBe(2);
    expect(r.latest?.seq).toBe(55);
  });

  it('catches a record edited and the whole chain re-hashed after it, which verify() calls intact', async () => {
    const a = attacker();
    const records = await trail.query({ afterSeq: 0, limit: 1000 });
    let prev = records[9].prevHash;
    for (const rec of records.slice(9)) {
      const fields: StoredFields = {
        ...rec,
        actorId: rec.seq === 10 ? 'usr_innocent' : rec.actorId,
        detailsJson: rec.details ? JSON.stringify(rec.details) : null,
      };
      const hash = hashStored(prev, fields);
      a.prepare('UPDATE audit_record SET actor_id = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(fields.actorId, prev, hash, rec.seq);
      prev = hash;
    }
    a.prepare('UPDATE audit_head SET hash = ? WHERE id = 1').run(prev);
    a.close();
    expect((await trail.verify()).intact).toBe(true);
    const r = await check();
    expect(r.confirmed).toBe(0);
    expect(r.findings).toEqual([expect.objectContaining({ kind: 'rewritten', seq: 50 })]);
  });

  it('catches the last 20 records deleted and the head moved back, which verify() calls intact', async () => {
    const a = attacker();
    const [r30] = await trail.query({ afterSeq: 29, limit: 1 });
    a.prepare('DELETE FROM audit_record WHERE seq > 30').run();
    a.prepare('UPDATE audit_head SET seq = 30, hash = ?, at = ? WHERE id = 1').run(r30.hash, r30.at);
    a.close();
    expect((await trail.verify()).intact).toBe(true);
    const kinds = (await check()).findings.map((f) => f.kind);
    expect(kinds).toEqual(['truncated', 'regressed']);
  });

  it('refuses a checkpoint signed by another key, and reports lines that are not checkpoints', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    appendCheckpoint(checkpoints(), signCheckpoint({ seq: 50, hash: 'f'.repeat(64), at: '' }, other));
    writeFileSync(checkpoints(), 'not json\n', { flag: 'a' });
    const read = readCheckpoints(checkpoints());
    expect(read.unreadable).toEqual([3]);
    const r = await checkCheckpoints(read.checkpoints, loadVerifyKey(publicPem), trail);
    expect(r.confirmed).toBe(1);
    expect(r.findings).toEqual([expect.objectContaining({ kind: 'forged', seq: 50 })]);
  });

  it('accepts only Ed25519 keys, with the reason', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadSigningKey(rsa)).toThrow(/must be an Ed25519 private key \(this is rsa\)/);
    expect(loadVerifyKey(privatePem).asymmetricKeyType).toBe('ed25519');
  });
});
