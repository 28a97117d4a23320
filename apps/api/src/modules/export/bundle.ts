import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough, unzipSync } from 'fflate';

/**
 * The evidence bundle's container (issue 18): a ZIP written as it is made, each file hashed (SHA-256) on
 * its way in, and a manifest.json last that lists every file with its hash. Photos are stored as they are
 * (already compressed); text is deflated. Memory stays flat: a file goes through in chunks, and the writer
 * waits for the output to drain before it reads on.
 */
export const MANIFEST = 'manifest.json';
/**
 * The first file of every bundle, stored uncompressed on one line: which export this is (its id, case,
 * exporter and start). Written before anything else, so that even a file cut off mid-stream (a server
 * stopped while sending) names the export, and `bundle:verify` can say it was started and never completed.
 */
export const EXPORT_HEADER = 'export.json';

export interface ExportHeader {
  readonly format: string;
  readonly exportId: string;
  readonly case: { readonly id: string; readonly reference: string };
  readonly exportedBy: { readonly id: string };
  readonly startedAt: string;
}

export interface BundleFile {
  readonly name: string;
  readonly sha256: string;
  readonly bytes: number;
}

export class BundleWriter {
  readonly files: BundleFile[] = [];
  private readonly zip: Zip;
  private error: Error | null = null;
  private drained: Promise<void> | null = null;
  private ended!: Promise<void>;

  constructor(private readonly out: Writable) {
    let done!: () => void;
    this.ended = new Promise((r) => (done = r));
    this.zip = new Zip((err, chunk, final) => {
      if (err) {
        this.error = err;
        return;
      }
      if (chunk.length > 0 && !out.write(chunk) && !this.drained)
        this.drained = new Promise((r) =>
          out.once('drain', () => {
            this.drained = null;
            r();
          }),
        );
      if (final) done();
    });
  }

  private async push(file: ZipDeflate | ZipPassThrough, chunk: Uint8Array, final: boolean): Promise<void> {
    file.push(chunk, final);
    if (this.error) throw this.error;
    if (this.drained) await this.drained;
  }

  /** A file from chunks (a read stream, for photos); `compress` false stores it as it is. */
  async add(name: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, compress: boolean): Promise<BundleFile> {
    const file = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    this.zip.add(file);
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const c of chunks) {
      const u8 = c instanceof Uint8Array ? c : new Uint8Array(c);
      hash.update(u8);
      bytes += u8.length;
      await this.push(file, u8, false);
    }
    await this.push(file, new Uint8Array(0), true);
    const entry = { name, sha256: hash.digest('hex'), bytes };
    this.files.push(entry);
    return entry;
  }

  addText(name: string, text: string): Promise<BundleFile> {
    return this.add(name, [Buffer.from(text, 'utf8')], true);
  }

  /** The export's header (EXPORT_HEADER): call first, before any other file. */
  addHeader(header: ExportHeader): Promise<BundleFile> {
    if (this.files.length > 0) throw new Error(`${EXPORT_HEADER} must be the bundle's first file`);
    return this.add(EXPORT_HEADER, [Buffer.from(`${JSON.stringify(header)}\n`, 'utf8')], false);
  }

  /** Writes the manifest (the files so far, and `meta`) and ends the archive; returns the manifest's SHA-256. */
  async finish(meta: Record<string, unknown>): Promise<{ manifestSha256: string; manifest: string }> {
    const manifest = `${JSON.stringify({ ...meta, files: this.files }, null, 2)}\n`;
    const sha = createHash('sha256').update(manifest).digest('hex');
    const file = new ZipDeflate(MANIFEST, { level: 6 });
    this.zip.add(file);
    await this.push(file, Buffer.from(manifest, 'utf8'), true);
    this.zip.end();
    await this.ended;
    if (this.error) throw this.error;
    return { manifestSha256: sha, manifest };
  }
}

/**
 * The export header of a bundle, read from the archive's first local entry: works on a whole ZIP and on
 * one cut off anywhere after its first few hundred bytes (no central directory needed). Null when the
 * file does not start with the header (not a Homeward bundle, or one from before the header existed).
 */
export function readExportHeader(zip: Uint8Array): ExportHeader | null {
  const b = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  if (b.length < 30 || b.readUInt32LE(0) !== 0x04034b50) return null;
  const method = b.readUInt16LE(8);
  const nameLength = b.readUInt16LE(26);
  const extraLength = b.readUInt16LE(28);
  if (method !== 0 || b.length < 30 + nameLength) return null;
  if (b.toString('utf8', 30, 30 + nameLength) !== EXPORT_HEADER) return null;
  const start = 30 + nameLength + extraLength;
  const end = b.indexOf(0x0a, start);
  if (end < 0) return null;
  try {
    const h = JSON.parse(b.toString('utf8', start, end)) as Partial<ExportHeader>;
    return typeof h.exportId === 'string' && typeof h.case?.id === 'string' ? (h as ExportHeader) : null;
  } catch {
    return null;
  }
}

export interface BundleCheck {
  readonly manifestSha256: string | null;
  readonly manifest: { files?: BundleFile[]; [k: string]: unknown } | null;
  /** Each file whose content is not what the manifest says, or that is missing or not listed. */
  readonly problems: ReadonlyArray<{ readonly file: string; readonly reason: string }>;
}

/** Checks every file of a bundle against its manifest (the audit record is checked by the caller). */
export function checkBundle(zip: Uint8Array): BundleCheck {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch (err) {
    return {
      manifestSha256: null,
      manifest: null,
      problems: [{ file: '(archive)', reason: `not a readable ZIP: ${(err as Error).message}` }],
    };
  }
  const raw = entries[MANIFEST];
  if (!raw) return { manifestSha256: null, manifest: null, problems: [{ file: MANIFEST, reason: 'missing' }] };
  const manifestSha256 = createHash('sha256').update(raw).digest('hex');
  let manifest: BundleCheck['manifest'];
  try {
    manifest = JSON.parse(Buffer.from(raw).toString('utf8')) as BundleCheck['manifest'];
  } catch {
    return { manifestSha256, manifest: null, problems: [{ file: MANIFEST, reason: 'not valid JSON' }] };
  }
  const problems: Array<{ file: string; reason: string }> = [];
  const listed = new Set<string>();
  for (const f of manifest?.files ?? []) {
    listed.add(f.name);
    const data = entries[f.name];
    if (!data) {
      problems.push({ file: f.name, reason: 'listed in the manifest but missing from the bundle' });
      continue;
    }
    const sha = createHash('sha256').update(data).digest('hex');
    if (sha !== f.sha256) problems.push({ file: f.name, reason: `changed: SHA-256 ${sha} where the manifest says ${f.sha256}` });
  }
  for (const name of Object.keys(entries))
    if (name !== MANIFEST && !listed.has(name) && !name.endsWith('/')) problems.push({ file: name, reason: 'not listed in the manifest' });
  return { manifestSha256, manifest, problems };
}
