import { DriverRunner, int, toBytes, toNumber, toWireBytes, type Row, type Tx, type TxRunner } from '@homeward/neo4j-kit';
import { performance } from 'node:perf_hooks';
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

interface PendingAppend {
  readonly room: string;
  readonly data: ReturnType<typeof toWireBytes>;
  readonly userId: string;
  readonly at: string;
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
  /** Settles with the append (never rejects): groups are written in order, so the last one pending settles last. */
  settled?: Promise<unknown>;
}

/**
 * The document store in Neo4j (labels DocUpdate, DocSnapshot, SignOff), so
 * that in Neo4j mode no document lives on the API server's disk. A write
 * resolves after the transaction commits, which Neo4j makes durable before
 * acknowledging.
 */
/**
 * The most appends one transaction writes. Without a bound, two replicas that fell behind (a
 * load spike) went on in groups of 4,500 updates: each commit released 4,500 relays at once,
 * the other replica's event loop spent seconds taking them in, its own next group waited, and
 * the two never came back to small groups (relay p50 20 s at full size, while one process on
 * the same Neo4j kept groups of 9 and p50 34 ms).
 */
const MAX_GROUP = 256;

/** What one group commit of appends did (for measurements: see tests/perf/replicas-bench.mjs). */
export interface AppendGroupStats {
  /** Updates in the group, and the rooms they belong to. */
  readonly updates: number;
  readonly rooms: number;
  /** From the start of the write to its commit (or failure), retries included. */
  readonly ms: number;
  /** Transaction attempts (above 1: the driver retried, e.g. after a deadlock or lock timeout). */
  readonly attempts: number;
  readonly failed: boolean;
}

export interface Neo4jDocumentStoreOptions {
  /** Called after every group commit of appends. */
  readonly onAppendGroup?: (stats: AppendGroupStats) => void;
}

export function openNeo4jDocumentStore(driver: Driver, database?: string, options: Neo4jDocumentStoreOptions = {}): DocumentStore {
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
    closed ? Promise.reject(new DocumentStoreClosedError()) : track(writtenSoFar().then(() => runner.read(work)));
  const write = <T>(work: (tx: Tx<CollabCypherName>) => Promise<T>): Promise<T> =>
    closed ? Promise.reject(new DocumentStoreClosedError()) : track(writtenSoFar().then(() => runner.write(work)));

  // Group commit: appends asked for while a transaction is running wait for it and then go
  // together in the next one (one per room is ever in flight, as the room queue waits for its
  // append, so a group holds each busy room's next update). A transaction per update made
  // Neo4j's commits the queue that 200 busy rooms waited in (relay p50 above a second); a group
  // costs about one commit whatever its size. Seqs still follow each room's order of arrival.
  let pending: PendingAppend[] = [];
  let flushing: Promise<void> | null = null;
  let scheduled = false;
  const writeGroup = (items: PendingAppend[]): Promise<void> => {
    const byRoom = new Map<string, PendingAppend[]>();
    for (const p of items) byRoom.set(p.room, [...(byRoom.get(p.room) ?? []), p]);
    const rooms = [...byRoom.keys()].sort();
    const batch = rooms.map((room) => ({ room, updates: byRoom.get(room)!.map(({ data, userId, at }) => ({ data, userId, at })) }));
    const started = performance.now();
    let attempts = 0;
    const report = (failed: boolean) =>
      options.onAppendGroup?.({ updates: items.length, rooms: rooms.length, ms: performance.now() - started, attempts, failed });
    return runner
      .write((tx) => (attempts++, tx.run('appendBatch', { batch })))
      .then(
        (rows) => {
          report(false);
          const seqs = new Map<string, number[]>();
          for (const r of rows) seqs.set(str(r.room), [...(seqs.get(str(r.room)) ?? []), toNumber(r.seq, 'seq')]);
          for (const [room, group] of byRoom) {
            const got = (seqs.get(room) ?? []).sort((a, b) => a - b);
            group.forEach((p, i) => (got[i] === undefined ? p.reject(new Error(`append to ${room} returned no seq`)) : p.resolve(got[i])));
          }
        },
        (err: unknown) => {
          report(true);
          throw err;
        },
      );
  };
  const flush = (): void => {
    scheduled = false;
    if (flushing || pending.length === 0) return;
    // At most MAX_GROUP appends a group, the oldest first (each room's order is kept: a prefix of the queue).
    const items = pending.length > MAX_GROUP ? pending.slice(0, MAX_GROUP) : pending;
    pending = pending.length > MAX_GROUP ? pending.slice(MAX_GROUP) : [];
    const run = async () => {
      try {
        await writeGroup(items);
      } catch (err) {
        // The whole group was rolled back. Each alone, in order, so that only an update that cannot be written fails.
        if (items.length === 1) return items[0].reject(err);
        for (const p of items) await writeGroup([p]).catch((e: unknown) => p.reject(e));
      }
    };
    flushing = track(run()).finally(() => {
      flushing = null;
      if (pending.length) flush();
    });
  };
  const schedule = (): void => {
    if (!scheduled && !flushing) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  /**
   * Resolves once every append asked for so far is written (or has failed), so that a read sees
   * them; appends asked for later are not waited for (under a steady stream of appends a read
   * that waited for the queue to be empty could wait for ever: a room's catch-up read waited
   * seconds).
   */
  const writtenSoFar = (): Promise<unknown> => {
    const waits: Array<Promise<unknown>> = [];
    if (flushing) waits.push(flushing);
    const last = pending[pending.length - 1];
    if (last) {
      last.settled ??= new Promise((r) => {
        const { resolve, reject } = last;
        last.resolve = (seq) => (resolve(seq), r(undefined));
        last.reject = (err) => (reject(err), r(undefined));
      });
      waits.push(last.settled);
      schedule();
    }
    return Promise.all(waits);
  };
  /** Resolves once no append is pending or being written (for close). */
  const settled = async (): Promise<void> => {
    while (flushing || pending.length) {
      if (!flushing) flush();
      await flushing;
    }
  };

  return {
    append: (room, update, userId, at) => {
      if (closed) return Promise.reject(new DocumentStoreClosedError());
      return new Promise<number>((resolve, reject) => {
        pending.push({ room, data: toWireBytes(update), userId, at: at.toISOString(), resolve, reject });
        schedule();
      });
    },
    load: (room) =>
      read(async (tx) => {
        const [snap] = await tx.run('loadSnapshot', { room });
        const snapshotSeq = snap ? toNumber(snap.seq, 'seq') : 0;
        const tail = (await tx.run('updatesAfter', { room, afterSeq: int(snapshotSeq) })).map(toUpdate);
        const lastSeq = tail.length > 0 ? tail[tail.length - 1].seq : toNumber((await tx.run('lastSeq', { room }))[0].seq, 'seq');
        return { snapshot: snap ? toBytes(snap.state, 'snapshot') : null, snapshotSeq, tail, lastSeq: Math.max(lastSeq, snapshotSeq) };
      }),
    // What is committed, without waiting for the appends in flight (see the port): a room's catch-up
    // read, which has its own appends back already, is not held up by the others' next group.
    updatesAfter: (room, afterSeq) =>
      closed
        ? Promise.reject(new DocumentStoreClosedError())
        : track(runner.read(async (tx) => (await tx.run('updatesAfter', { room, afterSeq: int(afterSeq) })).map(toUpdate))),
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
      await settled();
      await Promise.allSettled([...inFlight]);
    },
  };
}
