import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCode } from '@homeward/domain';
import { failureReason } from './errors.js';

describe('failureReason', () => {
  it("keeps what the caller was told: a domain error's message, a refusal with its code", () => {
    expect(failureReason(new DomainError(ErrorCode.BadUserInput, 'fullName: must not be empty', 'fullName'))).toBe(
      'fullName: must not be empty',
    );
    const wrapped = new GraphQLError('wrapped', { originalError: new DomainError(ErrorCode.Forbidden, 'not a member of this case') });
    expect(failureReason(wrapped)).toBe('not a member of this case');
    expect(failureReason(new GraphQLError('Too many requests', { extensions: { code: 'RATE_LIMITED' } }))).toBe('Too many requests');
  });

  it('records an internal error as such, never its text (SQL, Cypher, a server path)', () => {
    expect(failureReason(new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed: entities.id'))).toBe('internal error');
    expect(failureReason(new GraphQLError('boom', { originalError: new Error('MATCH (e:Entity {id: $id}) failed') }))).toBe(
      'internal error',
    );
    const missing = Object.assign(new Error("ENOENT: no such file or directory, open '/srv/homeward/data/photos/originals/ab/abcdef'"), {
      code: 'ENOENT',
    });
    expect(failureReason(missing)).toBe('a stored file is missing (ENOENT)');
    expect(failureReason(Object.assign(new Error('/srv/x: odd'), { code: 'EMFILE' }))).toBe('internal error (EMFILE)');
    expect(failureReason('a thrown string')).toBe('internal error');
    expect(failureReason(null)).toBe('internal error');
  });
});
