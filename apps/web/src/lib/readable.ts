/**
 * Times, places and people in words (issue 18): the one place the client turns a stored value
 * (an ISO instant, a sighting node, an account) into what a person reads. Pure functions, no React,
 * so that labels on the canvas, the list, the timeline, the map and tooltips all say the same thing.
 */
import { isTimeZone, zoneOffset } from '@homeward/domain';

export { zoneOffset };

/** A value as the timeline and the graph store it: an instant with zone, or a date of lower precision. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DATE_ONLY = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/;

export interface WhenOptions {
  /** BCP 47 locale of the reader ('en-GB', 'es', 'pt-BR'). */
  readonly locale: string;
  /** The reader's IANA zone; the runtime's when absent. */
  readonly zone?: string;
  /** The case's zone (where the events happened); shown beside the reader's time when its offset differs. */
  readonly caseZone?: string | null;
  /** Region code naming the case's zone in the text ('GT' → "Guatemala"); the zone's city when absent. */
  readonly caseRegion?: string | null;
  /** "Now", for dropping the year of this year's dates (tests pin it). */
  readonly now?: number;
}

function viewerZone(o: WhenOptions): string {
  return o.zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function yearIn(ms: number, zone: string): number {
  return Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: zone }).format(ms));
}

/** The name of a region in the reader's language ('GT' → "Guatemala"), or null when the runtime has none. */
export function regionName(code: string, locale: string): string | null {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code.toUpperCase()) ?? null;
  } catch {
    return null;
  }
}

/**
 * "20 Nov, 16:40" in the reader's language and zone, with the year when it is not this year's;
 * "(Guatemala 16:40)" after it when the case's zone has another offset at that instant.
 * A date without a time ("2026-11-20", "2026-11") is shown at its own precision and never moved between zones.
 * Anything that is not a date comes back unchanged: the reader sees what was written rather than nothing.
 */
