/**
 * The public site's HTML, feeds and sitemap, as pure functions of what is
 * published. Every value is escaped; the pages carry no script except the
 * tip form's proof-of-work file (served from this origin, so the strict CSP
 * holds), and read completely without it.
 */
import {
  PUBLIC_LANGUAGES,
  PUBLIC_STRINGS,
  fill,
  siteNameFor,
  spreadRadiusKm,
  type Circle,
  type PublicSiteRecord,
  type PublicLanguage,
  type PublicStrings,
  type PublicationRecord,
} from '@homeward/media';
import { logoPath } from './public-sites.js';
import { publicPath } from './publication.types.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]);

/** The language to answer in: ?lang= if offered, else the best of Accept-Language among those offered, else the first offered. */
export function pickLanguage(
  query: unknown,
  acceptLanguage: string | undefined,
  offered: readonly PublicLanguage[] = PUBLIC_LANGUAGES,
): PublicLanguage {
  if (typeof query === 'string' && (offered as readonly string[]).includes(query)) return query as PublicLanguage;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { lang: tag.split('-')[0], q: q ? Number(q[1]) : 1, i };
    })
    .filter((w) => w.q > 0 && w.lang)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const w of wanted) if ((offered as readonly string[]).includes(w.lang)) return w.lang as PublicLanguage;
  return offered.includes('en') ? 'en' : offered[0];
}

export function countryName(code: string, lang: PublicLanguage): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function when(iso: string, lang: PublicLanguage): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
}

/** The area a feed item carries: a circle around the last-seen point, widened by the time since (as alerts draw it). */
export function publicArea(p: PublicationRecord, now: Date): Circle | null {
  const pt = p.content.lastSeenPoint;
  if (!pt) return null;
  const since = new Date(p.content.lastSeenAt ?? p.publishedAt);
  return { lat: pt.lat, lon: pt.lon, radiusKm: Math.round(spreadRadiusKm(since, now) * 10) / 10 };
}

export const displayName = (p: PublicationRecord, t: PublicStrings) => p.content.name ?? t.unnamed;

function lastSeenLine(p: PublicationRecord, t: PublicStrings, lang: PublicLanguage): string | null {
  const c = p.content;
  if (c.lastSeenAt && c.lastSeenPlace) return fill(t.lastSeen, { when: when(c.lastSeenAt, lang), place: c.lastSeenPlace });
  if (c.lastSeenAt) return fill(t.lastSeenAt, { when: when(c.lastSeenAt, lang) });
  if (c.lastSeenPlace) return fill(t.lastSeenIn, { place: c.lastSeenPlace });
  return null;
}

export interface PageOptions {
  /** Absolute origin for Open Graph tags and feed links (PUBLIC_URL, or the request's own). */
  readonly origin: string;
  readonly lang: PublicLanguage;
  /** The path of this page, without the query (for the language links). */
  readonly path: string;
  /** The country's public site (name, logo, colour) when an administrator configured one; else the defaults. */
  readonly site?: PublicSiteRecord | null;
}

/** The logo's height in the header, in CSS pixels (the stored logo is larger, for dense screens). */
const LOGO_HEIGHT = 40;

/** The site's name in this language: the country's configured one, else the default. */
export const siteName = (site: PublicSiteRecord | null | undefined, lang: PublicLanguage): string =>
  siteNameFor(site ?? null, lang) ?? PUBLIC_STRINGS[lang].site;

/**
 * The brand colour as a CSS custom property on <body> (the stylesheet reads var(--brand) with the default beside it).
 * Checked again here, though the store only holds checked colours: nothing else may reach a style attribute.
 */
function brandStyle(site: PublicSiteRecord | null | undefined): string {
  const c = site?.brandColour;
  return c && /^#[0-9a-f]{6}$/.test(c) ? ` style="--brand:${c}"` : '';
}

