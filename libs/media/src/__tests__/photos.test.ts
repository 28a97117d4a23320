import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PhotoFiles } from '../photos.files';
import { openEmbeddedPhotoStore } from '../photos.embedded';
import { PhotoRejectedError } from '../photos';
import { jpeg, pngBomb } from './images';
import { photoStoreScenario } from './store-scenario';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'homeward-photos-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function* chunks(buf: Buffer, size = 64 * 1024): AsyncIterable<Uint8Array> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

const allFiles = (root: string): string[] =>
  readdirSync(root, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(root, e.name)) : [join(root, e.name)]));

async function refused(files: PhotoFiles, bytes: Buffer, maxBytes?: number): Promise<PhotoRejectedError> {
  try {
    const got = await files.receive(chunks(bytes), maxBytes);
    try {
      await files.inspect(got.tmpPath);
    } finally {
      await files.discard(got);
    }
  } catch (err) {
    expect(err).toBeInstanceOf(PhotoRejectedError);
    return err as PhotoRejectedError;
  }
  throw new Error('the file was accepted');
}

describe('photo files', () => {
  it('keeps the original byte for byte under its SHA-256, with a thumbnail', async () => {
    const files = new PhotoFiles(dir);
    const bytes = await jpeg(1, 1200, 900);
    const got = await files.receive(chunks(bytes));
    expect(got.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const img = await files.inspect(got.tmpPath);
    expect([img.mime, img.width, img.height]).toEqual(['image/jpeg', 1200, 900]);
    await files.commit(got, img.thumbnail);
    expect(readFileSync(files.originalPath(got.sha256)).equals(bytes)).toBe(true);
    expect(await files.hashOf(got.sha256)).toBe(got.sha256);
    const thumb = await (await import('sharp')).default(files.thumbnailPath(got.sha256)).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBe(320);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('stops an upload past the size limit while it streams, and leaves no file', async () => {
    const files = new PhotoFiles(dir);
    let pulled = 0;
    async function* endless(): AsyncIterable<Uint8Array> {
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(64 * 1024);
      }
    }
    await expect(files.receive(endless(), 1024 * 1024)).rejects.toMatchObject({ reason: 'TOO_LARGE' });
    expect(pulled).toBeLessThanOrEqual(17);
    expect(allFiles(dir)).toEqual([]);
  });

  it('refuses what is not an image, an empty file, an unsupported format and a decompression bomb', async () => {
    const files = new PhotoFiles(dir);
    expect((await refused(files, Buffer.from('%PDF-1.4 not a photo at all'))).reason).toBe('NOT_AN_IMAGE');
    await expect(files.receive(chunks(Buffer.alloc(0)))).rejects.toMatchObject({ reason: 'EMPTY' });
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==', 'base64');
    expect((await refused(files, gif)).reason).toBe('UNSUPPORTED_FORMAT');
    const bomb = pngBomb(10_000);
    expect(bomb.length).toBeLessThan(100_000);
    const e = await refused(files, bomb);
    expect(e.reason).toBe('TOO_MANY_PIXELS');
    expect(e.message).toMatch(/^file: 10000×10000 pixels/);
    // A truncated JPEG declares a fine size but does not decode.
    const photo = await jpeg(2);
    expect((await refused(files, photo.subarray(0, photo.length / 2))).reason).toBe('CORRUPT');
    // Cut before its header ends, it is still a JPEG by its signature: damaged, not "not an image".
    expect((await refused(files, photo.subarray(0, 40))).reason).toBe('CORRUPT');
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect((await refused(files, png.subarray(0, 12))).reason).toBe('CORRUPT');
    expect(allFiles(dir)).toEqual([]);
  });

  it('stores the same content once', async () => {
    const files = new PhotoFiles(dir);
    const bytes = await jpeg(3);
    for (let i = 0; i < 2; i++) {
      const got = await files.receive(chunks(bytes));
      await files.commit(got, (await files.inspect(got.tmpPath)).thumbnail);
    }
    expect(allFiles(join(dir, 'originals'))).toHaveLength(1);
    expect(existsSync(join(dir, 'tmp'))).toBe(true);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });
});

describe('embedded photo store', () => {
  it('keeps photos, faces, the opt-in and leads, and decides a lead once', async () => {
    const db = new Database(join(dir, 'h.db'));
    try {
      await photoStoreScenario(openEmbeddedPhotoStore(db), '');
    } finally {
      db.close();
    }
  });
});
