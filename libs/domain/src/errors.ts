/**
 * The one registry of error codes. Every error the server reports carries one
 * of these codes; the API maps them to GraphQL `extensions.code` in one place.
 */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  InvalidLink: 'INVALID_LINK',
  AccountLocked: 'ACCOUNT_LOCKED',
  SessionLocked: 'SESSION_LOCKED',
  Unavailable: 'UNAVAILABLE',
  /** A search stopped at one of its work bounds (node budget, path count); the message names the bound. */
  LimitExceeded: 'LIMIT_EXCEEDED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, as a dotted path (`input.latitude`). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (field: string, reason: string) => new DomainError(ErrorCode.BadUserInput, `${field}: ${reason}`, field);
export const notFound = (what: string, id: string) => new DomainError(ErrorCode.NotFound, `${what} ${id} not found`);
export const forbidden = (message = 'not allowed') => new DomainError(ErrorCode.Forbidden, message);
