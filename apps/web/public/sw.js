/* global self, caches, fetch */
/*
 * The app shell for working offline (issue 18): a reload without network still opens the client, which
 * then reads the notes and timeline from this device (y-indexeddb) and the last loaded case (lib/offline.ts).
 * Only the client's own files are kept: the page and its scripts, styles and images. The API (/graphql,
 * /collab, /media) and anything not GET always goes to the network, so case data never lands in this cache.
 * Network first, so a new version is picked up as soon as it is served; the cache answers only when the
 * network does not.
 */
const CACHE = 'homeward-shell-v1';
const API = ['/graphql', '/collab', '/media/', '/healthz', '/readyz', '/public'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      // The page and the files it names (its entry chunks and styles), which loaded before this worker ran.
      const cache = await caches.open(CACHE);
      const res = await fetch('/', { cache: 'no-store' });
      if (!res.ok) return;
      const html = await res.clone().text();
      await cache.put('/index.html', res);
      const urls = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      await cache.addAll(urls);
    })().then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

// The page names the files it loaded before this worker controlled it (its lazy chunks opened so far).
self.addEventListener('message', (event) => {
  const urls = event.data && Array.isArray(event.data.keep) ? event.data.keep : [];
  const own = urls.filter(
    (u) => typeof u === 'string' && new URL(u).origin === self.location.origin && new URL(u).pathname.startsWith('/assets/'),
  );
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(own))
      .catch(() => undefined),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || API.some((p) => url.pathname.startsWith(p))) return;
  const page = req.mode === 'navigate';
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const res = await fetch(req);
        if (res.ok) await cache.put(page ? '/index.html' : req, res.clone());
        return res;
      } catch (err) {
        const hit = await cache.match(page ? '/index.html' : req);
        if (hit) return hit;
        throw err;
      }
    })(),
  );
});
