import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { appendCheckpoint, loadSigningKey, signCheckpoint, type AuditTrail, type ChainHead } from '@homeward/audit';
import { ConfigError } from '../../base/config.js';
import { log } from '../../base/log.js';

export interface CheckpointSettings {
  readonly key: KeyObject;
  /** The append-only file on another volume where checkpoints are copied. */
  readonly file: string;
  readonly everyMs: number;
}

/** Seconds between checkpoints when the chain moved: the longest a rewrite of recent records could go unseen. */
const DEFAULT_EVERY_SECONDS = 60;

const inside = (dir: string, path: string) => {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
};

/**
 * AUDIT_SIGNING_KEY (a PEM Ed25519 private key file), AUDIT_CHECKPOINT_FILE and
 * AUDIT_CHECKPOINT_EVERY (seconds), checked at start like every setting. Both files
 * must be outside DATA_DIR: a key or checkpoints beside the database would fall to
 * the same person who can rewrite it. Unset key: no checkpoints (the chain alone).
 */
export function checkpointSettingsFromEnv(env: NodeJS.ProcessEnv, dataDir: string): CheckpointSettings | null {
  const keyPath = env.AUDIT_SIGNING_KEY?.trim();
  const file = env.AUDIT_CHECKPOINT_FILE?.trim();
  if (!keyPath) {
    if (file)
      throw new ConfigError('AUDIT_CHECKPOINT_FILE', 'is set but AUDIT_SIGNING_KEY is not: checkpoints need the key that signs them');
    return null;
  }
  if (inside(dataDir, keyPath))
    throw new ConfigError(
      'AUDIT_SIGNING_KEY',
      'must be kept outside DATA_DIR (whoever can rewrite the database must not also hold the key)',
    );
  if (!existsSync(keyPath)) throw new ConfigError('AUDIT_SIGNING_KEY', `no file at ${keyPath} (npm run audit:keygen -- DIR makes one)`);
  let key: KeyObject;
  try {
    key = loadSigningKey(readFileSync(keyPath, 'utf8'));
  } catch (err) {
    throw new ConfigError('AUDIT_SIGNING_KEY', (err as Error).message);
  }
  if (!file)
    throw new ConfigError(
      'AUDIT_CHECKPOINT_FILE',
      'is required with AUDIT_SIGNING_KEY: the append-only file, on another volume, that keeps the signed checkpoints',
    );
  if (inside(dataDir, file))
    throw new ConfigError('AUDIT_CHECKPOINT_FILE', 'must be outside DATA_DIR (on another volume, or a write-once store)');
  if (!existsSync(dirname(resolve(file))))
    throw new ConfigError('AUDIT_CHECKPOINT_FILE', `its folder ${dirname(resolve(file))} does not exist`);
  const every = env.AUDIT_CHECKPOINT_EVERY?.trim() ? Number(env.AUDIT_CHECKPOINT_EVERY) : DEFAULT_EVERY_SECONDS;
  if (!Number.isInteger(every) || every < 1 || every > 86_400)
    throw new ConfigError('AUDIT_CHECKPOINT_EVERY', 'must be a whole number of seconds from 1 to 86400');
  return { key, file: resolve(file), everyMs: every * 1000 };
}

/**
 * Signs the chain's head at start, every `everyMs` while it moves, and at shutdown,
 * appending each checkpoint to the operator's file (fsynced). A failure to write is
 * logged loudly and retried at the next tick; the server keeps serving.
 */
export class CheckpointWriter {
  private timer: NodeJS.Timeout | null = null;
  private last: ChainHead | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly trail: AuditTrail,
    private readonly settings: CheckpointSettings,
  ) {}

  async start(): Promise<void> {
    await this.checkpoint();
    this.timer = setInterval(() => void this.checkpoint(), this.settings.everyMs);
    this.timer.unref();
  }

  /** The last checkpoint, taken after everything recorded before shutdown. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checkpoint();
  }

  private checkpoint(): Promise<void> {
    this.writing = this.writing.then(async () => {
      try {
        const head = await this.trail.head();
        if (!head || (this.last && this.last.seq === head.seq && this.last.hash === head.hash)) return;
        appendCheckpoint(this.settings.file, signCheckpoint(head, this.settings.key));
        this.last = head;
      } catch (err) {
        log('error', 'audit checkpoint not written', { message: err instanceof Error ? err.message : String(err) });
      }
    });
    return this.writing;
  }
}
