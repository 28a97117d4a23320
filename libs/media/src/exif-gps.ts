/**
 * Where a photo says it was taken: the GPS latitude and longitude of its EXIF
 * block (TIFF structure, either byte order), read before the metadata is
 * stripped, so a tip keeps the place and the stored photo does not. Only the
 * four GPS tags are read; every offset is bounds-checked, so a hostile EXIF
 * block yields null, never a throw or a read outside the buffer.
 */

const GPS_IFD_POINTER = 0x8825;
const GPS_LAT_REF = 0x0001;
const GPS_LAT = 0x0002;
const GPS_LON_REF = 0x0003;
const GPS_LON = 0x0004;
const RATIONAL = 5;
const ASCII = 2;
const LONG = 4;

export interface GpsPoint {
  readonly lat: number;
  readonly lon: number;
}

/** Reads the GPS point of an EXIF block as sharp's metadata().exif gives it ("Exif\0\0" then TIFF), or bare TIFF. */
export function exifGps(exif: Uint8Array | undefined | null): GpsPoint | null {
  if (!exif || exif.length < 14) return null;
  const buf = Buffer.from(exif.buffer, exif.byteOffset, exif.byteLength);
  const start = buf.toString('latin1', 0, 6) === 'Exif\0\0' ? 6 : 0;
  const t = buf.subarray(start);
  if (t.length < 8) return null;
  const mark = t.toString('latin1', 0, 2);
  if (mark !== 'II' && mark !== 'MM') return null;
  const le = mark === 'II';
  const u16 = (o: number) => (o + 2 <= t.length ? (le ? t.readUInt16LE(o) : t.readUInt16BE(o)) : null);
  const u32 = (o: number) => (o + 4 <= t.length ? (le ? t.readUInt32LE(o) : t.readUInt32BE(o)) : null);
  if (u16(2) !== 42) return null;

  /** Entries of the IFD at `offset`: tag -> {type, count, value offset (or the inline value's own offset)}. */
  const ifd = (offset: number | null) => {
    const out = new Map<number, { type: number; count: number; at: number }>();
    if (offset === null || offset < 8) return out;
    const n = u16(offset);
    if (n === null || n > 512) return out;
    for (let i = 0; i < n; i++) {
      const e = offset + 2 + i * 12;
      const tag = u16(e);
      const type = u16(e + 2);
      const count = u32(e + 4);
      if (tag === null || type === null || count === null) break;
      const size = (type === RATIONAL ? 8 : type === LONG ? 4 : 1) * count;
      const at = size <= 4 ? e + 8 : u32(e + 8);
      if (at !== null && at + size <= t.length) out.set(tag, { type, count, at });
    }
    return out;
  };

  const ifd0 = ifd(u32(4));
  const pointer = ifd0.get(GPS_IFD_POINTER);
  if (!pointer || pointer.type !== LONG) return null;
  const gps = ifd(u32(pointer.at));
  const degrees = (tag: number): number | null => {
    const e = gps.get(tag);
    if (!e || e.type !== RATIONAL || e.count !== 3) return null;
    let v = 0;
    for (let i = 0; i < 3; i++) {
      const num = u32(e.at + i * 8);
      const den = u32(e.at + i * 8 + 4);
      if (num === null || den === null || den === 0) return null;
      v += num / den / 60 ** i;
    }
    return v;
  };
  const ref = (tag: number): string | null => {
    const e = gps.get(tag);
    return e && e.type === ASCII ? t.toString('latin1', e.at, e.at + 1) : null;
  };
  const lat = degrees(GPS_LAT);
  const lon = degrees(GPS_LON);
  if (lat === null || lon === null || lat > 90 || lon > 180) return null;
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return { lat: round(ref(GPS_LAT_REF) === 'S' ? -lat : lat), lon: round(ref(GPS_LON_REF) === 'W' ? -lon : lon) };
}

/**
 * An EXIF block (with the "Exif\0\0" header) holding only a GPS position: what
 * a phone writes, for tests and the benchmark to make photos that carry one.
 */
export function exifWithGps(p: GpsPoint): Buffer {
  const b = Buffer.alloc(6 + 8 + 2 + 12 + 4 + 2 + 4 * 12 + 4 + 48);
  b.write('Exif\0\0', 0, 'latin1');
  const T = 6;
  b.write('II', T, 'latin1');
  b.writeUInt16LE(42, T + 2);
  b.writeUInt32LE(8, T + 4);
  // IFD0: one entry, the GPS pointer.
  b.writeUInt16LE(1, T + 8);
  b.writeUInt16LE(GPS_IFD_POINTER, T + 10);
  b.writeUInt16LE(LONG, T + 12);
  b.writeUInt32LE(1, T + 14);
  const gpsAt = 8 + 2 + 12 + 4;
  b.writeUInt32LE(gpsAt, T + 18);
  b.writeUInt32LE(0, T + 22);
  // GPS IFD: four entries, then the two rational triples.
  b.writeUInt16LE(4, T + gpsAt);
  const data = gpsAt + 2 + 4 * 12 + 4;
  const entry = (i: number, tag: number, type: number, count: number, value: number | string) => {
    const e = T + gpsAt + 2 + i * 12;
    b.writeUInt16LE(tag, e);
    b.writeUInt16LE(type, e + 2);
    b.writeUInt32LE(count, e + 4);
    if (typeof value === 'string') b.write(value, e + 8, 'latin1');
    else b.writeUInt32LE(value, e + 8);
  };
  entry(0, GPS_LAT_REF, ASCII, 2, p.lat < 0 ? 'S\0' : 'N\0');
  entry(1, GPS_LAT, RATIONAL, 3, data);
  entry(2, GPS_LON_REF, ASCII, 2, p.lon < 0 ? 'W\0' : 'E\0');
  entry(3, GPS_LON, RATIONAL, 3, data + 24);
  const triple = (at: number, v: number) => {
    const a = Math.abs(v);
    const d = Math.floor(a);
    const m = Math.floor((a - d) * 60);
    const s = Math.round(((a - d) * 60 - m) * 60 * 10000);
    [d, 1, m, 1, s, 10000].forEach((x, i) => b.writeUInt32LE(x, T + at + i * 4));
  };
  triple(data, p.lat);
  triple(data + 24, p.lon);
  return b;
}
