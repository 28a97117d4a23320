import { getToken } from '../../../lib/session';
import type { Photo } from '../graphql/photos.generated';

/** Largest upload the server takes (it refuses more while the bytes stream in; checked here first to save the wait). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const ACCEPTED_TYPES = 'image/jpeg,image/png,image/webp';

/** Why an upload failed, as a key of `photos.errors` (the server's reason or code, or what went wrong here). */
export type UploadFailure =
  | 'NOT_AN_IMAGE'
  | 'UNSUPPORTED_FORMAT'
  | 'TOO_LARGE'
  | 'TOO_MANY_PIXELS'
  | 'CORRUPT'
  | 'EMPTY'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'BAD_USER_INPUT'
  | 'NETWORK'
  | 'UNKNOWN';

const KNOWN = new Set<string>([
  'NOT_AN_IMAGE',
  'UNSUPPORTED_FORMAT',
  'TOO_LARGE',
  'TOO_MANY_PIXELS',
  'CORRUPT',
  'EMPTY',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'BAD_USER_INPUT',
]);

export class UploadError extends Error {
  constructor(
    readonly failure: UploadFailure,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sends a photo as the raw request body. XMLHttpRequest, not fetch: only it
 * reports upload progress.
 */
export function uploadPhoto(
  caseId: string,
  entityId: string,
  file: File,
  caption: string,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<Photo> {
  if (file.size > MAX_UPLOAD_BYTES) return Promise.reject(new UploadError('TOO_LARGE', 'file too large'));
  if (file.size === 0) return Promise.reject(new UploadError('EMPTY', 'empty file'));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const params = new URLSearchParams({ caseId, entityId, ...(caption.trim() ? { caption: caption.trim() } : {}) });
    xhr.open('POST', `/media/photos?${params}`);
    const token = getToken();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new UploadError('NETWORK', 'network'));
    xhr.onabort = () => reject(new UploadError('NETWORK', 'aborted'));
    xhr.onload = () => {
      let body: { photo?: Photo; error?: { code?: string; reason?: string; message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // A proxy's HTML error page: fall through to the status.
      }
      if (xhr.status === 201 && body.photo) return resolve(body.photo);
      const key = body.error?.reason ?? body.error?.code ?? (xhr.status === 413 ? 'TOO_LARGE' : '');
      reject(new UploadError(KNOWN.has(key) ? (key as UploadFailure) : 'UNKNOWN', body.error?.message ?? `HTTP ${xhr.status}`));
    };
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

/**
 * A photo as an object URL: image requests carry no Authorization header,
 * so the bytes are fetched with the session token (each fetch is audited).
 */
export async function photoBlobUrl(url: string, signal?: AbortSignal): Promise<string> {
  const token = getToken();
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal });
  if (!res.ok)
    throw new UploadError(res.status === 404 ? 'NOT_FOUND' : res.status === 401 ? 'UNAUTHENTICATED' : 'UNKNOWN', `HTTP ${res.status}`);
  return URL.createObjectURL(await res.blob());
}
