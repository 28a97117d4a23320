/**
 * How rooms of one document held by several server processes (replicas) stay
 * one room. The process that receives a client's update stores it, then
 * publishes it with the seq the store gave it; the others apply it and relay it
 * to their own clients without storing it again. Awareness is published as it
 * is relayed locally, and never stored.
 *
 * The transport (Redis pub/sub in the API) may lose a message while a
 * connection is down: a room that sees a seq beyond the next one it expects
 * reads the missing updates from the store, which has them all (stored before
 * published), and `resync` asks it to do so after a reconnection.
 */
export type RelayMessage =
  | { readonly kind: 'update'; readonly seq: number; readonly update: Uint8Array }
  | { readonly kind: 'awareness'; readonly update: Uint8Array }
  /** A process that just loaded the room asks the others for their participants' awareness. */
  | { readonly kind: 'awareness-query' }
  /** Not sent: the transport's own signal that messages may have been missed. */
  | { readonly kind: 'resync' };

export interface CollabRelay {
  /**
   * Delivers the room's messages from other processes (never this process's
   * own) until the returned function is called. Resolves once every message
   * published from then on will be delivered.
   */
  join(room: string, onMessage: (message: RelayMessage) => void): Promise<() => void>;
  /** Sends to the other processes holding the room (best effort: see above). */
  publish(room: string, message: RelayMessage): void;
}

const KIND = { update: 1, awareness: 2, 'awareness-query': 3 } as const;

/**
 * Binary envelope: kind (1 byte), origin length (1 byte) and origin (the
 * sending process's id, ASCII), seq (float64, updates only), payload.
 */
export function encodeRelayMessage(origin: string, message: Exclude<RelayMessage, { kind: 'resync' }>): Buffer {
  const o = Buffer.from(origin, 'latin1');
  if (o.length > 255) throw new Error('relay origin too long');
  const payload = message.kind === 'awareness-query' ? new Uint8Array(0) : message.update;
  const seqBytes = message.kind === 'update' ? 8 : 0;
  const out = Buffer.allocUnsafe(2 + o.length + seqBytes + payload.byteLength);
  out[0] = KIND[message.kind];
  out[1] = o.length;
  o.copy(out, 2);
  if (message.kind === 'update') out.writeDoubleBE(message.seq, 2 + o.length);
  out.set(payload, 2 + o.length + seqBytes);
  return out;
}

/** The origin and the message, or null for something this version does not understand (dropped). */
export function decodeRelayMessage(data: Buffer): { origin: string; message: RelayMessage } | null {
  if (data.length < 2 || data.length < 2 + data[1]) return null;
  const origin = data.toString('latin1', 2, 2 + data[1]);
  const at = 2 + data[1];
  switch (data[0]) {
    case KIND.update: {
      if (data.length < at + 8) return null;
      const seq = data.readDoubleBE(at);
      if (!Number.isSafeInteger(seq) || seq < 1) return null;
      return { origin, message: { kind: 'update', seq, update: data.subarray(at + 8) } };
    }
    case KIND.awareness:
      return { origin, message: { kind: 'awareness', update: data.subarray(at) } };
    case KIND['awareness-query']:
      return { origin, message: { kind: 'awareness-query' } };
    default:
      return null;
  }
}
