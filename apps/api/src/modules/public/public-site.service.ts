import { readFile } from 'node:fs/promises';
import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import sharp from 'sharp';
import {
  PUBLIC_STRINGS,
  circlesIntersect,
  hotlineFor,
  renderPoster,
  type Circle,
  type PhotoFiles,
  type PublicLanguage,
  type PublicSiteRecord,
  type PublicationRecord,
} from '@homeward/media';
import type { ClusterBus } from '../../base/cluster.js';
import { log } from '../../base/log.js';
import type { AppStores } from '../../base/stores.js';
import { CLUSTER, STORES } from '../../base/tokens.js';
import { POSTER_HOTLINES } from '../child/child.records.js';
import { PHOTO_FILES } from '../media/photos.service.js';
import { posterIssuer } from './poster-issuer.js';
import { publicArea, type AgencyLine } from './public-render.js';

/** What a public address shows: a live page, a page that is gone (410), or nothing (404). */
export type PageLookup = { kind: 'live'; page: PublicationRecord } | { kind: 'gone' } | { kind: 'none' };

export const COUNTRY = /^[A-Z]{2}$/;
export const PUBLICATION_ID = /^pub_[A-Za-z0-9_-]{6,40}$/;

/**
 * How long a process keeps a country's site record (name, logo, colour): as long as the pages' Cache-Control, so a
 * change shows everywhere within a minute (at once on the replica that made it), like a take-down.
 */
export const SITE_CACHE_MS = 30_000;
/** The Redis channel on which a replica tells the others that a country's site changed (several replicas only). */
const SITES_CHANNEL = 'public-sites';
/** Logos kept in memory, by content hash (a new logo has a new hash; an old one just ages out). */
const LOGO_CACHE_MAX = 64;

/**
 * The read side of the public site, for anyone without sign-in: only
 * publications (the copies of published fields) are read, never the case.
 * A page is live only while it is PUBLISHED, before its review date, and
 * while its case is still OPEN (the sweep ends it within seconds; this check
 * makes the answer right in between).
 */
@Injectable()
export class PublicSiteService implements OnModuleInit {
  private readonly sites = new Map<string, { until: number; site: Promise<PublicSiteRecord | null> }>();
  private readonly logos = new Map<string, Buffer>();

