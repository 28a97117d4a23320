import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import sharp from 'sharp';
import { POSTER_STRINGS, hotlineFor, parseHotlines } from './poster-i18n';
import { renderPoster, type PosterData } from './poster';

// pdf.js reads the widths of the 14 standard fonts from its own font data.
const FONTS = join(process.cwd(), 'node_modules/pdfjs-dist/standard_fonts/') + '/';

/** The text and size of each page, read back with pdf.js (legacy build: the one for Node). */
async function readPdf(bytes: Buffer): Promise<Array<{ text: string; width: number; height: number }>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    standardFontDataUrl: FONTS,
  }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    const text = content.items
      .map((it) => ('str' in it ? it.str : ''))
      .join(' ')
      .replace(/\s+/g, ' ');
    const [, , width, height] = page.view;
    pages.push({ text, width, height });
  }
  await doc.destroy();
  return pages;
}

const data: PosterData = {
  reference: 'GT-2026-0001',
  name: 'Ana Lucía Pérez Gómez',
  aliases: ['Anita'],
  age: 12,
  description: '1.42 m, slim, long black hair in a braid',
  clothing: 'Navy skirt, white blouse, pink backpack',
  languagesSpoken: ['Spanish', "K'iche'"],
  lastSeenAt: new Date('2026-11-20T22:40:00Z'),
  lastSeenPlace: 'Mercado La Terminal, Guatemala',
  countries: ['GT', 'ES'],
};

describe('poster', () => {
  it('renders one page per language on A4 with the heading, name, age and hotlines', async () => {
    const pdf = await renderPoster(data, { languages: ['en', 'es', 'fr', 'pt'], paper: 'A4', hotlines: { GT: '1546' } });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await readPdf(pdf);
    expect(pages).toHaveLength(4);
    (['en', 'es', 'fr', 'pt'] as const).forEach((lang, i) => {
      const p = pages[i];
      expect(Math.round(p.width)).toBe(595);
      expect(Math.round(p.height)).toBe(842);
      expect(p.text).toContain(POSTER_STRINGS[lang].heading);
      expect(p.text).toContain(POSTER_STRINGS[lang].callHotline);
      expect(p.text).toContain('Ana Lucía Pérez Gómez');
      expect(p.text).toContain(`${POSTER_STRINGS[lang].age}: 12 ${POSTER_STRINGS[lang].years}`);
      expect(p.text).toContain('GT: 1546'); // configured
      expect(p.text).toContain('ES: 116 000'); // EU default
      expect(p.text).toContain('GT-2026-0001');
    });
    expect(pages[1].text).toContain('MENOR DESAPARECIDO');
    expect(pages[3].text).toContain('CRIANÇA DESAPARECIDA');
  });

  it('prints a name in Polish, Romanian, Vietnamese or Cyrillic as written, in an embedded font; a WinAnsi poster keeps Helvetica', async () => {
    const names = ['Łucja Wiśniewska', 'Ștefan Țurcanu', 'Nguyễn Thị Hương', 'Олександра Коваленко'];
    const pdf = await renderPoster(
      { ...data, name: names.join(' / '), aliases: ['Łusia'], lastSeenPlace: 'Przemyśl, dworzec' },
      { languages: ['en', 'es'], paper: 'A4' },
    );
    const pages = await readPdf(pdf);
    for (const p of pages) {
      for (const n of names) expect(p.text).toContain(n);
      expect(p.text).toContain('Łusia');
      expect(p.text).toContain('Przemyśl, dworzec');
      expect(p.text).not.toContain('?');
    }
    expect(pdf.toString('latin1')).toContain('DejaVuSans');
    // Embedded as a subset: tens of kilobytes, not the font's 750 KB.
    expect(pdf.length).toBeLessThan(250_000);

    const plain = await renderPoster(data, { languages: ['en'], paper: 'A4' });
    expect(plain.toString('latin1')).not.toContain('DejaVuSans');
    expect(plain.toString('latin1')).toContain('Helvetica');
  });

  it('renders on US Letter with a photo, and without any known hotline says to call emergency services', async () => {
    const photo = await sharp({ create: { width: 60, height: 80, channels: 3, background: '#c0a080' } })
      .jpeg()
      .toBuffer();
    const pdf = await renderPoster({ ...data, countries: ['ZZ'], photo }, { languages: ['fr'], paper: 'LETTER' });
    const [page] = await readPdf(pdf);
    expect([Math.round(page.width), Math.round(page.height)]).toEqual([612, 792]);
    expect(page.text).toContain('ENFANT DISPARU');
    expect(page.text).toContain(POSTER_STRINGS.fr.callEmergency);
    expect(page.text).not.toContain(POSTER_STRINGS.fr.noPhoto);
    expect(pdf.includes(Buffer.from('/Subtype /Image'))).toBe(true);
  });

  it("carries its issuer's name and logo at the foot of every page", async () => {
    const logo = await sharp({ create: { width: 120, height: 40, channels: 4, background: '#1d4ed8' } })
      .png()
      .toBuffer();
    const issuer = { name: 'Alerta Alba-Keneth · Guatemala', names: { en: 'Alba-Keneth Alert · Guatemala' }, logo };
    const pdf = await renderPoster({ ...data, issuer }, { languages: ['es', 'en'], paper: 'A4' });
    const [es, en] = await readPdf(pdf);
    // Each page in its language's name, the site's own name where it has none.
    expect(es!.text).toContain('Alerta Alba-Keneth · Guatemala');
    expect(en!.text).toContain('Alba-Keneth Alert · Guatemala');
    expect(en!.text).not.toContain('Alerta Alba-Keneth');
    // No photo: the only images are the logo, once per page (pdfkit embeds the bytes once).
    expect(pdf.includes(Buffer.from('/Subtype /Image'))).toBe(true);
    const without = await renderPoster(data, { languages: ['es'], paper: 'A4' });
    expect(without.includes(Buffer.from('/Subtype /Image'))).toBe(false);
    // A logo pdfkit cannot read leaves the name.
    const [broken] = await readPdf(
      await renderPoster({ ...data, issuer: { name: 'Sitio', logo: Buffer.from('not an image') } }, { languages: ['es'], paper: 'A4' }),
    );
    expect(broken.text).toContain('Sitio');
  });

  it('refuses an unknown language or paper, naming the option', async () => {
    await expect(renderPoster(data, { languages: ['de' as 'en'], paper: 'A4' })).rejects.toThrow(/^languages:/);
    await expect(renderPoster(data, { languages: [], paper: 'A4' })).rejects.toThrow(/^languages:/);
    await expect(renderPoster(data, { languages: ['en'], paper: 'A3' as 'A4' })).rejects.toThrow(/^paper:/);
  });

  it('hotlines: 116 000 in the EU, defaults elsewhere, configuration wins', () => {
    expect(hotlineFor('fr')).toBe('116 000');
    expect(hotlineFor('US')).toBe('1-800-843-5678');
    expect(hotlineFor('GT', parseHotlines('GT=1546; mx = 800 008 5400'))).toBe('1546');
    expect(parseHotlines('GT=1546;mx=800 008 5400')).toEqual({ GT: '1546', MX: '800 008 5400' });
    expect(hotlineFor('BR')).toBeNull();
    expect(() => parseHotlines('GT:110')).toThrow(/GT:110/);
    expect(() => parseHotlines('GT=call me')).toThrow(/COUNTRY=NUMBER/);
  });
});
