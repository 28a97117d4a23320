import type { EntityKind } from '@homeward/graph-schema';

/*
 * Blocking keys for entity resolution and cross-case identifier matches. Pure
 * functions, here in the domain library because both the storage adapters
 * (which keep a key index up to date on every write) and libs/analysis (which
 * scores the candidates the index proposes) need the very same folding.
 */

/**
 * A small transliteration table to Latin for the scripts met in cross-border
 * cases (Cyrillic, Greek, Arabic). It is deliberately simple (one common
 * romanisation each): the phonetic skeleton below absorbs most of the
 * differences between romanisation systems.
 */
const TRANSLIT: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y',
  ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g',
  // Greek (accents are removed before the lookup)
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o',
  π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
  // Arabic (short vowels are not written, which the skeleton tolerates)
  ا: 'a', أ: 'a', إ: 'i', آ: 'a', ٱ: 'a', ب: 'b', ت: 't', ث: 'th', ج: 'j', ح: 'h', خ: 'kh', د: 'd', ذ: 'dh', ر: 'r', ز: 'z',
  س: 's', ش: 'sh', ص: 's', ض: 'd', ط: 't', ظ: 'z', ع: '', غ: 'gh', ف: 'f', ق: 'q', ك: 'k', ل: 'l', م: 'm', ن: 'n', ه: 'h',
  و: 'w', ي: 'y', ى: 'a', ة: 'a', ء: '', ئ: 'y', ؤ: 'w', پ: 'p', چ: 'ch', گ: 'g', ک: 'k', ی: 'y',
  // Latin letters that Unicode does not decompose into a base letter and a mark
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h',
};

/** Lower case, Latin script, no diacritics, words separated by one space. */
export function foldName(text: string): string {
  // Greek "ου" is one sound, written "ou" in every romanisation (letter by letter it would be "oy").
  const lower = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ου/g, 'ou');
  let out = '';
  for (const ch of lower) out += TRANSLIT[ch] ?? ch;
  return out
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The folded words of a name, sorted, so "Pérez García, María" and "María Pérez García" compare equal. */
export function nameTokens(text: string): string[] {
  const folded = foldName(text);
  return folded ? folded.split(' ').sort() : [];
}

/**
 * A consonant skeleton of one folded word: the first letter kept, later vowels
 * and semivowels dropped, digraphs of different romanisations made equal,
 * doubled letters collapsed. "muhammad", "mukhammed" and Arabic "mhmd" all give
 * "mhmd"; "yusuf" and "ywsf" give "ysf".
 */
export function skeleton(word: string): string {
  if (!word) return '';
  const w = word
    .replace(/kh/g, 'h')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/dh/g, 'd')
    .replace(/gh/g, 'g')
    .replace(/sh|ch|zh/g, 's')
    .replace(/ck|q|c/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/z/g, 's')
    .replace(/v/g, 'b')
    .replace(/j/g, 'y');
  let out = w[0];
  for (const ch of w.slice(1)) {
    if ('aeiouyw'.includes(ch)) continue;
    if (out[out.length - 1] !== ch) out += ch;
  }
  return out;
}

/** A plate, VIN or similar identifier as compared: upper case, letters and digits only ("p-512 dkl" is "P512DKL"). */
export function normalisePlate(plate: string): string {
  return plate.normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** A phone number or IMEI as compared: its digits, without an international prefix's leading zeros. */
export function normaliseDigits(value: string): string {
  return value.replace(/\D/g, '').replace(/^0+/, '');
}

/** Blocking keys of a name: every pair of distinct word skeletons (a single word stands alone). */
export function nameKeys(names: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const name of names) {
    const sk = [...new Set(nameTokens(name).map(skeleton).filter((s) => s.length > 0))].sort();
    if (sk.length === 1) keys.add(`n1:${sk[0]}`);
    // Only the first eight words: a pasted paragraph must not explode into thousands of keys.
    const words = sk.slice(0, 8);
    for (let i = 0; i < words.length; i++) for (let j = i + 1; j < words.length; j++) keys.add(`np:${words[i]}|${words[j]}`);
  }
  return [...keys];
}

/** Keys that identify the same real thing whatever the spelling: plates, VINs, phone numbers, IMEIs, handles. */
export function identifierKeys(kind: EntityKind, props: Readonly<Record<string, unknown>>): string[] {
  const s = (name: string) => (typeof props[name] === 'string' ? (props[name] as string) : '');
  const keys: string[] = [];
  const add = (prefix: string, value: string) => {
    if (value.length >= 3) keys.push(`${prefix}:${value}`);
  };
  switch (kind) {
    case 'VEHICLE':
      add('plate', normalisePlate(s('plate')));
      add('vin', normalisePlate(s('vin')));
      break;
    case 'PHONE':
      add('phone', normaliseDigits(s('number')));
      add('imei', normaliseDigits(s('imei')));
      break;
    case 'ONLINE_ACCOUNT':
      if (s('handle')) add('handle', `${foldName(s('platform')).replace(/ /g, '')}/${s('handle').trim().replace(/^@/, '').toLowerCase()}`);
      break;
    default:
      break;
  }
  return keys;
}

/** Every blocking key of an entity: identifiers, and for people their name pairs and date of birth. */
export function resolutionKeys(kind: EntityKind, props: Readonly<Record<string, unknown>>): string[] {
  const keys = identifierKeys(kind, props);
  if (kind === 'PERSON') {
    const names = [props.fullName, ...(Array.isArray(props.aliases) ? props.aliases : [])].filter((n): n is string => typeof n === 'string');
    keys.push(...nameKeys(names));
    if (typeof props.dateOfBirth === 'string' && props.dateOfBirth) keys.push(`dob:${props.dateOfBirth.slice(0, 10)}`);
  }
  return keys;
}

/** Whether a key names an identifier (the same plate, number, handle) rather than a similar name or birth date. */
export const isIdentifierKey = (key: string): boolean => /^(plate|vin|phone|imei|handle):/.test(key);
