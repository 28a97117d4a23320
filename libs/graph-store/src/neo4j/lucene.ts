/** Characters the Lucene classic query parser treats as syntax. */
const SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;
/** Upper-case operators of the classic parser; lower-case they are plain words. */
const OPERATORS = new Set(['AND', 'OR', 'NOT', 'TO']);

/** Makes user text a literal Lucene term: no operator, wildcard, field or range can be injected through it. */
export function escapeLucene(text: string): string {
  if (OPERATORS.has(text)) return text.toLowerCase();
  return text.replace(SPECIAL, (c) => `\\${c}`);
}

/** Lower-case without diacritics, as the `standard-folding` analyzer indexes; wildcard terms bypass the analyzer. */
export function foldForPrefix(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** At most this many words: a pasted paragraph must not become a huge boolean query. */
const MAX_WORDS = 12;

/**
 * The fulltext query for what a user typed, matching the embedded store: every
 * word must match, the last one also as a prefix (search as you type).
 * Null when the text holds no word.
 */
export function luceneQuery(text: string): string | null {
  const words = text
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  return words
    .map((w, i) => (i === words.length - 1 ? `+(${escapeLucene(w)} OR ${escapeLucene(foldForPrefix(w))}*)` : `+${escapeLucene(w)}`))
    .join(' ');
}
