/**
 * A spoken language's name in the reader's language ("es" → "Spanish", "kek" → "Q’eqchi’"), for what a case
 * records as codes: the child's profile on screen, the poster and the alerts on the server.
 */

/**
 * Languages of the region that the runtime's ICU data does not name (it names K'iche' and Zapotec, not
 * Q'eqchi', Kaqchikel or Mam): their own names (endonyms), the same in every reader's language. Written with
 * the typographic apostrophe, which the PDF documents' built-in fonts (WinAnsi) can draw, unlike the modifier
 * letter ʼ of the proper spelling.
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
  // ICU spells K'iche' with the modifier letter ʼ, which the PDF fonts cannot draw; ’ reads the same.
  if (named && named.toLowerCase() !== v.toLowerCase()) return named.replace(/\u02bc/g, '’');
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
