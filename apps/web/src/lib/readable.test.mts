// lib/readable.ts: times, sightings and people in words, in the reader's language and zone.
import { describe, expect, it } from 'vitest';
import { entityLabels, formatLocale, formatWhen, personName, regionName, sightingLabel, zoneForCountry, zoneOffset } from './readable.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const KINDS: Record<string, Record<string, string>> = {
  en: { SIGHTING: 'Sighting' },
  es: { SIGHTING: 'Avistamiento' },
  fr: { SIGHTING: 'Signalement' },
  pt: { SIGHTING: 'Avistamento' },
};
const opts = (locale: string, zone = 'America/Guatemala', caseZone: string | null = null) => ({
  locale,
  zone,
  caseZone,
  caseRegion: caseZone === 'America/Guatemala' ? 'GT' : null,
  now: NOW,
  kindName: (k: string) => KINDS[locale.slice(0, 2)]![k] ?? k,
});

describe('formatWhen', () => {
  it('says an instant in the reader zone and language, without the year of this year', () => {
    expect(formatWhen('2026-11-20T22:40:00.000Z', opts('en-GB'))).toBe('20 Nov, 16:40');
    expect(formatWhen('2026-11-20T22:40:00Z', opts('en-GB', 'UTC'))).toBe('20 Nov, 22:40');
    expect(formatWhen('2026-11-20T22:40:00Z', opts('es'))).toMatch(/^20 nov,? 16:40$/);
    expect(formatWhen('2026-11-20T22:40:00Z', opts('fr'))).toMatch(/^20 nov\.?,? 16:40$/);
    expect(formatWhen('2026-11-20T22:40:00Z', opts('pt'))).toMatch(/^20 de nov\.?,? 16:40$/);
  });
  it('keeps the year of another year', () => {
    expect(formatWhen('2025-03-02T10:00:00Z', opts('en-GB', 'UTC'))).toBe('2 Mar 2025, 10:00');
  });
  it("adds the case's time when the case's zone differs from the reader's", () => {
    // A reader in Madrid, a case in Guatemala: 22:40 UTC is 23:40 in Madrid and 16:40 in Guatemala.
    expect(formatWhen('2026-11-20T22:40:00Z', opts('en-GB', 'Europe/Madrid', 'America/Guatemala'))).toBe('20 Nov, 23:40 (Guatemala 16:40)');
    // Another day there: the date is said too.
    expect(formatWhen('2026-11-21T03:00:00Z', opts('en-GB', 'Europe/Madrid', 'America/Guatemala'))).toBe(
      '21 Nov, 04:00 (Guatemala 20 Nov, 21:00)',
    );
    // Same zone, or the same offset at that instant: nothing added.
    expect(formatWhen('2026-11-20T22:40:00Z', opts('en-GB', 'America/Guatemala', 'America/Guatemala'))).toBe('20 Nov, 16:40');
    expect(formatWhen('2026-11-20T22:40:00Z', opts('en-GB', 'America/Guatemala', 'America/Costa_Rica'))).toBe('20 Nov, 16:40');
  });
  it('shows dates of lower precision at their precision, without moving them between zones', () => {
    expect(formatWhen('2026-11-20', opts('en-GB', 'Pacific/Kiritimati'))).toBe('20 Nov 2026');
    expect(formatWhen('2026-11', opts('en-GB'))).toBe('November 2026');
    expect(formatWhen('2026', opts('en-GB'))).toBe('2026');
  });
  it('gives back what is not a date rather than nothing', () => {
    expect(formatWhen('yesterday evening', opts('en-GB'))).toBe('yesterday evening');
  });
});

describe('sighting labels', () => {
  const nodes = [
    { id: 's1', kind: 'SIGHTING', label: '2026-11-20T22:40:00.000Z', props: { observedAt: '2026-11-20T22:40:00.000Z' } },
    { id: 's2', kind: 'SIGHTING', label: '2026-11-21T13:15:00.000Z', props: { observedAt: '2026-11-21T13:15:00.000Z' } },
    { id: 'm', kind: 'LOCATION', label: 'Mercado La Terminal', props: {} },
    { id: 'p', kind: 'PERSON', label: 'Ana Lucía Pérez Gómez', props: {} },
  ];
  const edges = [
    { type: 'SIGHTED_AT', source: 's1', target: 'm' },
    { type: 'SIGHTING_OF', source: 's1', target: 'p' },
  ];
  it('names what, where and when in each language, and never shows the ISO string', () => {
    expect(entityLabels(nodes, edges, opts('en-GB')).get('s1')).toBe('Sighting · Mercado La Terminal · 20 Nov, 16:40');
    expect(entityLabels(nodes, edges, opts('es')).get('s1')).toMatch(/^Avistamiento · Mercado La Terminal · 20 nov,? 16:40$/);
    expect(entityLabels(nodes, edges, opts('fr')).get('s1')).toMatch(/^Signalement · Mercado La Terminal · 20 nov\.?,? 16:40$/);
    expect(entityLabels(nodes, edges, opts('pt')).get('s1')).toMatch(/^Avistamento · Mercado La Terminal · 20 de nov\.?,? 16:40$/);
    for (const l of entityLabels(nodes, edges, opts('en-GB')).values()) expect(l).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
  it('leaves out the place of a sighting seen nowhere recorded, and keeps other labels', () => {
    const labels = entityLabels(nodes, edges, opts('en-GB'));
    expect(labels.get('s2')).toBe('Sighting · 21 Nov, 07:15');
    expect(labels.get('p')).toBe('Ana Lucía Pérez Gómez');
    expect(sightingLabel({ id: 'x', kind: 'SIGHTING', label: 'x', props: {} }, null, opts('en-GB'))).toBe('Sighting');
  });
});

describe('zones, regions, people, locales', () => {
  it('finds a zone for a country', () => {
    expect(zoneForCountry('GT')).toBe('America/Guatemala');
    expect(zoneForCountry('mx')).toBe('America/Mexico_City');
    expect(zoneForCountry(null)).toBeNull();
    expect(zoneOffset(Date.parse('2026-11-20T22:40:00Z'), 'America/Guatemala')).toBe(-360);
    expect(zoneOffset(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Madrid')).toBe(120);
  });
  it('names a region in the reader language', () => {
    expect(regionName('GT', 'es')).toBe('Guatemala');
    expect(regionName('MX', 'fr')).toBe('Mexique');
  });
  it('shows a person by name and agency, never by id', () => {
    expect(personName({ displayName: 'Lucía Morales', agency: { name: 'PNC' } }, 'unknown account')).toBe('Lucía Morales, PNC');
    expect(personName(null, 'unknown account')).toBe('unknown account');
  });
  it("uses the browser's regional variant of the chosen language", () => {
    expect(formatLocale('en', ['en-GB', 'es'])).toBe('en-GB');
    expect(formatLocale('es', ['en-GB', 'es-MX'])).toBe('es-MX');
    expect(formatLocale('fr', ['en-GB'])).toBe('fr');
  });
});
