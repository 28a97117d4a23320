import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { Request, Response } from 'express';
import { PUBLIC_LANGUAGES, PUBLIC_STRINGS, fill, siteNameFor, type PublicLanguage, type PublicSiteRecord } from '@homeward/media';
import { log } from '../../base/log.js';
import { PUBLIC_CSS, TIP_JS } from './public-assets.js';
import {
  atomFeed,
  childPage,
  countryName,
  countryPage,
  indexPage,
  jsonFeed,
  messagePage,
  pickLanguage,
  sitemap,
  widgetPage,
  type PageOptions,
} from './public-render.js';
import { COUNTRY, PublicSiteService } from './public-site.service.js';
import { PUBLIC_SETTINGS, type PublicSettings } from './public.settings.js';
import { TipChallenges } from './tip-challenge.js';

/**
 * Short: a taken-down page must leave every cache within a minute. Pages,
 * feeds and photos all carry it; a gone page's 410 too.
 */
const CACHE = 'public, max-age=30';

/** An area a partner asks for: a circle of at most 1,000 km. */
function circleOf(q: Record<string, unknown>): { lat: number; lon: number; radiusKm: number } | string {
  const n = (k: string) => (typeof q[k] === 'string' && /^-?\d{1,3}(\.\d{1,7})?$/.test(q[k]) ? Number(q[k]) : NaN);
  const [lat, lon, radiusKm] = [n('lat'), n('lon'), n('radiusKm')];
  if (!(lat >= -90 && lat <= 90)) return 'lat: must be a latitude from -90 to 90';
  if (!(lon >= -180 && lon <= 180)) return 'lon: must be a longitude from -180 to 180';
  if (!(radiusKm > 0 && radiusKm <= 1000)) return 'radiusKm: must be above 0 and at most 1000';
  return { lat, lon, radiusKm };
}

/**
 * The public site under /public, without sign-in: server-rendered pages in
 * en/es/fr/pt, feeds, the sitemap, the widget, photos and posters of what is
 * published. Every outcome is answered here (Nest's filters are GraphQL's).
 */
@Controller('public')
export class PublicSiteController {
  constructor(
    private readonly site: PublicSiteService,
    private readonly challenges: TipChallenges,
    @Inject(PUBLIC_SETTINGS) private readonly settings: PublicSettings,
  ) {}

  private origin(req: Request): string {
    return this.settings.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  }

  private opts(req: Request, offered: readonly PublicLanguage[] = PUBLIC_LANGUAGES, site: PublicSiteRecord | null = null): PageOptions {
    return { origin: this.origin(req), lang: pickLanguage(req.query.lang, req.headers['accept-language'], offered), path: req.path, site };
  }

  private html(res: Response, status: number, lang: PublicLanguage, body: string): void {
    const t0 = res.locals.started as number | undefined;
    // The handler's own time (store reads and rendering), for the page budget's benchmark and for operators.
    if (t0 !== undefined) res.setHeader('Server-Timing', `app;dur=${(performance.now() - t0).toFixed(2)}`);
    res.status(status).setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Language', lang);
    res.setHeader('Vary', 'Accept-Language');
    res.setHeader('Cache-Control', CACHE);
    res.send(body);
  }

  private notFound(req: Request, res: Response, site: PublicSiteRecord | null = null): void {
    const o = this.opts(req, PUBLIC_LANGUAGES, site);
    const t = PUBLIC_STRINGS[o.lang];
    this.html(res, 404, o.lang, messagePage(o, t.notFound, t.notFoundDetail, { href: '/public', text: t.site }));
  }

  private gone(req: Request, res: Response, site: PublicSiteRecord | null = null): void {
    const o = this.opts(req, PUBLIC_LANGUAGES, site);
    const t = PUBLIC_STRINGS[o.lang];
    this.html(res, 410, o.lang, messagePage(o, t.gone, t.goneDetail, { href: '/public', text: t.site }));
  }

