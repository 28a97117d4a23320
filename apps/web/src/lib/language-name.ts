/**
 * A spoken language's name in the reader's language ("es" → "Spanish", "kek" → "Q’eqchi’"), for screens that
 * show what a case records as codes. The poster has the same rule on the server (libs/media poster-locale).
 */

/**
 * Mayan and other languages of the region that browsers' ICU data does not name (Chromium names K'iche',
 * not Q'eqchi', Kaqchikel or Mam): their own names (endonyms), the same in every reader's language.
 */
const REGIONAL: Readonly<Record<string, string>> = {
  kek: 'Q’eqchi’',
  cak: 'Kaqchikel',
  mam: 'Mam',
  tzj: 'Tz’utujil',
  poh: 'Poqomchi’',
  acr: 'Achi',
  ixl: 'Ixil',
  jac: 'Popti’',
  cac: 'Chuj',
  kjb: 'Q’anjob’al',
  tzo: 'Tsotsil',
  tzh: 'Tseltal',
  nah: 'Náhuatl',
  yua: 'Maaya t’aan',
  mix: 'Tu’un savi',
};

const CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i;

/** The name of `code` in `locale`; a value that is not a code (a name typed in full) comes back as written. */
export function languageName(code: string, locale: string): string {
  const v = code.trim();
  if (!CODE.test(v)) return v;
  let named: string | undefined;
  try {
    named = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }).of(v);
  } catch {
    named = undefined;
  }
  if (named && named.toLowerCase() !== v.toLowerCase()) return named;
  return REGIONAL[v.toLowerCase()] ?? v;
}

/** Several languages, named and joined as the reader's language lists things ("Spanish and Q’eqchi’"). */
export function languageList(codes: readonly string[], locale: string): string {
  const names = codes.map((c) => languageName(c, locale));
  try {
    return new Intl.ListFormat([locale], { type: 'conjunction', style: 'long' }).format(names);
  } catch {
    return names.join(', ');
  }
}
