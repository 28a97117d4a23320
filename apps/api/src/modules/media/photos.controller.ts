import { createReadStream } from 'node:fs';
import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from '@homeward/domain';
import { PhotoRejectedError } from '@homeward/media';
import type { RequestContext } from '../../base/context.js';
import { log } from '../../base/log.js';
import { discardRestOfUpload } from '../../base/refused-upload.js';
import { AuthService } from '../auth/auth.service.js';
import { PhotoService, type PhotoVariant } from './photos.service.js';
import { toPhoto } from './photos.types.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
};

/**
 * Photo upload and download over plain HTTP (a photo is bytes, not a
 * GraphQL value), authenticated with the same Bearer token as /graphql.
 * Every outcome is answered here: no error reaches Nest's filters, which
 * are set up for GraphQL.
 */
@Controller('media/photos')
export class PhotoController {
  constructor(
    private readonly photos: PhotoService,
    private readonly auth: AuthService,
  ) {}

  private async context(req: Request): Promise<RequestContext> {
    const purpose = req.headers['x-purpose'];
    return {
      principal: await this.auth.authenticate(AuthService.bearer(req.headers.authorization)),
      purpose: typeof purpose === 'string' ? purpose.slice(0, 200) : null,
    };
  }

  private fail(req: Request, res: Response, err: unknown): void {
    let status = 500;
    let body: Record<string, string> = { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
    if (err instanceof PhotoRejectedError) {
      status = err.reason === 'TOO_LARGE' ? 413 : 400;
      body = { code: 'PHOTO_REJECTED', reason: err.reason, field: 'file', message: err.message };
    } else if (err instanceof DomainError) {
      status = STATUS[err.code] ?? 400;
      body = { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
    } else {
      log('error', 'photo request failed', { path: req.path, message: err instanceof Error ? err.message : String(err) });
    }
    // A refused upload may still be sending: its rest is read and thrown away, so the sender gets the answer.
    if (req.method === 'POST') discardRestOfUpload(req, res);
    if (!res.headersSent) res.status(status).json({ error: body });
    else res.destroy();
  }

  @Post()
  async upload(
    @Req() req: Request,
    @Res() res: Response,
    @Query('caseId') caseId?: string,
    @Query('entityId') entityId?: string,
    @Query('caption') caption?: string,
  ): Promise<void> {
    try {
      const ctx = await this.context(req);
      const length = req.headers['content-length'];
      const photo = await this.photos.upload(ctx, {
        caseId: typeof caseId === 'string' ? caseId : '',
        entityId: typeof entityId === 'string' ? entityId : '',
        caption: typeof caption === 'string' ? caption : null,
        declaredLength: length !== undefined && /^\d+$/.test(length) ? Number(length) : null,
        body: req,
      });
      res.status(201).json({ photo: toPhoto(photo) });
    } catch (err) {
      this.fail(req, res, err);
    }
  }

  @Get(':id/:variant')
  async download(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Param('variant') variant: string): Promise<void> {
    try {
      if (variant !== 'original' && variant !== 'thumbnail')
        throw new DomainError(ErrorCode.NotFound, `no ${variant.slice(0, 40)} of a photo`);
      const ctx = await this.context(req);
      const { photo, path } = await this.photos.open(ctx, id, variant as PhotoVariant);
      const original = variant === 'original';
      res.status(200);
      res.setHeader('Content-Type', original ? photo.mime : 'image/webp');
      if (original) res.setHeader('Content-Length', String(photo.size));
      // Each view is audited, so no cache may answer for the server.
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      res.setHeader('X-Content-SHA256', photo.sha256);
      res.setHeader(
        'Content-Disposition',
        `inline; filename="${photo.sha256.slice(0, 16)}.${original ? photo.mime.split('/')[1] : 'webp'}"`,
      );
      const stream = createReadStream(path);
      stream.on('error', (err) => this.fail(req, res, err));
      stream.pipe(res);
    } catch (err) {
      this.fail(req, res, err);
    }
  }
}
