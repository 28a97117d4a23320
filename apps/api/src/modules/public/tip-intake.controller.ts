import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import sharp from 'sharp';
import { DomainError, ErrorCode } from '@homeward/domain';
import {
  PUBLIC_STRINGS,
  PhotoRejectedError,
  caseTimeZone,
  exifGps,
  fill,
  type GpsPoint,
  type PhotoFiles,
  type ReceivedFile,
  type TipContent,
} from '@homeward/media';
import { log } from '../../base/log.js';
import { discardRestOfUpload } from '../../base/refused-upload.js';
import { AuthService } from '../auth/auth.service.js';
import { PHOTO_FILES } from '../media/photos.service.js';
import { messagePage, pickLanguage } from './public-render.js';
import { COUNTRY, PUBLICATION_ID } from './public-site.service.js';
import { PUBLIC_SETTINGS, type PublicSettings } from './public.settings.js';
import type { AppStores } from '../../base/stores.js';
import { RATE_LIMITER, STORES } from '../../base/tokens.js';
import type { RateLimiter } from '../../base/rate-limit.js';
import { TipChallenges } from './tip-challenge.js';
import { TIP_PHOTO_MAX_BYTES, checkTip, type RawTip } from './tip.input.js';
import { TipService } from './tip.service.js';
import { publicPath } from './publication.types.js';

/** What a tip's form may hold besides the photo: a few short fields. */
const FORM_LIMITS = { fields: 12, fieldSize: 8 * 1024, files: 1, parts: 16 };

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface ParsedForm {
  readonly fields: Record<string, string>;
  readonly photo: ReceivedFile | null;
}

/**
 * The public's tips (POST /public/CC/pub_…/tips, the page's form) and the
 * members' view of a tip's photo. Abuse limits before any work: the body's
 * size, the rate per sender address and per page, then the proof of work;
 * the photo is checked like a member's upload, its EXIF position read into
 * the tip, and only a re-encoded copy without metadata is kept.
 */
@Controller()
export class TipIntakeController {
  constructor(
    @Inject(STORES) private readonly stores: AppStores,
    @Inject(PHOTO_FILES) private readonly files: PhotoFiles,
    @Inject(PUBLIC_SETTINGS) private readonly settings: PublicSettings,
    // The server's limiter: counts in Redis with several replicas, so a sender meets one limit whichever replica answers.
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    private readonly challenges: TipChallenges,
    private readonly tips: TipService,
    private readonly auth: AuthService,
  ) {}

  @Post('public/:country/:id/tips')
  async receive(@Req() req: Request, @Res() res: Response, @Param('country') country: string, @Param('id') id: string): Promise<void> {
    const lang = pickLanguage(req.query.lang, req.headers['accept-language']);
    const t = PUBLIC_STRINGS[lang];
    const opts = { origin: '', lang, path: req.path };
    let parsed = false;
    const answer = (status: number, heading: string, detail: string, back: string | null) => {
      // Refused before its body was read, the upload may still be sending: its rest is read and thrown away
      // (bounded), so the sender gets this answer rather than a broken connection.
      if (!parsed) discardRestOfUpload(req, res);
      res.status(status).type('text/html; charset=utf-8').setHeader('Cache-Control', 'no-store');
      res.send(messagePage(opts, heading, detail, back ? { href: back, text: t.back } : undefined));
    };
    let photo: ReceivedFile | null = null;
    try {
      if (!COUNTRY.test(country) || !PUBLICATION_ID.test(id)) throw new Refused(404, t.notFoundDetail);
      const pub = await this.stores.publications.getPublication(id);
      if (!pub || pub.country !== country) throw new Refused(404, t.notFoundDetail);
      const intake = TipService.intake(pub);
      if (intake === 'closed') throw new Refused(410, t.goneDetail);
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > TIP_PHOTO_MAX_BYTES + 64 * 1024) throw new Refused(413, fill(t.tipRejected, { reason: 'photo: larger than 10 MB' }));
      const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      // The sender's own count first, before the body is read; the page's only after the proof of work,
      // so that exhausting a page's intake costs the work of every tip it counts.
      const byAddress = await this.limiter.take(`tips:address:${address}`, this.settings.tipsPerAddress);
      if (!byAddress.allowed) throw this.tooMany(res, t.tipTooMany, byAddress.retryAfterSeconds);
      const form = await this.parse(req);
      parsed = true;
      photo = form.photo;
      const problem = this.challenges.check(id, form.fields.challenge, form.fields.solution);
      if (problem) throw new Refused(403, fill(t.tipRejected, { reason: problem }));
      if (!(await this.challenges.claimAcrossReplicas(String(form.fields.challenge))))
        throw new Refused(403, fill(t.tipRejected, { reason: 'challenge: already used, reload the page' }));
      const byPage = await this.limiter.take(`tips:page:${id}`, this.settings.tipsPerPage);
      if (!byPage.allowed) throw this.tooMany(res, t.tipTooMany, byPage.retryAfterSeconds);
      const checked = checkTip(
        {
          what: form.fields.what,
          when: form.fields.when,
          zone: form.fields.zone,
          where: form.fields.where,
          latitude: form.fields.latitude,
          longitude: form.fields.longitude,
          contact: form.fields.contact,
        } satisfies RawTip,
        new Date(),
        caseTimeZone(pub.country),
      );
      const stored = photo ? await this.storePhoto(photo) : null;
      photo = null;
      const content: TipContent = {
        ...checked,
        callerPhone: null,
        hotline: null,
        photo: stored?.photo ?? null,
        photoLocation: stored?.location ?? null,
      };
      await this.tips.receivePublic(pub, content, intake === 'late');
      answer(201, t.tipThanks, t.tipThanksDetail, `${publicPath(pub)}?lang=${lang}`);
    } catch (err) {
      if (photo) await this.files.discard(photo).catch(() => undefined);
      const back = COUNTRY.test(country) && PUBLICATION_ID.test(id) ? `/public/${country}/${id}?lang=${lang}` : null;
      if (err instanceof Refused) return answer(err.status, t.tipHeading, err.message, err.status === 404 ? null : back);
      if (err instanceof PhotoRejectedError)
        return answer(err.reason === 'TOO_LARGE' ? 413 : 400, t.tipHeading, fill(t.tipRejected, { reason: err.message }), back);
      if (err instanceof DomainError && err.code === ErrorCode.BadUserInput)
        return answer(400, t.tipHeading, fill(t.tipRejected, { reason: err.message }), back);
      log('error', 'public tip failed', { message: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) answer(500, t.tipHeading, fill(t.tipRejected, { reason: 'server error' }), back);
    }
  }

