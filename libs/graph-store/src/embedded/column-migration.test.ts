import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteDdl } from '@homeward/graph-schema';
import { DATABASE_FILE, openDatabase } from './database';
import { openEmbeddedStores } from './index';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('opening a database file made before link credibility existed', () => {
  it('adds the column, keeps the old rows (ungraded) and accepts graded links', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homeward-colmig-'));
    dirs.push(dir);
    // The old file: today's DDL with the link table as it was, without credibility.
    const old = new Database(join(dir, DATABASE_FILE));
    for (const stmt of sqliteDdl()) old.exec(stmt.replace(/,\s*credibility INTEGER CHECK \([^\n]*\)\)\n/, '\n'));
    expect((old.pragma('table_info(link)') as Array<{ name: string }>).map((c) => c.name)).not.toContain('credibility');
    old.exec(`INSERT INTO agency VALUES ('a', 'A', 'GT', 'NGO')`);
    old.exec(`INSERT INTO case_file (rid, id, reference, title, category, status, risk_level, country, reported_at, lead_agency_id, created_by, created_at)
      VALUES (1, 'c', 'R', 'T', 'UNKNOWN', 'OPEN', 'LOW', 'GT', 'x', 'a', 'u', 'x')`);
    old.exec(
      `INSERT INTO entity (rid, id, kind, label, props, created_by, created_at, updated_at)
       VALUES (1, 'e1', 'PERSON', 'A', '{}', 'u', 'x', 'x'), (2, 'e2', 'PERSON', 'B', '{}', 'u', 'x', 'x')`,
    );
    old.exec(`INSERT INTO link (id, type, src, dst, case_rid, created_by, created_at) VALUES ('l1', 'SEEN_WITH', 1, 2, 1, 'u', 'x')`);
    old.close();

    const db = openDatabase(dir);
    try {
      expect((db.pragma('table_info(link)') as Array<{ name: string }>).map((c) => c.name)).toContain('credibility');
      expect(db.prepare(`SELECT credibility FROM link WHERE id = 'l1'`).get()).toEqual({ credibility: null });
      db.exec(
        `INSERT INTO link (id, type, src, dst, case_rid, created_by, created_at, credibility) VALUES ('l2', 'SEEN_WITH', 2, 1, 1, 'u', 'x', 2)`,
      );
      expect(() =>
        db.exec(
          `INSERT INTO link (id, type, src, dst, case_rid, created_by, created_at, credibility) VALUES ('l3', 'SEEN_WITH', 2, 1, 1, 'u', 'x', 9)`,
        ),
      ).toThrow(/CHECK/);
    } finally {
      db.close();
    }
    // Opening again changes nothing (the column is there).
    openDatabase(dir).close();
  });

  it('adds updated_by to the entity table only, and old entities read as never changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homeward-colmig-'));
    dirs.push(dir);
    const old = new Database(join(dir, DATABASE_FILE));
    for (const stmt of sqliteDdl()) old.exec(stmt.replace(/,\s*updated_by TEXT\n/, '\n'));
    expect((old.pragma('table_info(entity)') as Array<{ name: string }>).map((c) => c.name)).not.toContain('updated_by');
    old.exec(`INSERT INTO agency VALUES ('a', 'A', 'GT', 'NGO')`);
    old.exec(`INSERT INTO case_file (rid, id, reference, title, category, status, risk_level, country, reported_at, lead_agency_id, created_by, created_at)
      VALUES (1, 'c', 'R', 'T', 'UNKNOWN', 'OPEN', 'LOW', 'GT', 'x', 'a', 'u', 'x')`);
    old.exec(
      `INSERT INTO entity (rid, id, kind, label, props, created_by, created_at, updated_at) VALUES (1, 'e1', 'PERSON', 'A', '{"fullName":"A"}', 'u', 'x', 'y')`,
    );
    old.exec(`INSERT INTO entity_case (entity_rid, case_rid, role, added_by, added_at) VALUES (1, 1, 'OTHER', 'u', 'x')`);
    old.close();

    const stores = openEmbeddedStores(dir);
    try {
      const columns = (t: string) => (stores.db.pragma(`table_info(${t})`) as Array<{ name: string }>).map((c) => c.name);
      expect(columns('entity')).toContain('updated_by');
      // Each added column goes to its own table only.
      expect(columns('link')).not.toContain('updated_by');
      expect(columns('entity')).not.toContain('credibility');
      const scope = { caseIds: new Set(['c']) };
      // Changed before updated_by existed: a time with no author is not reported.
      expect((await stores.graph.getEntities(['e1'], scope))[0].provenance).toMatchObject({ updatedBy: null, updatedAt: null });
      const changed = await stores.graph.updateEntity('e1', { nationality: 'GT' }, scope, { actorId: 'u2' });
      expect(changed.provenance.updatedBy).toBe('u2');
    } finally {
      await stores.close();
    }
  });
});
