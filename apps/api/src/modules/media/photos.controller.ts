import { createReadStream } from 'node:fs';
import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from '@homeward/domain';
import type { RequestContext } from '../../base/context.js';
import { answerHttpError } from '../../base/http-errors.js';
import { AuthService } from '../auth/auth.service.js';
import { PhotoService, type PhotoVariant } from './photos.service.js';
import { toPhoto } from './photos.types.js';

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
    answerHttpError(req, res, err, 'photo request');
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
