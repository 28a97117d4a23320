/**
 * The printable poster of a missing child: one page per chosen language, A4
 * or US Letter, drawn with pdfkit's built-in Helvetica when everything on it
 * fits WinAnsi (the accented letters of en, es, fr and pt), else in DejaVu Sans
 * (pdf-fonts.ts): a name in Polish, Romanian, Vietnamese, Greek or Cyrillic.
 */
import PDFDocument from 'pdfkit';
import { POSTER_LANGUAGES, POSTER_STRINGS, hotlineFor, type PosterLanguage } from './poster-i18n';
import { pdfFonts } from './pdf-fonts';
import { formatInZone, languageName } from './poster-locale';

export type PaperSize = 'A4' | 'LETTER';
/** Page sizes in PDF points (1/72 in). */
export const PAPER_POINTS: Readonly<Record<PaperSize, readonly [number, number]>> = { A4: [595.28, 841.89], LETTER: [612, 792] };

export interface PosterData {
  readonly reference: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly age: number | null;
  readonly sex?: string | null;
  readonly description: string | null;
  readonly clothing: string | null;
  /** Codes ("es", "kek") or names as recorded; printed as names in the poster's language. */
  readonly languagesSpoken: readonly string[];
  readonly lastSeenAt: Date | null;
  readonly lastSeenPlace: string | null;
  /** Which the last-seen line is: the report's, or a later confirmed sighting. */
  readonly lastSeenBasis?: 'REPORT' | 'SIGHTING';
  /** IANA zone the times are printed in (the case's); UTC when absent. */
  readonly timeZone?: string;
  /** Countries the poster is for: one hotline line each. */
  readonly countries: readonly string[];
  /** JPEG or PNG bytes; absent when the case has no photo yet. */
  readonly photo?: Uint8Array | null;
  /**
   * Who issues the poster (a country's public site): its name (per language where it has one), and its logo as
   * PNG or JPEG bytes; printed at the foot of each page.
   */
  readonly issuer?: {
    readonly name: string;
    readonly names?: Readonly<Partial<Record<PosterLanguage, string>>>;
    readonly logo?: Uint8Array | null;
  } | null;
}

export interface PosterOptions {
  readonly languages: readonly PosterLanguage[];
  readonly paper: PaperSize;
  /** Country -> number (POSTER_HOTLINES); the defaults fill the rest. */
  readonly hotlines?: Readonly<Record<string, string>>;
}

const RED = '#b00020';

function when(d: Date, lang: PosterLanguage, timeZone: string): string {
  return formatInZone(d, lang, timeZone);
}

/** The hotline lines of a poster (also what the web preview shows). */
export function hotlineLines(
  countries: readonly string[],
  configured: Readonly<Record<string, string>> = {},
): Array<{ country: string; number: string | null }> {
  return [...new Set(countries.map((c) => c.toUpperCase()))].map((country) => ({ country, number: hotlineFor(country, configured) }));
}

export function checkPosterOptions(o: PosterOptions): string | null {
  if (o.languages.length === 0) return 'languages: choose at least one';
  for (const l of o.languages)
    if (!(POSTER_LANGUAGES as readonly string[]).includes(l)) return `languages: ${l} is not one of ${POSTER_LANGUAGES.join(', ')}`;
  if (!(o.paper in PAPER_POINTS)) return 'paper: must be A4 or LETTER';
  return null;
}

