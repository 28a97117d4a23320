/** The two documents a case has. */
export const DOCUMENT_KINDS = ['notes', 'timeline'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface RoomRef {
  readonly caseId: string;
  readonly document: DocumentKind;
}

/**
 * Case ids are opaque here; this only keeps the room name a safe storage key
 * (no slashes, dots or control characters). Whether the case exists is the
 * CollabAuth's answer, never inferred from the name.
 */
const CASE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The mount point of the websocket; the API routes upgrades under it here. */
export const COLLAB_PATH_PREFIX = '/collab/';

/**
 * Parses a room name (`cases/<caseId>/notes`) or a request path
 * (`/collab/cases/<caseId>/timeline?token=...`). Anything else is null: an
 * unknown room is refused, never created.
 */
export function roomOf(path: string): RoomRef | null {
  let p = path;
  const q = p.indexOf('?');
  if (q >= 0) p = p.slice(0, q);
  if (p.startsWith(COLLAB_PATH_PREFIX)) p = p.slice(COLLAB_PATH_PREFIX.length);
  const parts = p.split('/');
  if (parts.length !== 3 || parts[0] !== 'cases') return null;
  const [, caseId, document] = parts;
  if (!CASE_ID.test(caseId)) return null;
  if (document !== 'notes' && document !== 'timeline') return null;
  return { caseId, document };
}

export const roomName = (ref: RoomRef): string => `cases/${ref.caseId}/${ref.document}`;

/** A URL fit for a log line: the token (and any other secret-looking parameter) is replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      let name = key;
      try {
        name = decodeURIComponent(key);
      } catch {
        // An undecodable key is matched as written.
      }
      return /token|auth|key|secret|password|session/i.test(name) ? `${key}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}
