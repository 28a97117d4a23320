#!/usr/bin/env node
// `npm run audit:verify -- [--checkpoints FILE] [--key FILE]`: walks the audit trail's hash chain and
// says whether it is intact, or names its first bad record; then, with signed checkpoints
// (AUDIT_CHECKPOINT_FILE, or --checkpoints), checks that every signed record is still there
// with the hash it had: a rewritten or truncated chain that verifies on its own is caught there.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkCheckpoints, loadVerifyKey, readCheckpoints } from '@homeward/audit';
import { openStores } from '../base/stores.js';
import { runCli } from './run.js';

function options(argv: string[], env: NodeJS.ProcessEnv): { checkpoints: string | null; key: string | null } {
  let checkpoints = env.AUDIT_CHECKPOINT_FILE?.trim() || null;
  // The public key is enough to check; the signing key works too (its public half is used).
  let key = env.AUDIT_VERIFY_KEY?.trim() || env.AUDIT_SIGNING_KEY?.trim() || null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--checkpoints' && argv[i + 1]) checkpoints = argv[++i];
    else if (argv[i] === '--key' && argv[i + 1]) key = argv[++i];
    else throw new Error(`unknown or incomplete option ${argv[i]} (expected --checkpoints FILE, --key FILE)`);
  }
  if (checkpoints && !key)
    throw new Error('--key (or AUDIT_VERIFY_KEY): the public key that signed the checkpoints is needed to check them');
  return { checkpoints, key };
}

async function main(): Promise<number> {
  const env = process.env;
  const opts = options(process.argv.slice(2), env);
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
    let code = 0;
    if (r.intact) {
      console.log(`audit trail intact: ${r.checked} records checked in ${secs} s`);
    } else {
      console.log(
        `audit trail BROKEN at record ${r.firstBad!.seq}${r.firstBad!.id ? ` (${r.firstBad!.id})` : ''}: ${r.firstBad!.reason}; ` +
          `${r.checked} records before it are good`,
      );
      code = 1;
    }
    if (!opts.checkpoints) {
      console.log(
        'no signed checkpoints given (AUDIT_CHECKPOINT_FILE or --checkpoints): a chain rewritten by someone with write access to the store would not show',
      );
      return code;
    }
    const { checkpoints, unreadable } = readCheckpoints(opts.checkpoints);
    const report = await checkCheckpoints(checkpoints, loadVerifyKey(readFileSync(opts.key!, 'utf8')), trail);
    for (const line of unreadable) console.log(`checkpoint file line ${line} is not a checkpoint`);
    for (const f of report.findings) console.log(`TAMPERING (${f.kind}): ${f.message}`);
    if (report.findings.length || unreadable.length) return 1;
    if (checkpoints.length === 0) {
      console.log(`no checkpoints in ${opts.checkpoints} yet`);
      return code;
    }
    console.log(
      `${report.confirmed} signed checkpoints confirmed; records 1 to ${report.latest?.seq ?? 0} are as signed on ${report.latest?.signedAt ?? '-'}`,
    );
    return code;
  } finally {
    await stores.close();
  }
}

runCli(main);