/** The header's brand: the logo (decorative: the name beside it says the same) and the name, linking to the country's page. */
function brand(site: PublicSiteRecord | null | undefined, lang: PublicLanguage): string {
  const home = site ? `/public/${site.country}?lang=${lang}` : '/public';
  let img = '';
  if (site?.logo) {
    const h = Math.min(LOGO_HEIGHT, site.logo.height);
    const w = Math.max(1, Math.round((site.logo.width * h) / Math.max(1, site.logo.height)));
    img = `<img class="logo" src="${esc(logoPath(site.country, site.logo.sha256))}" alt="" width="${w}" height="${h}">`;
  }
  return `<a class="brand" href="${esc(home)}">${img}<span>${esc(siteName(site, lang))}</span></a>`;
}

function languageSwitch(o: PageOptions, offered: readonly PublicLanguage[], t: PublicStrings): string {
  if (offered.length < 2) return '';
  const links = offered
    .map((l) =>
      l === o.lang
        ? `<li><span aria-current="true">${l.toUpperCase()}</span></li>`
        : `<li><a href="${esc(o.path)}?lang=${l}" hreflang="${l}" lang="${l}">${l.toUpperCase()}</a></li>`,
    )
    .join('');
  return `<nav class="langs" aria-label="${esc(t.language)}"><ul>${links}</ul></nav>`;
}

function layout(o: PageOptions, title: string, head: string, body: string, offered: readonly PublicLanguage[]): string {
  const t = PUBLIC_STRINGS[o.lang];
  return (
    `<!doctype html><html lang="${o.lang}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(title)}</title><link rel="stylesheet" href="/public/assets/public.css">${head}</head>` +
    `<body${brandStyle(o.site)}><header class="site">${brand(o.site, o.lang)}${languageSwitch(o, offered, t)}</header>` +
    `<main id="main">${body}</main></body></html>`
  );
}

/** Hotline lines of a page: one per country concerned. */
function hotlines(p: PublicationRecord, t: PublicStrings, lang: PublicLanguage): string {
  return p.content.hotlines
    .map((h) =>
      h.number
        ? `<p class="hotline">${esc(fill(t.callHotline, { number: h.number, country: countryName(h.country, lang) }))}</p>`
        : `<p class="hotline">${esc(fill(t.callEmergency, { country: countryName(h.country, lang) }))}</p>`,
    )
    .join('');
}

export interface TipFormView {
  /** The proof-of-work challenge the form carries, and the number of zero bits to find. */
  readonly challenge: string;
  readonly bits: number;
}

/** The page of one published child, with Open Graph and Twitter card tags made of the published fields only. */
export function childPage(p: PublicationRecord, o: PageOptions, tip: TipFormView | null): string {
  const t = PUBLIC_STRINGS[o.lang];
  const c = p.content;
  const name = displayName(p, t);
  const path = publicPath(p);
  const url = `${o.origin}${path}`;
  const summary = [c.ageYears !== null ? fill(t.age, { age: String(c.ageYears) }) : null, lastSeenLine(p, t, o.lang)]
    .filter(Boolean)
    .join('. ');
  const photo = c.photoSha256 ? `${o.origin}${path}/photo` : null;
  const head =
    `<meta name="description" content="${esc(summary)}">` +
    `<meta property="og:type" content="article"><meta property="og:title" content="${esc(`${t.missing}: ${name}`)}">` +
    `<meta property="og:description" content="${esc(summary)}"><meta property="og:url" content="${esc(url)}">` +
    `<meta property="og:locale" content="${o.lang}"><meta property="og:site_name" content="${esc(siteName(o.site, o.lang))}">` +
    (photo
      ? `<meta property="og:image" content="${esc(photo)}"><meta property="og:image:alt" content="${esc(fill(t.photoAlt, { name }))}">`
      : '') +
    `<meta name="twitter:card" content="${photo ? 'summary_large_image' : 'summary'}">` +
    `<meta name="twitter:title" content="${esc(`${t.missing}: ${name}`)}"><meta name="twitter:description" content="${esc(summary)}">` +
    (photo ? `<meta name="twitter:image" content="${esc(photo)}">` : '') +
    `<link rel="canonical" href="${esc(url)}">` +
    p.languages.map((l) => `<link rel="alternate" hreflang="${l}" href="${esc(`${url}?lang=${l}`)}">`).join('') +
    `<link rel="alternate" type="application/atom+xml" href="/public/${p.country}/feed.atom">` +
    (tip ? '<script src="/public/assets/tip.js" defer></script>' : '');
  const facts = [
    c.ageYears !== null ? `<p class="age">${esc(fill(t.age, { age: String(c.ageYears) }))}</p>` : '',
    lastSeenLine(p, t, o.lang) ? `<p class="seen">${esc(lastSeenLine(p, t, o.lang)!)}</p>` : '',
    c.description ? `<h2>${esc(t.description)}</h2><p>${esc(c.description)}</p>` : '',
    c.clothing ? `<h2>${esc(t.clothing)}</h2><p>${esc(c.clothing)}</p>` : '',
  ].join('');
  const body =
    `<article class="child"><p class="banner">${esc(t.missing)}</p><h1>${esc(name)}</h1>` +
    (photo ? `<img class="photo" src="${esc(`${path}/photo`)}" alt="${esc(fill(t.photoAlt, { name }))}" width="320">` : '') +
    `<div class="facts">${facts}</div>${hotlines(p, t, o.lang)}` +
    `<p><a href="${esc(`${path}/poster.pdf?lang=${o.lang}`)}">${esc(t.poster)}</a></p></article>` +
    (tip ? tipForm(p, t, tip) : '');
  return layout(o, `${t.missing}: ${name}`, head, body, p.languages);
}

