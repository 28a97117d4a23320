#!/usr/bin/env node
// No line of code over 160 characters. Prettier wraps code at 140 columns but leaves
// long strings, template literals and comments whole; this check catches those.
// It reads the files git knows of (tracked, and untracked ones that are not ignored)
// with the extensions below, and names every offending file:line.
//
// How to fix a long line: split a string with +, break Cypher or SQL across lines
// inside its template literal (whitespace is free in both), wrap a comment. A GraphQL
// description in apps/web/src/generated/schema.graphql is wrapped at its resolver
// (a '\n' in the description), then `npm run graphql:schema`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const MAX_LINE = 160;
// Not the Neo4j migrations (*.cypher): they are generated, and a migration whose text changes runs again at start.
const CODE = /\.(ts|tsx|mts|cts|mjs|cjs|js|json|graphql|css|html|ya?ml|java|xml)$/;
/** Files exempt from the rule, with the reason; none today. */
const EXEMPT = new Map();

/** The files to check: what git tracks or would track, with a code extension. */
export function codeFiles() {
  const r = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr}`);
  return [...new Set(r.stdout.split('\0'))].filter((f) => CODE.test(f) && !EXEMPT.has(f)).sort();
}

/** Each line over MAX_LINE characters (counted as code points, like an editor's column) as "file:line (length)". */
export function longLines(files, read = (f) => readFileSync(f, 'utf8')) {
  const out = [];
  for (const file of files) {
    let text;
    try {
      text = read(file);
    } catch (err) {
      if (err.code === 'ENOENT') continue; // deleted in the working tree, not yet in the index
      throw err;
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const length = [...lines[i].replace(/\r$/, '')].length;
      if (length > MAX_LINE) out.push(`${file}:${i + 1} (${length})`);
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = codeFiles();
  const long = longLines(files);
  if (long.length) {
    console.error(
      `✖ ${long.length} line(s) over ${MAX_LINE} characters (split strings with +, break Cypher/SQL across lines, ` +
        `wrap comments; see tools/line-length.mjs):\n  ${long.join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log(`no line over ${MAX_LINE} characters in ${files.length} files`);
}
