import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { WebSocket } from 'ws';
import {
  COLLAB_LIMITS,
  CloseCode,
  ProtocolError,
  type AwarenessClaim,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from './protocol';
import type { CollabRelay, RelayMessage } from './relay';
import type { RoomRef } from './rooms';
import { loadDocument } from './store/load';
import type { DocumentStore } from './store/port';
import type { CollabEvents, CollabSession } from './server';

/** One websocket of one user in one room. */
export interface Connection {
  readonly ws: WebSocket;
  readonly session: CollabSession;
  readonly room: Room;
  /** The Yjs client ids this connection introduced: it speaks for them in awareness. */
  readonly clientIds: Set<number>;
  updates: number;
  tokens: number;
  /** Update bytes this connection may still send now (refilled over time). */
  byteTokens: number;
  refilledAt: number;
  alive: boolean;
  closing: boolean;
}

/** What a room needs from the server that holds it. */
export interface RoomHost {
  readonly store: DocumentStore;
  readonly events: CollabEvents;
  readonly compactAfterUpdates: number;
  /** The largest encoded state an update may grow the document to. */
  readonly maxDocumentBytes: number;
  readonly awarenessBatchMs: number;
  /** Other processes holding the same rooms (several replicas), or null for a single process. */
  readonly relay: CollabRelay | null;
  now(): Date;
  log(line: string): void;
  send(conn: Connection, frame: Uint8Array): void;
  closeConnection(conn: Connection, code: number, reason: string): void;
  /** The room's document can no longer be trusted: the server stops handing it out. */
  forget(room: Room): void;
}

/** The origin of what another process relayed (never stored again, never relayed back). */
export const REMOTE = Symbol('remote');

/** A gap in the seqs relayed to a room is read from the store when still open after this long (and at most this often). */
const CATCH_UP_EVERY_MS = 100;

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * One open document: the Yjs document and awareness in memory, its
 * connections, and a queue through which everything that reads or writes the
 * document runs, one at a time. Every update is stored with its author before
 * it is relayed; awareness is relayed in batches and never stored.
 */
export class Room {
  readonly conns = new Set<Connection>();
  /** Admissions that hold the room while their upgrade completes. */
  reserved = 0;
  unloadTimer: NodeJS.Timeout | null = null;
  unloading: Promise<void> | null = null;
  broken = false;
  /** Stops the relay's delivery of this room's messages (set by the server when a relay is in use). */
  leave: (() => void) | null = null;
  /** Seqs applied beyond lastSeq (own appends that overtook a peer's, or a peer's past a hole). */
  private readonly ahead = new Set<number>();
  /** Awareness client ids announced by participants connected to other processes. */
  private readonly remoteIds = new Set<number>();
  /** Awareness ids changed here (by this process's connections), to publish to the other processes. */
  private readonly awarenessOut = new Set<number>();
  private compacting = false;
  private catchUpTimer: NodeJS.Timeout | null = null;
  /**
   * This process's own updates applied to the document whose appends have not come back yet
   * (pipelined: the room queue goes on with the next message meanwhile), and the chain that
   * relays each, in order, once stored. Nothing that reads the document for someone else (a
   * sync answer, a snapshot) runs before the chain has caught up (see `stored`).
   */
  private unstored = 0;
  private relayChain: Promise<void> = Promise.resolve();
  /**
   * At least the document's encoded size: exact after a load or a compaction, then grown by
   * every update applied (an update's bytes bound what it adds). Only when it passes the cap is
   * the state encoded again to know for sure, so the check is cheap on every update.
   */
  private sizeBound = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly awarenessDirty = new Set<number>();
  private awarenessTimer: NodeJS.Timeout | null = null;

  private constructor(
    readonly name: string,
    readonly ref: RoomRef,
    readonly doc: Y.Doc,
    readonly awareness: Awareness,
    /** Every update up to this seq is in the document (the ones after it may be too: see `ahead`). */
    private lastSeq: number,
    private snapshotSeq: number,
    private readonly host: RoomHost,
  ) {
    awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const conn = this.conns.has(origin as Connection) ? (origin as Connection) : null;
      // What came from another process goes back to none; a state of another process's participant
      // that timed out here is that process's to remove, not this one's to announce.
      const remote = origin === REMOTE;
      const announce = host.relay !== null && !remote && !(origin === 'timeout' && [...removed].some((id) => this.remoteIds.has(id)));
      for (const id of [...added, ...updated]) {
        conn?.clientIds.add(id);
        if (remote) this.remoteIds.add(id);
        else if (announce) this.awarenessOut.add(id);
        this.awarenessDirty.add(id);
      }
      for (const id of removed) {
        conn?.clientIds.delete(id);
        if (remote) this.remoteIds.delete(id);
        else if (announce) this.awarenessOut.add(id);
        this.awarenessDirty.add(id);
      }
      if (!this.awarenessTimer && this.awarenessDirty.size > 0)
        this.awarenessTimer = setTimeout(() => this.flushAwareness(), host.awarenessBatchMs);
    });
  }

  /** Reads the document (snapshot and the updates after it) from the store. */
  static async load(name: string, ref: RoomRef, host: RoomHost): Promise<Room> {
    const { doc, seq, tailLength, snapshotSeq } = await loadDocument(host.store, name);
    const awareness = new Awareness(doc);
    // The server is not a participant: it has no cursor of its own.
    awareness.setLocalState(null);
    const room = new Room(name, ref, doc, awareness, seq, snapshotSeq, host);
    room.sizeBound = Y.encodeStateAsUpdate(doc).byteLength;
    // Loading reads snapshot + tail; keeping the tail short keeps the next load fast.
    if (tailLength >= host.compactAfterUpdates) await room.compact();
    return room;
  }

  /** Runs a task after every task queued before it; a task that throws resets the room. */
  enqueue(task: () => void | Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => this.break(errorText(err)));
  }

  /** Waits for the queued work and the relay of every update applied (before unloading). */
  async settled(): Promise<void> {
    await this.queue;
    await this.relayChain;
  }

  /** Resolves once every update applied so far is stored and relayed (or the room broke). */
  private stored(): Promise<void> {
    return this.relayChain;
  }

  /** A new connection gets the server's state vector (sync step 1) and who is here. */
  greet(conn: Connection): void {
    this.enqueue(() => {
      if (conn.closing) return;
      // A state vector is no content: it may count updates still being stored (if one fails, the room resets).
      this.host.send(conn, encodeSyncStep1(Y.encodeStateVector(this.doc)));
      const states = [...this.awareness.getStates().keys()];
      if (states.length > 0) this.host.send(conn, encodeAwareness(encodeAwarenessUpdate(this.awareness, states)));
    });
  }

  /** Answers a client's state vector with exactly what it lacks (sync step 2). */
  answerSyncStep1(conn: Connection, stateVector: Uint8Array): void {
    this.enqueue(async () => {
      // Nothing unstored is ever sent: the answer waits for the appends in flight.
      await this.stored();
      if (conn.closing) return;
      let reply: Uint8Array;
      try {
        reply = Y.encodeStateAsUpdate(this.doc, stateVector);
      } catch {
        return this.host.closeConnection(conn, CloseCode.MalformedMessage, 'malformed state vector');
      }
      this.host.send(conn, encodeSyncStep2(reply));
    });
  }

  /** Everyone's awareness states, for a client that asks. */
  awarenessFrame(): Uint8Array {
    return encodeAwareness(encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
  }

  /**
   * A connection speaks for the Yjs client ids it introduced and for new ones
   * nobody holds. The stock provider echoes others' states back; an echo is no
   * newer than what the room has, so it is dropped, while a newer state under
   * someone else's id is a forgery.
   */
  claim(conn: Connection, clientId: number, clock: number): AwarenessClaim {
    if (conn.clientIds.has(clientId)) return 'own';
    const verdict = this.claimOther(conn, clientId, clock);
    // Each id is a state the room keeps in memory: a connection may speak for a few only.
    if (verdict === 'own' && conn.clientIds.size >= COLLAB_LIMITS.maxAwarenessClients)
      throw new ProtocolError(CloseCode.TooLarge, 'too many awareness states');
    return verdict;
  }

  private claimOther(conn: Connection, clientId: number, clock: number): AwarenessClaim {
    for (const other of this.conns) {
      if (other === conn || !other.clientIds.has(clientId)) continue;
      const known = this.awareness.meta.get(clientId)?.clock ?? 0;
      return clock <= known ? 'echo' : 'forged';
    }
    if (this.remoteIds.has(clientId)) {
      const known = this.awareness.meta.get(clientId)?.clock ?? 0;
      if (clock <= known) return 'echo';
      // A newer state under the id of a participant of another process: that client has
      // reconnected here (its process may have died), so the id is now this connection's.
      // (Across processes the id's owner is not known for sure; the state still carries the
      // sender's authenticated identity, so nobody can appear under a colleague's name.)
      this.remoteIds.delete(clientId);
    }
    return 'own';
  }

  /** Queues a client's update (see applyUpdate). */
  receiveUpdate(conn: Connection, update: Uint8Array): void {
    this.enqueue(() => this.applyUpdate(conn, update));
  }

  /**
   * Applies a client's update and asks the store for it, then goes on with the room's next
   * message without waiting (the appends of a busy room go to the store together, in order);
   * only once stored is the update relayed, in the order of application. No other connection
   * is sent anything unstored: relays follow the store, and sync answers and snapshots wait for
   * the appends in flight. A store failure breaks the room (see break).
   */
  private applyUpdate(conn: Connection, update: Uint8Array): void {
    if (this.broken) return;
    try {
      // Rejects garbage before it can reach the document.
      Y.decodeUpdate(update);
    } catch {
      return this.host.closeConnection(conn, CloseCode.MalformedMessage, 'malformed update');
    }
    if (!this.fits(update)) return this.host.closeConnection(conn, CloseCode.TooLarge, 'document too large');
    const added: Uint8Array[] = [];
    const capture = (u: Uint8Array) => added.push(u);
    this.doc.on('update', capture);
    try {
      Y.applyUpdate(this.doc, update, conn);
    } catch (err) {
      if (added.length > 0) return this.break(`an update was applied in part: ${errorText(err)}`);
      return this.host.closeConnection(conn, CloseCode.MalformedMessage, 'update could not be applied');
    } finally {
      this.doc.off('update', capture);
    }
    // An update that adds nothing (a resync of known content) is neither stored nor relayed.
    if (added.length === 0) return;
    const effective = added.length === 1 ? added[0] : Y.mergeUpdates(added);
    this.sizeBound += effective.byteLength;
    const appended = this.host.store.append(this.name, effective, conn.session.userId, this.host.now());
    // Handled here (not only in the chain below), so a failure is never an unhandled rejection meanwhile.
    appended.catch(() => undefined);
    this.unstored++;
    this.relayChain = this.relayChain.then(async () => {
      let seq: number;
      try {
        seq = await appended;
      } catch (err) {
        return this.break(`update not stored: ${errorText(err)}`);
      } finally {
        this.unstored--;
      }
      if (this.broken) return;
      this.relayStored(conn, seq, effective);
    });
  }

  /** An update of this process's client is stored as `seq`: tell the hook, the other processes and the other clients. */
  private relayStored(conn: Connection, seq: number, effective: Uint8Array): void {
    this.advance(seq);
    conn.updates++;
    try {
      this.host.events.onUpdate?.({
        userId: conn.session.userId,
        room: this.name,
        caseId: this.ref.caseId,
        document: this.ref.document,
        seq,
        bytes: effective.byteLength,
        update: effective,
      });
    } catch (err) {
      // A hook's failure is the hook's: the update is stored and goes on to the others.
      this.host.log(`collab: update hook failed for ${this.name}: ${errorText(err)}`);
    }
    // Stored first, then offered to the other processes, which relay it without storing it again.
    this.host.relay?.publish(this.name, { kind: 'update', seq, update: effective });
    const frame = encodeUpdate(effective);
    for (const other of this.conns) if (other !== conn) this.host.send(other, frame);
    // A gap that only this process's appends in flight could fill is looked into once they are back.
    if (this.unstored === 0 && this.ahead.size > 0) this.scheduleCatchUp();
    if (this.lastSeq - this.snapshotSeq >= this.host.compactAfterUpdates && !this.compacting) {
      this.compacting = true;
      this.enqueue(async () => {
        await this.stored();
        if (!this.broken) await this.compact();
        this.compacting = false;
      });
    }
  }

  /**
   * Whether the document stays within its cap with this update. One that only deletes is always
   * taken (it is how a full document is made smaller again); the cap is checked against what the
   * document holds (and what other processes added), never against what was already stored.
   */
  private fits(update: Uint8Array): boolean {
    if (this.sizeBound + update.byteLength <= this.host.maxDocumentBytes) return true;
    this.sizeBound = Y.encodeStateAsUpdate(this.doc).byteLength;
    if (this.sizeBound + update.byteLength <= this.host.maxDocumentBytes) return true;
    return Y.decodeUpdate(update).structs.length === 0;
  }

  /** A message of another process holding this room (see relay.ts). */
  receiveRemote(message: RelayMessage): void {
    switch (message.kind) {
      case 'update':
        return this.enqueue(() => this.applyRemoteUpdate(message.seq, message.update));
      case 'resync':
        return this.enqueue(() => this.catchUp());
      case 'awareness':
        return this.enqueue(() => {
          if (this.broken) return;
          try {
            applyAwarenessUpdate(this.awareness, message.update, REMOTE);
          } catch (err) {
            this.host.log(`collab: awareness relayed for ${this.name} dropped: ${errorText(err)}`);
          }
        });
      case 'awareness-query':
        return this.enqueue(() => {
          const own = [...this.conns].flatMap((c) => [...c.clientIds]);
          if (!this.broken && own.length > 0)
            this.host.relay?.publish(this.name, { kind: 'awareness', update: encodeAwarenessUpdate(this.awareness, own) });
        });
    }
  }

  /**
   * Another process stored `update` as `seq`: applied and relayed to this process's clients at
   * once (it is stored), unless already here. A seq past the next one expected leaves a gap: a
   * message lost, a third process's message still on its way, or this process's own appends in
   * flight. The last fill themselves when they come back; otherwise the missing updates are read
   * from the store, which has every update up to `seq` since it was stored before it was published.
   */
  private applyRemoteUpdate(seq: number, update: Uint8Array): void {
    if (this.broken || seq <= this.lastSeq || this.ahead.has(seq)) return;
    this.applyRemote(update);
    this.advance(seq);
    if (this.ahead.size > 0 && this.unstored === 0) this.scheduleCatchUp();
  }

  /**
   * A gap still open CATCH_UP_EVERY_MS from now is read from the store (through the queue). The
   * wait lets a message still on its way (Redis under load, a third process) fill it first, and
   * bounds the reads of a room to one per period. Every seq below one stored is stored (seqs are
   * given in the writing transaction), so a read closes the gap unless the message was late.
   */
  private scheduleCatchUp(): void {
    if (this.catchUpTimer || this.broken) return;
    this.catchUpTimer = setTimeout(() => {
      this.catchUpTimer = null;
      this.enqueue(async () => {
        // Own appends in flight may be the missing seqs: their return schedules this again if needed.
        if (this.ahead.size === 0 || this.unstored > 0) return;
        await this.catchUp();
        if (this.ahead.size > 0) this.scheduleCatchUp();
      });
    }, CATCH_UP_EVERY_MS);
  }

  /** Reads the updates after lastSeq from the store and applies those not yet here. */
  private async catchUp(): Promise<void> {
    if (this.broken) return;
    // This process's own appends in flight come back with their seqs first (they are in the document already).
    await this.stored();
    const missing = await this.host.store.updatesAfter(this.name, this.lastSeq);
    for (const u of missing) {
      if (u.seq <= this.lastSeq || this.ahead.has(u.seq)) continue;
      this.applyRemote(u.update);
      this.advance(u.seq);
    }
  }

  private applyRemote(update: Uint8Array): void {
    // A stored update that cannot be applied means this copy is wrong: the queue's catch breaks the room.
    Y.applyUpdate(this.doc, update, REMOTE);
    this.sizeBound += update.byteLength;
    const frame = encodeUpdate(update);
    for (const conn of this.conns) this.host.send(conn, frame);
  }

  /** Records that the update `seq` is in the document. */
  private advance(seq: number): void {
    if (seq === this.lastSeq + 1) {
      this.lastSeq = seq;
      while (this.ahead.delete(this.lastSeq + 1)) this.lastSeq++;
    } else if (seq > this.lastSeq) {
      this.ahead.add(seq);
    }
  }

  /** Bounded work: encodes the current state once, whatever the length of the history. */
  async compact(): Promise<void> {
    const seq = this.lastSeq;
    if (seq <= this.snapshotSeq) return;
    const state = Y.encodeStateAsUpdate(this.doc);
    this.sizeBound = state.byteLength;
    try {
      await this.host.store.compact(this.name, state, seq, this.host.now());
      this.snapshotSeq = seq;
    } catch (err) {
      // Nothing is lost: every update is in the log; only the next load is slower.
      this.host.log(`collab: snapshot of ${this.name} failed: ${errorText(err)}`);
    }
  }

  /**
   * The document in memory may now hold what the store does not: drop it and
   * every connection (1011, so providers reconnect). Clients still hold their
   * edits and send them again to the document reloaded from the store.
   */
  break(reason: string): void {
    if (this.broken) return;
    this.host.log(`collab: room ${this.name} reset: ${reason}`);
    this.broken = true;
    this.host.forget(this);
    for (const conn of this.conns) this.host.closeConnection(conn, CloseCode.InternalError, 'document reset');
    this.destroy();
  }

  /** Stops the room's timers. */
  stopTimers(): void {
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    this.catchUpTimer = null;
    this.unloadTimer = null;
    this.awarenessTimer = null;
  }

  /** Frees the document and awareness (the room is no longer handed out). */
  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }

  private flushAwareness(): void {
    this.awarenessTimer = null;
    if (this.awarenessDirty.size === 0 || this.broken) return;
    const frame = encodeAwareness(encodeAwarenessUpdate(this.awareness, [...this.awarenessDirty]));
    this.awarenessDirty.clear();
    if (this.host.relay && this.awarenessOut.size > 0) {
      this.host.relay.publish(this.name, { kind: 'awareness', update: encodeAwarenessUpdate(this.awareness, [...this.awarenessOut]) });
      this.awarenessOut.clear();
    }
    // The sender gets its own state back too: that echo is what keeps a lone
    // provider's "no message for 30 s" watchdog from reconnecting.
    for (const conn of this.conns) this.host.send(conn, frame);
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