  private tooMany(res: Response, message: string, retryAfterSeconds: number): Refused {
    res.setHeader('Retry-After', String(retryAfterSeconds));
    return new Refused(429, message);
  }

  /** The form's fields and its one photo (streamed to a temporary file under the size limit). */
  private parse(req: Request): Promise<ParsedForm> {
    return new Promise((resolve, reject) => {
      let bb: busboy.Busboy;
      try {
        bb = busboy({ headers: req.headers, limits: { ...FORM_LIMITS, fileSize: TIP_PHOTO_MAX_BYTES + 1 } });
      } catch {
        return reject(new Refused(400, 'the form must be sent as multipart/form-data'));
      }
      const fields: Record<string, string> = {};
      let photo: Promise<ReceivedFile | null> = Promise.resolve(null);
      let failed: unknown = null;
      bb.on('field', (name, value, info) => {
        if (info.valueTruncated) failed ??= new DomainError(ErrorCode.BadUserInput, `${name}: too long`, name);
        else if (!(name in fields)) fields[name] = value;
      });
      bb.on('file', (name, stream, info) => {
        if (name !== 'photo' || !info.filename) return void stream.resume();
        photo = this.files.receive(stream, TIP_PHOTO_MAX_BYTES).catch((err: unknown) => {
          stream.resume();
          failed ??= err;
          return null;
        });
      });
      bb.on('filesLimit', () => (failed ??= new Refused(400, 'one photo at most')));
      bb.on('fieldsLimit', () => (failed ??= new Refused(400, 'too many fields')));
      bb.on('partsLimit', () => (failed ??= new Refused(400, 'too many parts')));
      bb.on('error', (err) => reject(err instanceof Error ? new Refused(400, `the form could not be read (${err.message})`) : err));
      bb.on('close', () => {
        void photo.then(async (file) => {
          if (failed) {
            if (file) await this.files.discard(file).catch(() => undefined);
            return reject(failed);
          }
          resolve({ fields, photo: file });
        });
      });
      req.pipe(bb);
    });
  }

  /**
   * Checks the photo as a member's upload is checked, reads where it was taken, and keeps only a
   * re-encoded copy (no EXIF, no XMP, no location): the file as sent is deleted.
   */
  private async storePhoto(file: ReceivedFile): Promise<{ photo: NonNullable<TipContent['photo']>; location: GpsPoint | null }> {
    try {
      await this.files.inspect(file.tmpPath);
      const location = exifGps((await sharp(file.tmpPath).metadata()).exif);
      const clean = await sharp(file.tmpPath, { limitInputPixels: 50_000_000 })
        .rotate()
        .resize(2048, 2048, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 85 })
        .toBuffer();
      const stored = await this.files.receive(Readable.from([clean]));
      const inspected = await this.files.inspect(stored.tmpPath);
      await this.files.commit(stored, inspected.thumbnail);
      return {
        photo: { sha256: stored.sha256, mime: 'image/jpeg', width: inspected.width, height: inspected.height },
        location,
      };
    } finally {
      await this.files.discard(file).catch(() => undefined);
    }
  }

  /** A tip's stored photo (without metadata), for members of the case with the same Bearer token as GraphQL; each view audited. */
  @Get('media/tips/:id/photo')
  async tipPhoto(@Req() req: Request, @Res() res: Response, @Param('id') id: string): Promise<void> {
    try {
      const principal = await this.auth.authenticate(AuthService.bearer(req.headers.authorization));
      if (!principal) return void res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'sign in first' } });
      const photo = await this.tips.tipPhoto({ principal, purpose: null }, id);
      res.type('image/jpeg').setHeader('Cache-Control', 'private, no-store');
      res.send(await readFile(this.files.originalPath(photo.sha256)));
    } catch (err) {
      if (err instanceof DomainError && (err.code === ErrorCode.NotFound || err.code === ErrorCode.Forbidden)) {
        const status = err.code === ErrorCode.NotFound ? 404 : 403;
        return void res.status(status).json({ error: { code: err.code, message: err.message } });
      }
      log('error', 'tip photo failed', { message: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
    }
  }
}
