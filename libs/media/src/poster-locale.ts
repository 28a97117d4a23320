/**
 * What a poster prints for people, not systems: times in the case's own time
 * zone and languages by their names in the poster's language.
 */

/**
 * The zone of the capital, for countries spanning several zones (CLDR lists
 * them alphabetically, so the first is no better than any other). A case does
 * not record its zone; its country's is what the public reading a poster there
 * keeps time by.
 */
const CAPITAL_ZONES: Readonly<Record<string, string>> = {
  AR: 'America/Argentina/Buenos_Aires',
  AU: 'Australia/Sydney',
  BR: 'America/Sao_Paulo',
  CA: 'America/Toronto',
  CD: 'Africa/Kinshasa',
  CL: 'America/Santiago',
  CN: 'Asia/Shanghai',
  EC: 'America/Guayaquil',
  ES: 'Europe/Madrid',
  ID: 'Asia/Jakarta',
  KZ: 'Asia/Almaty',
  MN: 'Asia/Ulaanbaatar',
  MX: 'America/Mexico_City',
  NZ: 'Pacific/Auckland',
  PT: 'Europe/Lisbon',
  RU: 'Europe/Moscow',
  UA: 'Europe/Kyiv',
  US: 'America/New_York',
};

interface LocaleWithZones {
  readonly timeZones?: readonly string[];
  getTimeZones?: () => string[];
}

/** The IANA time zone a case in `country` keeps time by; UTC when the country is not known. */
export function caseTimeZone(country: string): string {
  const c = country.toUpperCase();
  if (CAPITAL_ZONES[c]) return CAPITAL_ZONES[c];
  if (!/^[A-Z]{2}$/.test(c)) return 'UTC';
  try {
    // Node 20 has the `timeZones` getter; newer engines the getTimeZones() method.
    const l = new Intl.Locale(`und-${c}`) as unknown as LocaleWithZones;
    const zones = l.getTimeZones?.() ?? l.timeZones ?? [];
    return zones.length >= 1 ? zones[0] : 'UTC';
  } catch {
    return 'UTC';
  }
}

/** A date and time in the poster's language and the case's zone, with the zone's short name (e.g. "CST"). */
export function formatInZone(d: Date, lang: string, timeZone: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(d) + ' ' + zoneName(d, lang, timeZone);
}

function zoneName(d: Date, lang: string, timeZone: string): string {
  const part = new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** The name of a spoken language in `lang` (one rule with the web client's profile: libs/domain). */
export { languageName } from '@homeward/domain';
