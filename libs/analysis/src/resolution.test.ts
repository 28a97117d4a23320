import { describe, expect, it } from 'vitest';
import { foldName, identifierKeys, nameKeys, normaliseDigits, normalisePlate, resolutionKeys, skeleton } from '@homeward/domain';
import { jaro, jaroWinkler, nameSimilarity, scoreCandidate } from './resolution';

describe('folding and transliteration', () => {
  it('removes diacritics and case, and joins words with one space', () => {
    expect(foldName('  José  MARÍA Núñez-Ñandú ')).toBe('jose maria nunez nandu');
    expect(foldName('Straße Łódź Øster')).toBe('strasse lodz oster');
  });

  it('transliterates Cyrillic, Greek and Arabic to Latin', () => {
    expect(foldName('Мария Петрова')).toBe('mariya petrova');
    expect(foldName('Γιώργος Παπαδόπουλος')).toBe('giorgos papadopoulos');
    expect(foldName('محمد')).toBe('mhmd');
    expect(foldName('Юлия Щербакова')).toBe('yuliya shcherbakova');
  });

  it('gives spellings of one name across romanisations the same skeleton', () => {
    expect(skeleton('muhammad')).toBe('mhmd');
    expect(skeleton(foldName('Мухаммед'))).toBe('mhmd');
    expect(skeleton(foldName('محمد'))).toBe('mhmd');
    expect(skeleton('yusuf')).toBe(skeleton(foldName('يوسف')));
    expect(skeleton('giorgos')).toBe(skeleton(foldName('Γιώργος')));
    expect(skeleton('perez')).not.toBe(skeleton('garcia'));
  });

  it('makes name-pair keys independent of word order and diacritics', () => {
    expect(nameKeys(['María Pérez'])).toEqual(nameKeys(['PEREZ, maria']));
    expect(nameKeys(['Ana'])).toEqual(['n1:an']);
    expect(nameKeys(['Ana Lucía Pérez'])).toHaveLength(3);
    // A pasted paragraph does not explode into thousands of keys.
    expect(
      nameKeys([Array.from({ length: 40 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}`).join(' ')]).length,
    ).toBeLessThanOrEqual(28);
  });
});

describe('plates and numbers', () => {
  it('normalises plates whatever the spacing, dashes and case', () => {
    expect(normalisePlate('p-512 dkl')).toBe('P512DKL');
    expect(normalisePlate('P 512-DKL')).toBe('P512DKL');
    expect(normalisePlate('ÄB·12')).toBe('AB12');
  });

  it('keeps the digits of phone numbers', () => {
    expect(normaliseDigits('+502 5555-1234')).toBe('50255551234');
    expect(normaliseDigits('00502 5555 1234')).toBe('50255551234');
  });

  it('derives identifier keys per kind, ignoring ones too short to mean anything', () => {
    expect(identifierKeys('VEHICLE', { plate: 'p-512 dkl', vin: '1HGCM82633A004352' })).toEqual(['plate:P512DKL', 'vin:1HGCM82633A004352']);
    expect(identifierKeys('VEHICLE', { plate: 'A-1' })).toEqual([]);
    expect(identifierKeys('ONLINE_ACCOUNT', { platform: 'Tik Tok', handle: '@Ana.P' })).toEqual(['handle:tiktok/ana.p']);
    expect(resolutionKeys('PERSON', { fullName: 'Ana Pérez', dateOfBirth: '2012-03-04' })).toEqual(['np:an|prs', 'dob:2012-03-04']);
  });
});

describe('similarity', () => {
  it('computes Jaro and Jaro-Winkler as published (MARTHA/MARHTA, DIXON/DICKSONX)', () => {
    expect(jaro('martha', 'marhta')).toBeCloseTo(0.944, 3);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('same', 'same')).toBe(1);
  });

  it('scores names across order, diacritics and scripts high, different names low', () => {
    expect(nameSimilarity('María José Pérez', 'PEREZ Maria Jose')).toBe(1);
    expect(nameSimilarity('Muhammad Ali', 'Мухаммед Али')).toBeGreaterThan(0.85);
    expect(nameSimilarity('Γιώργος Παπαδόπουλος', 'Giorgos Papadopoulos')).toBe(1);
    expect(nameSimilarity('Carlos Méndez', 'Ana Pérez')).toBeLessThan(0.7);
  });

  it('proposes people by name, helped by the same birth date and held back by a different one', () => {
    const p = (fullName: string, dateOfBirth?: string) => ({
      kind: 'PERSON' as const,
      props: { fullName, ...(dateOfBirth ? { dateOfBirth } : {}) },
    });
    expect(scoreCandidate(p('Ana Pérez', '2012-03-04'), p('ana perez', '2012-03-04'))).toEqual({
      score: 1,
      reasons: ['SAME_NAME', 'SAME_DATE_OF_BIRTH'],
    });
    expect(scoreCandidate(p('Ana Pérez'), p('Carlos Méndez'))).toBeNull();
    const weak = scoreCandidate(p('Ana Lucia Perez Gomez', '2012-03-04'), p('Anita Perez', '2012-03-04'));
    expect(weak?.reasons).toContain('SAME_DATE_OF_BIRTH');
    const differentBirth = scoreCandidate(p('Ana Perez', '2012-03-04'), p('Ana Peres', '1990-01-01'));
    const noBirth = scoreCandidate(p('Ana Perez'), p('Ana Peres'));
    expect(differentBirth === null || differentBirth.score < noBirth!.score).toBe(true);
  });

  it('proposes vehicles with the same plate written differently, and nothing across kinds', () => {
    expect(scoreCandidate({ kind: 'VEHICLE', props: { plate: 'P-512 DKL' } }, { kind: 'VEHICLE', props: { plate: 'p512dkl' } })).toEqual({
      score: 1,
      reasons: ['SAME_PLATE'],
    });
    expect(
      scoreCandidate({ kind: 'VEHICLE', props: { plate: 'P-512 DKL' } }, { kind: 'VEHICLE', props: { plate: 'P-513 DKL' } }),
    ).toBeNull();
    expect(scoreCandidate({ kind: 'VEHICLE', props: { plate: 'X' } }, { kind: 'PERSON', props: { fullName: 'X' } })).toBeNull();
  });
});
