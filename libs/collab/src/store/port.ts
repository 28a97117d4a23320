import type { DocumentKind } from '../rooms';

/** One Yjs update as it reached the server: who sent it and when. */
export interface AttributedUpdate {
  /** 1, 2, 3... per room, in the order the server applied them. */
  readonly seq: number;
  readonly update: Uint8Array;
  readonly userId: string;
  /** ISO 8601, server clock. */
  readonly at: string;
}

/** What loading a room reads: the latest snapshot and only the updates after it. */
export interface StoredDocument {
  readonly snapshot: Uint8Array | null;
  /** The last update the snapshot contains (0 without a snapshot). */
  readonly snapshotSeq: number;
  readonly tail: readonly AttributedUpdate[];
  /** The last update stored for the room (0 for a room never written). */
  readonly lastSeq: number;
}

export interface SignOffRecord {
  readonly id: string;
  readonly caseId: string;
  readonly document: DocumentKind;
  /** The last update the signed state contains. */
  readonly seq: number;
  readonly signerId: string;
  /** ISO 8601. */
  readonly signedAt: string;
  readonly comment: string;
  /** SHA-256 (hex) of the canonical content (see review.ts), not of the Yjs encoding. */
  readonly contentHash: string;
}

export interface SignOffWithState extends SignOffRecord {
  /** Y.encodeStateAsUpdate of the document exactly as signed. */
  readonly state: Uint8Array;
}

/**
 * Where collaborative documents live (never on the API server's own disk in
 * Neo4j mode). Room names are `cases/<caseId>/<notes|timeline>`.
 *
 * The update log is also the attribution record, so compaction never deletes
 * from it: a snapshot only bounds what a load has to read.
 */
export interface DocumentStore {
  /**
   * Stores one update with its author and time, atomically, and resolves with
   * its seq only once it is durable against a killed process.
   */
  append(room: string, update: Uint8Array, userId: string, at: Date): Promise<number>;
  /** The latest snapshot and the updates after it, read consistently. */
  load(room: string): Promise<StoredDocument>;
  /**
   * Updates with seq > afterSeq, oldest first (for attribution, review and a room's catch-up).
   * Holds every append that has resolved; one asked for and not yet resolved may be missing.
   */
  updatesAfter(room: string, afterSeq: number): Promise<AttributedUpdate[]>;
  /** Replaces the room's snapshot when `seq` is newer than the stored one. */
  compact(room: string, state: Uint8Array, seq: number, at: Date): Promise<void>;
  addSignOff(signOff: SignOffWithState): Promise<void>;
  /** Sign-offs of one document, newest first. */
  signOffs(caseId: string, document: DocumentKind): Promise<SignOffRecord[]>;
  getSignOff(id: string): Promise<SignOffWithState | null>;
  /**
   * Waits for writes in flight and refuses new ones. Does not close the
   * database or driver it was given: their owner does.
   */
  close(): Promise<void>;
}

export class DocumentStoreClosedError extends Error {
  constructor() {
    super('document store is closed');
    this.name = 'DocumentStoreClosedError';
  }
}