function tipForm(p: PublicationRecord, t: PublicStrings, tip: TipFormView): string {
  const field = (id: string, label: string, input: string) => `<p><label for="${id}">${esc(label)}</label>${input}</p>`;
  return (
    `<section class="tip" aria-labelledby="tip-h"><h2 id="tip-h">${esc(t.tipHeading)}</h2><p>${esc(t.tipIntro)}</p>` +
    `<noscript><p class="note">${esc(t.tipNoScript)}</p></noscript>` +
    `<form id="tip-form" method="post" action="${esc(publicPath(p))}/tips" enctype="multipart/form-data" ` +
    `data-challenge="${esc(tip.challenge)}" data-bits="${tip.bits}">` +
    field('tip-what', t.tipWhat, '<textarea id="tip-what" name="what" required maxlength="4000" rows="4"></textarea>') +
    field('tip-when', t.tipWhen, '<input id="tip-when" name="when" type="datetime-local">') +
    field('tip-where', t.tipWhere, '<input id="tip-where" name="where" maxlength="400">') +
    field('tip-lat', t.tipLatitude, '<input id="tip-lat" name="latitude" inputmode="decimal" maxlength="20">') +
    field('tip-lon', t.tipLongitude, '<input id="tip-lon" name="longitude" inputmode="decimal" maxlength="20">') +
    field('tip-contact', t.tipContact, '<input id="tip-contact" name="contact" maxlength="400" autocomplete="off">') +
    field(
      'tip-photo',
      t.tipPhoto,
      `<input id="tip-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" aria-describedby="tip-photo-help">` +
        `<span id="tip-photo-help" class="help">${esc(t.tipPhotoHelp)}</span>`,
    ) +
    `<input type="hidden" name="challenge" value="${esc(tip.challenge)}"><input type="hidden" name="solution" value="">` +
    '<input type="hidden" name="zone" value="">' +
    `<p class="status" role="status" aria-live="polite" data-working="${esc(t.tipWorking)}"></p>` +
    `<p><button type="submit">${esc(t.tipSend)}</button></p></form></section>`
  );
}

export interface AgencyLine {
  readonly name: string;
  readonly hotline: string | null;
}

