#!/usr/bin/env node
// `npm run audit:verify`: walks the audit trail's hash chain and says whether it is intact, or names its first bad record.
import { resolve } from 'node:path';
import { openStores } from '../base/stores.js';

async function main(): Promise<number> {
  const env = process.env;
  const stores = await openStores({
    dataDir: resolve(env.DATA_DIR ?? './data'),
    neo4j: env.NEO4J_URI ? { uri: env.NEO4J_URI, user: env.NEO4J_USER, password: env.NEO4J_PASSWORD, database: env.NEO4J_DATABASE } : null,
  });
  try {
    const trail = stores.audit;
    const total = await trail.count();
    const t0 = Date.now();
    let last = 0;
    const r = await trail.verify((checked) => {
      if (process.stderr.isTTY && Date.now() - last > 500) {
        last = Date.now();
        process.stderr.write(`\rchecked ${checked.toLocaleString('en')} of ${total.toLocaleString('en')} records…`);
      }
    });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const secs = ((Date.now() - t0) / 1000).toFixed(2);
    if (r.intact) {
      console.log(`audit trail intact: ${r.checked} records checked in ${secs} s`);
      return 0;
    }
    console.log(`audit trail BROKEN at record ${r.firstBad!.seq}${r.firstBad!.id ? ` (${r.firstBad!.id})` : ''}: ${r.firstBad!.reason}; ${r.checked} records before it are good`);
    return 1;
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
