import neo4j, { type Driver, type ManagedTransaction, type Record as Neo4jRecord } from 'neo4j-driver';
import type { DocumentKind } from '../rooms';
import { DocumentStoreClosedError, type AttributedUpdate, type DocumentStore, type SignOffRecord } from '../store/port';
import { CYPHER } from './cypher';

// The driver sends and returns byte arrays as Int8Array; Yjs wants Uint8Array.
const toWire = (u: Uint8Array): Int8Array => new Int8Array(u.buffer, u.byteOffset, u.byteLength);
function fromWire(v: unknown): Uint8Array {
  if (v instanceof Int8Array || v instanceof Uint8Array) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  throw new Error('expected a byte array from Neo4j');
}
function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (neo4j.isInt(v)) return v.toNumber();
  throw new Error('expected an integer from Neo4j');
}
const str = (v: unknown): string => {
  if (typeof v !== 'string') throw new Error('expected a string from Neo4j');
  return v;
};
const toUpdate = (r: Neo4jRecord): AttributedUpdate => ({ seq: num(r.get('seq')), update: fromWire(r.get('data')), userId: str(r.get('userId')), at: str(r.get('at')) });
const toSignOff = (r: Neo4jRecord): SignOffRecord => ({
  id: str(r.get('id')),
  caseId: str(r.get('caseId')),
  document: str(r.get('document')) as DocumentKind,
  seq: num(r.get('seq')),
  signerId: str(r.get('signerId')),
  signedAt: str(r.get('signedAt')),
  comment: str(r.get('comment')),
  contentHash: str(r.get('contentHash')),
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
  const write = <T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new DocumentStoreClosedError());
    return track(
      (async () => {
        const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
        try {
          return await session.executeWrite(work);
        } finally {
          await session.close();
        }
      })(),
    );
  };
  const read = <T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new DocumentStoreClosedError());
    return track(
      (async () => {
        const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
        try {
          return await session.executeRead(work);
        } finally {
          await session.close();
        }
      })(),
    );
  };

  return {
    append: (room, update, userId, at) =>
      write(async (tx) => {
        const r = await tx.run(CYPHER.appendUpdate, { room, data: toWire(update), userId, at: at.toISOString() });
        return num(r.records[0].get('seq'));
      }),
    load: (room) =>
      read(async (tx) => {
        const snap = (await tx.run(CYPHER.loadSnapshot, { room })).records[0];
        const snapshotSeq = snap ? num(snap.get('seq')) : 0;
        const tail = (await tx.run(CYPHER.updatesAfter, { room, afterSeq: neo4j.int(snapshotSeq) })).records.map(toUpdate);
        const lastSeq = tail.length > 0 ? tail[tail.length - 1].seq : num((await tx.run(CYPHER.lastSeq, { room })).records[0].get('seq'));
        return { snapshot: snap ? fromWire(snap.get('state')) : null, snapshotSeq, tail, lastSeq: Math.max(lastSeq, snapshotSeq) };
      }),
    updatesAfter: (room, afterSeq) => read(async (tx) => (await tx.run(CYPHER.updatesAfter, { room, afterSeq: neo4j.int(afterSeq) })).records.map(toUpdate)),
    compact: (room, state, seq, at) =>
      write(async (tx) => {
        await tx.run(CYPHER.compact, { room, state: toWire(state), seq: neo4j.int(seq), at: at.toISOString() });
      }),
    addSignOff: (s) =>
      write(async (tx) => {
        await tx.run(CYPHER.addSignOff, {
          id: s.id,
          caseId: s.caseId,
          document: s.document,
          seq: neo4j.int(s.seq),
          signerId: s.signerId,
          signedAt: s.signedAt,
          comment: s.comment,
          contentHash: s.contentHash,
          state: toWire(s.state),
        });
      }),
    signOffs: (caseId, document) => read(async (tx) => (await tx.run(CYPHER.signOffs, { caseId, document })).records.map(toSignOff)),
    getSignOff: (id) =>
      read(async (tx) => {
        const r = (await tx.run(CYPHER.getSignOff, { id })).records[0];
        return r ? { ...toSignOff(r), state: fromWire(r.get('state')) } : null;
      }),
    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
