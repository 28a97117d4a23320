import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { inlineRuns, markdownBlocks, renderMarkdownPdf, winAnsi } from './document-pdf';

const FONTS = join(process.cwd(), 'node_modules/pdfjs-dist/standard_fonts/') + '/';

/** Each page's text, read back with pdf.js. */
async function pagesOf(bytes: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    standardFontDataUrl: FONTS,
  }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(
      content.items
        .map((it) => ('str' in it ? it.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  await doc.destroy();
  return pages;
}

describe('markdown as PDF (evidence bundle)', () => {
  it('reads headings, list items with their continuation lines, quotes and rules', () => {
    const blocks = markdownBlocks(
      '# Notes — Ana\n\n## Summary\n\n- **2026-11-20 22:40 UTC** — Sighting\n  Source: tip\n1. First\n> quoted\n\n---\nplain',
    );
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Notes — Ana' },
      { kind: 'heading', level: 2, text: 'Summary' },
      { kind: 'paragraph', text: '**2026-11-20 22:40 UTC** — Sighting', indent: 0, marker: '-', quote: false },
      { kind: 'paragraph', text: 'Source: tip', indent: 0, marker: '', quote: false },
      { kind: 'paragraph', text: 'First', indent: 0, marker: '1.', quote: false },
      { kind: 'paragraph', text: 'quoted', indent: 0, marker: null, quote: true },
      { kind: 'rule' },
      { kind: 'paragraph', text: 'plain', indent: 0, marker: null, quote: false },
    ]);
  });

  it('splits bold, italic and links into runs', () => {
    expect(inlineRuns('a **b** _c_ [d](https://x.org) e_f')).toEqual([
      { text: 'a ', bold: false, italic: false, link: null },
      { text: 'b', bold: true, italic: false, link: null },
      { text: ' ', bold: false, italic: false, link: null },
      { text: 'c', bold: false, italic: true, link: null },
      { text: ' ', bold: false, italic: false, link: null },
      { text: 'd', bold: false, italic: false, link: 'https://x.org' },
      { text: ' e_f', bold: false, italic: false, link: null },
    ]);
  });

  it('keeps the accented letters of the four languages and marks what Helvetica cannot draw', () => {
    expect(winAnsi('Pérez Gómez, ção, «été», ñ — “x” €')).toBe('Pérez Gómez, ção, «été», ñ — “x” €');
    expect(winAnsi('車 ok 🙂')).toBe('? ok ?');
    // Spaces and hyphens with a plain form take it (Intl writes "2:05 PM" with a narrow no-break space).
    expect(winAnsi('2:05\u202fPM\u2009x\u2011y')).toBe('2:05\u00a0PM x-y');
  });

  it('prints notes in Polish, Romanian and Cyrillic as written, in an embedded font', async () => {
    const md = '# Notatki — Łucja Wiśniewska\n\n- **Ștefan** widział ją w _Przemyślu_\n- Свидетель: Олександра\n';
    const pdf = await renderMarkdownPdf(md, { title: 'Notatki — Łucja', footer: 'PL-2026-0001 · Łódź' });
    const [page] = await pagesOf(pdf);
    for (const s of ['Notatki — Łucja Wiśniewska', 'Ștefan', 'Przemyślu', 'Свидетель: Олександра', 'PL-2026-0001 · Łódź'])
      expect(page).toContain(s);
    expect(page).not.toContain('?');
    expect(pdf.toString('latin1')).toContain('DejaVuSans-Bold');
  });

  it('renders the text readably, over as many pages as it needs, each numbered', async () => {
    const lines = Array.from(
      { length: 120 },
      (_, i) => `- **2026-11-${String((i % 28) + 1).padStart(2, '0')} 10:00 UTC** — Event ${i + 1}`,
    );
    const pdf = await renderMarkdownPdf(`# Timeline — Ana Lucía Pérez Gómez (GT-2026-0001)\n\nCase country: GT.\n\n${lines.join('\n')}\n`, {
      title: 'Timeline',
      footer: 'GT-2026-0001',
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await pagesOf(pdf);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toContain('Timeline — Ana Lucía Pérez Gómez (GT-2026-0001)');
    expect(pages[0]).toContain('Event 1');
    expect(pages.join(' ')).toContain('Event 120');
    pages.forEach((p, i) => expect(p).toContain(`${i + 1} / ${pages.length}`));
  });
});
