import { describe, expect, it } from 'vitest';
import { languageList, languageName } from './language-name';

describe('languageName', () => {
  it('names a code in the reader’s language', () => {
    expect(languageName('es', 'en')).toBe('Spanish');
    expect(languageName('es', 'fr')).toBe('espagnol');
    expect(languageName('en', 'es')).toBe('inglés');
    expect(languageName('pt', 'pt')).toBe('português');
  });
  it('names regional languages ICU does not know by their own names', () => {
    // Node's ICU names Q'eqchi' (with ʼ) and some browsers' do not: either way it is a name, not the code.
    expect(languageName('kek', 'en')).toMatch(/^Q[ʼ’]eqchi[ʼ’]$/);
    expect(languageName('cak', 'en')).toBe('Kaqchikel');
    expect(languageName('MAM', 'es')).toBe('Mam');
  });
  it('leaves a name typed in full, and an unknown code, as written', () => {
    expect(languageName('Q’anjob’al', 'en')).toBe('Q’anjob’al');
    expect(languageName('zzz', 'en')).toBe('zzz');
  });
  it('lists several as the language lists things', () => {
    expect(languageList(['es', 'cak'], 'en')).toBe('Spanish and Kaqchikel');
    expect(languageList(['es', 'cak', 'mam'], 'es')).toBe('español, Kaqchikel y Mam');
  });
});
