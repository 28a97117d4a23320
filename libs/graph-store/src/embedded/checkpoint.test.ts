import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_EVERY_MS, DATABASE_FILE, checkpointInBackground, openDatabase } from './database';

const dir = mkdtempSync(join(tmpdir(), 'homeward-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('background checkpoints', () => {
  it('keep the write-ahead log bounded while the main connection never checkpoints', async () => {
    const db = openDatabase(dir);
    const stop = checkpointInBackground(db, join(dir, DATABASE_FILE));
    db.exec('CREATE TABLE blob_test (b BLOB)');
    const write = (mib: number) => {
      const insert = db.prepare('INSERT INTO blob_test VALUES (?)');
      const tx = db.transaction(() => {
        for (let i = 0; i < mib * 16; i++) insert.run(Buffer.alloc(64 * 1024, i));
      });
      tx();
    };
    write(8);
    await new Promise((r) => setTimeout(r, CHECKPOINT_EVERY_MS * 2.5));
    // After a complete checkpoint the next commit starts the log over instead of appending to it.
    write(8);
    const wal = statSync(join(dir, `${DATABASE_FILE}-wal`)).size;
    expect(wal).toBeLessThan(12 * 1024 * 1024);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });
});
