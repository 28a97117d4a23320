import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { PhotoFiles, PhotoStore } from '@homeward/media';
import { ConfigError } from '../../base/config.js';
import type { RequestContext } from '../../base/context.js';

/** A photo for the poster and the alert: its bytes, type and where partners can fetch it. */
export interface ChildPhoto {
  readonly bytes: Uint8Array;
  readonly mimeType: string;
  readonly description: string;
  readonly uri?: string;
  /** JPEG or PNG bytes a PDF can embed (the original itself when it is one of those). */
  readonly printable: Uint8Array;
  readonly sha256: string;
}

/** Finds the child's photo; the photo store plugs in here (none: posters and alerts go without). */
export const CHILD_PHOTO_SOURCE = Symbol('CHILD_PHOTO_SOURCE');
export interface ChildPhotoSource {
  photoOf(ctx: RequestContext, caseId: string, personId: string): Promise<ChildPhoto | null>;
}

/**
 * PUBLIC_URL: where partners reach this server (https://homeward.example.org);
 * CAP resources carry an absolute URI only when it is set.
 */
export function publicUrlFromEnv(env: NodeJS.ProcessEnv): string | null {
  const v = env.PUBLIC_URL?.trim();
  if (!v) return null;
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(v))
    throw new ConfigError('PUBLIC_URL', `"${v}" must be an http(s) URL such as https://homeward.example.org`);
  return v.replace(/\/+$/, '');
}

/**
 * The child's photo from the photo store: the newest photo attached to the
 * child's Person in this case. The original goes into the CAP resource as it
 * is (its SHA-1 computed over those exact bytes); the poster gets a JPEG
 * when the original is a format PDF cannot embed (WebP).
 */
export class StoredChildPhotos implements ChildPhotoSource {
  constructor(
    private readonly store: PhotoStore,
    private readonly files: PhotoFiles,
    private readonly publicUrl: string | null,
  ) {}

  async photoOf(_ctx: unknown, caseId: string, personId: string): Promise<ChildPhoto | null> {
    const photos = await this.store.photosOfEntity(caseId, personId);
    const newest = [...photos].sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt))[0];
    if (!newest) return null;
    const bytes = await readFile(this.files.originalPath(newest.sha256));
    const printable = /^image\/(jpeg|png)$/.test(newest.mime) ? bytes : await sharp(bytes).rotate().jpeg({ quality: 90 }).toBuffer();
    return {
      bytes,
      mimeType: newest.mime,
      description: newest.caption?.trim() || 'Photo of the missing child',
      uri: this.publicUrl ? `${this.publicUrl}/media/photos/${newest.id}/original` : undefined,
      printable,
      sha256: newest.sha256,
    };
  }
}
