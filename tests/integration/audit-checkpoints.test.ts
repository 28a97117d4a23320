import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKEND, ROOT, cypher, emptyNeo4j, login, serverEnv, startServer } from './harness';

const CLI = (name: string) => join(ROOT, `apps/api/dist/apps/api/src/cli/${name}.js`);
const keyDir = mkdtempSync(join(tmpdir(), 'homeward-audit-keys-'));
const dataDir = mkdtempSync(join(tmpdir(), 'homeward-it-'));
afterAll(() => {
  rmSync(keyDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

const settings = {
  AUDIT_SIGNING_KEY: join(keyDir, 'audit-signing-key.pem'),
  AUDIT_CHECKPOINT_FILE: join(keyDir, 'checkpoints.jsonl'),
  AUDIT_CHECKPOINT_EVERY: '1',
};
const verify = () =>
  spawnSync(
    process.execPath,
    [CLI('audit-verify'), '--checkpoints', settings.AUDIT_CHECKPOINT_FILE, '--key', join(keyDir, 'audit-verify-key.pem')],
    {
      env: { ...serverEnv(), DATA_DIR: dataDir },
      encoding: 'utf8',
    },
  );

describe('signed checkpoints of the audit trail, end to end', () => {
  it('keygen, checkpoints while serving and at shutdown, and audit:verify catching a truncation the chain alone misses', async () => {
    const keygen = spawnSync(process.execPath, [CLI('audit-keygen'), keyDir], { encoding: 'utf8' });
    expect(keygen.status, keygen.stderr).toBe(0);
    expect(readFileSync(settings.AUDIT_SIGNING_KEY, 'utf8')).toContain('PRIVATE KEY');

    // A key inside DATA_DIR is refused at start, naming the variable.
    const inside = await startServer({ dataDir, env: { ...settings, AUDIT_SIGNING_KEY: join(dataDir, 'k.pem') } }).catch(
      (e: Error) => e.message,
    );
    expect(inside).toMatch(/AUDIT_SIGNING_KEY: must be kept outside DATA_DIR/);

    // On the Neo4j pass a server given a DATA_DIR keeps the database as it is, and earlier files leave
    // audit records behind (audit.test.ts tampers with some on purpose): this trail starts empty.
    if (BACKEND === 'neo4j') await emptyNeo4j();
    const server = await startServer({ dataDir, env: settings });
    for (let i = 0; i < 6; i++) await login(server.url, 'investigator.gt@demo.local');
    await server.stop();
    expect(existsSync(settings.AUDIT_CHECKPOINT_FILE)).toBe(true);
    const lines = readFileSync(settings.AUDIT_CHECKPOINT_FILE, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2); // at start, and at shutdown after the logins
    const lastSigned = JSON.parse(lines.at(-1)!).seq as number;

    const ok = verify();
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/audit trail intact/);
    expect(ok.stdout).toMatch(new RegExp(`records 1 to ${lastSigned} are as signed`));

    // Someone with write access to the store cuts the last records and moves the head back: the chain verifies.
    const keep = lastSigned - 2;
    if (BACKEND === 'neo4j') {
      await cypher('MATCH (r:AuditRecord) WHERE r.seq > $keep DETACH DELETE r', { keep });
      await cypher("MATCH (r:AuditRecord {seq: $keep}), (h:AuditHead {id: 'head'}) SET h.seq = r.seq, h.hash = r.hash, h.at = r.at", {
        keep,
      });
    } else {
      const db = new Database(join(dataDir, 'homeward.db'));
      for (const { name } of db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'")
        .all())
        db.exec(`DROP TRIGGER ${name}`);
      db.prepare('DELETE FROM audit_record WHERE seq > ?').run(keep);
      const last = db.prepare<[number], { hash: string; at: string }>('SELECT hash, at FROM audit_record WHERE seq = ?').get(keep);
      if (!last)
        throw new Error(
          `no record ${keep}: ${JSON.stringify(db.prepare('SELECT min(seq) AS lo, max(seq) AS hi, count(*) AS n FROM audit_record').get())}`,
        );
      db.prepare('UPDATE audit_head SET seq = ?, hash = ?, at = ? WHERE id = 1').run(keep, last.hash, last.at);
      db.close();
    }
    const caught = verify();
    expect(caught.stdout).toMatch(/audit trail intact/);
    expect(caught.stdout).toMatch(new RegExp(`TAMPERING \\(truncated\\): record ${lastSigned}, signed on .* is missing`));
    expect(caught.status).toBe(1);
  }, 120_000);
});
