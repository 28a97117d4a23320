import neo4j, { isDate, isDateTime, isDuration, isLocalDateTime, isLocalTime, isTime } from 'neo4j-driver';

/*
 * The one decoder of values coming back from Neo4j, for every adapter. Rows
 * leave the runner as plain JavaScript: integers as numbers, temporals as ISO
 * strings, byte arrays as Uint8Array, lists and maps decoded element by
 * element. Spatial points, nodes and relationships pass unchanged (no adapter
 * returns a node; points are read back as the coordinates stored beside them).
 */

export type Row = Record<string, unknown>;

/**
 * A driver Integer as a number. Integers beyond 2^53 would silently lose
 * digits as numbers; no property the adapters store gets there (counts,
 * sequence numbers, epoch milliseconds), so reaching one is a bug worth an error.
 */
export function toNumber(v: unknown, what = 'value'): number {
  if (typeof v === 'number') return v;
  if (neo4j.isInt(v)) {
    if (!neo4j.integer.inSafeRange(v)) throw new RangeError(`neo4j: ${what} ${v.toString()} does not fit a JavaScript number`);
    return v.toNumber();
  }
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(v);
  throw new TypeError(`neo4j: expected an integer for ${what}, got ${describe(v)}`);
}

/**
 * A byte array property as a Uint8Array over the same memory. The driver
 * returns Neo4j bytes as an Int8Array; older writes that sent a Node Buffer
 * (which the driver packs as a list of integers, not as bytes) come back as
 * number[], which is read here too so that data written before the fix stays
 * readable.
 */
export function toBytes(v: unknown, what = 'value'): Uint8Array {
  if (v instanceof Int8Array || v instanceof Uint8Array) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v) && v.every((x) => Number.isInteger(typeof x === 'number' ? x : NaN) || neo4j.isInt(x))) {
    // Values -128..255 cover both signed and unsigned senders; Uint8Array wraps negatives.
    return Uint8Array.from(v, (x) => toNumber(x, what));
  }
  throw new TypeError(`neo4j: expected a byte array for ${what}, got ${describe(v)}`);
}

/**
 * Bytes as the driver must receive them to store a Neo4j byte array: an
 * Int8Array. A Uint8Array or Buffer would be sent as a list of integers
 * (eight bytes a byte on disk, and not a byte array when read back).
 */
export const toWireBytes = (u: Uint8Array): Int8Array => new Int8Array(u.buffer, u.byteOffset, u.byteLength);

/** Integers Cypher insists on (LIMIT, SKIP, procedure arguments): a plain JS number travels as a float. */
export const int = (n: number) => neo4j.int(Math.trunc(n));

const isTemporal = (v: unknown): boolean =>
  isDate(v) || isDateTime(v) || isLocalDateTime(v) || isLocalTime(v) || isTime(v) || isDuration(v);

/** Any value of a result, decoded as described at the top of this file. */
export function decodeValue(v: unknown): unknown {
  if (v === null || v === undefined || typeof v !== 'object') return v ?? null;
  if (Array.isArray(v)) return decodeList(v);
  if (neo4j.isInt(v)) return toNumber(v);
  if (v instanceof Int8Array) return toBytes(v);
  if (isTemporal(v)) return String(v);
  if (Object.getPrototypeOf(v) === Object.prototype) return decodeRow(v as Row);
  return v;
}

/**
 * A list decoded: the list itself when no element changes (most lists hold only strings,
 * numbers and lists of them), a copy from the first element that does. A large answer is
 * mostly small lists, and copying each one was a good part of the client's work.
 */
function decodeList(v: unknown[]): unknown[] {
  for (let i = 0; i < v.length; i++) {
    const d = decodeValue(v[i]);
    if (d !== v[i]) {
      const out = v.slice(0, i);
      out.push(d);
      for (let j = i + 1; j < v.length; j++) out.push(decodeValue(v[j]));
      return out;
    }
  }
  return v;
}

/** A record's fields (or a map value), each decoded. */
export function decodeRow(row: Row): Row {
  const out: Row = {};
  for (const k of Object.keys(row)) out[k] = decodeValue(row[k]);
  return out;
}

/** The fields a driver record holds, by position (Record.toObject walks a generator: slow over many small records). */
export interface RecordFields {
  readonly keys: readonly PropertyKey[];
  get(index: number): unknown;
}

/** A driver record as a decoded row. */
export function decodeRecord(record: RecordFields): Row {
  const out: Row = {};
  for (let i = 0; i < record.keys.length; i++) out[String(record.keys[i])] = decodeValue(record.get(i));
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  return typeof v;
}
