#!/usr/bin/env node
// `npm run restore -- DIR`: restores a backup made by `npm run backup` into DATA_DIR, which
// must be new or empty (a restore never mixes with live data). Every file is checked against
// the manifest's SHA-256 before anything is copied, and the restored database is checked
// (SQLite integrity, and the audit chain verified up to the head the backup recorded).
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openEmbeddedAuditTrail } from '@homeward/audit';
import { DATABASE_FILE, MANIFEST, filesBelow, sha256File, type Manifest } from './backup-format.js';
import { runCli } from './run.js';

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const source = argv[0] ? resolve(argv[0]) : null;
  if (!source || argv.length > 1) {
    console.error('usage: npm run restore -- DIR   (into DATA_DIR, which must be new or empty)');
    return 2;
  }
  const dataDir = resolve(env.DATA_DIR ?? './data');
  if (!existsSync(join(source, MANIFEST))) {
    console.error(`${source} has no ${MANIFEST}: not a backup made by npm run backup`);
    return 1;
  }
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    console.error(`${dataDir} (DATA_DIR) is not empty: restore into a new or empty folder, then point the server at it`);
    return 1;
  }
  const manifest = JSON.parse(readFileSync(join(source, MANIFEST), 'utf8')) as Manifest;
  if (manifest.format !== 'homeward-backup/1') {
    console.error(`unknown backup format ${String(manifest.format)}`);
    return 1;
  }
  // All checked before anything is written: a damaged backup restores nothing.
  const present = new Set(filesBelow(source).filter((f) => f !== MANIFEST));
  for (const [rel, want] of Object.entries(manifest.files)) {
    if (!present.delete(rel)) return fail(`${rel} is listed in the manifest but missing`);
    if (sha256File(join(source, rel)) !== want.sha256)
      return fail(`${rel} does not match its SHA-256 in the manifest (damaged or altered)`);
  }
  if (present.size) return fail(`${[...present][0]} is in the backup but not in its manifest`);

  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (const rel of Object.keys(manifest.files)) {
    mkdirSync(join(dataDir, rel, '..'), { recursive: true });
    copyFileSync(join(source, rel), join(dataDir, rel));
  }
  if (manifest.store === 'embedded') {
    const db = new Database(join(dataDir, DATABASE_FILE));
    try {
      const ok = db.pragma('integrity_check', { simple: true });
      if (ok !== 'ok') return fail(`the restored database failed SQLite's integrity check: ${String(ok)}`);
      const trail = openEmbeddedAuditTrail(db);
      const v = await trail.verify();
      const head = await trail.head();
      if (!v.intact) return fail(`the restored audit trail is broken at record ${v.firstBad?.seq}: ${v.firstBad?.reason}`);
      if (manifest.auditHead && (head?.seq !== manifest.auditHead.seq || head.hash !== manifest.auditHead.hash))
        return fail('the restored audit chain does not end where the backup recorded');
      console.log(
        `restored into ${dataDir}: database (audit trail intact, ${v.checked} records), ` +
          `${Object.keys(manifest.files).filter((f) => f.startsWith('photos/')).length} photo files, taken ${manifest.takenAt}`,
      );
    } finally {
      db.close();
    }
  } else {
    console.log(`restored the photos into ${dataDir}; restore the Neo4j database with neo4j-admin database load (README, "Backups")`);
  }
  return 0;
}

function fail(message: string): number {
  console.error(`restore refused: ${message}`);
  return 1;
}

runCli(() => main(process.argv.slice(2), process.env));
