import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Topology } from 'topojson-specification';
import { baseMap } from './base-map.js';
import { alpha2Of, countryName } from './country-names.js';

const require = createRequire(import.meta.url);
const atlas = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as {
  objects: { countries: { geometries: Array<{ id?: string; properties: { name: string } }> } };
};

describe('country names on the base map', () => {
  it('gives every country of the atlas with a numeric code its alpha-2 code', () => {
    const missing = atlas.objects.countries.geometries
      .filter((g) => g.id && !alpha2Of(g.id, g.properties.name))
      .map((g) => g.properties.name);
    expect(missing).toEqual([]);
    expect(alpha2Of('320', 'Guatemala')).toBe('GT');
    expect(alpha2Of('036', 'Australia')).toBe('AU');
    expect(alpha2Of(null, 'Kosovo')).toBe('XK');
    expect(alpha2Of(undefined, 'Somaliland')).toBeNull();
  });

  it('names them in the reader’s language, and keeps the atlas’s English name where there is none', () => {
    expect(countryName('MX', 'Mexico', 'en')).toBe('Mexico');
    expect(countryName('MX', 'Mexico', 'es')).toBe('México');
    expect(countryName('MX', 'Mexico', 'fr')).toBe('Mexique');
    expect(countryName('DE', 'Germany', 'pt')).toBe('Alemanha');
    expect(countryName('US', 'United States of America', 'es')).toBe('Estados Unidos');
    expect(countryName(null, 'Somaliland', 'fr')).toBe('Somaliland');
    // Every code of the atlas has a name in each of the four languages (none falls back to English by accident).
    for (const lang of ['en', 'es', 'fr', 'pt'])
      for (const g of atlas.objects.countries.geometries) {
        const code = alpha2Of(g.id, g.properties.name);
        if (code) expect(countryName(code, '\u0000', lang), `${lang} ${code}`).not.toBe('\u0000');
      }
  });

  it('gives a code two atlas features share to the larger one only', () => {
    const labels = baseMap(atlas as unknown as Topology).labels;
    expect(labels.find((l) => l.name === 'Australia')?.code).toBe('AU');
    expect(labels.find((l) => l.name === 'Ashmore and Cartier Is.')?.code).toBeNull();
    expect(labels.find((l) => l.name === 'Guatemala')?.code).toBe('GT');
    expect(labels.filter((l) => l.code === 'AU')).toHaveLength(1);
  });
});
