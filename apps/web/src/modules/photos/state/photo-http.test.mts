// Photo uploads: what is refused before a byte is sent.
import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES, UploadError, uploadPhoto } from './photo-http.js';

const fileOf = (bytes: number, type = 'image/jpeg') => new File([new Uint8Array(bytes)], 'photo.jpg', { type });

describe('uploadPhoto', () => {
  it('refuses a file over the server’s limit as TOO_LARGE without sending it', async () => {
    const progress: number[] = [];
    const err = await uploadPhoto('c1', 'e1', fileOf(MAX_UPLOAD_BYTES + 1), '', (f) => progress.push(f)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadError);
    expect((err as UploadError).failure).toBe('TOO_LARGE');
    expect(progress).toEqual([]);
  });

  it('refuses an empty file as EMPTY', async () => {
    const err = await uploadPhoto('c1', 'e1', fileOf(0), 'caption', () => {}).catch((e: unknown) => e);
    expect((err as UploadError).failure).toBe('EMPTY');
  });
});