export function formatWhen(value: string, o: WhenOptions): string {
  const dateOnly = DATE_ONLY.exec(value);
  const now = o.now ?? Date.now();
  if (dateOnly) {
    const [, y, m, d] = dateOnly;
    const ms = Date.UTC(Number(y), m ? Number(m) - 1 : 0, d ? Number(d) : 1);
    if (Number.isNaN(ms)) return value;
    const opts: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
    if (m) opts.month = d ? 'short' : 'long';
    if (d) opts.day = 'numeric';
    return new Intl.DateTimeFormat(o.locale, opts).format(ms);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const zone = viewerZone(o);
  const opts: Intl.DateTimeFormatOptions = { timeZone: zone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  if (yearIn(ms, zone) !== yearIn(now, zone)) opts.year = 'numeric';
  const text = new Intl.DateTimeFormat(o.locale, opts).format(ms);
  const cz = o.caseZone;
  if (!cz || cz === zone || !isTimeZone(cz) || zoneOffset(ms, cz) === zoneOffset(ms, zone)) return text;
  const there = new Intl.DateTimeFormat(o.locale, { timeZone: cz, hour: '2-digit', minute: '2-digit' }).format(ms);
  // The day as well when the case's wall clock is on another day than the reader's.
  const sameDay =
    new Intl.DateTimeFormat('en-CA', { timeZone: cz, dateStyle: 'short' }).format(ms) ===
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' }).format(ms);
  const thereText = sameDay
    ? there
    : new Intl.DateTimeFormat(o.locale, { timeZone: cz, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(ms);
  const place = (o.caseRegion && regionName(o.caseRegion, o.locale)) || cz.split('/').pop()!.replace(/_/g, ' ');
  return `${text} (${place} ${thereText})`;
}

/**
 * The zone a case's events happened in, from its country. One zone for countries that span
 * several (the capital's), since a case records a country and not a zone; a country the runtime
 * does not know has none, and times are then shown in the reader's zone only.
 */
const MAIN_ZONE: Readonly<Record<string, string>> = {
  MX: 'America/Mexico_City',
  US: 'America/New_York',
  CA: 'America/Toronto',
  BR: 'America/Sao_Paulo',
  AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago',
  EC: 'America/Guayaquil',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  FR: 'Europe/Paris',
  RU: 'Europe/Moscow',
  AU: 'Australia/Sydney',
  ID: 'Asia/Jakarta',
  CD: 'Africa/Kinshasa',
  KZ: 'Asia/Almaty',
  MN: 'Asia/Ulaanbaatar',
  NZ: 'Pacific/Auckland',
  DE: 'Europe/Berlin',
  GB: 'Europe/London',
  CO: 'America/Bogota',
  PE: 'America/Lima',
};

export function zoneForCountry(country: string | null | undefined): string | null {
  if (!country) return null;
  const cc = country.toUpperCase();
  if (MAIN_ZONE[cc]) return MAIN_ZONE[cc];
  try {
    const loc = new Intl.Locale(`und-${cc}`) as Intl.Locale & { getTimeZones?: () => string[] | undefined; timeZones?: string[] };
    const zones = loc.getTimeZones?.() ?? loc.timeZones;
    return zones && zones.length > 0 ? zones[0]! : null;
  } catch {
    return null;
  }
}

/** Just enough of a graph node and edge to name it. */
export interface NamedNode {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly props?: Readonly<Record<string, unknown>> | null;
}
export interface NamedEdge {
  readonly type: string;
  readonly source: string;
  readonly target: string;
}

export interface LabelOptions extends WhenOptions {
  /** The kind's name in the reader's language ('SIGHTING' → "Avistamiento"). */
  kindName(kind: string): string;
}

/** "Sighting · Mercado La Terminal · 20 Nov, 16:40": what, where (when known), when. */
export function sightingLabel(node: NamedNode, place: string | null | undefined, o: LabelOptions): string {
  // Answers that carry no properties still carry the stored label, which for a sighting is its time.
  const at = node.props?.['observedAt'] ?? (ISO_INSTANT.test(node.label) ? node.label : undefined);
  const parts = [o.kindName('SIGHTING')];
  if (place) parts.push(place);
  if (typeof at === 'string') parts.push(formatWhen(at, o));
  return parts.join(' · ');
}

/** The label a person reads for one entity; `place` is the name of a sighting's location. */
export function entityLabel(node: NamedNode, o: LabelOptions, place?: string | null): string {
  if (node.kind === 'SIGHTING') return sightingLabel(node, place, o);
  return node.label;
}

/** Every node's label, a sighting named by the place it was seen at (its SIGHTED_AT link). */
export function entityLabels(nodes: Iterable<NamedNode>, edges: Iterable<NamedEdge>, o: LabelOptions): Map<string, string> {
  const byId = new Map<string, NamedNode>();
  for (const n of nodes) byId.set(n.id, n);
  const placeOf = new Map<string, string>();
  for (const e of edges) {
    if (e.type !== 'SIGHTED_AT' || placeOf.has(e.source)) continue;
    const loc = byId.get(e.target);
    if (loc) placeOf.set(e.source, loc.label);
  }
  const out = new Map<string, string>();
  for (const n of byId.values()) out.set(n.id, entityLabel(n, o, placeOf.get(n.id)));
  return out;
}

/** "Lucía Morales, Policía Nacional Civil"; `unknown` when the account could not be resolved (never its id). */
export function personName(
  user: { readonly displayName: string; readonly agency?: { readonly name: string } | null } | null | undefined,
  unknown: string,
): string {
  if (!user) return unknown;
  return user.agency ? `${user.displayName}, ${user.agency.name}` : user.displayName;
}

/** The locale for Intl: the reader's own (en-GB) when it is of the chosen language, else the language. */
export function formatLocale(language: string, browser: readonly string[]): string {
  const lang = language.slice(0, 2);
  return browser.find((l) => l.slice(0, 2).toLowerCase() === lang) ?? lang;
}
