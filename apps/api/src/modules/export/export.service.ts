import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { MAX_QUERY_LIMIT } from '@homeward/audit';
import { NOTES_FRAGMENT, caseTimeline, loadDocument, roomName, type DocumentStore } from '@homeward/collab';
import { DomainError, ErrorCode, newId } from '@homeward/domain';
import { renderMarkdownPdf, type PhotoFiles, type PhotoStore } from '@homeward/media';
import type { RequestContext } from '../../base/context.js';
import { failureReason } from '../../base/errors.js';
import type { AppStores } from '../../base/stores.js';
import { DOCUMENTS, STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { AuditService } from '../audit/audit.service.js';
import { PHOTO_FILES, PHOTO_STORE } from '../media/photos.service.js';
import { BundleWriter, type ExportHeader } from './bundle.js';
import { graphJson, graphml, importerCsv, notesMarkdown, timelineMarkdown, type NotesNode, type TimelineRow } from './export-formats.js';

/** The Homeward version written into each manifest: the root package's, found upwards from here (source or build). */
export const HOMEWARD_VERSION: string = (() => {
  const require = createRequire(import.meta.url);
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = require(join(dir, 'package.json')) as { name?: string; version?: string };
      if (pkg.name === 'homeward' && pkg.version) return pkg.version;
    } catch {
      // not here: one level up
    }
  }
  return 'unknown';
})();

/**
 * "Export case" (issue 18): the evidence bundle of one case, streamed as a ZIP (bundle.ts). Investigators
 * and supervisors of the case (the case.update permission: those who may change the case may hand it on).
 * The export is in the audit trail before the first byte leaves ('case.export.started': who, which case,
 * the export's id, also written first into the ZIP as export.json), and again at its end: a failure as
 * such, or a success with the manifest's SHA-256, which `npm run bundle:verify` checks a bundle against.
 * A server stopped mid-stream leaves the start without an end, and bundle:verify says so.
 */
export const BUNDLE_FORMAT = 'homeward-evidence-bundle/1';

