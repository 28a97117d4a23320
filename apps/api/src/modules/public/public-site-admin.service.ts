import { Inject, Injectable } from '@nestjs/common';
import type { PhotoFiles, PublicSiteRecord } from '@homeward/media';
import type { RequestContext } from '../../base/context.js';
import type { AppStores } from '../../base/stores.js';
import { STORES } from '../../base/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { AccessService } from '../auth/access.service.js';
import { PHOTO_FILES } from '../media/photos.service.js';
import { PublicSiteService } from './public-site.service.js';
import { PublicSites, siteCountry, type PublicSiteInput } from './public-sites.js';

/**
 * A country's public site for administrators (role ADMIN: `public.configure`). The GraphQL calls are audited by the
 * audit interceptor (with the country, name and colour); the logo upload, which is plain HTTP, is audited here.
 * A change shows at once on every replica's pages (through Redis with several), and within SITE_CACHE_MS at worst.
 */
@Injectable()
export class PublicSiteAdminService {
  private readonly sites: PublicSites;

  constructor(
    @Inject(STORES) stores: AppStores,
    @Inject(PHOTO_FILES) files: PhotoFiles,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly pages: PublicSiteService,
  ) {
    this.sites = new PublicSites(stores.publications, files);
  }

  list(ctx: RequestContext): Promise<PublicSiteRecord[]> {
    this.access.allow(ctx, 'public.configure');
    return this.sites.list();
  }

  async set(ctx: RequestContext, country: string, input: PublicSiteInput): Promise<PublicSiteRecord> {
    const p = this.access.allow(ctx, 'public.configure');
    const site = await this.sites.set(p.userId, country, input);
    this.pages.changed(site.country);
    return site;
  }

  async clearLogo(ctx: RequestContext, country: string): Promise<PublicSiteRecord> {
    const p = this.access.allow(ctx, 'public.configure');
    const site = await this.sites.clearLogo(p.userId, country);
    this.pages.changed(site.country);
    return site;
  }

  /** The logo upload: refused (and audited as such) before a byte is read when the caller may not configure sites. */
  async uploadLogo(
    ctx: RequestContext,
    country: string,
    body: AsyncIterable<Uint8Array>,
    declaredLength: number | null,
  ): Promise<PublicSiteRecord> {
    const base = { action: 'public.site.logo', caseId: null, targetType: 'PublicSite', targetId: country.slice(0, 8) };
    try {
      const p = this.access.allow(ctx, 'public.configure');
      const code = siteCountry(country);
      const site = await this.sites.setLogo(p.userId, code, body, declaredLength);
      this.pages.changed(code);
      await this.audit.record(ctx, {
        ...base,
        targetId: code,
        outcome: 'success',
        details: { country: code, sha256: site.logo!.sha256, width: site.logo!.width, height: site.logo!.height },
      });
      return site;
    } catch (err) {
      const code = (err as { code?: string }).code;
      const outcome = code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' ? 'denied' : 'failure';
      const reason = (err as { reason?: string }).reason ?? code ?? 'ERROR';
      await this.audit.record(ctx, { ...base, outcome, details: { reason: String(reason).slice(0, 40) } }).catch(() => undefined);
      throw err;
    }
  }
}
