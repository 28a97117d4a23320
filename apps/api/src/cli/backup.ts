#!/usr/bin/env node
// `npm run backup -- DIR [--with-secrets]`: a consistent backup of DATA_DIR while the server
// keeps serving, into DIR (new or empty):
// - the embedded database as one snapshot (SQLite's VACUUM INTO runs in one read transaction,
//   so it sees exactly what was committed when it began, while writers go on);
// - the photo originals and thumbnails (content-addressed and written before the row that
//   names them, so every photo the snapshot refers to is already on disk when it is copied);
// - with --with-secrets, the generated jwt-secret (otherwise a restore makes a new one and
//   everyone signs in again);
// - manifest.json: what was copied with its SHA-256, and the audit chain's head in the snapshot.
// With NEO4J_URI set the graph is in Neo4j: this copies the photos and says how to dump Neo4j.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DATABASE_FILE, MANIFEST, filesBelow, sha256File, type Manifest } from './backup-format.js';
import { runCli } from './run.js';

function main(argv: string[], env: NodeJS.ProcessEnv): number {
  const target = argv.find((a) => !a.startsWith('--'));
  const withSecrets = argv.includes('--with-secrets');
  const unknown = argv.filter((a) => a.startsWith('--') && a !== '--with-secrets');
  if (!target || unknown.length) {
    console.error(`usage: npm run backup -- DIR [--with-secrets]${unknown.length ? ` (unknown option ${unknown[0]})` : ''}`);
    return 2;
  }
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const dest = resolve(target);
  if (existsSync(dest) && readdirSync(dest).length > 0) {
    console.error(`${dest} is not empty: a backup goes into a new or empty folder (nothing is overwritten)`);
    return 1;
  }
  if (relative(dataDir, dest) === '' || !relative(dataDir, dest).startsWith('..')) {
    console.error(`${dest} is inside DATA_DIR (${dataDir}): keep backups elsewhere`);
    return 1;
  }
  mkdirSync(dest, { recursive: true, mode: 0o700 });
  const t0 = Date.now();
  const store: Manifest['store'] = env.NEO4J_URI ? 'neo4j' : 'embedded';
  let auditHead: Manifest['auditHead'] = null;

  if (store === 'embedded') {
    const source = join(dataDir, DATABASE_FILE);
    if (!existsSync(source)) {
      console.error(`no database at ${source} (DATA_DIR)`);
      return 1;
    }
    const db = new Database(source, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 10000');
      db.prepare('VACUUM INTO ?').run(join(dest, DATABASE_FILE));
    } finally {
      db.close();
    }
    const copy = new Database(join(dest, DATABASE_FILE), { readonly: true });
    try {
      const ok = copy.pragma('integrity_check', { simple: true });
      if (ok !== 'ok') throw new Error(`the snapshot failed SQLite's integrity check: ${String(ok)}`);
      auditHead = copy.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1').get() ?? null;
    } finally {
      copy.close();
    }
  }

  // After the snapshot: every photo it names was written before its row.
  const photos = join(dataDir, 'photos');
  for (const rel of filesBelow(photos).filter((f) => !f.startsWith('tmp/'))) {
    mkdirSync(join(dest, 'photos', rel, '..'), { recursive: true });
    copyFileSync(join(photos, rel), join(dest, 'photos', rel));
  }
  if (withSecrets && existsSync(join(dataDir, 'jwt-secret'))) copyFileSync(join(dataDir, 'jwt-secret'), join(dest, 'jwt-secret'));

  const files: Record<string, { bytes: number; sha256: string }> = {};
  for (const rel of filesBelow(dest)) files[rel] = { bytes: statSync(join(dest, rel)).size, sha256: sha256File(join(dest, rel)) };
  const manifest: Manifest = { format: 'homeward-backup/1', takenAt: new Date(t0).toISOString(), store, files, auditHead };
  writeFileSync(join(dest, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  const photoCount = Object.keys(files).filter((f) => f.startsWith('photos/')).length;
  console.log(
    `backup written to ${dest} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ` +
      `${store === 'embedded' ? `database (audit chain to record ${auditHead?.seq ?? 0}), ` : ''}` +
      `${photoCount} photo files${withSecrets ? ', jwt-secret' : ''}`,
  );
  if (store === 'neo4j') {
    console.log(
      "the graph, accounts, documents and audit trail are in Neo4j: back them up with Neo4j's own tools, e.g. on Community " +
        '`neo4j-admin database dump neo4j --to-path=DIR` with the database stopped, or an online backup on Enterprise and Aura ' +
        '(README, "Backups")',
    );
  }
  return 0;
}

runCli(() => main(process.argv.slice(2), process.env));
