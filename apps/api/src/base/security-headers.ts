import helmet from 'helmet';

/**
 * The HTTP security headers of every answer, by helmet (OWASP's secure-headers
 * recommendations): a Content-Security-Policy without inline or foreign script,
 * no framing by anyone (clickjacking), no referrer (case URLs carry ids), no MIME
 * sniffing, and HSTS when the public address is https.
 *
 * - script-src 'self': the built client is module scripts from this origin only.
 * - style-src allows inline styles: the editor and the graph set style attributes;
 *   styles cannot run code, and OWASP rates this far below inline script.
 * - img-src allows https: map tiles come from the tile server VITE_MAP_TILES names;
 *   blob: and data: are the photos fetched with the session's token and the graph's PNG export.
 * - connect-src 'self' covers the GraphQL and /collab websockets of this origin.
 */
export function securityHeaders(publicUrl: string | null) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Tiles and the like are loaded cross-origin as images: require-corp would block them.
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: publicUrl?.startsWith('https://') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}
