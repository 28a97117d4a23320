import neo4j, { Neo4jError, type Driver } from 'neo4j-driver';
import type { StateStores } from '../port';
import { Neo4jAccountStore } from './account-store';
import { Neo4jJobStore } from '../jobs/neo4j';
import { Neo4jGraphJournal } from '../journal/neo4j';
import { Neo4jCaseStore } from './case-store';
import { Neo4jGraphStore } from './graph-store';
import { applyMigrations } from './migrate';
import { graphRunner } from './tx';

export interface Neo4jOptions {
  readonly uri: string;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
}

export interface Neo4jStores extends StateStores {
  readonly kind: 'neo4j';
  readonly driver: Driver;
}

/** A misconfiguration found at start: the message names the environment variable at fault. */
export class Neo4jConfigError extends Error {
  constructor(
    readonly variable: 'NEO4J_URI' | 'NEO4J_USER' | 'NEO4J_PASSWORD' | 'NEO4J_DATABASE',
    /** What is wrong with it, without the variable's name (the server's own ConfigError adds that). */
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'Neo4jConfigError';
  }
}

/** A start-up failure as one line naming the variable to fix; the server prints it and exits 1. */
export function describeStartupError(err: unknown, opts: Neo4jOptions): Neo4jConfigError {
  if (err instanceof Neo4jConfigError) return err;
  if (err instanceof Error && err.cause instanceof Neo4jError) return describeStartupError(err.cause, opts);
  if (err instanceof Neo4jError) {
    const code = err.code;
    // The routing driver reports a refused first connection as SessionExpired; at start both mean the server is unreachable.
    if (code === 'ServiceUnavailable' || code === 'SessionExpired')
      return new Neo4jConfigError('NEO4J_URI', `cannot reach ${opts.uri} (ServiceUnavailable)`);
    if (code === 'Neo.ClientError.Security.Unauthorized')
      return new Neo4jConfigError('NEO4J_PASSWORD', `authentication failed for user ${opts.user ?? 'neo4j'}`);
    if (code === 'Neo.ClientError.Security.AuthenticationRateLimit') {
      return new Neo4jConfigError('NEO4J_PASSWORD', 'too many failed authentication attempts; the server is refusing logins for now');
    }
    if (code === 'Neo.ClientError.Database.DatabaseNotFound')
      return new Neo4jConfigError('NEO4J_DATABASE', `database ${opts.database ?? '(default)'} does not exist`);
    if (code === 'Neo.ClientError.Security.Forbidden') {
      return new Neo4jConfigError('NEO4J_USER', `user ${opts.user ?? 'neo4j'} may not create the schema or write (${err.message})`);
    }
    return new Neo4jConfigError('NEO4J_URI', `${opts.uri} failed at start (${code}: ${err.message})`);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new Neo4jConfigError('NEO4J_URI', `cannot use ${JSON.stringify(opts.uri)} (${message})`);
}

/** Seconds to wait for a TCP connection: an unreachable host must stop the start quickly, not after the driver's 30 s. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens the Neo4j stores: connects, checks the credentials and the database,
 * applies the migrations. Any failure closes the driver and throws a
 * Neo4jConfigError whose message names the variable and the problem.
 */
export async function openNeo4jStores(opts: Neo4jOptions): Promise<Neo4jStores> {
  if (!opts.uri.trim()) throw new Neo4jConfigError('NEO4J_URI', 'is empty');
  let driver: Driver;
  try {
    driver = neo4j.driver(opts.uri, neo4j.auth.basic(opts.user ?? 'neo4j', opts.password ?? ''), {
      disableLosslessIntegers: true,
      connectionTimeout: CONNECT_TIMEOUT_MS,
      // Start-up retries would only delay the one-line error; transactions later still retry.
      connectionAcquisitionTimeout: CONNECT_TIMEOUT_MS,
    });
  } catch (err) {
    throw describeStartupError(err, opts);
  }
  try {
    await driver.verifyConnectivity({ database: opts.database });
    const runner = graphRunner(driver, opts.database);
    await applyMigrations(driver, runner, opts.database);
    return {
      kind: 'neo4j',
      driver,
      graph: new Neo4jGraphStore(runner),
      cases: new Neo4jCaseStore(runner),
      accounts: new Neo4jAccountStore(runner),
      jobs: new Neo4jJobStore(driver, opts.database),
      journal: new Neo4jGraphJournal(driver, opts.database),
      close: () => driver.close(),
    };
  } catch (err) {
    // The start-up error is what the operator needs; a failure to close a broken driver adds nothing.
    await driver.close().catch(() => undefined);
    throw describeStartupError(err, opts);
  }
}