/** Renders the poster; resolves with the PDF bytes. */
export function renderPoster(data: PosterData, o: PosterOptions): Promise<Buffer> {
  const problem = checkPosterOptions(o);
  if (problem) return Promise.reject(new Error(problem));
  const [width, height] = PAPER_POINTS[o.paper];
  const doc = new PDFDocument({
    size: [width, height],
    margin: 40,
    autoFirstPage: false,
    info: { Title: `${data.name} (${data.reference})`, Creator: 'Homeward' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const lines = hotlineLines(data.countries, o.hotlines);
  const langs = [...new Set(o.languages)];
  // One typeface for the whole poster: Helvetica when everything printed fits WinAnsi, else DejaVu Sans.
  const fonts = pdfFonts(doc, [
    data.name,
    data.reference,
    data.issuer?.name,
    ...Object.values(data.issuer?.names ?? {}),
    data.description,
    data.clothing,
    data.lastSeenPlace,
    ...data.aliases,
    ...lines.map((l) => `${l.country} ${l.number ?? ''}`),
    ...langs.flatMap((lang) => [
      ...Object.values(POSTER_STRINGS[lang]),
      ...data.languagesSpoken.map((l) => languageName(l, lang)),
      data.lastSeenAt ? when(data.lastSeenAt, lang, data.timeZone ?? 'UTC') : null,
    ]),
  ]);
  for (const lang of langs) {
    const t = POSTER_STRINGS[lang];
    doc.addPage();
    const m = 40;
    const inner = width - 2 * m;
    doc.rect(0, 0, width, 90).fill(RED);
    doc.fillColor('white').font(fonts.bold).fontSize(34).text(fonts.text(t.heading), m, 28, { width: inner, align: 'center' });
    doc.fillColor('black');
    const top = 110;
    const photoW = 200;
    const photoH = 250;
    if (data.photo && data.photo.length > 0) {
      try {
        doc.image(Buffer.from(data.photo), m, top, { fit: [photoW, photoH], align: 'center', valign: 'center' });
      } catch {
        // A photo pdfkit cannot read must not stop the poster; the frame says there is none.
        doc.rect(m, top, photoW, photoH).stroke('#888');
        doc
          .font(fonts.regular)
          .fontSize(11)
          .fillColor('#555')
          .text(fonts.text(t.noPhoto), m, top + photoH / 2 - 6, { width: photoW, align: 'center' })
          .fillColor('black');
      }
    } else {
      doc.rect(m, top, photoW, photoH).stroke('#888');
      doc
        .font(fonts.regular)
        .fontSize(11)
        .fillColor('#555')
        .text(fonts.text(t.noPhoto), m, top + photoH / 2 - 6, { width: photoW, align: 'center' })
        .fillColor('black');
    }
    const x = m + photoW + 20;
    const w = width - x - m;
    doc.font(fonts.bold).fontSize(24).text(fonts.text(data.name), x, top, { width: w });
    if (data.aliases.length)
      doc
        .font(fonts.regular)
        .fontSize(11)
        .text(fonts.text(`${t.aliases}: ${data.aliases.join(', ')}`), { width: w });
    doc.moveDown(0.5);
    if (data.age !== null)
      doc
        .font(fonts.bold)
        .fontSize(14)
        .text(fonts.text(`${t.age}: ${data.age} ${t.years}`), { width: w });
    if (data.languagesSpoken.length)
      doc
        .font(fonts.regular)
        .fontSize(12)
        .text(fonts.text(`${t.languages}: ${data.languagesSpoken.map((l) => languageName(l, lang)).join(', ')}`), { width: w });
    if (data.lastSeenAt || data.lastSeenPlace) {
      const basis = data.lastSeenBasis === 'SIGHTING' ? t.seenSighting : data.lastSeenBasis === 'REPORT' ? t.seenReported : null;
      doc
        .moveDown(0.5)
        .font(fonts.bold)
        .fontSize(12)
        .text(fonts.text(basis ? `${t.lastSeen} (${basis}):` : `${t.lastSeen}:`), { width: w });
      doc
        .font(fonts.regular)
        .fontSize(12)
        .text(
          fonts.text(
            [data.lastSeenAt ? when(data.lastSeenAt, lang, data.timeZone ?? 'UTC') : null, data.lastSeenPlace].filter(Boolean).join(', '),
          ),
          { width: w },
        );
    }
    let y = Math.max(doc.y, top + photoH) + 20;
    const section = (label: string, body: string | null) => {
      if (!body) return;
      doc.font(fonts.bold).fontSize(12).text(fonts.text(label), m, y, { width: inner });
      // Long descriptions are cut to leave the hotline box its room on the page.
      doc.font(fonts.regular).fontSize(12).text(fonts.text(body), { width: inner, height: 120, ellipsis: true });
      y = doc.y + 12;
    };
    section(t.description, data.description);
    section(t.clothing, data.clothing);
    const boxH = 40 + 22 * Math.max(1, lines.length);
    const boxY = height - m - boxH - 20;
    doc.rect(m, boxY, inner, boxH).fill(RED);
    doc.fillColor('white');
    const known = lines.filter((l) => l.number);
    if (known.length) {
      doc
        .font(fonts.bold)
        .fontSize(14)
        .text(fonts.text(t.callHotline), m + 12, boxY + 12, { width: inner - 24 });
      for (const l of known)
        doc
          .font(fonts.bold)
          .fontSize(18)
          .text(fonts.text(`${l.country}: ${l.number}`), { width: inner - 24 });
    } else {
      doc
        .font(fonts.bold)
        .fontSize(14)
        .text(fonts.text(t.callEmergency), m + 12, boxY + 12, { width: inner - 24 });
    }
    doc
      .fillColor('black')
      .font(fonts.regular)
      .fontSize(9)
      .text(fonts.text(`${t.reference}: ${data.reference}`), m, height - m - 12, { width: inner, align: 'right', lineBreak: false });
    if (data.issuer) {
      // The issuer at the foot, left of the reference: its logo (at most 60 x 18 pt), then its name.
      let nameX = m;
      if (data.issuer.logo && data.issuer.logo.length > 0) {
        try {
          doc.image(Buffer.from(data.issuer.logo), m, height - m - 16, { fit: [60, 18], valign: 'center' });
          nameX = m + 66;
        } catch {
          // A logo pdfkit cannot read leaves the name alone.
        }
      }
      doc
        .font(fonts.bold)
        .fontSize(9)
        .text(fonts.text(data.issuer.names?.[lang] ?? data.issuer.name), nameX, height - m - 12, {
          width: inner / 2 - (nameX - m),
          lineBreak: false,
          ellipsis: true,
        });
    }
  }
  doc.end();
  return done;
}
