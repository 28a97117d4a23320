import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { ChainHead } from './chain';

/*
 * Signed checkpoints of the audit chain, after Certificate Transparency's signed
 * tree heads (RFC 6962 §3.5): now and then the server signs "the chain had N
 * records and ended in hash H" with an Ed25519 key kept outside the data
 * directory, and appends that to a file the operator keeps elsewhere (another
 * volume, a write-once bucket, a syslog relay). Someone who can write to the
 * database can re-hash the whole chain so that it verifies again, or cut its
 * tail and move the head back; they cannot forge a checkpoint without the key,
 * nor make a signed (seq, hash) true of the rewritten chain.
 */

/** What is signed: a fixed text, so a signature can never be replayed as another message. */
const CONTEXT = 'homeward-audit-checkpoint:v1';

export interface Checkpoint {
  readonly v: 1;
  /** The chain's last record when signed (0: an empty chain). */
  readonly seq: number;
  /** That record's hash. */
  readonly hash: string;
  /** When the checkpoint was signed (UTC ISO). */
  readonly signedAt: string;
  /** First 16 hex digits of the SHA-256 of the public key (DER): which key signed. */
  readonly keyId: string;
  /** Ed25519 signature, base64. */
  readonly sig: string;
}

const message = (seq: number, hash: string, signedAt: string) => Buffer.from(`${CONTEXT}\n${seq}\n${hash}\n${signedAt}`, 'utf8');

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** An Ed25519 private key from PEM text; anything else is refused with the reason. */
export function loadSigningKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`must be an Ed25519 private key (this is ${key.asymmetricKeyType ?? 'not an asymmetric key'})`);
  return key;
}

/** The public half, from a private or public key in PEM. */
export function loadVerifyKey(pem: string): KeyObject {
  const key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`must be an Ed25519 key (this is ${key.asymmetricKeyType ?? 'not an asymmetric key'})`);
  return key;
}

export function signCheckpoint(head: ChainHead, privateKey: KeyObject, now = new Date()): Checkpoint {
  const signedAt = now.toISOString();
  return {
    v: 1,
    seq: head.seq,
    hash: head.hash,
    signedAt,
    keyId: keyIdOf(createPublicKey(privateKey)),
    sig: sign(null, message(head.seq, head.hash, signedAt), privateKey).toString('base64'),
  };
}

export function checkpointSignatureValid(c: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return c.v === 1 && verify(null, message(c.seq, c.hash, c.signedAt), publicKey, Buffer.from(c.sig, 'base64'));
  } catch {
    return false;
  }
}

/** Appends one checkpoint as a JSON line and waits until it is on disk (the file is opened append-only each time). */
export function appendCheckpoint(file: string, c: Checkpoint): void {
  const fd = openSync(file, 'a', 0o640);
  try {
    writeSync(fd, `${JSON.stringify(c)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The checkpoints of a file in the order written; a line that is not one is reported, not skipped silently. */
export function readCheckpoints(file: string): { checkpoints: Checkpoint[]; unreadable: number[] } {
  if (!existsSync(file)) return { checkpoints: [], unreadable: [] };
  const checkpoints: Checkpoint[] = [];
  const unreadable: number[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const c = JSON.parse(line) as Checkpoint;
        if (
          c.v !== 1 ||
          !Number.isInteger(c.seq) ||
          typeof c.hash !== 'string' ||
          typeof c.sig !== 'string' ||
          typeof c.signedAt !== 'string'
        )
          throw new Error('not a checkpoint');
        checkpoints.push(c);
      } catch {
        unreadable.push(i + 1);
      }
    });
  return { checkpoints, unreadable };
}

export interface CheckpointFinding {
  /**
   * 'forged': not signed by this key; 'truncated': a signed record is gone; 'rewritten': a signed record has another hash now;
   * 'regressed': the chain ends before a signed seq; 'unreadable': a line is not a checkpoint.
   */
  readonly kind: 'forged' | 'truncated' | 'rewritten' | 'regressed' | 'unreadable';
  readonly seq: number | null;
  readonly message: string;
}

export interface CheckpointReport {
  /** Checkpoints whose signature and (seq, hash) both hold against the chain. */
  readonly confirmed: number;
  readonly findings: CheckpointFinding[];
  /** The newest confirmed checkpoint: everything up to its seq is proven as signed then. */
  readonly latest: Checkpoint | null;
}

/**
 * Checks the chain as stored against signed checkpoints: each signature must be the
 * key's, and each signed record must still be there with the hash it had. Because
 * each record's hash covers all before it, a confirmed checkpoint at seq N proves
 * records 1..N unchanged since it was signed.
 */
export async function checkCheckpoints(
  checkpoints: readonly Checkpoint[],
  publicKey: KeyObject,
  chain: { head(): Promise<ChainHead | null>; hashAt(seq: number): Promise<string | null> },
): Promise<CheckpointReport> {
  const findings: CheckpointFinding[] = [];
  let confirmed = 0;
  let latest: Checkpoint | null = null;
  const head = await chain.head();
  for (const c of checkpoints) {
    if (!checkpointSignatureValid(c, publicKey)) {
      findings.push({ kind: 'forged', seq: c.seq, message: `the checkpoint of ${c.signedAt} (record ${c.seq}) is not signed by this key` });
      continue;
    }
    if (c.seq === 0) {
      confirmed++;
      continue;
    }
    const stored = await chain.hashAt(c.seq);
    if (stored === null) {
      findings.push({ kind: 'truncated', seq: c.seq, message: `record ${c.seq}, signed on ${c.signedAt}, is missing (records deleted)` });
    } else if (stored !== c.hash) {
      findings.push({
        kind: 'rewritten',
        seq: c.seq,
        message: `record ${c.seq} no longer has the hash signed on ${c.signedAt} (the chain was rewritten up to there)`,
      });
    } else {
      confirmed++;
      if (!latest || c.seq >= latest.seq) latest = c;
      continue;
    }
    if (head && head.seq < c.seq)
      findings.push({
        kind: 'regressed',
        seq: c.seq,
        message: `the chain now ends at record ${head.seq}, before record ${c.seq} signed on ${c.signedAt}`,
      });
  }
  return { confirmed, findings, latest };
}