  private async guard(req: Request, res: Response, work: () => Promise<void>): Promise<void> {
    res.locals.started = performance.now();
    try {
      await work();
    } catch (err) {
      log('error', 'public page failed', { path: req.path, message: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) res.status(500).type('text/plain').send('Internal server error');
    }
  }

  @Get('assets/public.css')
  css(@Res() res: Response): void {
    res.type('text/css').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(PUBLIC_CSS);
  }

  @Get('assets/tip.js')
  tipJs(@Res() res: Response): void {
    res.type('application/javascript').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(TIP_JS);
  }

  @Get()
  index(@Req() req: Request, @Res() res: Response) {
    return this.guard(req, res, async () => {
      const o = this.opts(req);
      this.html(res, 200, o.lang, indexPage(await this.site.countries(), o));
    });
  }

  @Get('sitemap.xml')
  sitemapXml(@Req() req: Request, @Res() res: Response) {
    return this.guard(req, res, async () => {
      const live = await this.site.live(null);
      const countries = [...new Set(live.map((p) => p.country))].sort();
      res.type('application/xml').setHeader('Cache-Control', CACHE);
      res.send(sitemap(live, countries, this.origin(req)));
    });
  }

  @Get('area/feed.atom')
  areaAtom(@Req() req: Request, @Res() res: Response) {
    return this.areaFeed(req, res, 'atom');
  }

  @Get('area/feed.json')
  areaJson(@Req() req: Request, @Res() res: Response) {
    return this.areaFeed(req, res, 'json');
  }

  private areaFeed(req: Request, res: Response, kind: 'atom' | 'json') {
    return this.guard(req, res, async () => {
      const circle = circleOf(req.query as Record<string, unknown>);
      if (typeof circle === 'string') {
        res.status(400).type('text/plain').send(circle);
        return;
      }
      const lang = pickLanguage(req.query.lang, req.headers['accept-language']);
      const pubs = await this.site.inArea(circle);
      const place = `${circle.lat}, ${circle.lon} (${circle.radiusKm} km)`;
      const qs = `lat=${circle.lat}&lon=${circle.lon}&radiusKm=${circle.radiusKm}`;
      const f = {
        origin: this.origin(req),
        lang,
        title: fill(PUBLIC_STRINGS[lang].areaTitle, { place }),
        selfPath: `/public/area/feed.${kind}?${qs}`,
        homePath: `/public/area/widget?${qs}`,
        now: new Date(),
      };
      res.setHeader('Cache-Control', CACHE);
      if (kind === 'atom') res.type('application/atom+xml').send(atomFeed(pubs, f));
      else res.type('application/feed+json').send(jsonFeed(pubs, f));
    });
  }

  @Get('area/widget')
  areaWidget(@Req() req: Request, @Res() res: Response) {
    return this.guard(req, res, async () => {
      const circle = circleOf(req.query as Record<string, unknown>);
      if (typeof circle === 'string') {
        res.status(400).type('text/plain').send(circle);
        return;
      }
      this.widget(res, this.opts(req), await this.site.inArea(circle), '/public');
    });
  }

  /** A partner frames this page: the only page any site may frame (the rest refuse framing). */
  private widget(res: Response, o: PageOptions, pubs: Awaited<ReturnType<PublicSiteService['live']>>, more: string): void {
    const csp = String(res.getHeader('Content-Security-Policy') ?? '');
    res.setHeader('Content-Security-Policy', csp.replace(/frame-ancestors [^;]*/, 'frame-ancestors *'));
    res.removeHeader('X-Frame-Options');
    this.html(res, 200, o.lang, widgetPage(pubs, o, more));
  }

  @Get(':country/feed.atom')
  countryAtom(@Req() req: Request, @Res() res: Response, @Param('country') country: string) {
    return this.countryFeed(req, res, country, 'atom');
  }

  @Get(':country/feed.json')
  countryJson(@Req() req: Request, @Res() res: Response, @Param('country') country: string) {
    return this.countryFeed(req, res, country, 'json');
  }

  private countryFeed(req: Request, res: Response, country: string, kind: 'atom' | 'json') {
    return this.guard(req, res, async () => {
      if (!COUNTRY.test(country)) return this.notFound(req, res);
      const lang = pickLanguage(req.query.lang, req.headers['accept-language']);
      const [pubs, site] = await Promise.all([this.site.live(country), this.site.site(country)]);
      const heading = fill(PUBLIC_STRINGS[lang].countryHeading, { country: countryName(country, lang) });
      const name = siteNameFor(site, lang);
      const f = {
        origin: this.origin(req),
        lang,
        title: name ? `${name} — ${heading}` : heading,
        selfPath: `/public/${country}/feed.${kind}`,
        homePath: `/public/${country}`,
        now: new Date(),
        site,
      };
      res.setHeader('Cache-Control', CACHE);
      if (kind === 'atom') res.type('application/atom+xml').send(atomFeed(pubs, f));
      else res.type('application/feed+json').send(jsonFeed(pubs, f));
    });
  }

  @Get(':country/widget')
  countryWidget(@Req() req: Request, @Res() res: Response, @Param('country') country: string) {
    return this.guard(req, res, async () => {
      if (!COUNTRY.test(country)) return this.notFound(req, res);
      const [pubs, site] = await Promise.all([this.site.live(country), this.site.site(country)]);
      this.widget(res, this.opts(req, PUBLIC_LANGUAGES, site), pubs, `/public/${country}`);
    });
  }

  /** The country's logo, as configured by an administrator (WebP, re-encoded without metadata). */
  @Get(':country/logo')
  logo(@Req() req: Request, @Res() res: Response, @Param('country') country: string) {
    return this.guard(req, res, async () => {
      const v = typeof req.query.v === 'string' ? req.query.v : undefined;
      const logo = COUNTRY.test(country) ? await this.site.logo(country, v) : null;
      if (!logo) return void res.status(404).setHeader('Cache-Control', CACHE).end();
      res.type('image/webp').setHeader('Cache-Control', CACHE);
      res.setHeader('ETag', `"${logo.sha256.slice(0, 32)}"`);
      res.send(logo.data);
    });
  }

  @Get(':country')
  country(@Req() req: Request, @Res() res: Response, @Param('country') country: string) {
    return this.guard(req, res, async () => {
      if (!COUNTRY.test(country)) return this.notFound(req, res);
      const [pubs, agencies, site] = await Promise.all([this.site.live(country), this.site.agencies(country), this.site.site(country)]);
      const o = this.opts(req, PUBLIC_LANGUAGES, site);
      this.html(res, 200, o.lang, countryPage(country, pubs, agencies, o));
    });
  }

  @Get(':country/:id')
  child(@Req() req: Request, @Res() res: Response, @Param('country') country: string, @Param('id') id: string) {
    return this.guard(req, res, async () => {
      const [found, site] = await Promise.all([this.site.page(country, id), this.site.site(country)]);
      if (found.kind === 'none') return this.notFound(req, res, site);
      if (found.kind === 'gone') return this.gone(req, res, site);
      const o = this.opts(req, found.page.languages, site);
      const tip = { challenge: this.challenges.issue(found.page.id), bits: this.challenges.bits };
      this.html(res, 200, o.lang, childPage(found.page, o, tip));
    });
  }

  @Get(':country/:id/photo')
  photo(@Req() req: Request, @Res() res: Response, @Param('country') country: string, @Param('id') id: string) {
    return this.guard(req, res, async () => {
      const found = await this.site.page(country, id);
      if (found.kind === 'gone') return void res.status(410).setHeader('Cache-Control', CACHE).end();
      const bytes = found.kind === 'live' ? await this.site.photo(found.page) : null;
      if (!bytes) return void res.status(404).setHeader('Cache-Control', CACHE).end();
      res.type('image/webp').setHeader('Cache-Control', CACHE);
      res.send(bytes);
    });
  }

  @Get(':country/:id/poster.pdf')
  poster(@Req() req: Request, @Res() res: Response, @Param('country') country: string, @Param('id') id: string, @Query('lang') q?: string) {
    return this.guard(req, res, async () => {
      const found = await this.site.page(country, id);
      if (found.kind === 'none') return this.notFound(req, res);
      if (found.kind === 'gone') return this.gone(req, res);
      const lang = pickLanguage(q, req.headers['accept-language'], found.page.languages);
      const pdf = await this.site.poster(found.page, lang);
      res.type('application/pdf').setHeader('Cache-Control', CACHE);
      res.setHeader('Content-Disposition', `inline; filename="${found.page.id}-${lang}.pdf"`);
      res.send(pdf);
    });
  }
}
