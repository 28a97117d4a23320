import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError } from '@homeward/domain';
import { log } from './log.js';

/**
 * Apollo's formatError: domain errors keep their code and field; GraphQL's
 * own validation errors pass; anything else is an internal error, logged,
 * and masked in production (no stack, SQL or Cypher reaches the client).
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (original instanceof DomainError) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
      };
    }
    const code = formatted.extensions?.code;
    if (code && code !== 'INTERNAL_SERVER_ERROR') {
      return production
        ? {
            message: formatted.message,
            locations: formatted.locations,
            path: formatted.path,
            extensions: {
              code,
              ...(typeof formatted.extensions?.retryAfterSeconds === 'number'
                ? { retryAfterSeconds: formatted.extensions.retryAfterSeconds }
                : {}),
            },
          }
        : formatted;
    }
    log('error', 'internal error', { message: original instanceof Error ? original.message : String(original), path: formatted.path });
    return production
      ? { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } }
      : formatted;
  };
}

/** Node's system error codes said in words, for the ones a failed request or export meets. */
const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'a stored file is missing',
  EACCES: 'a stored file could not be read',
  EPERM: 'a stored file could not be read',
  EIO: 'the server could not read its disk',
  ENOSPC: "the server's disk is full",
  ECONNRESET: 'the connection was closed',
  EPIPE: 'the connection was closed',
  ERR_STREAM_PREMATURE_CLOSE: 'the connection was closed',
};

/**
 * What an audit record says of a failure. The reason the caller was given (a domain error, GraphQL's own
 * validation, a refusal with its code) is kept; an internal error's text is not: it can hold SQL, Cypher, a
 * server path or data, formatError keeps it from the client, and the audit trail is read by supervisors and
 * goes into evidence bundles. An internal error is recorded as such, in words where Node's error code says
 * what happened (ENOENT: a stored file is missing). At most 200 characters.
 */
export function failureReason(err: unknown): string {
  const original = err instanceof GraphQLError && err.originalError ? err.originalError : err;
  if (original instanceof DomainError) return original.message.slice(0, 200);
  const code = (original as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  if (original instanceof GraphQLError && typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR')
    return original.message.slice(0, 200);
  const system = (original as { code?: unknown } | null)?.code;
  if (typeof system === 'string' && /^E[A-Z0-9_]+$/.test(system)) return `${SYSTEM_ERRORS[system] ?? 'internal error'} (${system})`;
  return 'internal error';
}
