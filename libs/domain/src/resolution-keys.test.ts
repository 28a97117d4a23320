import { describe, expect, it } from 'vitest';
import { foldName, nameKeys, skeleton } from './resolution-keys';

/** True when two spellings of a name share a blocking key, i.e. one is proposed as a duplicate of the other. */
const meet = (a: string, b: string) => nameKeys([a]).some((k) => nameKeys([b]).includes(k));

describe('names in every script meet their Latin spelling', () => {
  it.each([
    ['Chinese (Han)', '王小明', 'WANG Xiaoming', 'wang xiaoming'],
    ['Chinese, traditional characters', '張偉', 'Zhang Wei', 'zhang wei'],
    ['Korean (Hangul)', '박지성', 'Bak Jiseong', 'bak jiseong'],
    ['Korean, final consonants', '김민국', 'Gim Minguk', 'gim minguk'],
    ['Hindi (Devanagari)', 'राजेश कुमार', 'Rajesh Kumar', 'rajes kumar'],
    // The Royal Thai General System, which Thai passports follow, writes จ as "ch".
    ['Thai', 'สมชาย ใจดี', 'Somchai Chaidi', 'smchay chaidi'],
    ['Amharic (Ethiopic)', 'አበበ ቢቂላ', 'Abebe Bikila', 'abebe bikila'],
    ['Georgian', 'გიორგი ბერიძე', 'Giorgi Beridze', 'giorgi beridze'],
    ['Russian (Cyrillic)', 'Мария Петрова', 'Maria Petrova', 'mariya petrova'],
    ['Greek', 'Γιώργος Παπαδόπουλος', 'Georgios Papadopoulos', 'giorgos papadopoulos'],
    ['Arabic', 'محمد يوسف', 'Muhammad Yusuf', 'mhmd ywsf'],
  ])('%s: %s folds to Latin and meets %s', (_script, native, latin, folded) => {
    expect(foldName(native)).toBe(folded);
    expect(foldName(native)).toMatch(/^[a-z0-9 ]+$/);
    expect(meet(native, latin)).toBe(true);
  });

  it('keeps different people apart across scripts', () => {
    expect(meet('王小明', 'Li Na')).toBe(false);
    expect(meet('राजेश कुमार', 'Rahul Sharma')).toBe(false);
    expect(meet('Мария Петрова', 'Olga Ivanova')).toBe(false);
  });

  it('reads an apostrophe as part of the word, not a break', () => {
    expect(foldName("O'Brien")).toBe('obrien');
    expect(foldName('O’Brien')).toBe(foldName('OBrien'));
  });

  it('gives no key for a name with nothing to transliterate', () => {
    expect(foldName('  ¿?  ')).toBe('');
    expect(nameKeys(['—'])).toEqual([]);
    expect(skeleton('')).toBe('');
  });
});
