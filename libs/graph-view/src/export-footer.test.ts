import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { textChunks, withTextChunks } from './export-footer';

/** A valid 1x1 white PNG built here (signature, IHDR, IDAT, IEND), so the test needs no image file. */
function tinyPng(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Uint8Array) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255]))),
      chunk('IEND', new Uint8Array()),
    ]),
  );
}

describe('PNG text chunks of the graph export', () => {
  it('adds UTF-8 text after the header and reads it back, leaving the picture as it was', () => {
    const png = tinyPng();
    const marked = withTextChunks(png, { Title: 'Caso GT-2026-0001', Disclaimer: 'Tratamiento: RESERVADO — niñez' });
    expect(textChunks(marked)).toEqual({ Title: 'Caso GT-2026-0001', Disclaimer: 'Tratamiento: RESERVADO — niñez' });
    // Same signature and header first, the original chunks after the added ones.
    expect([...marked.subarray(0, 33)]).toEqual([...png.subarray(0, 33)]);
    expect([...marked.subarray(marked.length - (png.length - 33))]).toEqual([...png.subarray(33)]);
    expect(textChunks(png)).toEqual({});
  });
});
