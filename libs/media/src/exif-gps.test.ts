import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { exifGps, exifWithGps } from './exif-gps';

/** A JPEG carrying `exif` as its APP1 segment, right after the SOI marker. */
async function jpegWithExif(exif: Buffer): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(exif.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, exif, jpeg.subarray(2)]);
}

describe('EXIF GPS', () => {
  it('reads the position a photo carries, in both hemispheres, through sharp’s metadata', async () => {
    for (const p of [
      { lat: 14.634915, lon: -90.506882 },
      { lat: -33.918861, lon: 18.4233 },
    ]) {
      const meta = await sharp(await jpegWithExif(exifWithGps(p))).metadata();
      const got = exifGps(meta.exif);
      expect(got!.lat).toBeCloseTo(p.lat, 4);
      expect(got!.lon).toBeCloseTo(p.lon, 4);
    }
  });

  it('re-encoding strips it', async () => {
    const out = await sharp(await jpegWithExif(exifWithGps({ lat: 1, lon: 2 })))
      .rotate()
      .jpeg()
      .toBuffer();
    expect(exifGps((await sharp(out).metadata()).exif)).toBeNull();
  });

  it('yields null for no EXIF, no GPS, and damaged blocks, never reading past the end', () => {
    expect(exifGps(undefined)).toBeNull();
    expect(exifGps(Buffer.from('Exif\0\0II*\0'))).toBeNull();
    const good = exifWithGps({ lat: 10, lon: 20 });
    for (let cut = 0; cut < good.length; cut += 3) expect(() => exifGps(good.subarray(0, cut))).not.toThrow();
    const bad = Buffer.from(good);
    bad.writeUInt32LE(0xfffffff0, 6 + 18); // the GPS pointer out of range
    expect(exifGps(bad)).toBeNull();
  });
});