/** A country's page: its published children, newest first, and its agencies with the hotline. */
export function countryPage(country: string, pubs: readonly PublicationRecord[], agencies: readonly AgencyLine[], o: PageOptions): string {
  const t = PUBLIC_STRINGS[o.lang];
  const cname = countryName(country, o.lang);
  const items = pubs
    .map((p) => {
      const name = displayName(p, t);
      const seen = lastSeenLine(p, t, o.lang);
      const img = p.content.photoSha256
        ? `<img src="${esc(publicPath(p))}/photo" alt="${esc(fill(t.photoAlt, { name }))}" width="96" loading="lazy">`
        : '';
      return (
        `<li class="card">${img}<div><h2><a href="${esc(publicPath(p))}?lang=${o.lang}">${esc(name)}</a></h2>` +
        (p.content.ageYears !== null ? `<p>${esc(fill(t.age, { age: String(p.content.ageYears) }))}</p>` : '') +
        (seen ? `<p>${esc(seen)}</p>` : '') +
        '</div></li>'
      );
    })
    .join('');
  const list = pubs.length ? `<ul class="cards">${items}</ul>` : `<p class="empty">${esc(t.noneListed)}</p>`;
  const agencyList = agencies
    .map((a) => `<li>${esc(a.name)}${a.hotline ? ` · ${esc(fill(t.agencyHotline, { number: a.hotline }))}` : ''}</li>`)
    .join('');
  const head =
    `<link rel="alternate" type="application/atom+xml" href="/public/${country}/feed.atom">` +
    `<link rel="alternate" type="application/feed+json" href="/public/${country}/feed.json">`;
  const body =
    `<h1>${esc(fill(t.countryHeading, { country: cname }))}</h1>${list}` +
    (agencies.length ? `<section aria-labelledby="ag-h"><h2 id="ag-h">${esc(t.agencies)}</h2><ul>${agencyList}</ul></section>` : '');
  return layout(o, fill(t.countryHeading, { country: cname }), head, body, PUBLIC_LANGUAGES);
}

/** The site's front page: the countries with published children. */
export function indexPage(countries: readonly string[], o: PageOptions): string {
  const t = PUBLIC_STRINGS[o.lang];
  const items = countries.map((c) => `<li><a href="/public/${c}?lang=${o.lang}">${esc(countryName(c, o.lang))}</a></li>`).join('');
  const body =
    `<h1>${esc(t.site)}</h1>` + (countries.length ? `<h2>${esc(t.countries)}</h2><ul>${items}</ul>` : `<p>${esc(t.noneListed)}</p>`);
  return layout(o, t.site, '', body, PUBLIC_LANGUAGES);
}

export function messagePage(o: PageOptions, heading: string, detail: string, link?: { href: string; text: string }): string {
  const body = `<h1>${esc(heading)}</h1><p>${esc(detail)}</p>` + (link ? `<p><a href="${esc(link.href)}">${esc(link.text)}</a></p>` : '');
  return layout(o, heading, '<meta name="robots" content="noindex">', body, PUBLIC_LANGUAGES);
}

/** The widget a partner frames: the children published for its area, each linking to its page in a new tab. */
export function widgetPage(pubs: readonly PublicationRecord[], o: PageOptions, moreHref: string): string {
  const t = PUBLIC_STRINGS[o.lang];
  const items = pubs
    .map((p) => {
      const name = displayName(p, t);
      const img = p.content.photoSha256
        ? `<img src="${esc(publicPath(p))}/photo" alt="${esc(fill(t.photoAlt, { name }))}" width="64" loading="lazy">`
        : '';
      return `<li class="card">${img}<a href="${esc(o.origin + publicPath(p))}?lang=${o.lang}" target="_blank" rel="noopener">${esc(name)}</a></li>`;
    })
    .join('');
  const name = siteName(o.site, o.lang);
  return (
    `<!doctype html><html lang="${o.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(name)}</title><link rel="stylesheet" href="/public/assets/public.css">` +
    '<script src="/public/assets/embed.js" defer></script>' + // tells a partner page framing it by embed.js its height
    `</head><body class="widget"${brandStyle(o.site)}>` +
    `<header class="site">${brand(o.site, o.lang)}</header>` +
    (pubs.length ? `<ul class="cards">${items}</ul>` : `<p class="empty">${esc(t.noneListed)}</p>`) +
    `<p><a href="${esc(o.origin + moreHref)}" target="_blank" rel="noopener">${esc(t.widgetMore)}</a></p></body></html>`
  );
}

const xmlEsc = esc;

export interface FeedOptions {
  readonly origin: string;
  readonly lang: PublicLanguage;
  readonly title: string;
  /** The feed's own path (self link) and the page it belongs to. */
  readonly selfPath: string;
  readonly homePath: string;
  readonly now: Date;
  /** The country's public site: the feed's author and logo. */
  readonly site?: PublicSiteRecord | null;
}

