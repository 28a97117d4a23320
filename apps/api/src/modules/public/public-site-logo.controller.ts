import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { RequestContext } from '../../base/context.js';
import { answerHttpError } from '../../base/http-errors.js';
import { AuthService } from '../auth/auth.service.js';
import { PublicSiteAdminService } from './public-site-admin.service.js';
import { toPublicSite } from './public-site-admin.types.js';

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
      answerHttpError(req, res, err, 'public site logo upload');
    }
  }
}
