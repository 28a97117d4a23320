import { describe, expect, it } from 'vitest';
import type { EntityRecord } from '@homeward/domain';
import { caseCountries } from './case-countries';
import { caseTimeZone, formatInZone, languageName } from './poster-locale';

describe('poster locale', () => {
  it('keeps time in the case country’s zone (the capital’s where there are several)', () => {
    expect(caseTimeZone('GT')).toBe('America/Guatemala');
    expect(caseTimeZone('mx')).toBe('America/Mexico_City');
    expect(caseTimeZone('FR')).toBe('Europe/Paris');
    expect(caseTimeZone('??')).toBe('UTC');
    // 22:40 UTC is 16:40 in Guatemala (UTC-6, no daylight saving).
    const s = formatInZone(new Date('2026-11-20T22:40:00Z'), 'en', 'America/Guatemala');
    expect(s).toContain('November 20, 2026');
    expect(s).toMatch(/4:40\s?PM CST$/);
    expect(formatInZone(new Date('2026-11-20T22:40:00Z'), 'es', 'America/Guatemala')).toContain('16:40');
  });

  it('names languages in the poster’s language; regional ones ICU does not know by their own names; typed names as typed', () => {
    expect(languageName('es', 'en')).toBe('Spanish');
    expect(languageName('es', 'fr')).toBe('espagnol');
    expect(languageName('kek', 'es')).toBe('Q’eqchi’');
    expect(languageName('quc', 'en')).toBe('K’iche’');
    expect(languageName("K'iche'", 'en')).toBe("K'iche'");
    expect(languageName('Spanish', 'pt')).toBe('Spanish');
  });
});

describe('case countries', () => {
  const loc = (id: string, country: string, cases: string[] = ['c']): EntityRecord => ({
    id,
    kind: 'LOCATION',
    label: id,
    props: { name: id, country, latitude: 0, longitude: 0 },
    cases: cases.map((caseId) => ({ caseId, role: null })),
    provenance: { createdBy: 'u', createdAt: '2026-01-01T00:00:00Z' },
  });
  it('lead first, then agencies’, places’ and visible sharing cases’ countries, once each', () => {
    const graph = { nodes: [loc('a', 'GT'), loc('b', 'mx'), loc('shared', 'GT', ['c', 'other', 'hidden'])], edges: [] };
    const visible = new Map([
      ['c', 'GT'],
      ['other', 'SV'],
    ]);
    expect(caseCountries({ caseId: 'c', country: 'GT', agencyCountries: ['GT', 'HN'], graph, visibleCaseCountries: visible })).toEqual([
      'GT',
      'HN',
      'MX',
      'SV',
    ]);
    expect(
      caseCountries({ caseId: 'c', country: 'GT', agencyCountries: [], graph: { nodes: [], edges: [] }, visibleCaseCountries: visible }),
    ).toEqual(['GT']);
  });
});
