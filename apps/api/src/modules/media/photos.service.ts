import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, badInput, newId } from '@homeward/domain';
import { FaceAnalyzer, PHOTO_LIMITS, PhotoFiles, PhotoRejectedError, type PhotoRecord, type PhotoStore } from '@homeward/media';
import type { AppStores } from '../../base/stores.js';
import type { Config } from '../../base/config.js';
import type { RequestContext } from '../../base/context.js';
import { CONFIG, STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { AuditService } from '../audit/audit.service.js';

export const PHOTO_STORE = Symbol('PHOTO_STORE');
export const PHOTO_FILES = Symbol('PHOTO_FILES');
export const FACE_ANALYZER = Symbol('FACE_ANALYZER');

/** The photo store beside the other stores: tables in the same SQLite file, or nodes in the same Neo4j. */
export const photoStoreProvider = {
  provide: PHOTO_STORE,
  inject: [STORES],
  useFactory: (stores: AppStores): PhotoStore => stores.photos,
};

/** Photo files live under DATA_DIR/photos whatever the store (Neo4j keeps only their metadata). */
export const photoFilesProvider = {
  provide: PHOTO_FILES,
  inject: [CONFIG],
  useFactory: (config: Config) => new PhotoFiles(join(config.dataDir, 'photos')),
};

/** Started on first use (its models load then), stopped with the server. */
export const faceAnalyzerProvider = { provide: FACE_ANALYZER, useFactory: () => new FaceAnalyzer() };

/** Which stored file a download serves. */
export type PhotoVariant = 'original' | 'thumbnail';

export interface UploadRequest {
  readonly caseId: string;
  readonly entityId: string;
  readonly caption: string | null;
  readonly declaredLength: number | null;
  readonly body: AsyncIterable<Uint8Array>;
}

@Injectable()
export class PhotoService {
  constructor(
    @Inject(STORES) private readonly stores: AppStores,
    @Inject(PHOTO_STORE) readonly photos: PhotoStore,
    @Inject(PHOTO_FILES) readonly files: PhotoFiles,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Checks who may upload where before a byte is read, then streams the body
   * to a temporary file under the size limit, checks it is a photo, and
   * stores it under its hash. A refused or failed upload leaves no file and
   * no record, and is audited with its reason.
   */
  async upload(ctx: RequestContext, req: UploadRequest): Promise<PhotoRecord> {
    const base = { action: 'photo.upload', caseId: req.caseId || null, targetType: 'entity', targetId: req.entityId || null };
    try {
      if (!req.caseId) throw badInput('caseId', 'required');
      if (!req.entityId) throw badInput('entityId', 'required');
      const caption = req.caption?.trim() || null;
      if (caption && caption.length > PHOTO_LIMITS.captionMax) throw badInput('caption', `at most ${PHOTO_LIMITS.captionMax} characters`);
      const p = await this.access.onCase(ctx, req.caseId, 'graph.addEntity');
      const [entity] = await this.stores.graph.getEntities([req.entityId], { caseIds: new Set([req.caseId]) });
      if (!entity) throw new DomainError(ErrorCode.NotFound, `entity ${req.entityId} not found in this case`, 'entityId');
      if (req.declaredLength !== null && req.declaredLength > PHOTO_LIMITS.maxBytes)
        throw new PhotoRejectedError('TOO_LARGE', `file: larger than ${PHOTO_LIMITS.maxBytes} bytes`);

      const received = await this.files.receive(req.body, PHOTO_LIMITS.maxBytes);
      let image;
      try {
        image = await this.files.inspect(received.tmpPath);
      } catch (err) {
        await this.files.discard(received);
        throw err;
      }
      await this.files.commit(received, image.thumbnail);
      const photo: PhotoRecord = {
        id: newId('pho'),
        sha256: received.sha256,
        caseId: req.caseId,
        entityId: req.entityId,
        entityKind: entity.kind,
        mime: image.mime,
        size: received.size,
        width: image.width,
        height: image.height,
        uploadedBy: p.userId,
        uploadedAt: new Date().toISOString(),
        caption,
      };
      try {
        await this.photos.addPhoto(photo);
      } catch (err) {
        // Content no record points at would be an orphan: remove it unless an earlier upload shares it.
        if ((await this.photos.countBySha(photo.sha256).catch(() => 1)) === 0)
          await this.files.removeContent(photo.sha256).catch(() => undefined);
        throw err;
      }
      await this.audit.record(ctx, {
        ...base,
        outcome: 'success',
        targetId: photo.id,
        targetType: 'photo',
        details: { entityId: photo.entityId, sha256: photo.sha256, size: photo.size, mime: photo.mime },
      });
      return photo;
    } catch (err) {
      const outcome =
        err instanceof DomainError &&
        (err.code === ErrorCode.NotFound || err.code === ErrorCode.Forbidden || err.code === ErrorCode.Unauthenticated)
          ? 'denied'
          : 'failure';
      const reason = err instanceof PhotoRejectedError ? err.reason : err instanceof DomainError ? err.code : 'ERROR';
      await this.audit.record(ctx, { ...base, outcome, details: { reason } }).catch(() => undefined);
      throw err;
    }
  }

  async list(ctx: RequestContext, caseId: string, entityId: string): Promise<PhotoRecord[]> {
    await this.access.onCase(ctx, caseId, 'case.read');
    return this.photos.photosOfEntity(caseId, entityId);
  }

  /**
   * A photo the caller may see, for viewing or download, with the path of
   * the file to send. The view is recorded before the file is served; a
   * photo of a case the caller is not a member of is reported as not found
   * (and the attempt recorded as denied).
   */
  async open(ctx: RequestContext, id: string, variant: PhotoVariant): Promise<{ photo: PhotoRecord; path: string }> {
    const action = `photo.${variant}`;
    let photo: PhotoRecord | null = null;
    try {
      this.access.principal(ctx);
      photo = await this.photos.getPhoto(id);
      // Another case's photo and no photo look the same, and the message names neither case.
      const hidden = new DomainError(ErrorCode.NotFound, `photo ${id.slice(0, 100)} not found`, 'id');
      if (!photo) throw hidden;
      await this.access.onCase(ctx, photo.caseId, 'case.read').catch((err: unknown) => {
        throw err instanceof DomainError && err.code === ErrorCode.NotFound ? hidden : err;
      });
    } catch (err) {
      await this.audit.record(ctx, { action, outcome: 'denied', targetType: 'photo', targetId: id.slice(0, 100) });
      throw err;
    }
    await this.audit.record(ctx, {
      action,
      outcome: 'success',
      caseId: photo.caseId,
      targetType: 'photo',
      targetId: photo.id,
      details: { entityId: photo.entityId, sha256: photo.sha256 },
    });
    return { photo, path: variant === 'original' ? this.files.originalPath(photo.sha256) : this.files.thumbnailPath(photo.sha256) };
  }
}