@Injectable()
export class ExportService {
  constructor(
    @Inject(STORES) private readonly stores: AppStores,
    @Inject(DOCUMENTS) private readonly documents: DocumentStore,
    @Inject(PHOTO_STORE) private readonly photos: PhotoStore,
    @Inject(PHOTO_FILES) private readonly files: PhotoFiles,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** Checks the caller may export the case; returns the file name to offer. Call before writing anything. */
  async authorize(ctx: RequestContext, caseId: string): Promise<string> {
    try {
      await this.access.onCase(ctx, caseId, 'case.update');
    } catch (err) {
      await this.audit.record(ctx, { action: 'case.export', outcome: 'denied', caseId: caseId.slice(0, 100), targetType: 'case' });
      throw err;
    }
    const c = await this.stores.cases.getCase(caseId);
    if (!c) throw new DomainError(ErrorCode.NotFound, `case ${caseId} not found`, 'caseId');
    return `${c.reference}-evidence-${new Date().toISOString().slice(0, 10)}.zip`;
  }

  async write(ctx: RequestContext, caseId: string, out: Writable): Promise<{ manifestSha256: string; files: number }> {
    const p = this.access.principal(ctx);
    const c = (await this.stores.cases.getCase(caseId))!;
    const scope = await this.access.scope(ctx);
    const started = new Date().toISOString();
    const exportId = newId('exp');
    // Recorded before anything is written: a bundle that never completes still has its start on record.
    await this.audit.record(ctx, {
      action: 'case.export.started',
      outcome: 'success',
      caseId,
      targetType: 'case',
      targetId: caseId,
      details: { exportId, exportedAt: started, format: BUNDLE_FORMAT },
    });
    try {
      const bundle = new BundleWriter(out);
      const header: ExportHeader = {
        format: BUNDLE_FORMAT,
        exportId,
        case: { id: c.id, reference: c.reference },
        exportedBy: { id: p.userId },
        startedAt: started,
      };
      await bundle.addHeader(header);
      const footer = `${c.reference} · Homeward evidence bundle ${exportId} · ${started.slice(0, 16).replace('T', ' ')} UTC`;
      const graph = await this.stores.graph.caseGraph(caseId, scope);
      await bundle.addText('graph/graph.json', graphJson(c, graph));
      await bundle.addText('graph/graph.graphml', graphml(c, graph));
      const csv = importerCsv(c, graph);
      await bundle.addText('graph/entities.csv', csv.entities);
      await bundle.addText('graph/links.csv', csv.links);

      const names = new Map(graph.nodes.map((n) => [n.id, n.label]));
      const placeOf = new Map(graph.edges.filter((e) => e.type === 'SIGHTED_AT').map((e) => [e.source, names.get(e.target) ?? '']));
      const seen = new Map<string, string[]>();
      for (const e of graph.edges) if (e.type === 'SIGHTING_OF') seen.set(e.source, [...(seen.get(e.source) ?? []), e.target]);
      const { doc: timelineDoc } = await loadDocument(this.documents, roomName({ caseId, document: 'timeline' }));
      const sightings = await this.stores.graph.caseSightings(caseId, scope);
      const rows: TimelineRow[] = caseTimeline(timelineDoc, sightings).items.map((i) => ({
        at: i.at,
        kind: i.source === 'sighting' ? 'SIGHTING' : 'EVENT',
        title: i.source === 'sighting' ? [placeOf.get(i.id), i.fields['description']].filter(Boolean).join(' — ') || 'sighting' : i.title,
        entityIds: i.source === 'sighting' ? (seen.get(i.id) ?? []) : i.entityIds,
        description: i.source === 'event' && typeof i.fields['description'] === 'string' ? i.fields['description'] : null,
        source: typeof i.fields['source'] === 'string' ? i.fields['source'] : null,
      }));
      timelineDoc.destroy();
      const timelineMd = timelineMarkdown(c, rows, names);
      await bundle.addText('timeline.md', timelineMd);
      await bundle.add(
        'timeline.pdf',
        [await renderMarkdownPdf(timelineMd, { title: `Timeline — ${c.title} (${c.reference})`, footer })],
        false,
      );
      await bundle.addText('timeline.json', `${JSON.stringify(rows, null, 2)}\n`);

      const { doc: notesDoc } = await loadDocument(this.documents, roomName({ caseId, document: 'notes' }));
      const notesMd = notesMarkdown(c, notesDoc.getXmlFragment(NOTES_FRAGMENT) as unknown as NotesNode);
      notesDoc.destroy();
      await bundle.addText('notes.md', notesMd);
      await bundle.add('notes.pdf', [await renderMarkdownPdf(notesMd, { title: `Notes — ${c.title} (${c.reference})`, footer })], false);

      const signOffs = [...(await this.documents.signOffs(caseId, 'notes')), ...(await this.documents.signOffs(caseId, 'timeline'))];
      await bundle.addText('sign-offs.json', `${JSON.stringify(signOffs, null, 2)}\n`);

      // The originals, unchanged and named by their SHA-256 (what the upload recorded).
      const photos = await this.photos.photosOfCases([caseId]);
      const photoList: Array<Record<string, unknown>> = [];
      for (const ph of photos) {
        const name = `photos/${ph.sha256}.${ph.mime.split('/')[1] ?? 'bin'}`;
        const entry = await bundle.add(name, createReadStream(this.files.originalPath(ph.sha256), { highWaterMark: 256 * 1024 }), false);
        if (entry.sha256 !== ph.sha256) throw new Error(`photo ${ph.id}: stored file does not match its recorded SHA-256`);
        photoList.push({
          file: name,
          id: ph.id,
          entityId: ph.entityId,
          mime: ph.mime,
          bytes: ph.size,
          uploadedBy: ph.uploadedBy,
          uploadedAt: ph.uploadedAt,
        });
      }
      await bundle.addText('photos/photos.json', `${JSON.stringify(photoList, null, 2)}\n`);

      // The case's audit extract, page by page (up to the moment the export began).
      const audit: string[] = [];
      for (let after = 0; ;) {
        const page = await this.audit.trail.query({ caseId, afterSeq: after, limit: MAX_QUERY_LIMIT, to: started });
        for (const r of page) audit.push(JSON.stringify(r));
        if (page.length < MAX_QUERY_LIMIT) break;
        after = page[page.length - 1]!.seq;
      }
      await bundle.add('audit.jsonl', [Buffer.from(audit.length ? `${audit.join('\n')}\n` : '', 'utf8')], true);

      const user = await this.stores.accounts.getUser(p.userId);
      const agency = user ? await this.stores.accounts.getAgency(user.agencyId) : null;
      const { manifestSha256 } = await bundle.finish({
        format: BUNDLE_FORMAT,
        exportId,
        homewardVersion: HOMEWARD_VERSION,
        case: { id: c.id, reference: c.reference, title: c.title, country: c.country },
        exportedBy: { id: p.userId, name: user?.displayName ?? p.displayName, agency: agency?.name ?? null },
        exportedAt: started,
      });
      await this.audit.record(ctx, {
        action: 'case.export',
        outcome: 'success',
        caseId,
        targetType: 'case',
        targetId: caseId,
        details: { exportId, manifestSha256, files: bundle.files.length, exportedAt: started },
      });
      return { manifestSha256, files: bundle.files.length };
    } catch (err) {
      await this.audit
        .record(ctx, {
          action: 'case.export',
          outcome: 'failure',
          caseId,
          targetType: 'case',
          targetId: caseId,
          details: { exportId, reason: failureReason(err) },
        })
        .catch(() => undefined);
      throw err;
    }
  }
}
