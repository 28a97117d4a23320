import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { applyAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { COLLAB_LIMITS, CloseCode, ProtocolError, bindAwarenessUpdate, decodeClientMessage, type ClientMessage } from './protocol';
import { Room, errorText, type Connection, type RoomHost } from './room';
import type { CollabRelay, RelayMessage } from './relay';
import { redactUrl, roomName, roomOf, type DocumentKind, type RoomRef } from './rooms';
import type { DocumentStore } from './store/port';

export interface CollabPrincipal {
  readonly userId: string;
  readonly displayName: string;
  /** The sign-in session behind the token, so that ending it (logout) closes its connections. */
  readonly sessionId?: string;
}

/** 'read-only': a member whose role may read the case but not edit its documents (they see edits live; their own are refused). */
export type CaseAccess = 'ok' | 'read-only' | 'forbidden' | 'not-found';

/** The API's answer to "who is this token" and "may this user open this case". */
export interface CollabAuth {
  /** null closes the connection with 4401. */
  authenticate(token: string): Promise<CollabPrincipal | null>;
  /** 'forbidden' closes with 4403, 'not-found' with 4404; 'read-only' admits a reader whose writes close with 4403. */
  authorizeCase(userId: string, caseId: string): Promise<CaseAccess>;
}

export interface CollabSession {
  readonly userId: string;
  readonly displayName: string;
  readonly sessionId?: string;
  readonly room: string;
  readonly caseId: string;
  readonly document: DocumentKind;
  /** Reads and follows the document; any edit closes the connection with 4403. */
  readonly readOnly: boolean;
}

/** Hooks for the audit trail. */
export interface CollabEvents {
  /** Runs before the session is accepted; if it throws, the session is refused (1011): no access without an audit record. */
  onSessionOpen?(e: CollabSession): void | Promise<void>;
  onSessionClose?(e: CollabSession & { readonly updates: number; readonly code: number; readonly reason: string }): void;
  /** A refused upgrade or a connection closed for breaking a limit; the URL is redacted. */
  onRefused?(e: { readonly userId: string | null; readonly url: string; readonly code: number; readonly reason: string }): void;
  /**
   * An update stored (after it is on disk, before it is relayed), on the process that stored it only.
   * `update` is what it added to the document; a hook must not hold the room up (queue its work).
   */
  onUpdate?(e: {
    readonly userId: string;
    readonly room: string;
    readonly caseId: string;
    readonly document: DocumentKind;
    readonly seq: number;
    readonly bytes: number;
    readonly update: Uint8Array;
  }): void;
}

export interface CollabServerOptions {
  readonly store: DocumentStore;
  readonly auth: CollabAuth;
  readonly events?: CollabEvents;
  /** Browser origins allowed to connect; null or absent allows any. */
  readonly allowedOrigins?: readonly string[] | null;
  /** Largest frame accepted; bigger closes with 1009 (before it is read whole). Default twice maxUpdateBytes. */
  readonly maxMessageBytes?: number;
  /** Sustained messages per second per connection (bursts up to twice that); more closes with 4429. Default 100. */
  readonly maxMessagesPerSecond?: number;
  /** Largest update (or sync step 2) a client may send; bigger closes with 4413. Default COLLAB_LIMITS. */
  readonly maxUpdateBytes?: number;
  /** Largest document (its encoded state) an update may grow it to; an update past it closes with 4413. Default COLLAB_LIMITS. */
  readonly maxDocumentBytes?: number;
  /** Largest awareness state (JSON); bigger closes with 4413. Default COLLAB_LIMITS. */
  readonly maxAwarenessStateBytes?: number;
  /** Sustained update bytes per second per connection (bursts up to twice maxUpdateBytes); more closes with 4429. */
  readonly maxUpdateBytesPerSecond?: number;
  /** How long a room nobody has open stays in memory. Default 30 s. */
  readonly unloadAfterMs?: number;
  /** Updates after the last snapshot that trigger a new one. Default 500. */
  readonly compactAfterUpdates?: number;
  /** Awareness changes are gathered this long and relayed as one frame. Default 50 ms. */
  readonly awarenessBatchMs?: number;
  readonly log?: (line: string) => void;
  readonly now?: () => Date;
  /** Other server processes holding the same rooms (several replicas on one store); absent: this process alone. */
  readonly relay?: CollabRelay | null;
}

/** A peer that reads slower than the room writes is dropped (it reconnects and resyncs) rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const PING_INTERVAL_MS = 30_000;

/**
 * The y-websocket server for `/collab/<room>`: authenticates on upgrade,
 * stores every document update with its author before relaying it, relays
 * awareness in batches without storing it, and unloads idle rooms.
 */
export class CollabServer {
  private readonly auth: CollabAuth;
  private readonly events: CollabEvents;
  private readonly allowedOrigins: ReadonlySet<string> | null;
  private readonly rate: number;
  private readonly maxUpdateBytes: number;
  private readonly byteRate: number;
  private readonly maxAwarenessStateBytes: number;
  private readonly unloadAfterMs: number;
  private readonly log: (line: string) => void;
  private readonly wss: WebSocketServer;
  /** What the rooms use of this server: the store, the hooks, sending and closing. */
  private readonly host: RoomHost;
  private readonly rooms = new Map<string, Promise<Room>>();
  private readonly loaded = new Map<string, Room>();
  private readonly pingTimer: NodeJS.Timeout;
  private closing: Promise<void> | null = null;

  constructor(opts: CollabServerOptions) {
    this.auth = opts.auth;
    this.events = opts.events ?? {};
    this.allowedOrigins = opts.allowedOrigins ? new Set(opts.allowedOrigins) : null;
    this.rate = opts.maxMessagesPerSecond ?? 100;
    this.maxUpdateBytes = opts.maxUpdateBytes ?? COLLAB_LIMITS.maxUpdateBytes;
    this.byteRate = opts.maxUpdateBytesPerSecond ?? COLLAB_LIMITS.maxUpdateBytesPerSecond;
    this.maxAwarenessStateBytes = opts.maxAwarenessStateBytes ?? COLLAB_LIMITS.maxAwarenessStateBytes;
    this.unloadAfterMs = opts.unloadAfterMs ?? 30_000;
    this.log = opts.log ?? ((line) => process.stderr.write(`${line}\n`));
    const now = opts.now ?? (() => new Date());
    this.host = {
      store: opts.store,
      events: this.events,
      compactAfterUpdates: opts.compactAfterUpdates ?? 500,
      maxDocumentBytes: opts.maxDocumentBytes ?? COLLAB_LIMITS.maxDocumentBytes,
      awarenessBatchMs: opts.awarenessBatchMs ?? 50,
      relay: opts.relay ?? null,
      now,
      log: this.log,
      send: (conn, frame) => this.send(conn, frame),
      closeConnection: (conn, code, reason) => this.closeConnection(conn, code, reason),
      forget: (room) => this.forget(room),
    };
    // Compression costs CPU on every frame for small Yjs updates that barely shrink.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: opts.maxMessageBytes ?? 2 * this.maxUpdateBytes + 64,
      perMessageDeflate: false,
    });
    this.pingTimer = setInterval(() => this.pingAll(), PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  /** Takes an HTTP upgrade whose path starts with /collab/. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A client that drops while we authenticate must not crash the process.
    socket.on('error', () => socket.destroy());
    const url = redactUrl(req.url ?? '');
    this.admit(req, socket, head, url).catch((err: unknown) => {
      this.log(`collab: admission of ${url} failed: ${errorText(err)}`);
      this.refuse(req, socket, head, url, null, CloseCode.InternalError, 'server error');
    });
  }

  /** Closes every connection of a user (to one case, or all), e.g. after their membership was removed. */
  closeUser(userId: string, caseId?: string): number {
    return this.closeWhere((s) => s.userId === userId && (caseId === undefined || s.caseId === caseId));
  }

  /** Closes (4403) every connection whose session matches, e.g. those of a signed-out session. */
  closeWhere(match: (session: CollabSession) => boolean): number {
    let n = 0;
    for (const room of this.loaded.values()) {
      for (const conn of room.conns) {
        if (conn.closing || !match(conn.session)) continue;
        this.closeConnection(conn, CloseCode.Forbidden, 'access revoked');
        n++;
      }
    }
    return n;
  }

  /** Asks every loaded room to read what it may have missed from the store (the relay reconnected). */
  resyncAll(): void {
    for (const room of this.loaded.values()) room.receiveRemote({ kind: 'resync' });
  }

  stats(): { rooms: number; connections: number } {
    let connections = 0;
    for (const room of this.loaded.values()) connections += room.conns.size;
    return { rooms: this.loaded.size, connections };
  }

  /**
   * Stops admitting, closes connections (1001, so providers reconnect to the
   * next process), stores what was received, snapshots open rooms and frees
   * them. Leaves the store open: its owner closes it afterwards.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.pingTimer);
    const pending = [...this.rooms.values()].map((p) => p.catch(() => null));
    for (const room of this.loaded.values())
      for (const conn of room.conns) this.closeConnection(conn, CloseCode.GoingAway, 'server shutting down');
    const rooms = (await Promise.all(pending)).filter((r): r is Room => r !== null);
    await Promise.all(rooms.map((room) => this.unload(room)));
    await waitFor(() => this.wss.clients.size === 0, 1000);
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async admit(req: IncomingMessage, socket: Duplex, head: Buffer, url: string): Promise<void> {
    if (this.closing) return this.refuse(req, socket, head, url, null, CloseCode.GoingAway, 'server shutting down');
    // Browsers always send Origin on websockets, and a non-browser client can
    // forge any Origin, so only a present, foreign Origin is refused: that is
    // the cross-site case the allowlist guards against.
    const origin = req.headers.origin;
    if (this.allowedOrigins && origin !== undefined && !this.allowedOrigins.has(origin)) {
      return this.refuse(req, socket, head, url, null, CloseCode.PolicyViolation, 'origin not allowed');
    }
    const token = new URL(req.url ?? '/', 'http://collab.invalid').searchParams.get('token');
    if (!token) return this.refuse(req, socket, head, url, null, CloseCode.Unauthorized, 'missing token');
    const principal = await this.auth.authenticate(token);
    if (!principal) return this.refuse(req, socket, head, url, null, CloseCode.Unauthorized, 'invalid token');
    const ref = roomOf(req.url ?? '');
    if (!ref) return this.refuse(req, socket, head, url, principal.userId, CloseCode.NotFound, 'unknown room');
    const access = await this.auth.authorizeCase(principal.userId, ref.caseId);
    if (access === 'forbidden')
      return this.refuse(req, socket, head, url, principal.userId, CloseCode.Forbidden, 'not a member of this case');
    if (access !== 'ok' && access !== 'read-only')
      return this.refuse(req, socket, head, url, principal.userId, CloseCode.NotFound, 'unknown case');
    if (socket.destroyed || this.closing) return;

    const name = roomName(ref);
    const session: CollabSession = {
      userId: principal.userId,
      displayName: principal.displayName,
      ...(principal.sessionId !== undefined ? { sessionId: principal.sessionId } : {}),
      room: name,
      caseId: ref.caseId,
      document: ref.document,
      readOnly: access === 'read-only',
    };
    const room = await this.acquire(name, ref);
    let accepted = false;
    try {
      try {
        await this.events.onSessionOpen?.(session);
      } catch (err) {
        this.log(`collab: audit of session open failed, refusing ${url}: ${errorText(err)}`);
        return this.refuse(req, socket, head, url, principal.userId, CloseCode.InternalError, 'audit unavailable');
      }
      if (socket.destroyed || this.closing || room.broken) return;
      // ws completes the upgrade synchronously or aborts it without calling back.
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        accepted = true;
        room.reserved--;
        this.attach(ws, room, session);
      });
    } finally {
      if (!accepted) {
        room.reserved--;
        this.scheduleUnload(room);
      }
    }
  }

  private refuse(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    url: string,
    userId: string | null,
    code: number,
    reason: string,
  ): void {
    this.log(`collab: refused ${url} (${code} ${reason})`);
    this.events.onRefused?.({ userId, url, code, reason });
    if (socket.destroyed) return;
    // The upgrade completes only to deliver the close code: the provider stops
    // retrying on 44xx. Nothing of the document is touched or sent.
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      ws.close(code, reason);
    });
  }

  private async acquire(name: string, ref: RoomRef): Promise<Room> {
    for (;;) {
      let entry = this.rooms.get(name);
      if (!entry) {
        const created = this.loadRoom(name, ref);
        entry = created;
        this.rooms.set(name, created);
        created.catch(() => {
          if (this.rooms.get(name) === created) this.rooms.delete(name);
        });
      }
      const room = await entry;
      if (room.unloading) {
        await room.unloading;
        continue;
      }
      if (room.broken || this.rooms.get(name) !== entry) continue;
      room.reserved++;
      if (room.unloadTimer) clearTimeout(room.unloadTimer);
      room.unloadTimer = null;
      return room;
    }
  }

  private async loadRoom(name: string, ref: RoomRef): Promise<Room> {
    const relay = this.host.relay;
    if (!relay) {
      const room = await Room.load(name, ref, this.host);
      this.loaded.set(name, room);
      return room;
    }
    // Listen before reading the store: what another process stores while this one loads is
    // either in what it reads or among the messages held here, never in neither.
    const held: { room: Room | null; early: RelayMessage[] } = { room: null, early: [] };
    const leave = await relay.join(name, (m) => (held.room ? held.room.receiveRemote(m) : held.early.push(m)));
    let room: Room;
    try {
      room = await Room.load(name, ref, this.host);
    } catch (err) {
      leave();
      throw err;
    }
    room.leave = leave;
    held.room = room;
    // Those already in the document are dropped by seq.
    for (const m of held.early) room.receiveRemote(m);
    relay.publish(name, { kind: 'awareness-query' });
    this.loaded.set(name, room);
    return room;
  }

  private attach(ws: WebSocket, room: Room, session: CollabSession): void {
    const conn: Connection = {
      ws,
      session,
      room,
      clientIds: new Set(),
      updates: 0,
      tokens: this.rate * 2,
      byteTokens: this.maxUpdateBytes * 2,
      refilledAt: performance.now(),
      alive: true,
      closing: false,
    };
    room.conns.add(conn);
    this.log(`collab: ${session.userId} joined ${room.name}`);
    ws.on('error', (err) => {
      // ws reports oversized or broken frames here and closes the socket itself (1009, 1002).
      this.log(`collab: connection of ${session.userId} to ${room.name}: ${err.message}`);
    });
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on('close', (code, reason) => this.detach(conn, code, reason.toString()));
    room.greet(conn);
  }

  private detach(conn: Connection, code: number, reason: string): void {
    const { room } = conn;
    if (!room.conns.delete(conn)) return;
    conn.closing = true;
    if (conn.clientIds.size > 0 && !room.broken) removeAwarenessStates(room.awareness, [...conn.clientIds], null);
    this.log(`collab: ${conn.session.userId} left ${room.name} (${code}, ${conn.updates} updates)`);
    this.events.onSessionClose?.({ ...conn.session, updates: conn.updates, code, reason });
    this.scheduleUnload(room);
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    if (conn.closing) return;
    conn.alive = true;
    const t = performance.now();
    conn.tokens = Math.min(this.rate * 2, conn.tokens + ((t - conn.refilledAt) * this.rate) / 1000);
    conn.byteTokens = Math.min(this.maxUpdateBytes * 2, conn.byteTokens + ((t - conn.refilledAt) * this.byteRate) / 1000);
    conn.refilledAt = t;
    if (conn.tokens < 1) return this.closeConnection(conn, CloseCode.RateLimited, 'too many messages');
    conn.tokens -= 1;
    if (!isBinary || !(data instanceof Uint8Array)) return this.closeConnection(conn, CloseCode.UnsupportedData, 'binary frames only');
    let message: ClientMessage;
    try {
      message = decodeClientMessage(data);
    } catch (err) {
      if (err instanceof ProtocolError) return this.closeConnection(conn, err.closeCode, err.message);
      throw err;
    }
    const { room } = conn;
    switch (message.kind) {
      case 'awareness': {
        let bound: Uint8Array | null;
        try {
          bound = bindAwarenessUpdate(
            message.update,
            conn.session,
            (clientId, clock) => room.claim(conn, clientId, clock),
            this.maxAwarenessStateBytes,
          );
        } catch (err) {
          if (err instanceof ProtocolError) return this.closeConnection(conn, err.closeCode, err.message);
          throw err;
        }
        if (!bound) return;
        try {
          applyAwarenessUpdate(room.awareness, bound, conn);
        } catch {
          this.closeConnection(conn, CloseCode.MalformedMessage, 'malformed awareness update');
        }
        return;
      }
      case 'query-awareness':
        this.send(conn, room.awarenessFrame());
        return;
      case 'sync-step1':
        room.answerSyncStep1(conn, message.stateVector);
        return;
      case 'sync-step2':
      case 'update': {
        const { update } = message;
        if (conn.session.readOnly) {
          // A reader's provider answers the server's step 1 with an empty step 2; anything else is an edit.
          if (message.kind === 'sync-step2' && isEmptyUpdate(update)) return;
          return this.closeConnection(conn, CloseCode.Forbidden, 'read-only access');
        }
        if (update.byteLength > this.maxUpdateBytes) return this.closeConnection(conn, CloseCode.TooLarge, 'update too large');
        if (conn.byteTokens < update.byteLength) return this.closeConnection(conn, CloseCode.RateLimited, 'too much data');
        conn.byteTokens -= update.byteLength;
        room.receiveUpdate(conn, update);
        return;
      }
    }
  }

  /** The room is no longer handed out (unloaded, or broken: the next admission loads it anew from the store). */
  private forget(room: Room): void {
    if (this.loaded.get(room.name) === room) {
      this.loaded.delete(room.name);
      this.rooms.delete(room.name);
    }
    room.leave?.();
    room.leave = null;
    room.stopTimers();
  }

  private scheduleUnload(room: Room): void {
    if (room.conns.size > 0 || room.reserved > 0 || room.unloading || room.broken || this.closing) return;
    if (room.unloadTimer) clearTimeout(room.unloadTimer);
    room.unloadTimer = setTimeout(() => {
      room.unloadTimer = null;
      if (room.conns.size === 0 && room.reserved === 0) void this.unload(room);
    }, this.unloadAfterMs);
  }

  /** Every update is already stored; the snapshot only makes the next load cheaper. */
  private unload(room: Room): Promise<void> {
    room.unloading ??= (async () => {
      await room.settled();
      if (!room.broken) {
        await room.compact();
        this.forget(room);
        room.destroy();
        this.log(`collab: unloaded ${room.name}`);
      }
    })();
    return room.unloading;
  }

  private send(conn: Connection, frame: Uint8Array): void {
    if (conn.closing || conn.ws.readyState !== conn.ws.OPEN) return;
    if (conn.ws.bufferedAmount > MAX_BUFFERED_BYTES) return this.closeConnection(conn, CloseCode.TryAgainLater, 'client too slow');
    conn.ws.send(frame);
  }

  private closeConnection(conn: Connection, code: number, reason: string): void {
    if (conn.closing) return;
    conn.closing = true;
    if (code !== CloseCode.GoingAway) {
      this.log(`collab: closing ${conn.session.userId} on ${conn.room.name} (${code} ${reason})`);
      if (code !== CloseCode.Forbidden)
        this.events.onRefused?.({ userId: conn.session.userId, url: `/collab/${conn.room.name}`, code, reason });
    }
    conn.ws.close(code, reason);
  }

  private pingAll(): void {
    for (const room of this.loaded.values()) {
      for (const conn of room.conns) {
        if (!conn.alive) {
          conn.ws.terminate();
          continue;
        }
        conn.alive = false;
        conn.ws.ping();
      }
    }
  }
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

function isEmptyUpdate(update: Uint8Array): boolean {
  try {
    const { structs, ds } = Y.decodeUpdate(update);
    return structs.length === 0 && ds.clients.size === 0;
  } catch {
    return false;
  }
}