function itemSummary(p: PublicationRecord, lang: PublicLanguage): string {
  const t = PUBLIC_STRINGS[lang];
  return [p.content.ageYears !== null ? fill(t.age, { age: String(p.content.ageYears) }) : null, lastSeenLine(p, t, lang)]
    .filter(Boolean)
    .join('. ');
}

/** Atom 1.0 (RFC 4287); each entry carries its area as a GeoRSS circle ("lat lon radius-in-metres") and the country. */
export function atomFeed(pubs: readonly PublicationRecord[], f: FeedOptions): string {
  const t = PUBLIC_STRINGS[f.lang];
  const updated = pubs.reduce((m, p) => (p.updatedAt > m ? p.updatedAt : m), '1970-01-01T00:00:00.000Z');
  const entries = pubs
    .map((p) => {
      const url = `${f.origin}${publicPath(p)}`;
      const area = publicArea(p, f.now);
      return (
        `<entry><id>${xmlEsc(url)}</id><title>${xmlEsc(`${t.missing}: ${displayName(p, t)}`)}</title>` +
        `<updated>${p.updatedAt}</updated><published>${p.publishedAt}</published>` +
        `<link rel="alternate" type="text/html" href="${xmlEsc(`${url}?lang=${f.lang}`)}"/>` +
        (p.content.photoSha256 ? `<link rel="enclosure" type="image/webp" href="${xmlEsc(`${url}/photo`)}"/>` : '') +
        `<summary>${xmlEsc(itemSummary(p, f.lang))}</summary><category term="${p.country}" label="country"/>` +
        (area ? `<georss:circle>${area.lat} ${area.lon} ${Math.round(area.radiusKm * 1000)}</georss:circle>` : '') +
        '</entry>'
      );
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:georss="http://www.georss.org/georss" xml:lang="${f.lang}">` +
    `<id>${xmlEsc(f.origin + f.selfPath)}</id><title>${xmlEsc(f.title)}</title><updated>${updated}</updated>` +
    `<link rel="self" href="${xmlEsc(f.origin + f.selfPath)}"/><link rel="alternate" href="${xmlEsc(f.origin + f.homePath)}"/>` +
    `<author><name>${xmlEsc(siteName(f.site, f.lang))}</name></author>` +
    (f.site?.logo ? `<logo>${xmlEsc(f.origin + logoPath(f.site.country, f.site.logo.sha256))}</logo>` : '') +
    `${entries}</feed>`
  );
}

/** JSON Feed 1.1; each item carries `_homeward` with the country and the area (a circle), for partners to filter by place. */
export function jsonFeed(pubs: readonly PublicationRecord[], f: FeedOptions): string {
  const t = PUBLIC_STRINGS[f.lang];
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: f.title,
    home_page_url: f.origin + f.homePath,
    feed_url: f.origin + f.selfPath,
    language: f.lang,
    authors: [{ name: siteName(f.site, f.lang) }],
    ...(f.site?.logo ? { icon: f.origin + logoPath(f.site.country, f.site.logo.sha256) } : {}),
    items: pubs.map((p) => {
      const url = `${f.origin}${publicPath(p)}`;
      return {
        id: url,
        url: `${url}?lang=${f.lang}`,
        title: `${t.missing}: ${displayName(p, t)}`,
        content_text: itemSummary(p, f.lang),
        ...(p.content.photoSha256 ? { image: `${url}/photo` } : {}),
        date_published: p.publishedAt,
        date_modified: p.updatedAt,
        _homeward: { country: p.country, area: publicArea(p, f.now) },
      };
    }),
  });
}

/** The sitemap of live pages only (a taken-down page leaves it at once). */
export function sitemap(pubs: readonly PublicationRecord[], countries: readonly string[], origin: string): string {
  const urls = [
    ...countries.map((c) => `<url><loc>${xmlEsc(`${origin}/public/${c}`)}</loc></url>`),
    ...pubs.map((p) => `<url><loc>${xmlEsc(origin + publicPath(p))}</loc><lastmod>${p.updatedAt}</lastmod></url>`),
  ].join('');
  return `<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`;
}
