/**
 * A country's public site: the name, logo and brand colour its pages carry,
 * set by an administrator. Pure types and checks; the record lives beside the
 * publications (PublicationStore, embedded and Neo4j adapters). A country
 * without a record shows the defaults.
 */
import { PUBLIC_LANGUAGES, type PublicLanguage } from './publication';

/** The re-encoded logo: WebP, at most this size (fit inside, never enlarged), without metadata. */
export const LOGO_LIMITS = {
  maxWidth: 480,
  maxHeight: 160,
  /** Bytes an upload may have before it is re-encoded (the photo limits apply as well). */
  maxUploadBytes: 5 * 1024 * 1024,
} as const;

export const SITE_NAME_MAX = 80;

/** The logo as pages reference it: its content hash (the URL's version) and its size in pixels. */
export interface PublicSiteLogo {
  readonly sha256: string;
  readonly width: number;
  readonly height: number;
}

export interface PublicSiteRecord {
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country: string;
  /** The site's name in every language without its own (null: the default name). */
  readonly siteName: string | null;
  /** The name per language, overriding siteName. */
  readonly siteNames: Readonly<Partial<Record<PublicLanguage, string>>>;
  /** #rrggbb, lower case (null: the default colour). */
  readonly brandColour: string | null;
  readonly logo: PublicSiteLogo | null;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** What setPublicSite writes: everything but the logo, which is uploaded (or cleared) on its own. */
export type PublicSiteSettings = Omit<PublicSiteRecord, 'logo'>;

export interface PublicSiteStore {
  /** Creates the country's record or replaces its name, names and colour (its logo stays). */
  putPublicSite(s: PublicSiteSettings): Promise<PublicSiteRecord>;
  /** Sets (or with null removes) the logo; creates the record with the defaults when there is none. */
  setPublicSiteLogo(
    country: string,
    logo: (PublicSiteLogo & { readonly data: Buffer }) | null,
    updatedBy: string,
    updatedAt: string,
  ): Promise<PublicSiteRecord>;
  getPublicSite(country: string): Promise<PublicSiteRecord | null>;
  /** Every configured country, by country code. */
  publicSites(): Promise<PublicSiteRecord[]>;
  /** The logo's bytes (WebP), or null when the country has none. */
  publicSiteLogo(country: string): Promise<{ sha256: string; data: Buffer } | null>;
}

/** The header's text is white: the brand colour behind it must give it at least this contrast (WCAG 2.x AA, normal text). */
export const MIN_CONTRAST_WITH_WHITE = 4.5;

const HEX = /^#([0-9a-f]{6})$/i;

function channel(v: number): number {
  const s = v / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of #rrggbb. */
export function relativeLuminance(hex: string): number {
  const m = HEX.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1], 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The colour, normalised to lower case, or the reason it is refused. */
export function checkBrandColour(value: string): { colour: string } | { problem: string } {
  const v = value.trim();
  if (!HEX.test(v)) return { problem: `must be a colour written #rrggbb (such as #0b3d61), not "${v.slice(0, 20)}"` };
  const colour = v.toLowerCase();
  const ratio = contrastRatio(colour, '#ffffff');
  if (ratio < MIN_CONTRAST_WITH_WHITE)
    return {
      problem:
        `${colour} gives the header's white text a contrast of ${(Math.floor(ratio * 100) / 100).toFixed(2)}:1, ` +
        `below the ${MIN_CONTRAST_WITH_WHITE}:1 WCAG AA asks for: choose a darker colour`,
    };
  return { colour };
}

/** A name as shown: trimmed, one line; the reason when refused. Empty means "none" (null). */
export function checkSiteName(value: string | null | undefined): { name: string | null } | { problem: string } {
  const v = (value ?? '').trim();
  if (!v) return { name: null };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) return { problem: 'must be one line of text' };
  if ([...v].length > SITE_NAME_MAX) return { problem: `must be at most ${SITE_NAME_MAX} characters` };
  return { name: v };
}

export const isPublicLanguage = (l: string): l is PublicLanguage => (PUBLIC_LANGUAGES as readonly string[]).includes(l);

/** The name a page in `lang` shows: the language's own, else the site's, else null (the default). */
export function siteNameFor(site: Pick<PublicSiteRecord, 'siteName' | 'siteNames'> | null, lang: PublicLanguage): string | null {
  if (!site) return null;
  return site.siteNames[lang] ?? site.siteName;
}