  constructor(
    @Inject(STORES) private readonly stores: AppStores,
    @Inject(PHOTO_FILES) private readonly files: PhotoFiles,
    @Inject(POSTER_HOTLINES) private readonly hotlines: Record<string, string>,
    @Optional() @Inject(CLUSTER) private readonly cluster: ClusterBus | null = null,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.cluster) return;
    await this.cluster.subscribe(SITES_CHANNEL, (m) => {
      const country = m.toString('utf8');
      if (COUNTRY.test(country)) this.forget(country);
    });
  }

  private static current(p: PublicationRecord, now: Date): boolean {
    return p.status === 'PUBLISHED' && p.reviewAt > now.toISOString();
  }

  async page(country: string, id: string, now = new Date()): Promise<PageLookup> {
    if (!COUNTRY.test(country) || !PUBLICATION_ID.test(id)) return { kind: 'none' };
    const p = await this.stores.publications.getPublication(id);
    if (!p || p.country !== country) return { kind: 'none' };
    if (!PublicSiteService.current(p, now)) return { kind: 'gone' };
    const c = await this.stores.cases.getCase(p.caseId);
    if (!c || c.status !== 'OPEN') return { kind: 'gone' };
    return { kind: 'live', page: p };
  }

  async live(country: string | null, now = new Date()): Promise<PublicationRecord[]> {
    return (await this.stores.publications.livePublications(country)).filter((p) => PublicSiteService.current(p, now));
  }

  /** Live pages whose area meets the circle (pages without a published last-seen place have no area and are left out). */
  async inArea(circle: Circle, now = new Date()): Promise<PublicationRecord[]> {
    return (await this.live(null, now)).filter((p) => {
      const a = publicArea(p, now);
      return a !== null && circlesIntersect(a, circle);
    });
  }

  async countries(now = new Date()): Promise<string[]> {
    return [...new Set((await this.live(null, now)).map((p) => p.country))].sort();
  }

  /** The agencies of a country, each with the country's hotline. */
  async agencies(country: string): Promise<AgencyLine[]> {
    const hotline = hotlineFor(country, this.hotlines);
    return (await this.stores.accounts.listAgencies())
      .filter((a) => a.country === country)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((a) => ({ name: a.name, hotline }));
  }

  /** The country's public site as configured (null: the defaults), from this process's short cache. */
  site(country: string): Promise<PublicSiteRecord | null> {
    if (!COUNTRY.test(country)) return Promise.resolve(null);
    const now = Date.now();
    const hit = this.sites.get(country);
    if (hit && hit.until > now) return hit.site;
    const site = this.stores.publications.getPublicSite(country);
    this.sites.set(country, { until: now + SITE_CACHE_MS, site });
    // A failed read is not remembered: the next page asks the store again.
    site.catch(() => this.sites.delete(country));
    return site;
  }

  /** A change made on this replica shows on its next page. */
  forget(country: string): void {
    this.sites.delete(country);
  }

  /**
   * A country's site was changed here: this process forgets it now, and the other replicas (with Redis) as soon as
   * they hear; without the message (Redis away) they still read it again within SITE_CACHE_MS.
   */
  changed(country: string): void {
    this.forget(country);
    this.cluster?.publish(SITES_CHANNEL, Buffer.from(country, 'utf8')).catch((err: unknown) =>
      log('error', 'public site change not published to the other replicas', {
        message: err instanceof Error ? err.message : String(err),
      }),
    );
  }

  /**
   * The country's logo (WebP) as its current record names it; null when it has none. `version` is the address's
   * ?v= (a prefix of the hash): one this process does not know yet means another replica changed the logo, so the
   * record is read again rather than old bytes served under the new address.
   */
  async logo(country: string, version?: string): Promise<{ sha256: string; data: Buffer } | null> {
    let sha = (await this.site(country))?.logo?.sha256;
    if (version && /^[0-9a-f]{8,64}$/.test(version) && !sha?.startsWith(version)) {
      this.forget(country);
      sha = (await this.site(country))?.logo?.sha256;
    }
    if (!sha) return null;
    const cached = this.logos.get(sha);
    if (cached) return { sha256: sha, data: cached };
    const stored = await this.stores.publications.publicSiteLogo(country);
    if (!stored) return null;
    if (this.logos.size >= LOGO_CACHE_MAX) this.logos.delete(this.logos.keys().next().value!);
    this.logos.set(stored.sha256, stored.data);
    return stored;
  }

  /** The published photo: its EXIF-free thumbnail; null when the page publishes none. */
  async photo(p: PublicationRecord): Promise<Buffer | null> {
    if (!p.content.photoSha256 || !p.fields.includes('PHOTO')) return null;
    return readFile(this.files.thumbnailPath(p.content.photoSha256));
  }

  /**
   * The printable poster of the published fields only (reference: the public page's id, which callers can quote),
   * issued by the country's site: its name and logo at the foot, as its pages show them.
   */
  async poster(p: PublicationRecord, lang: PublicLanguage): Promise<Buffer> {
    const c = p.content;
    const issuer = await posterIssuer(this.stores.publications, await this.site(p.country));
    let photo: Buffer | null = null;
    if (c.photoSha256 && p.fields.includes('PHOTO'))
      // Re-encoded without metadata (sharp keeps none unless asked): no EXIF location reaches the PDF.
      photo = await sharp(this.files.originalPath(c.photoSha256))
        .rotate()
        .resize(800, 800, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 85 })
        .toBuffer();
    return renderPoster(
      {
        reference: p.id,
        name: c.name ?? PUBLIC_STRINGS[lang].unnamed,
        aliases: [],
        age: c.ageYears,
        description: c.description,
        clothing: c.clothing,
        languagesSpoken: [],
        lastSeenAt: c.lastSeenAt ? new Date(c.lastSeenAt) : null,
        lastSeenPlace: c.lastSeenPlace,
        countries: c.hotlines.map((h) => h.country),
        photo,
        issuer,
      },
      { languages: [lang], paper: 'A4', hotlines: this.hotlines },
    );
  }
}
