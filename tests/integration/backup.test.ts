import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKEND, ROOT, gql, login, serverEnv, startServer } from './harness';

const CLI = (name: string) => join(ROOT, `apps/api/dist/apps/api/src/cli/${name}.js`);
const dirs: string[] = [];
const tmp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs a CLI without blocking the event loop (the writers keep writing meanwhile). */
function run(name: string, args: string[], env: Record<string, string | undefined>): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI(name), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (status) => resolve({ status, out }));
  });
}

// Each pass of `npm test` (embedded, then Neo4j) registers the tests of its own store.
if (BACKEND === 'embedded')
  describe('backup and restore of the embedded store while it serves', () => {
    it('keeps everything acknowledged before the backup began, taken during continuous writes, and the restored audit trail verifies', async () => {
      const dataDir = tmp('homeward-it-');
      const server = await startServer({ dataDir });
      const token = await login(server.url, 'investigator.gt@demo.local');
      const c = (
        await gql(
          server.url,
          'mutation { createCase(input:{ title:"Backup drill", category: RUNAWAY, riskLevel: HIGH, country:"GT" }) { id } }',
          {},
          token,
        )
      ).data!.createCase;
      const acked: Array<{ id: string; at: number }> = [];
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          const r = await gql(
            server.url,
            'mutation($c:ID!,$n:String!){ addPerson(caseId:$c, input:{ fullName:$n, role: WITNESS }){ id } }',
            { c: c.id, n: `Witness ${i}` },
            token,
          );
          if (r.data) acked.push({ id: r.data.addPerson.id, at: Date.now() });
        }
      })();
      while (acked.length < 20) await new Promise((r) => setTimeout(r, 20));

      const backupDir = join(tmp('homeward-backup-'), 'copy');
      const begun = Date.now();
      const backup = await run('backup', [backupDir, '--with-secrets'], { ...serverEnv(), DATA_DIR: dataDir });
      const countDuring = acked.filter((a) => a.at > begun).length;
      writing = false;
      await writer;
      await server.stop();
      expect(backup.status, backup.out).toBe(0);
      expect(backup.out).toMatch(/backup written to .*database \(audit chain to record \d+\)/);
      expect(JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')).files['homeward.db'].sha256).toMatch(/^[0-9a-f]{64}$/);
      const before = acked.filter((a) => a.at < begun).map((a) => a.id);
      expect(before.length).toBeGreaterThanOrEqual(20);

      // Into a non-empty DATA_DIR: refused, nothing touched.
      const refused = spawnSync(process.execPath, [CLI('restore'), backupDir], {
        env: { ...serverEnv(), DATA_DIR: dataDir },
        encoding: 'utf8',
      });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/is not empty/);

      const restoredDir = join(tmp('homeward-restored-'), 'data');
      const restored = spawnSync(process.execPath, [CLI('restore'), backupDir], {
        env: { ...serverEnv(), DATA_DIR: restoredDir },
        encoding: 'utf8',
      });
      expect(restored.status, restored.stdout + restored.stderr).toBe(0);
      expect(restored.stdout).toMatch(/audit trail intact/);
      const verify = spawnSync(process.execPath, [CLI('audit-verify')], {
        env: { ...serverEnv(), DATA_DIR: restoredDir },
        encoding: 'utf8',
      });
      expect(verify.stdout).toMatch(/audit trail intact/);

      const again = await startServer({ dataDir: restoredDir });
      try {
        // The secret came along: the token from before the backup still signs in.
        const g = await gql(again.url, 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id } } }', { c: c.id }, token);
        const ids = new Set((g.data!.caseGraph.nodes as Array<{ id: string }>).map((n) => n.id));
        for (const id of before) expect(ids.has(id), `acknowledged before the backup: ${id}`).toBe(true);
        // Writes went on during the backup (the test exercised the live case), and the copy is one consistent moment.
        expect(countDuring + before.length).toBeLessThanOrEqual(acked.length);
      } finally {
        await again.stop();
      }
    }, 120_000);

    it('refuses a damaged backup and restores nothing', async () => {
      const dataDir = tmp('homeward-it-');
      const server = await startServer({ dataDir });
      await server.stop();
      const backupDir = join(tmp('homeward-backup-'), 'copy');
      expect(spawnSync(process.execPath, [CLI('backup'), backupDir], { env: { ...serverEnv(), DATA_DIR: dataDir } }).status).toBe(0);
      writeFileSync(join(backupDir, 'homeward.db'), 'not a database');
      const restoredDir = join(tmp('homeward-restored-'), 'data');
      const r = spawnSync(process.execPath, [CLI('restore'), backupDir], {
        env: { ...serverEnv(), DATA_DIR: restoredDir },
        encoding: 'utf8',
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/homeward\.db does not match its SHA-256/);
      expect(existsSync(join(restoredDir, 'homeward.db'))).toBe(false);
    }, 60_000);
  });

if (BACKEND === 'neo4j')
  describe('backup with the graph in Neo4j', () => {
    it('copies the photos and says how to dump the Neo4j database', async () => {
      const dataDir = tmp('homeward-it-');
      const server = await startServer({ dataDir });
      await server.stop();
      const backupDir = join(tmp('homeward-backup-'), 'copy');
      const r = spawnSync(process.execPath, [CLI('backup'), backupDir], { env: { ...serverEnv(), DATA_DIR: dataDir }, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/neo4j-admin database dump/);
      expect(JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')).store).toBe('neo4j');
    }, 60_000);
  });
