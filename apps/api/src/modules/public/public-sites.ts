import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { badInput } from '@homeward/domain';
import {
  LOGO_LIMITS,
  PHOTO_LIMITS,
  PhotoRejectedError,
  checkBrandColour,
  checkSiteName,
  isPublicLanguage,
  type PhotoFiles,
  type PublicLanguage,
  type PublicSiteRecord,
  type PublicSiteStore,
} from '@homeward/media';

export interface PublicSiteInput {
  readonly siteName?: string | null;
  readonly siteNames?: ReadonlyArray<{ readonly language: string; readonly name: string }> | null;
  readonly brandColour?: string | null;
}

/** The country code as given (trimmed, upper-cased), or a refusal naming the field. */
export function siteCountry(value: string, field = 'country'): string {
  const c = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(c)) throw badInput(field, 'must be an ISO 3166-1 alpha-2 country code such as GT');
  return c;
}

/**
 * A country's public site (name, logo, brand colour), for the ADMIN role
 * (GraphQL and the logo upload) and the admin CLI alike: the checks and the
 * writes, no access control and no audit (the callers do both). Plain class,
 * so the CLI can use it without the server.
 */
export class PublicSites {
  constructor(
    private readonly store: PublicSiteStore,
    private readonly files: PhotoFiles,
  ) {}

  list(): Promise<PublicSiteRecord[]> {
    return this.store.publicSites();
  }

  get(country: string): Promise<PublicSiteRecord | null> {
    return this.store.getPublicSite(siteCountry(country));
  }

  /** Replaces the name, names and colour (a field left out or empty: the default); the logo stays. */
  async set(actorId: string, countryValue: string, input: PublicSiteInput, now = new Date()): Promise<PublicSiteRecord> {
    const country = siteCountry(countryValue);
    const name = checkSiteName(input.siteName);
    if ('problem' in name) throw badInput('input.siteName', name.problem);
    const siteNames: Partial<Record<PublicLanguage, string>> = {};
    for (const [i, n] of (input.siteNames ?? []).entries()) {
      if (!isPublicLanguage(n.language)) throw badInput(`input.siteNames.${i}.language`, 'must be one of en, es, fr, pt');
      if (siteNames[n.language] !== undefined) throw badInput(`input.siteNames.${i}.language`, `${n.language} is given twice`);
      const checked = checkSiteName(n.name);
      if ('problem' in checked) throw badInput(`input.siteNames.${i}.name`, checked.problem);
      if (checked.name) siteNames[n.language] = checked.name;
    }
    let brandColour: string | null = null;
    if (input.brandColour?.trim()) {
      const c = checkBrandColour(input.brandColour);
      if ('problem' in c) throw badInput('input.brandColour', c.problem);
      brandColour = c.colour;
    }
    return this.store.putPublicSite({
      country,
      siteName: name.name,
      siteNames,
      brandColour,
      updatedBy: actorId,
      updatedAt: now.toISOString(),
    });
  }

  /**
   * A logo upload: streamed to a temporary file under the photo size limit, checked as a member's photo is
   * (format, declared pixels, a full decode under the pixel limit), then re-encoded as WebP at header size
   * (sharp keeps no metadata unless asked) and stored in the site's record. The upload itself is not kept.
   */
  async setLogo(
    actorId: string,
    countryValue: string,
    body: AsyncIterable<Uint8Array>,
    declaredLength: number | null,
    now = new Date(),
  ): Promise<PublicSiteRecord> {
    const country = siteCountry(countryValue);
    const maxBytes = Math.min(LOGO_LIMITS.maxUploadBytes, PHOTO_LIMITS.maxBytes);
    if (declaredLength !== null && declaredLength > maxBytes)
      throw new PhotoRejectedError('TOO_LARGE', `file: larger than ${maxBytes} bytes`);
    const received = await this.files.receive(body, maxBytes);
    let data: Buffer;
    let width: number;
    let height: number;
    try {
      await this.files.inspect(received.tmpPath);
      const out = await sharp(received.tmpPath, { limitInputPixels: PHOTO_LIMITS.maxPixels, failOn: 'error' })
        .rotate()
        .resize(LOGO_LIMITS.maxWidth, LOGO_LIMITS.maxHeight, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 90, alphaQuality: 100 })
        .toBuffer({ resolveWithObject: true });
      ({ data } = out);
      ({ width, height } = out.info);
    } catch (err) {
      if (err instanceof PhotoRejectedError) throw err;
      throw new PhotoRejectedError('CORRUPT', 'file: the image is damaged or truncated');
    } finally {
      await this.files.discard(received);
    }
    const sha256 = createHash('sha256').update(data).digest('hex');
    return this.store.setPublicSiteLogo(country, { sha256, width, height, data }, actorId, now.toISOString());
  }

  async clearLogo(actorId: string, countryValue: string, now = new Date()): Promise<PublicSiteRecord> {
    return this.store.setPublicSiteLogo(siteCountry(countryValue), null, actorId, now.toISOString());
  }
}

/** Where a country's logo is served: its content hash in the query, so a new logo is a new address for every cache. */
export const logoPath = (country: string, sha256: string): string => `/public/${country}/logo?v=${sha256.slice(0, 16)}`;
