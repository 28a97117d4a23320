import { describe, expect, it } from 'vitest';
import { checkBrandColour, checkSiteName, contrastRatio, siteNameFor } from './public-site';

describe('brand colour', () => {
  it('measures WCAG contrast (black on white is 21:1, white on white 1:1, #767676 on white about 4.54:1)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#FFFFFF')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('takes a dark colour, lower-cased', () => {
    expect(checkBrandColour(' #0B3D61 ')).toEqual({ colour: '#0b3d61' });
    expect(checkBrandColour('#767676')).toEqual({ colour: '#767676' });
  });

  it('refuses a colour too light behind white text, saying the ratio', () => {
    const r = checkBrandColour('#777777');
    expect(r).toEqual({ problem: expect.stringMatching(/#777777 .* 4\.47:1, below the 4\.5:1 WCAG AA/) });
    expect(checkBrandColour('#ffcc00')).toHaveProperty('problem');
  });

  it('refuses what is not #rrggbb', () => {
    for (const bad of ['red', '#fff', '0b3d61', '#0b3d6g', '#0b3d611', 'url(x)'])
      expect(checkBrandColour(bad)).toEqual({ problem: expect.stringMatching(/#rrggbb/) });
  });
});

describe('site name', () => {
  it('trims, treats empty as none, refuses several lines and long names', () => {
    expect(checkSiteName('  Desaparecidos GT ')).toEqual({ name: 'Desaparecidos GT' });
    expect(checkSiteName('   ')).toEqual({ name: null });
    expect(checkSiteName(null)).toEqual({ name: null });
    expect(checkSiteName('a\nb')).toHaveProperty('problem');
    expect(checkSiteName('x'.repeat(81))).toHaveProperty('problem');
  });

  it('prefers the language’s own name, then the site’s, then none', () => {
    const site = { siteName: 'Alerta', siteNames: { en: 'Alert' } };
    expect(siteNameFor(site, 'en')).toBe('Alert');
    expect(siteNameFor(site, 'es')).toBe('Alerta');
    expect(siteNameFor(null, 'es')).toBeNull();
  });
});
