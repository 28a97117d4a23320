import { DomainError, ErrorCode } from '@homeward/domain';
import neo4j, { Neo4jError, type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
import { CYPHER, type CypherName } from './cypher';
import type { Row } from './mapping';

/** One managed transaction, running statements of the CYPHER record by name only. */
export interface Tx {
  run(name: CypherName, params?: Record<string, unknown>): Promise<Row[]>;
}

/**
 * Runs work in a managed transaction (retried by the driver on transient
 * failures, so work must be idempotent: MERGE on application ids).
 */
export interface TxRunner {
  read<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  write<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired']);

/** Errors of the database the callers can act on get a code of the domain registry; the rest pass unchanged. */
export function translateError(err: unknown): unknown {
  if (err instanceof Neo4jError) {
    let out: DomainError | null = null;
    if (UNAVAILABLE.has(err.code)) out = new DomainError(ErrorCode.Unavailable, `graph database unavailable: ${err.message}`);
    if (err.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') out = new DomainError(ErrorCode.Conflict, `already exists: ${err.message}`);
    // Start-up reporting looks through to the driver's code.
    if (out) return Object.assign(out, { cause: err });
  }
  return err;
}

function wrap(tx: ManagedTransaction): Tx {
  return {
    async run(name, params = {}) {
      const result = await tx.run(CYPHER[name], params);
      return result.records.map((r) => r.toObject() as Row);
    },
  };
}

export class DriverRunner implements TxRunner {
  constructor(
    private readonly driver: Driver,
    private readonly database: string | undefined,
  ) {}

  read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.session('READ', (s) => s.executeRead((tx) => work(wrap(tx))));
  }

  write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.session('WRITE', (s) => s.executeWrite((tx) => work(wrap(tx))));
  }

  private async session<T>(mode: 'READ' | 'WRITE', fn: (s: Session) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
    try {
      return await fn(session);
    } catch (err) {
      throw translateError(err);
    } finally {
      await session.close();
    }
  }
}

/** Integers Cypher insists on (LIMIT, procedure arguments): a plain JS number would travel as a float. */
export const int = (n: number) => neo4j.int(Math.trunc(n));
