#!/usr/bin/env node
// `npm run bundle:verify -- FILE.zip`: checks a case's evidence bundle (issue 18). Every file against the
// SHA-256 the manifest lists (naming each file that changed, is missing or was added), then the manifest
// itself against the audit trail's record of the export (DATA_DIR, or NEO4J_URI as for the server): a
// bundle whose manifest was rewritten to match changed files has no such record.
// The export's id (export.json, the bundle's first file, readable even from a file cut off mid-stream)
// tells apart a bundle with no record at all from one whose export was started and never completed (the
// server stopped while sending it) or failed.
// Exit code 0: intact and recorded; 1: something does not match; 2: usage or the store cannot be read.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AuditRecord, AuditTrail } from '@homeward/audit';
import { openStores } from '../base/stores.js';
import { checkBundle, readExportHeader } from '../modules/export/bundle.js';
import { runCli } from './run.js';

async function records(audit: AuditTrail, caseId: string, action: string): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for (let after = 0; ;) {
    const page = await audit.query({ caseId, action, afterSeq: after, limit: 1000 });
    out.push(...page);
    if (page.length < 1000) return out;
    after = page[page.length - 1]!.seq;
  }
}

const described = (r: AuditRecord) => `record ${r.seq}, ${r.at}, by ${r.actorId ?? 'unknown'}`;

async function main(): Promise<number> {
  const file = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!file) {
    console.error('usage: npm run bundle:verify -- FILE.zip');
    return 2;
  }
  const bytes = readFileSync(resolve(file));
  const check = checkBundle(bytes);
  const header = readExportHeader(bytes);
  let code = 0;
  for (const p of check.problems) {
    console.log(`${p.file}: ${p.reason}`);
    code = 1;
  }
  const files = check.manifest?.files?.length ?? 0;
  if (code === 0) console.log(`${files} files match the manifest`);
  const caseId = (check.manifest?.['case'] as { id?: string } | undefined)?.id ?? header?.case.id;
  const exportId = (typeof check.manifest?.['exportId'] === 'string' ? check.manifest['exportId'] : null) ?? header?.exportId ?? null;
  if (!caseId) {
    console.log('manifest: no case named, cannot look for the export in the audit trail');
    console.log('bundle NOT verified');
    return 1;
  }
  const env = process.env;
  const stores = await openStores({
    dataDir: resolve(env.DATA_DIR ?? './data'),
    neo4j: env.NEO4J_URI ? { uri: env.NEO4J_URI, user: env.NEO4J_USER, password: env.NEO4J_PASSWORD, database: env.NEO4J_DATABASE } : null,
  });
  try {
    const ends = await records(stores.audit, caseId, 'case.export');
    const ofThis = (r: AuditRecord) => exportId !== null && r.details?.['exportId'] === exportId;
    const found = check.manifestSha256
      ? (ends.find((r) => r.outcome === 'success' && r.details?.['manifestSha256'] === check.manifestSha256) ?? null)
      : null;
    if (found) {
      console.log(`manifest.json: recorded in the audit trail (${described(found)})`);
    } else {
      code = 1;
      const end = ends.find(ofThis);
      const start = exportId ? (await records(stores.audit, caseId, 'case.export.started')).find(ofThis) : undefined;
      if (check.manifestSha256)
        console.log(`manifest.json: SHA-256 ${check.manifestSha256} is not in the audit trail's exports of case ${caseId}`);
      if (end?.outcome === 'success' && !check.manifestSha256)
        console.log(
          `export ${exportId}: completed (${described(end)}), but this file is not the whole bundle ` +
            '(no readable manifest: cut off or damaged after it was sent)',
        );
      else if (end?.outcome === 'success')
        console.log(
          `export ${exportId}: completed with manifest SHA-256 ${String(end.details?.['manifestSha256'])} (${described(end)}): ` +
            'this manifest is not the one exported',
        );
      else if (end)
        console.log(
          `export ${exportId}: started and FAILED (${described(end)}: ${String(end.details?.['reason'] ?? end.outcome)}); the file is incomplete`,
        );
      else if (start)
        console.log(
          `export ${exportId}: started (${described(start)}) but never completed: the server stopped before the bundle was finished; ` +
            'this file is incomplete',
        );
      else console.log(`export ${exportId ?? '(no export id)'}: no record of this export in the audit trail of case ${caseId}`);
    }
    console.log(code === 0 ? 'bundle verified' : 'bundle NOT verified');
    return code;
  } finally {
    await stores.close();
  }
}

runCli(main);
