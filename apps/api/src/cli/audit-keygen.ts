#!/usr/bin/env node
// `npm run audit:keygen -- DIR`: makes the Ed25519 key pair that signs the audit trail's
// checkpoints, in DIR (keep it outside DATA_DIR): audit-signing-key.pem (private, mode 0600,
// for AUDIT_SIGNING_KEY) and audit-verify-key.pem (public, for AUDIT_VERIFY_KEY wherever
// the trail is checked). Never overwrites a key.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { keyIdOf } from '@homeward/audit';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: npm run audit:keygen -- DIR   (a folder outside DATA_DIR)');
  process.exit(2);
}
const privateFile = join(resolve(dir), 'audit-signing-key.pem');
const publicFile = join(resolve(dir), 'audit-verify-key.pem');
for (const f of [privateFile, publicFile]) {
  if (existsSync(f)) {
    console.error(`${f} exists: not overwriting a key (checkpoints signed with it could no longer be checked)`);
    process.exit(1);
  }
}
mkdirSync(resolve(dir), { recursive: true, mode: 0o700 });
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
writeFileSync(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644, flag: 'wx' });
console.log(`key ${keyIdOf(publicKey)} written:\n  AUDIT_SIGNING_KEY=${privateFile}\n  AUDIT_VERIFY_KEY=${publicFile}`);
