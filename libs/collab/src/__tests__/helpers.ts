import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { CollabServer, openEmbeddedDocumentStore, type CollabServerOptions, type DocumentStore } from '../index';

/** Tokens are `tok-<user>-secret`; members are listed per case; case "gone" does not exist. */
export const tokenOf = (userId: string) => `tok-${userId}-secret`;

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly collab: CollabServer;
  readonly store: DocumentStore;
  readonly db: Database.Database;
  readonly logs: string[];
  readonly members: Map<string, Set<string>>;
  stop(): Promise<void>;
}

export async function startServer(opts: Partial<CollabServerOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'collab-test-'));
  const db = new Database(join(dir, 'homeward.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const store = openEmbeddedDocumentStore(db);
  const logs: string[] = [];
  const members = new Map<string, Set<string>>([
    ['case1', new Set(['alice', 'bob', 'carol'])],
    ['case2', new Set(['alice'])],
  ]);
  const collab = new CollabServer({
    store,
    auth: {
      async authenticate(token) {
        const m = /^tok-([a-z]+)-secret$/.exec(token);
        return m ? { userId: m[1], displayName: m[1].toUpperCase() } : null;
      },
      async authorizeCase(userId, caseId) {
        const m = members.get(caseId);
        if (!m) return 'not-found';
        // erin reads case1 (a role that may not edit documents).
        if (userId === 'erin' && caseId === 'case1') return 'read-only';
        return m.has(userId) ? 'ok' : 'forbidden';
      },
    },
    log: (line) => logs.push(line),
    ...opts,
  });
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/collab/')) collab.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/collab`,
    port,
    collab,
    store,
    db,
    logs,
    members,
    async stop() {
      await collab.close();
      await store.close();
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function connect(url: string, room: string, userId: string | null, doc = new Y.Doc()): WebsocketProvider {
  return new WebsocketProvider(url, room, doc, {
    params: userId ? { token: tokenOf(userId) } : {},
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Node has BroadcastChannel: without this, providers of one process would sync without the server.
    disableBc: true,
    maxBackoffTime: 200,
  });
}

export async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const synced = (p: WebsocketProvider) => until(() => p.synced, 'sync');

/** A raw client: every frame it receives, and how it was closed. */
export function rawClient(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  const frames: Buffer[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('message', (data: Buffer) => frames.push(data));
  ws.on('error', () => undefined);
  const opened = new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('close', () => reject(new Error('closed before open')));
  });
  opened.catch(() => undefined);
  return { ws, frames, closed, opened };
}

/** Writes what a client does through the store, as the server would, attributed to `user` at `when`. */
export function editor(store: DocumentStore, room: string) {
  const doc = new Y.Doc();
  let user = 'nobody';
  let at = '2025-05-01T00:00:00.000Z';
  const writes: Promise<number>[] = [];
  doc.on('update', (u: Uint8Array) => writes.push(store.append(room, u, user, new Date(at))));
  return {
    doc,
    as(u: string, when: string, f: () => void) {
      user = u;
      at = when;
      doc.transact(f);
      return Promise.all(writes);
    },
  };
}
