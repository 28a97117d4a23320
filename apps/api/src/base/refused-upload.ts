import type { IncomingMessage, ServerResponse } from 'node:http';

/** How much of a refused upload is read and thrown away before the connection is dropped instead. */
export const REFUSED_UPLOAD_LINGER = { maxBytes: 64 * 1024 * 1024, maxMs: 30_000 } as const;

/**
 * Called before answering a request whose body may still be arriving (an upload refused
 * before, or while, it was read).
 *
 * Closing the connection under a sender that is still writing makes its next write fail with
 * EPIPE or ECONNRESET, and fetch() or a browser then reports a network error instead of the
 * answer's reason. So, like a web server's lingering close, the rest of the body is read and
 * discarded and the connection stays usable. The reading is bounded: a body declared larger than
 * `maxBytes` is answered with `Connection: close` straight away, and one that keeps coming past
 * `maxBytes` or `maxMs` loses its connection.
 */
export function discardRestOfUpload(req: IncomingMessage, res: ServerResponse, limits = REFUSED_UPLOAD_LINGER): void {
  if (req.complete || req.destroyed) return;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    if (!res.headersSent) res.setHeader('Connection', 'close');
    return;
  }
  let read = 0;
  const drop = () => {
    clearTimeout(timer);
    req.socket?.destroy();
  };
  const timer = setTimeout(drop, limits.maxMs);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > limits.maxBytes) drop();
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}
