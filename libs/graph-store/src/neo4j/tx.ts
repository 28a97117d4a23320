import { DomainError, ErrorCode } from '@homeward/domain';
import { DriverRunner, int, type Tx as KitTx, type TxRunner as KitTxRunner } from '@homeward/neo4j-kit';
import { Neo4jError, type Driver } from 'neo4j-driver';
import { CYPHER, type CypherName } from './cypher';

/** One managed transaction, running statements of the CYPHER record by name only. */
export type Tx = KitTx<CypherName>;

/** The graph adapter's runner: the shared one of @homeward/neo4j-kit over this CYPHER record. */
export type TxRunner = KitTxRunner<CypherName>;

const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired']);

/** Errors of the database the callers can act on get a code of the domain registry; the rest pass unchanged. */
export function translateError(err: unknown): unknown {
  if (err instanceof Neo4jError) {
    let out: DomainError | null = null;
    if (UNAVAILABLE.has(err.code)) out = new DomainError(ErrorCode.Unavailable, `graph database unavailable: ${err.message}`);
    if (err.code === 'Neo.ClientError.Schema.ConstraintValidationFailed')
      out = new DomainError(ErrorCode.Conflict, `already exists: ${err.message}`);
    // Start-up reporting looks through to the driver's code.
    if (out) return Object.assign(out, { cause: err });
  }
  return err;
}

/** The runner the graph, case and account stores share. */
export const graphRunner = (driver: Driver, database: string | undefined): TxRunner =>
  new DriverRunner(driver, CYPHER, { database, translateError });

export { int };
