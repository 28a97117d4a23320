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
