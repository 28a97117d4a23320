import { DriverRunner, int, toBytes, toNumber, toWireBytes, type Row, type Tx, type TxRunner } from '@homeward/neo4j-kit';
import type { Driver } from 'neo4j-driver';
import type { DocumentKind } from '../rooms';
import { DocumentStoreClosedError, type AttributedUpdate, type DocumentStore, type SignOffRecord } from '../store/port';
import { CYPHER, type CollabCypherName } from './cypher';

const str = (v: unknown): string => {
  if (typeof v !== 'string') throw new Error('expected a string from Neo4j');
  return v;
};
const toUpdate = (r: Row): AttributedUpdate => ({
  seq: toNumber(r.seq, 'seq'),
  update: toBytes(r.data, 'update'),
  userId: str(r.userId),
  at: str(r.at),
});
const toSignOff = (r: Row): SignOffRecord => ({
  id: str(r.id),
  caseId: str(r.caseId),
  document: str(r.document) as DocumentKind,
  seq: toNumber(r.seq, 'seq'),
  signerId: str(r.signerId),
  signedAt: str(r.signedAt),
  comment: str(r.comment),
  contentHash: str(r.contentHash),
});

/**
 * The document store in Neo4j (labels DocUpdate, DocSnapshot, SignOff), so
 * that in Neo4j mode no document lives on the API server's disk. A write
 * resolves after the transaction commits, which Neo4j makes durable before
 * acknowledging.
 */
export function openNeo4jDocumentStore(driver: Driver, database?: string): DocumentStore {
  let closed = false;
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    const done = () => inFlight.delete(p);
    p.then(done, done);
    return p;
  };
  const runner: TxRunner<CollabCypherName> = new DriverRunner(driver, CYPHER, { database });
  // Closed means closed for reads too: the server has shut the rooms, and a late read would race the driver's close.
  const read = <T>(work: (tx: Tx<CollabCypherName>) => Promise<T>): Promise<T> =>
    closed ? Promise.reject(new DocumentStoreClosedError()) : track(runner.read(work));
  const write = <T>(work: (tx: Tx<CollabCypherName>) => Promise<T>): Promise<T> =>
    closed ? Promise.reject(new DocumentStoreClosedError()) : track(runner.write(work));

  return {
    append: (room, update, userId, at) =>
      write(async (tx) => {
        const [r] = await tx.run('appendUpdate', { room, data: toWireBytes(update), userId, at: at.toISOString() });
        return toNumber(r.seq, 'seq');
      }),
    load: (room) =>
      read(async (tx) => {
        const [snap] = await tx.run('loadSnapshot', { room });
        const snapshotSeq = snap ? toNumber(snap.seq, 'seq') : 0;
        const tail = (await tx.run('updatesAfter', { room, afterSeq: int(snapshotSeq) })).map(toUpdate);
        const lastSeq = tail.length > 0 ? tail[tail.length - 1].seq : toNumber((await tx.run('lastSeq', { room }))[0].seq, 'seq');
        return { snapshot: snap ? toBytes(snap.state, 'snapshot') : null, snapshotSeq, tail, lastSeq: Math.max(lastSeq, snapshotSeq) };
      }),
    updatesAfter: (room, afterSeq) => read(async (tx) => (await tx.run('updatesAfter', { room, afterSeq: int(afterSeq) })).map(toUpdate)),
    compact: (room, state, seq, at) =>
      write(async (tx) => {
        await tx.run('compact', { room, state: toWireBytes(state), seq: int(seq), at: at.toISOString() });
      }),
    addSignOff: (s) =>
      write(async (tx) => {
        await tx.run('addSignOff', {
          id: s.id,
          caseId: s.caseId,
          document: s.document,
          seq: int(s.seq),
          signerId: s.signerId,
          signedAt: s.signedAt,
          comment: s.comment,
          contentHash: s.contentHash,
          state: toWireBytes(s.state),
        });
      }),
    signOffs: (caseId, document) => read(async (tx) => (await tx.run('signOffs', { caseId, document })).map(toSignOff)),
    getSignOff: (id) =>
      read(async (tx) => {
        const [r] = await tx.run('getSignOff', { id });
        return r ? { ...toSignOff(r), state: toBytes(r.state, 'sign-off state') } : null;
      }),
    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
