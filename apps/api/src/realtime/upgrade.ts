import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { log } from '../base/log.js';

export interface UpgradeRoutes {
  readonly graphql: WebSocketServer;
  /** Handles /collab/<room> upgrades (libs/collab). */
  readonly collab?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Origins allowed to open websockets; null: only the server's own origin. */
  readonly allowedOrigins: readonly string[];
}

function reject(socket: Duplex, status: number, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

/**
 * The one `upgrade` listener of the HTTP server: checks the Origin against
 * the allowlist (browsers always send one; a missing Origin means a
 * non-browser client, which must still authenticate), then routes by path.
 */
export function routeUpgrades(server: Server, routes: UpgradeRoutes): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const origin = req.headers.origin;
    if (origin && !routes.allowedOrigins.includes(origin)) {
      log('warn', 'websocket refused: origin not allowed', { origin });
      return reject(socket, 403, 'Forbidden origin');
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/graphql') {
      routes.graphql.handleUpgrade(req, socket, head, (ws) => routes.graphql.emit('connection', ws, req));
    } else if (path.startsWith('/collab/') && routes.collab) {
      routes.collab(req, socket, head);
    } else {
      reject(socket, 404, 'Not Found');
    }
  });
}
