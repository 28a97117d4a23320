import type { Database, Statement } from 'better-sqlite3';
import type { DocumentKind } from '../rooms';
import {
  DocumentStoreClosedError,
  type AttributedUpdate,
  type DocumentStore,
  type SignOffRecord,
  type SignOffWithState,
  type StoredDocument,
} from './port';

const DDL = `
CREATE TABLE IF NOT EXISTS collab_update (
  room TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  user_id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (room, seq)
);
CREATE TABLE IF NOT EXISTS collab_snapshot (
  room TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  state BLOB NOT NULL,
  at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS collab_signoff (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  document TEXT NOT NULL,
  seq INTEGER NOT NULL,
  signer_id TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  comment TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  state BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS collab_signoff_doc ON collab_signoff (case_id, document, signed_at);
`;

interface UpdateRow {
  seq: number;
  data: Buffer;
  user_id: string;
  at: string;
}
interface SignOffRow {
  id: string;
  case_id: string;
  document: DocumentKind;
  seq: number;
  signer_id: string;
  signed_at: string;
  comment: string;
  content_hash: string;
}
interface SignOffStateRow extends SignOffRow {
  state: Buffer;
}

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const toUpdate = (r: UpdateRow): AttributedUpdate => ({ seq: r.seq, update: bytes(r.data), userId: r.user_id, at: r.at });
const toSignOff = (r: SignOffRow): SignOffRecord => ({
  id: r.id,
  caseId: r.case_id,
  document: r.document,
  seq: r.seq,
  signerId: r.signer_id,
  signedAt: r.signed_at,
  comment: r.comment,
  contentHash: r.content_hash,
});

/**
 * The document store in the application's SQLite database.
 *
 * Durability: `append` resolves only after the transaction holding its row has
 * committed, which better-sqlite3 runs synchronously, so by then SQLite has
 * written the row to the WAL (or the database file) with write(2). Those bytes are in the
 * kernel's page cache and survive the process being killed (SIGKILL), whatever
 * `synchronous` is set to; `synchronous=NORMAL` in WAL mode only gives up
 * durability against power loss or a kernel crash, which the requirement
 * (relayed means on disk before a killed process) does not cover. The
 * database's pragmas belong to its owner and are not changed here.
 *
 * Group commit: the appends of one turn of the event loop (every update that
 * arrived on any socket meanwhile) are written in one transaction just after
 * it (setImmediate). A commit per update cost about 55 µs here, a batch of ten
 * about 21 µs an update; under 200 busy rooms the commits were the largest
 * cost of the server. Only one update per room is ever in flight (the room
 * queue waits for its append), so seqs still follow arrival order.
 */
