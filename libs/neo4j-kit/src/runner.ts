import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
import { decodeRecord, type Row } from './values';

/** One managed transaction, running statements of one adapter's CYPHER record by name only. */
export interface Tx<N extends string> {
  run(name: N, params?: Record<string, unknown>): Promise<Row[]>;
}

/**
 * Runs work in a managed transaction. The driver retries transient failures
 * (and, on a cluster, a write sent to a follower), so work must be repeatable
 * from scratch: MERGE on application ids, no side effects outside the tx.
 * `read` uses executeRead so that `neo4j://` routing may send it to a
 * follower or read replica; `write` uses executeWrite so it reaches the leader.
 */
export interface TxRunner<N extends string> {
  read<T>(work: (tx: Tx<N>) => Promise<T>): Promise<T>;
  write<T>(work: (tx: Tx<N>) => Promise<T>): Promise<T>;
}

export interface DriverRunnerOptions {
  /** The database to use; the server's default when absent. */
  readonly database?: string;
  /** Turns a driver error into one the adapter's callers understand (graph-store maps codes to DomainError). */
  readonly translateError?: (err: unknown) => unknown;
}

/**
 * The one TxRunner over the driver, shared by every Neo4j adapter. Statements
 * come only from the adapter's record of named statements (each linted against
 * the schema); rows come back decoded by decodeRecord (integers, temporals,
 * byte arrays, lists), whatever the driver's integer setting.
 */
export class DriverRunner<N extends string> implements TxRunner<N> {
  constructor(
    private readonly driver: Driver,
    private readonly statements: Readonly<Record<N, string>>,
    private readonly options: DriverRunnerOptions = {},
  ) {}

  read<T>(work: (tx: Tx<N>) => Promise<T>): Promise<T> {
    return this.session('READ', (s) => s.executeRead((tx) => work(this.wrap(tx))));
  }

  write<T>(work: (tx: Tx<N>) => Promise<T>): Promise<T> {
    return this.session('WRITE', (s) => s.executeWrite((tx) => work(this.wrap(tx))));
  }

  private wrap(tx: ManagedTransaction): Tx<N> {
    return {
      run: async (name, params = {}) => {
        const statement = this.statements[name];
        // A name outside the record can only come from a cast; fail before sending anything.
        if (typeof statement !== 'string') throw new Error(`neo4j: no statement named ${JSON.stringify(name)}`);
        const result = await tx.run(statement, params);
        return result.records.map(decodeRecord);
      },
    };
  }

  private async session<T>(mode: 'READ' | 'WRITE', fn: (s: Session) => Promise<T>): Promise<T> {
    const session = this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    try {
      return await fn(session);
    } catch (err) {
      throw this.options.translateError ? this.options.translateError(err) : err;
    } finally {
      await session.close();
    }
  }
}

/**
 * A schema command (CREATE INDEX, CREATE CONSTRAINT, DROP INDEX) in its own
 * write transaction: Neo4j refuses schema and data changes in one transaction.
 * The statement is migration text derived from graph-schema, never input.
 */
export async function runSchemaStatement(driver: Driver, database: string | undefined, statement: string): Promise<void> {
  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  try {
    await session.executeWrite((tx) => tx.run(statement));
  } finally {
    await session.close();
  }
}
