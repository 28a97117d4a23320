// What `npm run backup` writes and `npm run restore` reads: the manifest and file helpers.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const MANIFEST = 'manifest.json';
export const DATABASE_FILE = 'homeward.db';

export interface Manifest {
  readonly format: 'homeward-backup/1';
  readonly takenAt: string;
  readonly store: 'embedded' | 'neo4j';
  readonly files: Record<string, { readonly bytes: number; readonly sha256: string }>;
  /** The audit chain's last record in the snapshot: a restore must verify up to it. */
  readonly auditHead: { readonly seq: number; readonly hash: string } | null;
}

export const sha256File = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every file below `dir`, as paths relative to it. */
export function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}
