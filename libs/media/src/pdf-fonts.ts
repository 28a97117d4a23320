/**
 * The fonts Homeward's PDFs (the poster, the evidence bundle's documents) are drawn with.
 *
 * pdfkit's built-in Helvetica needs no font file and covers WinAnsi: the accented letters of en, es, fr
 * and pt. A child named Łucja, Ștefan, Nguyễn or Олександра would print as "?" with it. A document whose
 * text leaves WinAnsi is therefore drawn in DejaVu Sans (the dejavu-fonts-ttf package; pdfkit embeds only
 * the glyphs used, so the file grows by tens of kilobytes, not by the font's 750 KB), which covers Latin,
 * Greek, Cyrillic, Armenian and Georgian. What DejaVu Sans lacks (Chinese, Japanese, Korean, most of
 * South Asia's scripts) prints as its empty box; Arabic and Hebrew are drawn left to right (pdfkit lays
 * out no bidirectional text).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface PdfFonts {
  readonly regular: string;
  readonly bold: string;
  readonly italic: string;
  readonly boldItalic: string;
  /** The text as these fonts can draw it (tabs as four spaces; with Helvetica, "?" for what WinAnsi lacks). */
  text(s: string): string;
}

/** The characters of WinAnsiEncoding above Latin-1's first half (0x80-0x9F in the code page). */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/** Whether Helvetica (WinAnsi) can draw this character; a line break counts. */
function inWinAnsi(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || c === 0x0a || c === 0x09 || WIN_ANSI_EXTRA.includes(ch);
}

/**
 * Spaces and hyphens WinAnsi lacks but has a plain form of: the narrow no-break space dates and times come
 * with in some languages (Intl's "2:05 PM" in English), thin and figure spaces, the non-breaking hyphen.
 */
const PLAIN: Readonly<Record<string, string>> = {
  '\u2000': ' ',
  '\u2001': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2004': ' ',
  '\u2005': ' ',
  '\u2006': ' ',
  '\u2007': ' ',
  '\u2008': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': '\u00a0',
  '\u205f': ' ',
  '\u2010': '-',
  '\u2011': '-',
  '\u2212': '-',
};

/**
 * The text as Helvetica can draw it: tabs as four spaces, the spaces and hyphens above in their plain form,
 * "?" for any other character outside WinAnsi (rather than a wrong glyph).
 */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/\t/g, '    ')) out += inWinAnsi(ch) ? ch : (PLAIN[ch] ?? '?');
  return out;
}

/** Whether every character of these texts is one Helvetica can draw (directly or in its plain form). */
export function fitsWinAnsi(texts: Iterable<string | null | undefined>): boolean {
  for (const t of texts) if (t) for (const ch of t) if (!inWinAnsi(ch) && PLAIN[ch] === undefined) return false;
  return true;
}

const STANDARD: PdfFonts = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
  boldItalic: 'Helvetica-BoldOblique',
  text: winAnsi,
};

const DEJAVU = {
  regular: 'DejaVuSans',
  bold: 'DejaVuSans-Bold',
  italic: 'DejaVuSans-Oblique',
  boldItalic: 'DejaVuSans-BoldOblique',
} as const;

/** The DejaVu Sans files' bytes, read once (the package is a dependency of the project): about 2.7 MB. */
let dejavuFonts: Record<keyof typeof DEJAVU, Buffer> | null = null;
function dejavu(): Record<keyof typeof DEJAVU, Buffer> {
  if (!dejavuFonts) {
    const req = createRequire(__filename);
    const read = (name: string) => readFileSync(req.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`));
    dejavuFonts = {
      regular: read(DEJAVU.regular),
      bold: read(DEJAVU.bold),
      italic: read(DEJAVU.italic),
      boldItalic: read(DEJAVU.boldItalic),
    };
  }
  return dejavuFonts;
}

/**
 * The fonts for a document that will print these texts: Helvetica when all of it fits WinAnsi, else DejaVu
 * Sans, registered on the document under its own names (one family for the whole document, so that a page
 * does not switch typefaces mid-line).
 */
export function pdfFonts(doc: PDFKit.PDFDocument, texts: Iterable<string | null | undefined>): PdfFonts {
  if (fitsWinAnsi(texts)) return STANDARD;
  const files = dejavu();
  for (const k of Object.keys(DEJAVU) as Array<keyof typeof DEJAVU>) doc.registerFont(`homeward-${k}`, files[k]);
  return {
    regular: 'homeward-regular',
    bold: 'homeward-bold',
    italic: 'homeward-italic',
    boldItalic: 'homeward-boldItalic',
    text: (s) => s.replace(/\t/g, '    '),
  };
}
