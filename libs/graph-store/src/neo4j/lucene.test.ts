import { describe, expect, it } from 'vitest';
import { escapeLucene, foldForPrefix, luceneQuery } from './lucene';

describe('escapeLucene', () => {
  it('escapes every character the classic query parser reads as syntax', () => {
    const special = '+-&|!(){}[]^"~*?:\\/';
    expect(escapeLucene(special)).toBe([...special].map((c) => `\\${c}`).join(''));
  });
  it('leaves letters, digits and accents alone', () => {
    expect(escapeLucene('José42')).toBe('José42');
  });
  it('turns upper-case operators into plain words', () => {
    expect(escapeLucene('AND')).toBe('and');
    expect(escapeLucene('NOT')).toBe('not');
    expect(escapeLucene('And')).toBe('And');
  });
  it('cannot smuggle a field query or a range through', () => {
    expect(escapeLucene('fullName:x')).toBe('fullName\\:x');
    expect(escapeLucene('[a TO z]')).toBe('\\[a TO z\\]');
  });
});

describe('foldForPrefix', () => {
  it('lower-cases and strips diacritics like the standard-folding analyzer', () => {
    expect(foldForPrefix('JOSÉ Peña')).toBe('jose pena');
  });
});

describe('luceneQuery', () => {
  it('requires every word and matches the last as a prefix too', () => {
    expect(luceneQuery('Ana Lucía')).toBe('+Ana +(Lucía OR lucia*)');
  });
  it('splits on anything that is not a letter or digit, so no syntax survives', () => {
    expect(luceneQuery('P-512 "DKL" OR (x*)')).toBe('+P +512 +DKL +or +(x OR x*)');
  });
  it('is null for text without words', () => {
    expect(luceneQuery('  -- ** ')).toBeNull();
    expect(luceneQuery('')).toBeNull();
  });
  it('keeps at most twelve words', () => {
    const q = luceneQuery(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '));
    expect(q?.split(' +').length).toBe(12);
  });
});
