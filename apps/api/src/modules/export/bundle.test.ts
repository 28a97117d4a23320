import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BundleWriter, EXPORT_HEADER, checkBundle, readExportHeader, type ExportHeader } from './bundle.js';

const header: ExportHeader = {
  format: 'homeward-evidence-bundle/1',
  exportId: 'exp_test123',
  case: { id: 'case_1', reference: 'GT-2026-0001' },
  exportedBy: { id: 'usr_1' },
  startedAt: '2026-12-06T16:00:00.000Z',
};

async function bundle(): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new BundleWriter(out);
  await w.addHeader(header);
  await w.addText('notes.md', '# Notes\n'.repeat(2000));
  await w.add('photos/a.bin', [new Uint8Array(50_000).map((_, i) => (i * 7919) % 251)], false);
  await w.finish({ exportId: header.exportId, case: header.case });
  out.end();
  return Buffer.concat(chunks);
}

describe('evidence bundle header', () => {
  it('is the first file, listed in the manifest, and read back from the whole archive', async () => {
    const zip = await bundle();
    const check = checkBundle(zip);
    expect(check.problems).toEqual([]);
    expect(check.manifest?.files?.[0]?.name).toBe(EXPORT_HEADER);
    expect(readExportHeader(zip)).toEqual(header);
  });

  it('is read back from a file cut off anywhere after it, where the archive itself is unreadable', async () => {
    const zip = await bundle();
    for (const cut of [300, 1000, Math.floor(zip.length / 2), zip.length - 10]) {
      const part = zip.subarray(0, cut);
      expect(checkBundle(part).problems[0]?.file, `cut at ${cut}`).toBe('(archive)');
      expect(readExportHeader(part), `cut at ${cut}`).toEqual(header);
    }
    expect(readExportHeader(zip.subarray(0, 40))).toBeNull();
    expect(readExportHeader(Buffer.from('not a zip at all, not a zip at all'))).toBeNull();
  });

  it('must come first', async () => {
    const w = new BundleWriter(new PassThrough());
    await w.addText('a.txt', 'a');
    expect(() => w.addHeader(header)).toThrow(/first file/);
  });
});
