import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { PHOTO_LIMITS, PHOTO_MIME, PhotoRejectedError, isSha256 } from './photos';

/** A received upload, hashed and on disk in the temporary folder, not yet accepted. */
export interface ReceivedFile {
  readonly tmpPath: string;
  readonly sha256: string;
  readonly size: number;
}

export interface InspectedImage {
  readonly format: string;
  readonly mime: string;
  readonly width: number;
  readonly height: number;
  /** The thumbnail (WebP), made by decoding the whole image: a file that does not decode is refused here. */
  readonly thumbnail: Buffer;
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Content-addressed photo files under one root: `originals/<aa>/<sha256>`
 * kept byte for byte as uploaded (evidence), `thumbs/<aa>/<sha256>.webp`,
 * and `tmp/` for uploads in flight. Every file appears by rename after an
 * fsync, so a crash or a refused upload never leaves a partial file under
 * its hash.
 */
export class PhotoFiles {
  private readonly tmpDir: string;

  constructor(readonly root: string) {
    this.tmpDir = join(root, 'tmp');
    for (const d of ['originals', 'thumbs', 'tmp']) mkdirSync(join(root, d), { recursive: true });
  }

  originalPath(sha256: string): string {
    if (!isSha256(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, 'originals', sha256.slice(0, 2), sha256);
  }

  thumbnailPath(sha256: string): string {
    if (!isSha256(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, 'thumbs', sha256.slice(0, 2), `${sha256}.webp`);
  }

  /**
   * Streams an upload into a temporary file while hashing it, and stops
   * (deleting what was written) as soon as it passes `maxBytes`: the limit is
   * enforced on the stream, never after buffering the whole body.
   */
  async receive(body: AsyncIterable<Uint8Array>, maxBytes: number = PHOTO_LIMITS.maxBytes): Promise<ReceivedFile> {
    const tmpPath = join(this.tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
    const fh = await open(tmpPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of body) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new PhotoRejectedError('TOO_LARGE', `file: larger than ${maxBytes} bytes`);
        hash.update(chunk);
        await fh.write(chunk);
      }
      await fh.sync();
    } catch (err) {
      await fh.close().catch(() => undefined);
      await rm(tmpPath, { force: true });
      throw err;
    }
    await fh.close();
    if (size === 0) {
      await rm(tmpPath, { force: true });
      throw new PhotoRejectedError('EMPTY', 'file: empty');
    }
    return { tmpPath, sha256: hash.digest('hex'), size };
  }

  /**
   * Checks a received file is a photo we accept and makes its thumbnail.
   * The declared size is checked from the header before any decoding, so a
   * decompression bomb is refused without being inflated; the decode itself
   * runs under sharp's pixel limit as a second guard.
   */
  async inspect(path: string): Promise<InspectedImage> {
    let meta: sharp.Metadata;
    try {
      // Reading the header decodes no pixels; the limit is applied below, with the declared size in the message.
      meta = await sharp(path, { limitInputPixels: false }).metadata();
    } catch {
      // A file that starts like a JPEG, PNG or WebP but whose header cannot be read was cut or damaged:
      // telling the user "not an image" would send them looking for the wrong problem.
      if (await hasImageSignature(path)) throw new PhotoRejectedError('CORRUPT', 'file: the image is damaged or truncated');
      throw new PhotoRejectedError('NOT_AN_IMAGE', 'file: not an image');
    }
    const format = meta.format ?? '';
    const mime = PHOTO_MIME[format];
    if (!mime)
      throw new PhotoRejectedError('UNSUPPORTED_FORMAT', `file: ${format || 'unknown'} images are not accepted (JPEG, PNG or WebP)`);
    const width = meta.width ?? 0;
    const height = meta.height ?? 0;
    if (width < 1 || height < 1) throw new PhotoRejectedError('CORRUPT', 'file: the image has no size');
    if (width > PHOTO_LIMITS.maxSide || height > PHOTO_LIMITS.maxSide || width * height > PHOTO_LIMITS.maxPixels) {
      throw new PhotoRejectedError(
        'TOO_MANY_PIXELS',
        `file: ${width}×${height} pixels is more than allowed (${PHOTO_LIMITS.maxSide} per side, ${PHOTO_LIMITS.maxPixels} in all)`,
      );
    }
    if ((meta.pages ?? 1) > 1) throw new PhotoRejectedError('UNSUPPORTED_FORMAT', 'file: animated or multi-page images are not accepted');
    let thumbnail: Buffer;
    try {
      thumbnail = await sharp(path, { limitInputPixels: PHOTO_LIMITS.maxPixels, failOn: 'error' })
        .rotate()
        .resize(PHOTO_LIMITS.thumbSide, PHOTO_LIMITS.thumbSide, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer();
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (/pixel limit/i.test(msg)) throw new PhotoRejectedError('TOO_MANY_PIXELS', 'file: the image decodes to more pixels than allowed');
      throw new PhotoRejectedError('CORRUPT', 'file: the image is damaged or truncated');
    }
    return { format, mime, width, height, thumbnail };
  }

  /**
   * Moves an accepted upload under its hash and writes its thumbnail. The
   * same content uploaded twice is stored once.
   */
  async commit(file: ReceivedFile, thumbnail: Buffer): Promise<void> {
    const original = this.originalPath(file.sha256);
    const thumb = this.thumbnailPath(file.sha256);
    for (const p of [original, thumb]) mkdirSync(join(p, '..'), { recursive: true });
    if (await exists(original)) await rm(file.tmpPath, { force: true });
    else await rename(file.tmpPath, original);
    if (!(await exists(thumb))) {
      const tmpThumb = join(this.tmpDir, `${file.sha256}-${randomBytes(4).toString('hex')}.webp.part`);
      const fh = await open(tmpThumb, 'wx', 0o600);
      try {
        await fh.write(thumbnail);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmpThumb, thumb);
    }
    await fsyncDir(join(original, '..'));
    await fsyncDir(join(thumb, '..'));
  }

  /** Removes a temporary upload (refused or failed). */
  discard(file: ReceivedFile): Promise<void> {
    return rm(file.tmpPath, { force: true });
  }

  /** Removes stored content no record points at any more (after a failed metadata write). */
  async removeContent(sha256: string): Promise<void> {
    await rm(this.originalPath(sha256), { force: true });
    await rm(this.thumbnailPath(sha256), { force: true });
  }

  /** Hash of a stored original, read back from disk (evidence check). */
  async hashOf(sha256: string): Promise<string> {
    const fh = await open(this.originalPath(sha256), 'r');
    try {
      const hash = createHash('sha256');
      for await (const chunk of fh.createReadStream()) hash.update(chunk as Buffer);
      return hash.digest('hex');
    } finally {
      await fh.close().catch(() => undefined);
    }
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** The first bytes of the formats accepted (JPEG SOI, the PNG signature, RIFF…WEBP). */
async function hasImageSignature(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await fh.read(head, 0, 12, 0);
    const b = head.subarray(0, bytesRead);
    const jpeg = b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
    const png = b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const webp = b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP';
    return jpeg || png || webp;
  } finally {
    await fh.close();
  }
}
