#!/usr/bin/env node
// The web client's initial JavaScript budget: what the browser must fetch before the first screen
// (the entry script of apps/web/dist/index.html and the chunks it modulepreloads), gzip level 9,
// at most 150 KB. Run by `npm test` after the build. Over budget it fails, naming the size and the
// modules that weigh most in those chunks (from the module list the build writes beside its output,
// see apps/web/vite.config.mts), so the fix (a lazy import, a split) is where to look first.
//
//   node tools/web-budget.mjs [--dist apps/web/dist] [--stats FILE] [--budget-kb 150] [--json]
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET_KB = 150;
/** Where the build writes each chunk's modules and their sizes (outside dist, which the server serves). */
export const STATS_FILE = 'apps/web/node_modules/.cache/bundle-modules.json';

const gz = (text) => gzipSync(text, { level: 9 }).length;

/** The initial chunks of a built client, their gzip size, and the heaviest modules in them. */
export function initialJs(dist, statsFile) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [
    ...new Set(
      [...html.matchAll(/<script[^>]*\ssrc="\/([^"]+\.js)"|<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+\.js)"/g)].map(
        (m) => m[1] ?? m[2],
      ),
    ),
  ];
  const chunks = files.map((f) => ({ file: f, gzip: gz(readFileSync(join(dist, f))) }));
  const bytes = chunks.reduce((s, c) => s + c.gzip, 0);
  let modules = null;
  if (existsSync(statsFile)) {
    const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
    // A module list from another build than this dist's is not used (it would name the wrong modules).
    if (files.every((f) => stats.chunks[f])) {
      modules = files.flatMap((f) => stats.chunks[f].map((m) => ({ ...m, chunk: f }))).sort((a, b) => b.gzip - a.gzip);
    }
  }
  return { files, chunks, kb: bytes / 1024, modules };
}

/** A module id as a reader knows it: the package, or the path in the repository. */
export function shortModule(id, root) {
  const clean = id.replace(/^\0/, '').replace(/\?.*$/, '');
  const nm = clean.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = clean.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]} (${rest.slice(2).join('/')})` : `${rest[0]} (${rest.slice(1).join('/')})`;
  }
  return clean.startsWith(root) ? clean.slice(root.length + 1) : clean;
}

function main() {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const root = resolve(new URL('..', import.meta.url).pathname);
  const dist = resolve(root, opt('--dist', 'apps/web/dist'));
  const budget = Number(opt('--budget-kb', INITIAL_JS_BUDGET_KB));
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`✖ initial JavaScript: ${join(dist, 'index.html')} does not exist (build the web client first: node tools/build.mjs)`);
    process.exit(1);
  }
  const r = initialJs(dist, resolve(root, opt('--stats', STATS_FILE)));
  if (args.includes('--json')) {
    console.log(JSON.stringify({ kb: r.kb, budgetKb: budget, files: r.files }));
    return;
  }
  const list = r.chunks.map((c) => `${c.file} ${(c.gzip / 1024).toFixed(1)} KB`).join(', ');
  if (r.kb <= budget) {
    console.log(`initial JavaScript ${r.kb.toFixed(1)} KB gzip, budget ${budget} KB: OK (${list})`);
    return;
  }
  console.error(`✖ initial JavaScript is ${r.kb.toFixed(1)} KB gzip, over its budget of ${budget} KB`);
  console.error(`  initial chunks (entry and modulepreloads): ${list}`);
  if (r.modules) {
    console.error('  heaviest modules in them (each gzipped alone; make them lazy or move them out of the first screen):');
    for (const m of r.modules.slice(0, 15))
      console.error(`    ${(m.gzip / 1024).toFixed(1).padStart(6)} KB  ${shortModule(m.id, root)}  [${m.chunk}]`);
  } else {
    console.error(`  (no module list for this build at ${STATS_FILE}: rebuild with node tools/build.mjs to see which modules weigh most)`);
  }
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
