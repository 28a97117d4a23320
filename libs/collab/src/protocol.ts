import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';

/** First varUint of every y-websocket frame (the numbering `WebsocketProvider` uses). */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Second varUint of a Sync frame (y-protocols/sync). */
export const SyncMessageType = {
  Step1: messageYjsSyncStep1,
  Step2: messageYjsSyncStep2,
  Update: messageYjsUpdate,
} as const;

/**
 * Close codes. 4400-4499 tell `WebsocketProvider` (v3) not to reconnect, which
 * is what a refused token or membership needs; 1001/1011/1013 let it retry.
 */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  UnsupportedData: 1003,
  MalformedMessage: 1007,
  PolicyViolation: 1008,
  MessageTooBig: 1009,
  InternalError: 1011,
  TryAgainLater: 1013,
  Unauthorized: 4401,
  Forbidden: 4403,
  NotFound: 4404,
  /** An update, the document it would grow, or an awareness state over its cap (the reason says which). */
  TooLarge: 4413,
  /** Too many messages, or too many update bytes, per second on one connection. */
  RateLimited: 4429,
} as const;

/**
 * The collaboration limits' defaults (CollabServerOptions may lower or raise them). Measured:
 * 200 pages of notes (600,000 characters typed word by word by four editors, a tenth deleted
 * again) encode to 0.8 MB, and a timeline of 2,000 events with 300-character descriptions to
 * 1.1 MB; a case needs far less. The caps leave about ten times that.
 */
export const COLLAB_LIMITS = {
  /** One update (a paste of about 350 pages of plain text fits). */
  maxUpdateBytes: 1024 * 1024,
  /** One document (notes or timeline) as a new opener downloads it. */
  maxDocumentBytes: 8 * 1024 * 1024,
  /** One participant's awareness state (name, colour, cursor: well under 1 KiB), as JSON. */
  maxAwarenessStateBytes: 8 * 1024,
  /** Awareness client ids one connection may speak for (a provider uses one). */
  maxAwarenessClients: 4,
  /** Sustained update bytes per second per connection; bursts up to twice maxUpdateBytes. */
  maxUpdateBytesPerSecond: 64 * 1024,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** A frame a client may send, decoded. */
export type ClientMessage =
  | { readonly kind: 'sync-step1'; readonly stateVector: Uint8Array }
  | { readonly kind: 'sync-step2'; readonly update: Uint8Array }
  | { readonly kind: 'update'; readonly update: Uint8Array }
  | { readonly kind: 'awareness'; readonly update: Uint8Array }
  | { readonly kind: 'query-awareness' };

export class ProtocolError extends Error {
  constructor(
    readonly closeCode: CloseCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/**
 * Decodes one frame. Throws ProtocolError on anything else, including trailing
 * bytes: `WebsocketProvider` sends exactly one message per frame, so extra
 * bytes mean a broken or hostile client.
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  let message: ClientMessage;
  try {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === SyncMessageType.Step1) message = { kind: 'sync-step1', stateVector: payload };
        else if (step === SyncMessageType.Step2) message = { kind: 'sync-step2', update: payload };
        else if (step === SyncMessageType.Update) message = { kind: 'update', update: payload };
        else throw new ProtocolError(CloseCode.UnsupportedData, `unknown sync message type ${step}`);
        break;
      }
      case MessageType.Awareness:
        message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
        break;
      case MessageType.QueryAwareness:
        message = { kind: 'query-awareness' };
        break;
      default:
        throw new ProtocolError(CloseCode.UnsupportedData, `unsupported message type ${type}`);
    }
  } catch (e) {
    if (e instanceof ProtocolError) throw e;
    throw new ProtocolError(CloseCode.MalformedMessage, 'truncated message');
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError(CloseCode.MalformedMessage, 'trailing bytes after message');
  return message;
}

function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => syncFrame(SyncMessageType.Step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => syncFrame(SyncMessageType.Step2, update);
export const encodeUpdate = (update: Uint8Array): Uint8Array => syncFrame(SyncMessageType.Update, update);

export function encodeAwareness(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return encoding.toUint8Array(encoder);
}

/** Who an awareness entry may claim to be: the server, not the client, says so. */
export interface AwarenessIdentity {
  readonly userId: string;
  readonly displayName: string;
}

/**
 * How the server treats one entry of a client's awareness update: 'own' (the
 * sender's client id, or a new one), 'echo' (another participant's state the
 * stock provider re-broadcasts, no newer than what the room has: dropped) or
 * 'forged' (another participant's id with a newer clock: refused).
 */
export type AwarenessClaim = 'own' | 'echo' | 'forged';

/**
 * Rewrites a client's awareness update so that every state it announces
 * carries the authenticated user (`user.id`, `user.name`), whatever the client
 * wrote: a participant cannot show up under a colleague's name, nor overwrite
 * or remove a colleague's cursor. Returns null when nothing is left to apply.
 * Throws ProtocolError on a malformed or forged update.
 */
export function bindAwarenessUpdate(
  update: Uint8Array,
  identity: AwarenessIdentity,
  claim: (clientId: number, clock: number) => AwarenessClaim,
  maxStateBytes: number = COLLAB_LIMITS.maxAwarenessStateBytes,
): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const kept: Array<{ clientId: number; clock: number; state: unknown }> = [];
  try {
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      // Checked before the parse: a huge state costs nothing but this count.
      if (Buffer.byteLength(json, 'utf8') > maxStateBytes) throw new ProtocolError(CloseCode.TooLarge, 'awareness state too large');
      const state: unknown = JSON.parse(json);
      const verdict = claim(clientId, clock);
      if (verdict === 'forged') throw new ProtocolError(CloseCode.Forbidden, 'awareness of another participant');
      if (verdict === 'echo') continue;
      if (state === null) {
        kept.push({ clientId, clock, state });
        continue;
      }
      if (typeof state !== 'object' || Array.isArray(state))
        throw new ProtocolError(CloseCode.MalformedMessage, 'awareness state must be an object or null');
      const user = (state as { user?: unknown }).user;
      const base = user !== null && typeof user === 'object' && !Array.isArray(user) ? user : {};
      kept.push({ clientId, clock, state: { ...state, user: { ...base, id: identity.userId, name: identity.displayName } } });
    }
  } catch (e) {
    if (e instanceof ProtocolError) throw e;
    throw new ProtocolError(CloseCode.MalformedMessage, 'malformed awareness update');
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError(CloseCode.MalformedMessage, 'trailing bytes after awareness update');
  if (kept.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const { clientId, clock, state } of kept) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}
