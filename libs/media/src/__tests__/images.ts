import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** The grid of sample photos Human ships (the faces the tests use). */
export const SAMPLES = join(dirname(require.resolve('@vladmandic/human')), '..', 'assets', 'samples.jpg');

/** Tiles of the top row of samples.jpg (160 px apart, 156 px high) that hold one clear face each. */
export const FACE_TILES = { woman: 1, man: 2 } as const;

export function sampleTile(tile: number): sharp.Sharp {
  return sharp(SAMPLES).extract({ left: tile * 160, top: 0, width: 160, height: 156 });
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A real decompression bomb: a valid 1-bit greyscale PNG of `side`×`side`
 * black pixels whose rows deflate to almost nothing (10,000² is a few KB on
 * disk and 100 megapixels decoded).
 */
export function pngBomb(side: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const row = Math.ceil(side / 8) + 1; // filter byte + packed bits
  const raw = Buffer.alloc(row * side);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A small real photo-like JPEG (a gradient with noise), different for each seed. */
export async function jpeg(seed: number, width = 640, height = 480): Promise<Buffer> {
  const px = Buffer.alloc(width * height * 3);
  let s = seed * 2654435761;
  for (let i = 0; i < px.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    px[i] = ((i % (width * 3)) * 255) / (width * 3) / 2 + (s >>> 25);
  }
  return sharp(px, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}
