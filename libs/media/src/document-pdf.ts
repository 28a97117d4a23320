/**
 * A plain text document as PDF (the evidence bundle's timeline and notes, issue 18), drawn as the poster is:
 * with pdfkit's built-in Helvetica when every letter fits WinAnsi, else in DejaVu Sans (pdf-fonts.ts).
 *
 * The input is the small Markdown the bundle writes (headings, paragraphs, "- " and "1. " lists, "> "
 * quotes, "---", **bold**, _italic_ and [text](link)), so the PDF says what the Markdown file says.
 */
import PDFDocument from 'pdfkit';
import { pdfFonts, type PdfFonts } from './pdf-fonts';
import { PAPER_POINTS, type PaperSize } from './poster';

export { winAnsi } from './pdf-fonts';

export type PdfBlock =
  | { readonly kind: 'heading'; readonly level: number; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string; readonly indent: number; readonly marker: string | null; readonly quote: boolean }
  | { readonly kind: 'rule' };

/** Reads the bundle's Markdown into blocks (a line per block; a list item's following indented lines join it). */
export function markdownBlocks(markdown: string): PdfBlock[] {
  const blocks: PdfBlock[] = [];
  let fence = false;
  for (const raw of markdown.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line.startsWith('```')) {
      fence = !fence;
      continue;
    }
    if (fence) {
      blocks.push({ kind: 'paragraph', text: line, indent: 1, marker: null, quote: false });
      continue;
    }
    if (line.trim() === '') continue;
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      blocks.push({ kind: 'heading', level: h[1]!.length, text: h[2]! });
      continue;
    }
    if (/^(-{3,}|\*{3,})$/.test(line.trim())) {
      blocks.push({ kind: 'rule' });
      continue;
    }
    const quote = /^>\s?/.test(line);
    const body = quote ? line.replace(/^>\s?/, '') : line;
    const lead = /^\s*/.exec(body)![0].length;
    const item = /^\s*([-*]|\d+\.)\s+(.*)$/.exec(body);
    if (item) {
      blocks.push({ kind: 'paragraph', text: item[2]!, indent: Math.floor(lead / 2), marker: item[1] === '*' ? '-' : item[1]!, quote });
      continue;
    }
    const prev = blocks[blocks.length - 1];
    if (lead > 0 && prev?.kind === 'paragraph' && prev.marker !== null && !quote) {
      // A list item's continuation line ("  Source: …"): its own line under the item's text.
      blocks.push({ kind: 'paragraph', text: body.trim(), indent: prev.indent, marker: '', quote: false });
      continue;
    }
    blocks.push({ kind: 'paragraph', text: body.trim(), indent: 0, marker: null, quote });
  }
  return blocks;
}

interface Run {
  readonly text: string;
  readonly bold: boolean;
  readonly italic: boolean;
  readonly link: string | null;
}

/** Splits a line's inline marks (**bold**, _italic_, [text](href)) into runs; anything else stays as written. */
export function inlineRuns(text: string): Run[] {
  const runs: Run[] = [];
  const re = /\*\*(.+?)\*\*|(?<![\w])_(.+?)_(?![\w])|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) runs.push({ text: text.slice(at, m.index), bold: false, italic: false, link: null });
    if (m[1] !== undefined) runs.push(...inlineRuns(m[1]).map((r) => ({ ...r, bold: true })));
    else if (m[2] !== undefined) runs.push(...inlineRuns(m[2]).map((r) => ({ ...r, italic: true })));
    else runs.push({ text: m[3]!, bold: false, italic: false, link: m[4]! });
    at = m.index + m[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), bold: false, italic: false, link: null });
  return runs.filter((r) => r.text.length > 0);
}

const FONT = (f: PdfFonts, r: Run) => (r.bold ? (r.italic ? f.boldItalic : f.bold) : r.italic ? f.italic : f.regular);

export interface DocumentPdfOptions {
  readonly title: string;
  readonly paper?: PaperSize;
  /** A line at the foot of every page (who exported it, when); page numbers are added after it. */
  readonly footer?: string;
}

/** Renders Markdown (the subset above) as a PDF; resolves with its bytes. */
export function renderMarkdownPdf(markdown: string, o: DocumentPdfOptions): Promise<Buffer> {
  const [width, height] = PAPER_POINTS[o.paper ?? 'A4'];
  const m = 50;
  const doc = new PDFDocument({
    size: [width, height],
    margins: { top: m, left: m, right: m, bottom: m + 20 },
    bufferPages: true,
    // pdfkit writes a title outside ASCII as UTF-16: the reader's own fonts show it.
    info: { Title: o.title, Creator: 'Homeward' },
  });
  const fonts = pdfFonts(doc, [markdown, o.title, o.footer]);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const inner = width - 2 * m;
  for (const b of markdownBlocks(markdown)) {
    if (b.kind === 'rule') {
      doc.moveDown(0.3);
      doc
        .moveTo(m, doc.y)
        .lineTo(width - m, doc.y)
        .lineWidth(0.5)
        .stroke('#888888');
      doc.moveDown(0.5);
      continue;
    }
    if (b.kind === 'heading') {
      const size = [20, 16, 13, 12, 11, 11][b.level - 1] ?? 11;
      doc.moveDown(b.level === 1 ? 0 : 0.6);
      doc
        .font(fonts.bold)
        .fontSize(size)
        .fillColor('black')
        .text(fonts.text(b.text.replace(/\*\*/g, '')), m, doc.y, { width: inner });
      doc.moveDown(0.3);
      continue;
    }
    const indent = b.indent * 16 + (b.quote ? 14 : 0);
    const markerWidth = b.marker === null ? 0 : 18;
    const x = m + indent + markerWidth;
    const w = inner - indent - markerWidth;
    const y = doc.y;
    doc.fontSize(10.5).fillColor(b.quote ? '#444444' : 'black');
    if (b.marker) doc.font(fonts.regular).text(b.marker === '-' ? '•' : b.marker, m + indent, y, { width: markerWidth, lineBreak: false });
    const runs = inlineRuns(b.text);
    if (runs.length === 0) runs.push({ text: ' ', bold: false, italic: false, link: null });
    runs.forEach((r, i) => {
      const last = i === runs.length - 1;
      doc.font(FONT(fonts, r)).fillColor(r.link ? '#0b57d0' : b.quote ? '#444444' : 'black');
      const opts = { width: w, continued: !last, ...(r.link ? { link: r.link, underline: true } : { underline: false }) };
      if (i === 0) doc.text(fonts.text(r.text), x, y, opts);
      else doc.text(fonts.text(r.text), opts);
    });
    if (b.quote) {
      doc
        .moveTo(m + indent - 8, y)
        .lineTo(m + indent - 8, doc.y)
        .lineWidth(2)
        .stroke('#bbbbbb');
    }
    doc.fillColor('black');
    doc.moveDown(0.25);
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The foot line sits in the bottom margin: lift the margin while drawing it, or pdfkit starts a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const text = `${o.footer ? `${o.footer} · ` : ''}${i + 1} / ${range.count}`;
    doc
      .font(fonts.regular)
      .fontSize(8)
      .fillColor('#555555')
      .text(fonts.text(text), m, height - m, { width: inner, align: 'center', lineBreak: false, height: 12 });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
