import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from '@homeward/domain';
import type { RequestContext } from '../../base/context.js';
import { log } from '../../base/log.js';
import { AuthService } from '../auth/auth.service.js';
import { ExportService } from './export.service.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
};

/**
 * GET /media/cases/<caseId>/bundle.zip: the case's evidence bundle (a file, not a GraphQL value), with the
 * same Bearer token as /graphql. Refusals answer JSON before any byte of the ZIP; a failure while
 * streaming cuts the connection, so that a partial file never passes for a whole one.
 */
@Controller('media/cases')
export class ExportController {
  constructor(
    private readonly exports: ExportService,
    private readonly auth: AuthService,
  ) {}

  @Get(':caseId/bundle.zip')
  async bundle(@Req() req: Request, @Res() res: Response, @Param('caseId') caseId: string): Promise<void> {
    let ctx: RequestContext;
    let filename: string;
    try {
      ctx = { principal: await this.auth.authenticate(AuthService.bearer(req.headers.authorization)), purpose: null };
      filename = await this.exports.authorize(ctx, caseId);
    } catch (err) {
      const status = err instanceof DomainError ? (STATUS[err.code] ?? 400) : 500;
      const body =
        err instanceof DomainError
          ? { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) }
          : { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
      res.status(status).json({ error: body });
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    try {
      const r = await this.exports.write(ctx, caseId, res);
      res.end();
      log('info', 'case exported', { caseId, files: r.files });
    } catch (err) {
      log('error', 'case export failed', { caseId, message: err instanceof Error ? err.message : String(err) });
      // Nothing sent yet (the start could not be recorded): say so; else cut the connection mid-file.
      if (!res.headersSent) res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'The export could not be started' } });
      else res.destroy();
    }
  }
}
