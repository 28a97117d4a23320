#!/usr/bin/env node
// Mentions in the notes (issue 19): what reading a stored update for member mentions costs, and whether the
// hook slows the collaboration relay. Prints (1) the time of mentionsAdded per update for a keystroke, an
// update with a member mention, and a 20 KB paste; (2) the collab bench (tests/perf/collab-bench.mjs,
// Homeward only) without and with the hook (BENCH_MENTIONS=1), one after the other, same load.
//
//   npm run perf:mentions
//   MENTIONS_BENCH_SECONDS=30 MENTIONS_BENCH_ROOMS=200 npm run perf:mentions
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const req = createRequire(join(root, 'package.json'));
const Y = req('yjs');
const { mentionsAdded } = req('./libs/collab/dist/index.js');

function capture(doc, change) {
  const out = [];
  const on = (u) => out.push(u);
  doc.on('update', on);
  change();
  doc.off('update', on);
  return Y.mergeUpdates(out);
}

// A document with some history, as a case's notes have.
const doc = new Y.Doc();
const notes = doc.getXmlFragment('default');
for (let i = 0; i < 200; i++) {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(`Line ${i}: seen near the terminal with a grey cap.`)]);
  notes.insert(notes.length, [p]);
}
const keystroke = capture(doc, () => notes.get(10).get(0).insert(5, 'x'));
const withMention = capture(doc, () => {
  const p = new Y.XmlElement('paragraph');
  const m = new Y.XmlElement('mention');
  for (const [k, v] of Object.entries({ id: 'usr_0123456789ab', label: 'Daniela Treviño', kind: 'user', mid: 'm0123456789abcdef01234567' }))
    m.setAttribute(k, v);
  p.insert(0, [new Y.XmlText('Ask '), m]);
  notes.insert(notes.length, [p]);
});
const paste = capture(doc, () => {
  const items = [];
  for (let i = 0; i < 100; i++) {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(`Pasted paragraph ${i} `.padEnd(200, '.'))]);
    items.push(p);
  }
  notes.insert(notes.length, items);
});

function time(name, update, expected) {
  const found = mentionsAdded(update);
  if (found.length !== expected) throw new Error(`${name}: ${found.length} mentions found, ${expected} expected`);
  const n = Math.max(200, Math.round(200_000 / update.byteLength));
  for (let i = 0; i < 100; i++) mentionsAdded(update);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) mentionsAdded(update);
  const us = ((performance.now() - t0) * 1000) / n;
  console.log(
    `mentionsAdded: ${name.padEnd(22)} ${String(update.byteLength).padStart(6)} bytes  ${us.toFixed(1).padStart(7)} µs per update`,
  );
}

console.log('reading one stored update for member mentions (off the relay, in the batch 150 ms later):');
time('keystroke', keystroke, 0);
time('member mention', withMention, 1);
time('20 KB paste', paste, 0);

const seconds = process.env.MENTIONS_BENCH_SECONDS ?? '20';
const rooms = process.env.MENTIONS_BENCH_ROOMS ?? '200';
for (const hook of ['0', '1']) {
  console.log(`\ncollab relay, ${hook === '1' ? 'WITH' : 'without'} the notes-mentions hook:`);
  const r = spawnSync(process.execPath, [join(here, 'collab-bench.mjs')], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_TARGETS: 'homeward', BENCH_SECONDS: seconds, BENCH_ROOMS: rooms, BENCH_MENTIONS: hook },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