export function openEmbeddedDocumentStore(db: Database): DocumentStore {
  db.exec(DDL);
  // The seq is computed inside the INSERT so two writers (two processes on one
  // file) cannot both take the same number: the primary key would refuse it.
  const insertUpdate: Statement<[string, string, Buffer, string, string], { seq: number }> = db.prepare(
    `INSERT INTO collab_update (room, seq, data, user_id, at)
     VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM collab_update WHERE room = ?), ?, ?, ?) RETURNING seq`,
  );
  const selectSnapshot = db.prepare<[string], { seq: number; state: Buffer }>('SELECT seq, state FROM collab_snapshot WHERE room = ?');
  const selectAfter = db.prepare<[string, number], UpdateRow>(
    'SELECT seq, data, user_id, at FROM collab_update WHERE room = ? AND seq > ? ORDER BY seq',
  );
  const selectLastSeq = db.prepare<[string], { seq: number | null }>('SELECT max(seq) AS seq FROM collab_update WHERE room = ?');
  const upsertSnapshot = db.prepare<[string, number, Buffer, string]>(
    `INSERT INTO collab_snapshot (room, seq, state, at) VALUES (?, ?, ?, ?)
     ON CONFLICT (room) DO UPDATE SET seq = excluded.seq, state = excluded.state, at = excluded.at WHERE excluded.seq > collab_snapshot.seq`,
  );
  const insertSignOff = db.prepare<[string, string, string, number, string, string, string, string, Buffer]>(
    `INSERT INTO collab_signoff (id, case_id, document, seq, signer_id, signed_at, comment, content_hash, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectSignOffs = db.prepare<[string, string], SignOffRow>(
    `SELECT id, case_id, document, seq, signer_id, signed_at, comment, content_hash FROM collab_signoff
     WHERE case_id = ? AND document = ? ORDER BY signed_at DESC, seq DESC, rowid DESC`,
  );
  const selectSignOff = db.prepare<[string], SignOffStateRow>('SELECT * FROM collab_signoff WHERE id = ?');

  const load = db.transaction((room: string): StoredDocument => {
    const snap = selectSnapshot.get(room);
    const snapshotSeq = snap?.seq ?? 0;
    const tail = selectAfter.all(room, snapshotSeq).map(toUpdate);
    const lastSeq = tail.length > 0 ? tail[tail.length - 1].seq : (selectLastSeq.get(room)?.seq ?? snapshotSeq);
    return { snapshot: snap ? bytes(snap.state) : null, snapshotSeq, tail, lastSeq };
  });

  let closed = false;
  const open = (): void => {
    if (closed) throw new DocumentStoreClosedError();
  };

  interface PendingAppend {
    room: string;
    data: Buffer;
    userId: string;
    at: string;
    resolve: (seq: number) => void;
    reject: (err: unknown) => void;
  }
  let pending: PendingAppend[] = [];
  let flushScheduled = false;
  const insertOne = (p: PendingAppend): number => {
    const row = insertUpdate.get(p.room, p.room, p.data, p.userId, p.at);
    if (!row) throw new Error(`append to ${p.room} returned no seq`);
    return row.seq;
  };
  const insertAll = db.transaction((items: PendingAppend[]) => items.map(insertOne));
  const flush = (): void => {
    flushScheduled = false;
    const items = pending;
    pending = [];
    if (items.length === 0) return;
    let seqs: number[];
    try {
      seqs = insertAll(items);
    } catch (err) {
      // The whole batch was rolled back. Each alone, so that only a row that cannot be written fails.
      if (items.length === 1) return items[0].reject(err);
      for (const p of items) {
        try {
          p.resolve(insertOne(p));
        } catch (e) {
          p.reject(e);
        }
      }
      return;
    }
    items.forEach((p, i) => p.resolve(seqs[i]));
  };
  /** Before any other read or write: appends asked for earlier are written first, so it sees them. */
  const ready = (): void => {
    open();
    if (pending.length) flush();
  };
  // async so that a thrown SQLite error becomes a rejection, as with Neo4j.
  return {
    async append(room, update, userId, at) {
      open();
      // Copied: the caller's buffer may be reused before the batch is written.
      const data = Buffer.from(update);
      return new Promise<number>((resolve, reject) => {
        pending.push({ room, data, userId, at: at.toISOString(), resolve, reject });
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      });
    },
    async load(room) {
      ready();
      return load(room);
    },
    async updatesAfter(room, afterSeq) {
      ready();
      return selectAfter.all(room, afterSeq).map(toUpdate);
    },
    async compact(room, state, seq, at) {
      ready();
      upsertSnapshot.run(room, seq, Buffer.from(state.buffer, state.byteOffset, state.byteLength), at.toISOString());
    },
    async addSignOff(s: SignOffWithState) {
      ready();
      insertSignOff.run(s.id, s.caseId, s.document, s.seq, s.signerId, s.signedAt, s.comment, s.contentHash, Buffer.from(s.state));
    },
    async signOffs(caseId, document) {
      ready();
      return selectSignOffs.all(caseId, document).map(toSignOff);
    },
    async getSignOff(id) {
      ready();
      const r = selectSignOff.get(id);
      return r ? { ...toSignOff(r), state: bytes(r.state) } : null;
    },
    async close() {
      // Appends still waiting for their batch are written now; everything else ran synchronously.
      if (!closed && pending.length) flush();
      closed = true;
    },
  };
}
