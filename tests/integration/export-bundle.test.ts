import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND, ROOT, gql, login, pdfText, serverEnv, startServer, type RunningServer } from './harness';

/**
 * "Export case" (issue 18): the evidence bundle of a case over HTTP, checked file by file, its manifest
 * recorded in the audit trail, verified by `bundle:verify`, which names a file changed afterwards.
 */
let server: RunningServer;
const t: Record<string, string> = {};
let anaCase: string;
let photoSha: string;
const work = mkdtempSync(join(tmpdir(), 'homeward-bundle-'));

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 110_000 });
  for (const who of ['investigator.gt', 'supervisor.gt', 'analyst.mx', 'ngo.es']) t[who] = await login(server.url, `${who}@demo.local`);
  const r = await gql(server.url, '{ cases { id reference } }', {}, t['investigator.gt']);
  anaCase = (r.data!.cases as Array<{ id: string; reference: string }>).find((c) => c.reference === 'GT-2026-0001')!.id;
  const g = await gql(server.url, 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id kind role } } }', { c: anaCase }, t['investigator.gt']);
  const ana = (g.data!.caseGraph.nodes as Array<{ id: string; role: string | null }>).find((n) => n.role === 'MISSING_CHILD')!;
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .png()
    .toBuffer();
  photoSha = createHash('sha256').update(png).digest('hex');
  const up = await fetch(`${server.url}/media/photos?caseId=${anaCase}&entityId=${ana.id}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t['investigator.gt']}`, 'content-type': 'image/png' },
    body: png,
  });
  expect(up.status).toBe(201);
}, 150_000);
afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

const bundle = (who: string | null) =>
  fetch(`${server.url}/media/cases/${anaCase}/bundle.zip`, { headers: who ? { authorization: `Bearer ${t[who]}` } : {} });

