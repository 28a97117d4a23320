#!/usr/bin/env node
// `npm run bundle:verify -- FILE.zip`: checks a case's evidence bundle (issue 18). Every file against the
// SHA-256 the manifest lists (naming each file that changed, is missing or was added), then the manifest
// itself against the audit trail's record of the export (DATA_DIR, or NEO4J_URI as for the server): a
// bundle whose manifest was rewritten to match changed files has no such record.
// Exit code 0: intact and recorded; 1: something does not match; 2: usage or the store cannot be read.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openStores } from '../base/stores.js';
import { checkBundle } from '../modules/export/bundle.js';

async function main(): Promise<number> {
  const file = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!file) {
    console.error('usage: npm run bundle:verify -- FILE.zip');
    return 2;
  }
  const check = checkBundle(readFileSync(resolve(file)));
  let code = 0;
  for (const p of check.problems) {
    console.log(`${p.file}: ${p.reason}`);
    code = 1;
  }
  const files = check.manifest?.files?.length ?? 0;
  if (code === 0) console.log(`${files} files match the manifest`);
  const caseId = (check.manifest?.['case'] as { id?: string } | undefined)?.id;
  if (!check.manifestSha256 || !caseId) {
    console.log('manifest: no case named, cannot look for the export in the audit trail');
    return 1;
  }
  const env = process.env;
  const stores = await openStores({
    dataDir: resolve(env.DATA_DIR ?? './data'),
    neo4j: env.NEO4J_URI ? { uri: env.NEO4J_URI, user: env.NEO4J_USER, password: env.NEO4J_PASSWORD, database: env.NEO4J_DATABASE } : null,
  });
  try {
    let found = null;
    for (let after = 0; !found;) {
      const page = await stores.audit.query({ caseId, action: 'case.export', afterSeq: after, limit: 1000 });
      found = page.find((r) => r.outcome === 'success' && r.details?.['manifestSha256'] === check.manifestSha256) ?? null;
      if (page.length < 1000) break;
      after = page[page.length - 1]!.seq;
    }
    if (found) {
      console.log(
        `manifest.json: recorded in the audit trail (record ${found.seq}, ${found.at}, exported by ${found.actorId ?? 'unknown'})`,
      );
    } else {
      console.log(`manifest.json: SHA-256 ${check.manifestSha256} is not in the audit trail's exports of case ${caseId}`);
      code = 1;
    }
    console.log(code === 0 ? 'bundle verified' : 'bundle NOT verified');
    return code;
  } finally {
    await stores.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
