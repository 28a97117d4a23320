/*
 * The graph's PNG export carries where it came from: a footer under the picture (the handling marking, the case
 * reference, when and by whom it was exported) and the same words as iTXt text chunks in the file, so a copy
 * found later says what it is even where the footer was cropped off.
 */

export interface FooterLine {
  readonly text: string;
  /** Drawn bold and red (the handling marking). */
  readonly strong?: boolean;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One iTXt chunk: keyword (Latin-1, 1-79 bytes), uncompressed UTF-8 text. */
function itxt(keyword: string, text: string): Uint8Array {
  const enc = new TextEncoder();
  const body = [...enc.encode(keyword), 0, 0, 0, 0, 0, ...enc.encode(text)];
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  out.set(enc.encode('iTXt'), 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

/** The PNG with iTXt chunks added right after its header chunk (IHDR). */
export function withTextChunks(png: Uint8Array, entries: Readonly<Record<string, string>>): Uint8Array {
  const SIGNATURE = 8;
  const ihdrLength = new DataView(png.buffer, png.byteOffset).getUint32(SIGNATURE);
  const afterIhdr = SIGNATURE + 12 + ihdrLength;
  const chunks = Object.entries(entries).map(([k, v]) => itxt(k, v));
  const extra = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(png.length + extra);
  out.set(png.subarray(0, afterIhdr), 0);
  let at = afterIhdr;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  out.set(png.subarray(afterIhdr), at);
  return out;
}

/** The text chunks of a PNG (iTXt, uncompressed), keyword to text: what a reader of the file finds. */
export function textChunks(png: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const dec = new TextDecoder();
  for (let at = 8; at + 12 <= png.length;) {
    const length = view.getUint32(at);
    const type = dec.decode(png.subarray(at + 4, at + 8));
    if (type === 'iTXt') {
      const body = png.subarray(at + 8, at + 8 + length);
      const nul = body.indexOf(0);
      // keyword \0 compression flag, method, language \0 translated keyword \0 text
      let p = nul + 3;
      p = body.indexOf(0, p) + 1;
      p = body.indexOf(0, p) + 1;
      out[dec.decode(body.subarray(0, nul))] = dec.decode(body.subarray(p));
    }
    if (type === 'IEND') break;
    at += 12 + length;
  }
  return out;
}

/**
 * Draws the lines under the picture (white band, dark text; a strong line bold and red), widening the image when a
 * line is wider than the graph, and adds them to the file as text chunks. `scale` matches the export's pixel ratio.
 */
export async function pngWithFooter(
  graph: Blob,
  lines: readonly FooterLine[],
  chunks: Readonly<Record<string, string>>,
  scale = 2,
): Promise<Blob> {
  const bitmap = await createImageBitmap(graph);
  // Read before close(), which sets a bitmap's size to 0.
  const { width, height } = bitmap;
  const font = 13 * scale;
  const lineHeight = Math.round(font * 1.5);
  const pad = 10 * scale;
  const measure = document.createElement('canvas').getContext('2d')!;
  let textWidth = 0;
  for (const l of lines) {
    measure.font = `${l.strong ? 'bold ' : ''}${font}px sans-serif`;
    textWidth = Math.max(textWidth, measure.measureText(l.text).width);
  }
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(Math.max(width, textWidth + 2 * pad));
  canvas.height = height + 2 * pad + lines.length * lineHeight;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  // A rule between the picture and the footer.
  ctx.fillStyle = '#94a3b8';
  ctx.fillRect(pad, height + pad / 2, canvas.width - 2 * pad, Math.max(1, scale));
  ctx.textBaseline = 'top';
  lines.forEach((l, i) => {
    ctx.font = `${l.strong ? 'bold ' : ''}${font}px sans-serif`;
    ctx.fillStyle = l.strong ? '#b91c1c' : '#0f172a';
    ctx.fillText(l.text, pad, height + pad + i * lineHeight + (lineHeight - font) / 2);
  });
  const drawn = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
  );
  const bytes = withTextChunks(new Uint8Array(await drawn.arrayBuffer()), chunks);
  return new Blob([bytes as BlobPart], { type: 'image/png' });
}