function verify(file: string): { code: number; out: string } {
  const env = { ...serverEnv(), DATA_DIR: server.dataDir };
  try {
    const out = execFileSync(process.execPath, [join(ROOT, 'apps/api/dist/apps/api/src/cli/bundle-verify.js'), file], {
      env,
      encoding: 'utf8',
    });
    return { code: 0, out };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

describe(`evidence bundle (${BACKEND})`, () => {
  it('is refused to an analyst and to a non-member, before any byte', async () => {
    expect((await bundle('analyst.mx')).status).toBe(403);
    expect((await bundle('ngo.es')).status).toBe(404);
    expect((await bundle(null)).status).toBe(401);
  });

  it('holds the graph, importer CSV, timeline, notes, photo original, sign-offs and audit extract, each as the manifest says', async () => {
    const sign = await gql(server.url, 'mutation($c:ID!){ signOff(caseId:$c, document: NOTES){ id } }', { c: anaCase }, t['supervisor.gt']);
    expect(sign.errors).toBeUndefined();
    const res = await bundle('supervisor.gt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/GT-2026-0001-evidence-\d{4}-\d{2}-\d{2}\.zip/);
    const zip = new Uint8Array(await res.arrayBuffer());
    const files = unzipSync(zip);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as {
      files: Array<{ name: string; sha256: string; bytes: number }>;
      exportedBy: { name: string; agency: string };
      homewardVersion: string;
      case: { reference: string };
    };
    expect(manifest.case.reference).toBe('GT-2026-0001');
    expect(manifest.exportedBy).toEqual({
      id: expect.any(String),
      name: 'Comisario Óscar Barrios (PNC, GT)',
      agency: 'Policía Nacional Civil — Unidad de Niñez',
    });
    expect(manifest.homewardVersion).toMatch(/^\d+\.\d+\.\d+/);
    for (const f of manifest.files) expect(createHash('sha256').update(files[f.name]!).digest('hex'), f.name).toBe(f.sha256);
    expect(Object.keys(files).sort()).toEqual([...manifest.files.map((f) => f.name), 'manifest.json'].sort());

    const graph = JSON.parse(strFromU8(files['graph/graph.json']!)) as { nodes: Array<{ label: string }> };
    expect(graph.nodes.map((n) => n.label)).toContain('Ana Lucía Pérez Gómez');
    expect(strFromU8(files['graph/graph.graphml']!)).toContain('<data key="label">Carlos Méndez</data>');
    expect(strFromU8(files['graph/entities.csv']!).split('\n')[0]).toMatch(/^id,case_reference,kind,role,fullName,/);
    expect(strFromU8(files['graph/links.csv']!)).toMatch(/,GT-2026-0001,SIGHTED_AT,ent_/);
    const timeline = strFromU8(files['timeline.md']!);
    expect(timeline).toContain('Disappearance reported to PNC Mixco');
    expect(timeline).toContain('Sighting: Mercado La Terminal');
    // The same two documents as PDF, saying what the Markdown says.
    const timelinePdf = await pdfText(files['timeline.pdf']!);
    expect(strFromU8(files['timeline.pdf']!.subarray(0, 5))).toBe('%PDF-');
    expect(timelinePdf).toContain('Timeline — ');
    expect(timelinePdf).toContain('Disappearance reported to PNC Mixco');
    expect(timelinePdf).toContain('Mercado La Terminal');
    const notesPdf = await pdfText(files['notes.pdf']!);
    expect(notesPdf).toContain('Summary');
    expect(notesPdf).toContain('@Ana Lucía Pérez Gómez');
    expect(notesPdf).toContain('GT-2026-0001');
    const notes = strFromU8(files['notes.md']!);
    expect(notes).toContain('## Summary');
    expect(notes).toContain('@Ana Lucía Pérez Gómez');
    expect(notes).toMatch(/^1\. Cell-site data for @/m);
    expect(files[`photos/${photoSha}.png`]).toBeDefined();
    expect(createHash('sha256').update(files[`photos/${photoSha}.png`]!).digest('hex')).toBe(photoSha);
    expect(JSON.parse(strFromU8(files['sign-offs.json']!))).toEqual([expect.objectContaining({ document: 'notes', caseId: anaCase })]);
    const audit = strFromU8(files['audit.jsonl']!)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; caseId: string });
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((r) => r.caseId === anaCase)).toBe(true);
    expect(audit.map((r) => r.action)).toContain('photo.upload');

    // The export's header is the first file; its start was recorded before any byte, its end with the hash.
    const header = JSON.parse(strFromU8(files['export.json']!)) as { exportId: string; case: { id: string } };
    expect(manifest.files[0]!.name).toBe('export.json');
    expect(header.case.id).toBe(anaCase);
    expect((manifest as unknown as { exportId: string }).exportId).toBe(header.exportId);
    const ofExport: Array<[number, string, string]> = [];
    for (const action of ['case.export.started', 'case.export']) {
      const trail = await gql(
        server.url,
        'query($c:ID!, $a:String){ auditRecords(caseId:$c, action:$a, limit: 1000){ seq action outcome details } }',
        { c: anaCase, a: action },
        t['supervisor.gt'],
      );
      expect(trail.errors).toBeUndefined();
      for (const r of trail.data!.auditRecords as Array<{ seq: number; action: string; outcome: string; details: Record<string, unknown> }>)
        if (r.details?.['exportId'] === header.exportId) ofExport.push([r.seq, r.action, r.outcome]);
    }
    ofExport.sort((a, b) => a[0] - b[0]);
    expect(ofExport.map(([, action, outcome]) => [action, outcome])).toEqual([
      ['case.export.started', 'success'],
      ['case.export', 'success'],
    ]);

    // The manifest's hash is in the audit trail; bundle:verify finds it, and names a file changed afterwards.
    const good = join(work, 'good.zip');
    writeFileSync(good, zip);
    const ok = verify(good);
    expect(ok.out).toContain('bundle verified');
    expect(ok.code).toBe(0);

    const changed = { ...files, 'notes.md': new Uint8Array([...files['notes.md']!.slice(0, -2), 0x21, 0x0a]) };
    const bad = join(work, 'bad.zip');
    writeFileSync(bad, zipSync(changed));
    const nok = verify(bad);
    expect(nok.code).toBe(1);
    expect(nok.out).toMatch(/^notes\.md: changed: SHA-256/m);
    expect(nok.out).not.toMatch(/^graph\/graph\.json:/m);

    // A manifest rewritten to match the change is no longer the one the audit trail recorded.
    const m = JSON.parse(strFromU8(files['manifest.json']!)) as { files: Array<{ name: string; sha256: string }> };
    m.files.find((f) => f.name === 'notes.md')!.sha256 = createHash('sha256').update(changed['notes.md']).digest('hex');
    const forged = join(work, 'forged.zip');
    writeFileSync(forged, zipSync({ ...changed, 'manifest.json': new TextEncoder().encode(JSON.stringify(m)) }));
    const f = verify(forged);
    expect(f.code).toBe(1);
    expect(f.out).toContain('is not in the audit trail');
  });

  it('records an export that fails mid-stream as failed, and bundle:verify says the file is incomplete', async () => {
    // The photo's stored original goes missing: the export fails when it reaches it, after the graph and documents.
    const original = join(server.dataDir, 'photos', 'originals', photoSha.slice(0, 2), photoSha);
    renameSync(original, `${original}.away`);
    try {
      const res = await bundle('supervisor.gt');
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const got: Uint8Array[] = [];
      let cut = false;
      for (;;) {
        try {
          const { value, done } = await reader.read();
          if (done) break;
          got.push(value);
        } catch {
          cut = true;
          break;
        }
      }
      expect(cut, 'the server cuts the connection: a partial file never passes for a whole one').toBe(true);
      const partial = join(work, 'failed.zip');
      writeFileSync(partial, Buffer.concat(got));
      const r = verify(partial);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/^export exp_\w+: started and FAILED \(record \d+, .+\); the file is incomplete/m);
      // The recorded reason says what happened, not where the server keeps its files (the audit goes into bundles).
      expect(r.out).toContain('a stored file is missing (ENOENT)');
      expect(r.out).not.toContain(server.dataDir);
    } finally {
      renameSync(`${original}.away`, original);
    }
  });

  it('tells a bundle with no record from one whose export started and never completed (the server killed mid-stream)', async () => {
    // No record: a header naming an export the trail does not know (stored, as the server writes it).
    const stranger = {
      format: 'homeward-evidence-bundle/1',
      exportId: 'exp_notrecorded1',
      case: { id: anaCase, reference: 'GT-2026-0001' },
    };
    const unknown = join(work, 'unknown.zip');
    writeFileSync(unknown, zipSync({ 'export.json': [new TextEncoder().encode(`${JSON.stringify(stranger)}\n`), { level: 0 }] }));
    const none = verify(unknown);
    expect(none.code).toBe(1);
    expect(none.out).toContain('export exp_notrecorded1: no record of this export in the audit trail');

    // Photos that do not compress (noise) make a bundle of several MB; the reader stops reading after the
    // first chunks, so the server waits mid-stream, and is killed there.
    const g = await gql(server.url, 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id role } } }', { c: anaCase }, t['investigator.gt']);
    const ana = (g.data!.caseGraph.nodes as Array<{ id: string; role: string | null }>).find((n) => n.role === 'MISSING_CHILD')!;
    for (let i = 0; i < 4; i++) {
      const jpeg = await sharp({
        create: {
          width: 1600,
          height: 1200,
          channels: 3,
          background: { r: 0, g: 0, b: 0 },
          noise: { type: 'gaussian', mean: 120 + i, sigma: 50 },
        },
      })
        .jpeg({ quality: 90 })
        .toBuffer();
      const up = await fetch(`${server.url}/media/photos?caseId=${anaCase}&entityId=${ana.id}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t['investigator.gt']}`, 'content-type': 'image/jpeg' },
        body: jpeg,
      });
      expect(up.status).toBe(201);
    }
    const res = await bundle('investigator.gt');
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const got: Uint8Array[] = [];
    let size = 0;
    // Killed as soon as the first kilobyte is in: the export has its documents, PDFs and MBs of photos to go.
    while (size < 1024) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the whole bundle (${size} bytes) arrived before the server could be stopped`);
      got.push(value);
      size += value.length;
    }
    await server.kill9();
    await reader.cancel().catch(() => undefined);
    const partial = join(work, 'partial.zip');
    writeFileSync(partial, Buffer.concat(got));
    const cut = verify(partial);
    expect(cut.code).toBe(1);
    expect(cut.out).toMatch(/^\(archive\): not a readable ZIP/m);
    expect(cut.out).toMatch(/^export exp_\w+: started \(record \d+, .+, by usr_\w+\) but never completed/m);
    expect(cut.out).toContain('bundle NOT verified');
  });
});
