import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from '@homeward/domain';
import { PhotoRejectedError } from '@homeward/media';
import { log } from './log.js';
import { discardRestOfUpload } from './refused-upload.js';

/** The HTTP status of a refusal on the plain-HTTP routes (uploads, downloads, exports); anything else is a 400. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
};

export const httpStatusOf = (code: ErrorCode): number => STATUS[code] ?? 400;

/**
 * Answers a failed request on a plain-HTTP route (Nest's exception filters are set up for GraphQL) as
 * `{ error: { code, message, field? } }`: a refused image as PHOTO_REJECTED (413 when too large), a domain
 * error with its status, anything else as a masked 500 that is logged (`what` names the route in the log).
 * A refused upload may still be sending: the rest of its body is read and thrown away, so that the sender
 * gets the answer instead of a broken pipe. Once the answer has begun, the connection is cut instead.
 */
export function answerHttpError(req: Request, res: Response, err: unknown, what: string): void {
  let status = 500;
  let body: Record<string, string> = { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
  if (err instanceof PhotoRejectedError) {
    status = err.reason === 'TOO_LARGE' ? 413 : 400;
    body = { code: 'PHOTO_REJECTED', reason: err.reason, field: 'file', message: err.message };
  } else if (err instanceof DomainError) {
    status = httpStatusOf(err.code);
    body = { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
  } else {
    log('error', `${what} failed`, { path: req.path, message: err instanceof Error ? err.message : String(err) });
  }
  if (req.method === 'POST' || req.method === 'PUT') discardRestOfUpload(req, res);
  if (!res.headersSent) res.status(status).json({ error: body });
  else res.destroy();
}
