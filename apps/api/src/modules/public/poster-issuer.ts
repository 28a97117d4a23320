import sharp from 'sharp';
import { PUBLIC_LANGUAGES, type PosterData, type PublicLanguage, type PublicSiteRecord, type PublicSiteStore } from '@homeward/media';
import { siteName } from './public-render.js';

/** Logos as PNG, by content hash: stored as WebP, which PDF cannot hold (a new logo has a new hash). */
const pngLogos = new Map<string, Buffer>();
const PNG_LOGOS_MAX = 64;

/**
 * Who issues a poster: a country's public site as its pages show it, its name in each poster language and its
 * logo as PNG (transparency kept), converted once per logo and process. `site` null: the default name, no logo.
 */
export async function posterIssuer(store: PublicSiteStore, site: PublicSiteRecord | null): Promise<NonNullable<PosterData['issuer']>> {
  const names: Partial<Record<PublicLanguage, string>> = {};
  for (const lang of PUBLIC_LANGUAGES) names[lang] = siteName(site, lang);
  let logo: Buffer | null = null;
  if (site?.logo) {
    logo = pngLogos.get(site.logo.sha256) ?? null;
    const stored = logo ? null : await store.publicSiteLogo(site.country);
    if (stored) {
      logo = await sharp(stored.data).png().toBuffer();
      if (pngLogos.size >= PNG_LOGOS_MAX) pngLogos.delete(pngLogos.keys().next().value!);
      pngLogos.set(stored.sha256, logo);
    }
  }
  return { name: names.en!, names, logo };
}
