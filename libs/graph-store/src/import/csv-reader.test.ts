import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv, type CsvRow, type CsvRowError } from './csv-reader';

const dir = mkdtempSync(join(tmpdir(), 'homeward-csv-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function read(content: string | Buffer, chunkBytes?: number): Promise<{ rows: CsvRow[]; errors: CsvRowError[] }> {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  const rows: CsvRow[] = [];
  const errors: CsvRowError[] = [];
  for await (const b of readCsv(path, { chunkBytes, batchRows: 3 })) {
    rows.push(...b.rows);
    errors.push(...b.errors);
  }
  return { rows, errors };
}

const cellsOf = (r: { rows: CsvRow[] }) => r.rows.map((x) => x.cells);
const linesOf = (r: { rows: CsvRow[] }) => r.rows.map((x) => x.line);

/** The usual quoting: a cell with a comma, quote, line break or edge space is quoted. */
const quote = (s: string) => (/[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

describe('readCsv', () => {
  it('reads plain, quoted and empty cells, LF and CRLF rows, and a last row without a line break', async () => {
    const r = await read('a,b,c\r\n1,"two, three","say ""hi"""\n,,\r\nx,"",z');
    expect(cellsOf(r)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'two, three', 'say "hi"'],
      ['', '', ''],
      ['x', '', 'z'],
    ]);
    expect(linesOf(r)).toEqual([1, 2, 3, 4]);
    expect(r.errors).toEqual([]);
  });

  it('drops a byte-order mark and skips empty lines, keeping the line numbers of the file', async () => {
    const r = await read('\uFEFFid,name\n\n1,"Ana\nPérez"\r\n\r\n2,Luis\n');
    expect(cellsOf(r)).toEqual([
      ['id', 'name'],
      ['1', 'Ana\nPérez'],
      ['2', 'Luis'],
    ]);
    expect(linesOf(r)).toEqual([1, 3, 6]);
  });

  it('reports a quoted cell never closed, and text after a closing quote, by the line the row starts on', async () => {
    const r = await read('a,b\n1,"ok"x\n2,fine\n3,"never\nclosed\n');
    expect(cellsOf(r)).toEqual([
      ['a', 'b'],
      ['2', 'fine'],
    ]);
    expect(r.errors).toEqual([
      { line: 2, reason: 'text after the closing quote of cell 2' },
      { line: 4, reason: 'a quoted cell is not closed before the end of the file' },
    ]);
  });

  it('gives the same rows whatever the chunk size, with quotes, CRLF and multi-byte characters split between reads', async () => {
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const alphabet = ['a', 'é', '€', '𝄞', ',', '"', '\n', '\r\n', ' ', 'Ж', 'z', '""'];
    const want: string[][] = [];
    let text = '';
    for (let row = 0; row < 300; row++) {
      const cells = Array.from({ length: 1 + Math.floor(rnd() * 5) }, () =>
        Array.from({ length: Math.floor(rnd() * 6) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''),
      );
      // A row of one empty cell is an empty line, which is skipped.
      if (cells.length === 1 && cells[0] === '') cells[0] = 'x';
      want.push(cells);
      text += cells.map(quote).join(',') + (rnd() < 0.5 ? '\r\n' : '\n');
    }
    const whole = await read(text);
    expect(cellsOf(whole)).toEqual(want);
    for (const chunk of [64, 65, 97, 128, 1000]) {
      const r = await read(text, chunk);
      expect(r.errors).toEqual([]);
      expect(cellsOf(r)).toEqual(want);
      expect(linesOf(r)).toEqual(linesOf(whole));
    }
  });

  it('numbers lines across rows with line breaks inside quotes', async () => {
    const r = await read('h\n"a\nb\nc"\nd\n"e\r\nf"\ng');
    expect(cellsOf(r)).toEqual([['h'], ['a\nb\nc'], ['d'], ['e\r\nf'], ['g']]);
    expect(linesOf(r)).toEqual([1, 2, 5, 6, 8]);
  });

  it('reads an empty file as no rows', async () => {
    expect(await read('')).toEqual({ rows: [], errors: [] });
    expect(await read('\uFEFF')).toEqual({ rows: [], errors: [] });
  });
});
