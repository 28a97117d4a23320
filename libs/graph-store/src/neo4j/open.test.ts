import { DomainError, ErrorCode } from '@homeward/domain';
import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { describeStartupError, openNeo4jStores } from './open';
import { translateError } from './tx';

const opts = { uri: 'neo4j://db.example:7687', user: 'homeward', database: 'cases' };
const neoError = (code: string, message = 'boom') => new Neo4jError(message, code, '50N42', 'error');

describe('openNeo4jStores', () => {
  it('fails fast on a closed port with one line naming NEO4J_URI', async () => {
    const started = Date.now();
    await expect(openNeo4jStores({ uri: 'neo4j://127.0.0.1:1', password: 'x' })).rejects.toThrow(
      'NEO4J_URI: cannot reach neo4j://127.0.0.1:1 (ServiceUnavailable)',
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });
  it('names NEO4J_URI for a scheme the driver does not know', async () => {
    await expect(openNeo4jStores({ uri: 'http://127.0.0.1:1' })).rejects.toThrow(
      /^NEO4J_URI: cannot use "http:\/\/127.0.0.1:1" \(.*scheme/,
    );
  });
  it('names NEO4J_URI when it is empty', async () => {
    await expect(openNeo4jStores({ uri: ' ' })).rejects.toThrow('NEO4J_URI: is empty');
  });
});

describe('describeStartupError', () => {
  it.each([
    ['ServiceUnavailable', 'NEO4J_URI: cannot reach neo4j://db.example:7687 (ServiceUnavailable)'],
    ['Neo.ClientError.Security.Unauthorized', 'NEO4J_PASSWORD: authentication failed for user homeward'],
    [
      'Neo.ClientError.Security.AuthenticationRateLimit',
      'NEO4J_PASSWORD: too many failed authentication attempts; the server is refusing logins for now',
    ],
    ['Neo.ClientError.Database.DatabaseNotFound', 'NEO4J_DATABASE: database cases does not exist'],
    ['Neo.ClientError.Security.Forbidden', 'NEO4J_USER: user homeward may not create the schema or write (boom)'],
    [
      'Neo.DatabaseError.General.UnknownError',
      'NEO4J_URI: neo4j://db.example:7687 failed at start (Neo.DatabaseError.General.UnknownError: boom)',
    ],
  ])('%s', (code, message) => {
    expect(describeStartupError(neoError(code), opts).message).toBe(message);
  });
  it('sees through the Unavailable error the stores raise to the driver code beneath', () => {
    const wrapped = translateError(neoError('ServiceUnavailable'));
    expect(wrapped).toBeInstanceOf(DomainError);
    expect((wrapped as DomainError).code).toBe(ErrorCode.Unavailable);
    expect(describeStartupError(wrapped, opts).message).toBe('NEO4J_URI: cannot reach neo4j://db.example:7687 (ServiceUnavailable)');
  });
  it('turns a unique-constraint failure into a Conflict', () => {
    expect((translateError(neoError('Neo.ClientError.Schema.ConstraintValidationFailed')) as DomainError).code).toBe(ErrorCode.Conflict);
  });
});
