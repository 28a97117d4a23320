import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from '@homeward/domain';
import { PhotoRejectedError } from '@homeward/media';
import type { RequestContext } from '../../base/context.js';
import { log } from '../../base/log.js';
import { discardRestOfUpload } from '../../base/refused-upload.js';
import { AuthService } from '../auth/auth.service.js';
import { PublicSiteAdminService } from './public-site-admin.service.js';
import { toPublicSite } from './public-site-admin.types.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
};

/**
 * A country's public-site logo, uploaded by an administrator as the request body (JPEG, PNG or WebP), with the same
 * Bearer token as /graphql. Every outcome is answered here (Nest's filters are GraphQL's).
 */
@Controller('media/public-sites')
export class PublicSiteLogoController {
  constructor(
    private readonly sites: PublicSiteAdminService,
    private readonly auth: AuthService,
  ) {}

  @Post(':country/logo')
  async upload(@Req() req: Request, @Res() res: Response, @Param('country') country: string): Promise<void> {
    try {
      const ctx: RequestContext = { principal: await this.auth.authenticate(AuthService.bearer(req.headers.authorization)), purpose: null };
      const length = req.headers['content-length'];
      const site = await this.sites.uploadLogo(ctx, country, req, length !== undefined && /^\d+$/.test(length) ? Number(length) : null);
      res.status(201).json({ publicSite: toPublicSite(site) });
    } catch (err) {
      let status = 500;
      let body: Record<string, string> = { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
      if (err instanceof PhotoRejectedError) {
        status = err.reason === 'TOO_LARGE' ? 413 : 400;
        body = { code: 'PHOTO_REJECTED', reason: err.reason, field: 'file', message: err.message };
      } else if (err instanceof DomainError) {
        status = STATUS[err.code] ?? 400;
        body = { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
      } else {
        log('error', 'public site logo upload failed', { path: req.path, message: err instanceof Error ? err.message : String(err) });
      }
      // A refused upload may still be sending: its rest is read and thrown away, so the sender gets the answer.
      discardRestOfUpload(req, res);
      if (!res.headersSent) res.status(status).json({ error: body });
      else res.destroy();
    }
  }
}
