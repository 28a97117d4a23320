// The merge list of a tip: the case's sightings only, newest first, each by its date and what was seen.
import { describe, expect, it } from 'vitest';
import { placeChoices, sightingChoices } from './sightings.js';

const node = (id: string, kind: string, props: Record<string, unknown>, label = id) => ({ id, kind, label, props });

describe('sightingChoices', () => {
  it('keeps the sightings, newest first, undated ones last', () => {
    const out = sightingChoices(
      [
        node('s1', 'SIGHTING', { observedAt: '2026-11-20T22:40:00Z', description: 'Market camera 3' }),
        node('p1', 'PERSON', { fullName: 'Ana' }),
        node('s0', 'SIGHTING', {}, 'Sighting without a date'),
        node('s2', 'SIGHTING', { observedAt: '2026-11-21T13:15:00Z', description: '  ' }, 'ANPR hit'),
      ],
      'en-GB',
    );
    expect(out.map((s) => s.id)).toEqual(['s2', 's1', 's0']);
    expect(out[0]!.label).toMatch(/^21 Nov 2026, .* · ANPR hit$/);
    expect(out[1]!.label).toMatch(/ · Market camera 3$/);
    expect(out[2]!.label).toBe('Sighting without a date');
  });
  it('shortens a long description', () => {
    const [s] = sightingChoices([node('s1', 'SIGHTING', { description: 'x'.repeat(200) })], 'en');
    expect(s!.label).toHaveLength(90);
    expect(s!.label.endsWith('…')).toBe(true);
  });
  it('is empty for a case without sightings', () => {
    expect(sightingChoices([node('p1', 'PERSON', {})], 'en')).toEqual([]);
  });
});

describe('placeChoices', () => {
  it('lists the case’s places by name with their country, in the reader’s order', () => {
    const out = placeChoices(
      [
        node('l2', 'LOCATION', { name: 'Tecún Umán', country: 'GT' }),
        node('s1', 'SIGHTING', { observedAt: '2026-11-20T22:40:00Z' }),
        node('l1', 'LOCATION', { name: 'Ciudad Hidalgo', country: 'MX' }),
        node('l3', 'LOCATION', {}, 'A place'),
      ],
      'es',
    );
    expect(out).toEqual([
      { id: 'l3', label: 'A place' },
      { id: 'l1', label: 'Ciudad Hidalgo (MX)' },
      { id: 'l2', label: 'Tecún Umán (GT)' },
    ]);
  });
});
