import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { decodeRecord, decodeRow, decodeValue, toBytes, toNumber, toWireBytes } from './values';

describe('the shared Neo4j value decoder', () => {
  it('reads integers as numbers and refuses ones a number cannot hold', () => {
    expect(toNumber(neo4j.int(42))).toBe(42);
    expect(toNumber(7)).toBe(7);
    expect(() => toNumber(neo4j.int('9007199254740993'), 'seq')).toThrow(/seq 9007199254740993 does not fit/);
    expect(() => toNumber('3', 'seq')).toThrow(/expected an integer for seq, got string/);
  });

  it('reads bytes returned as Int8Array, and as the list of integers a Buffer was stored as', () => {
    const floats = new Float32Array([0.5, -0.25]);
    const raw = new Uint8Array(floats.buffer);
    expect(Array.from(toBytes(new Int8Array(floats.buffer)))).toEqual(Array.from(raw));
    // What the driver made of a Buffer: one integer per byte, 0..255.
    expect(Array.from(toBytes(Array.from(raw)))).toEqual(Array.from(raw));
    expect(Array.from(toBytes([neo4j.int(-1), neo4j.int(1)]))).toEqual([255, 1]);
    expect(() => toBytes('abc', 'embedding')).toThrow(/byte array for embedding, got string/);
  });

  it('sends bytes as the Int8Array the driver packs as a byte array, over the same memory', () => {
    const u = new Uint8Array([1, 2, 255]).subarray(1);
    const wire = toWireBytes(u);
    expect(wire).toBeInstanceOf(Int8Array);
    expect(Array.from(wire)).toEqual([2, -1]);
  });

  it('decodes rows deeply: lists, maps, temporals and byte arrays; points pass unchanged', () => {
    const point = new neo4j.types.Point(neo4j.int(4326), 1, 2);
    const at = new neo4j.types.DateTime(2026, 1, 2, 3, 4, 5, 0, 0);
    const row = decodeRow({
      n: neo4j.int(3),
      list: [neo4j.int(1), { m: neo4j.int(2) }],
      at,
      bytes: new Int8Array([1, -1]),
      point,
      none: null,
    });
    expect(row).toEqual({ n: 3, list: [1, { m: 2 }], at: '2026-01-02T03:04:05Z', bytes: new Uint8Array([1, 255]), point, none: null });
    expect(decodeValue(undefined)).toBeNull();
  });

  it('decodes a list in place only when nothing in it changes, and copies it from the first change', () => {
    const plain = ['a', 1, null, ['b', [2]]];
    expect(decodeValue(plain)).toBe(plain);
    const mixed = ['a', neo4j.int(5), ['c', neo4j.int(6)], undefined];
    const out = decodeValue(mixed) as unknown[];
    expect(out).not.toBe(mixed);
    expect(out).toEqual(['a', 5, ['c', 6], null]);
    // The driver's own list is left as it was.
    expect(neo4j.isInt(mixed[1])).toBe(true);
  });

  it('decodes a driver record by position, as toObject would name its fields', () => {
    const record = new neo4j.Record(['k', 'v'], [neo4j.int(1), [neo4j.int(2), 'x']]);
    expect(decodeRecord(record)).toEqual({ k: 1, v: [2, 'x'] });
    expect(decodeRecord(record)).toEqual(decodeRow(record.toObject()));
  });
});
