// Serves one build of the web client in front of the benchmark's API, for comparing two builds of the client
// (old against new) on the same server and data, in turn (tests/perf/web-graph.mjs, WEB_DIST=dirA,dirB).
// Files of the build are served from its directory (index.html for the client's own routes); the API's paths
// (/graphql, /collab, /media, /public, /healthz), their WebSocket upgrades included, are passed through.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { extname, join, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};
const API_PATHS = ['/graphql', '/collab', '/media/', '/public', '/healthz', '/readyz'];

/** Starts a proxy serving `dist` and passing the API's paths to `apiUrl`; resolves to `{ url, close() }`. */
export async function serveBuild(dist, apiUrl) {
  const root = resolve(dist);
  const api = new URL(apiUrl);
  const index = readFileSync(join(root, 'index.html'));
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const isApi = API_PATHS.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p || path.startsWith(`${p}/`)));
    if (req.method === 'GET' && !isApi) {
      const file = join(root, path);
      if (file.startsWith(root) && existsSync(file) && !statSync(file).isDirectory()) {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'max-age=3600' });
        res.end(readFileSync(file));
        return;
      }
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' });
      res.end(index);
      return;
    }
    const upstream = request(
      {
        host: api.hostname,
        port: api.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: api.host, ...(req.headers.origin ? { origin: api.origin } : {}) },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket, head) => {
    const up = connect(Number(api.port), api.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      // The server accepts a socket only from its own origin: the page's, as far as the server can tell.
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i].toLowerCase();
        const value = name === 'origin' ? api.origin : name === 'host' ? api.host : req.rawHeaders[i + 1];
        lines.push(`${req.rawHeaders[i]}: ${value}`);
      }
      up.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    const end = () => {
      up.destroy();
      socket.destroy();
    };
    up.on('error', end);
    socket.on('error', end);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
