import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '@homeward/domain';
import { log } from './log.js';

/** Turns a domain error into the GraphQL error clients see: a stable `extensions.code` and the `field` at fault. */
export function toGraphQLError(err: DomainError): GraphQLError {
  return new GraphQLError(err.message, { extensions: { code: err.code, ...(err.field ? { field: err.field } : {}) } });
}

/** Throws in resolvers go through here. */
export const fail = (code: ErrorCode, message: string, field?: string): never => {
  throw new DomainError(code, message, field);
};

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
      return production ? { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } } : formatted;
    }
    log('error', 'internal error', { message: original instanceof Error ? original.message : String(original), path: formatted.path });
    return production
      ? { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } }
      : formatted;
  };
}
