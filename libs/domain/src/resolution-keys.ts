import anyAscii from 'any-ascii';
import type { EntityKind } from '@homeward/graph-schema';

/*
 * Blocking keys for entity resolution and cross-case identifier matches. Pure
 * functions, here in the domain library because both the storage adapters
 * (which keep a key index up to date on every write) and libs/analysis (which
 * scores the candidates the index proposes) need the very same folding.
 */

/*
 * Names are compared in Latin script: any-ascii transliterates every Unicode
 * script (Cyrillic, Greek, Arabic, Han, Hangul, Devanagari, Thai, Ethiopic,
 * Georgian, …) with one common romanisation each. The phonetic skeleton below
 * absorbs most of the differences between romanisation systems.
 */

/** Han (Chinese, Japanese kanji) and Hangul (Korean): one character is one syllable of a name. */
const SYLLABIC = /[\p{Script=Han}\p{Script=Hangul}]+/gu;

/**
 * A run of Han or Hangul as a passport writes it (ICAO 9303 practice in China and
 * Korea): the first syllable is the family name, the others form one given name,
 * so "王小明" is "wang xiaoming", as an investigator types "WANG Xiaoming".
 */
function syllabicRun(run: string): string {
  const syllables = [...run].map(syllable);
  return ` ${syllables[0]} ${syllables.slice(1).join('')} `;
}

/** Revised Romanization writes a Hangul syllable's final ㄱ, ㄷ, ㅂ as k, t, p ("박" is "bak"); any-ascii gives g, d, b. */
const HANGUL_FINAL: Readonly<Record<number, [string, string]>> = { 1: ['g', 'k'], 7: ['d', 't'], 17: ['b', 'p'] };

function syllable(ch: string): string {
  const latin = anyAscii(ch).toLowerCase();
  const code = ch.codePointAt(0)! - 0xac00;
  const final = code >= 0 && code < 11172 ? HANGUL_FINAL[code % 28] : undefined;
  return final && latin.endsWith(final[0]) ? latin.slice(0, -1) + final[1] : latin;
}

/** Thai vowels written before their consonant but said after it (เ แ โ ใ ไ): "ใจดี" is read "jai-dee". */
const THAI_LEADING_VOWEL = /([\u0E40-\u0E44])([\u0E01-\u0E2E])/g;

/** Lower case, Latin script, no diacritics, words separated by one space. */
export function foldName(text: string): string {
  // Greek "ου" is one sound, written "ou" in every romanisation (letter by letter it would be "oy").
  // any-ascii runs on composed text: decomposing first would drop Devanagari and Thai vowel signs.
  const lower = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ου/g, 'ou')
    .replace(/ού/g, 'ou')
    .replace(THAI_LEADING_VOWEL, '$2$1')
    .replace(SYLLABIC, syllabicRun);
  return (
    anyAscii(lower)
      .toLowerCase()
      // An apostrophe inside a name is not a word break: "O'Brien" is "obrien", Ethiopic "bik'ila" is "bikila".
      .replace(/['’ʼ]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
  );
}

/**
 * Bump when the keys below change (folding, skeletons, identifiers): a store indexed by an
 * older version is re-indexed once at open. 2: any-ascii transliteration of every script.
 */
export const RESOLUTION_KEY_VERSION = 2;

/** Kinds that have blocking keys. */
export const KEYED_KINDS: readonly EntityKind[] = ['PERSON', 'VEHICLE', 'PHONE', 'ONLINE_ACCOUNT'];

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
  return plate
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/** A phone number or IMEI as compared: its digits, without an international prefix's leading zeros. */
export function normaliseDigits(value: string): string {
  return value.replace(/\D/g, '').replace(/^0+/, '');
}

/** Blocking keys of a name: every pair of distinct word skeletons (a single word stands alone). */
export function nameKeys(names: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const name of names) {
    const sk = [
      ...new Set(
        nameTokens(name)
          .map(skeleton)
          .filter((s) => s.length > 0),
      ),
    ].sort();
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
    const names = [props.fullName, ...(Array.isArray(props.aliases) ? props.aliases : [])].filter(
      (n): n is string => typeof n === 'string',
    );
    keys.push(...nameKeys(names));
    if (typeof props.dateOfBirth === 'string' && props.dateOfBirth) keys.push(`dob:${props.dateOfBirth.slice(0, 10)}`);
  }
  return keys;
}

/** Whether a key names an identifier (the same plate, number, handle) rather than a similar name or birth date. */
export const isIdentifierKey = (key: string): boolean => /^(plate|vin|phone|imei|handle):/.test(key);
