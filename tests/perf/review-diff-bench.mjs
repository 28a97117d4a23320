#!/usr/bin/env node
// What the supervisor's review costs (not part of `npm test`): the time reviewDiff's computation takes
// (libs/collab review-diff.ts) for a case whose notes and timeline saw many edits since the last sign-off,
// replayed from the embedded document store, as the API does for each open of the review.
//
//   npm run perf:review
//   BENCH_UPDATES=5000 BENCH_EVENTS=500 node tests/perf/review-diff-bench.mjs
//
// Env: BENCH_UPDATES (2000 updates after the sign-off, per document), BENCH_PARAGRAPHS (200 signed
// paragraphs of notes), BENCH_EVENTS (300 signed timeline events), BENCH_RUNS (5).
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(resolve(root, 'package.json'));
const Database = require('better-sqlite3');
const Y = require('yjs');
const collab = require(resolve(root, 'libs/collab/dist/index.js'));

const env = (k, d) => Number(process.env[k] ?? d);
const UPDATES = env('BENCH_UPDATES', 2000);
const PARAGRAPHS = env('BENCH_PARAGRAPHS', 200);
const EVENTS = env('BENCH_EVENTS', 300);
const RUNS = env('BENCH_RUNS', 5);
const USERS = ['usr_a', 'usr_b', 'usr_c'];

let seed = 42;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};

/** A client's document whose every transaction is stored as the server stores it: by one user, at one time. */
function writer(store, room) {
  const doc = new Y.Doc();
  let user = 'usr_a';
  let at = Date.parse('2026-11-20T08:00:00Z');
  const writes = [];
  doc.on('update', (u) => writes.push(store.append(room, u, user, new Date(at))));
  return {
    doc,
    async as(u, t, f) {
      user = u;
      at = t;
      doc.transact(f);
      await Promise.all(writes.splice(0));
    },
  };
}

const words = ['child', 'seen', 'near', 'the', 'bus', 'station', 'with', 'a', 'man', 'in', 'red', 'jacket', 'mother', 'called'];
const sentence = (n) => Array.from({ length: n }, () => words[rand(words.length)]).join(' ');

async function prepare() {
  const store = collab.openEmbeddedDocumentStore(new Database(':memory:'));
  const review = new collab.ReviewService(store);
  const start = Date.parse('2026-11-20T08:00:00Z');

  // Notes: signed paragraphs, then bursts of typing and deleting by three people (one character per update).
  const notes = writer(store, 'cases/bench/notes');
  const fragment = notes.doc.getXmlFragment(collab.NOTES_FRAGMENT);
  await notes.as('usr_a', start, () => {
    for (let i = 0; i < PARAGRAPHS; i++) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(sentence(12))]);
      fragment.push([p]);
    }
  });
  await review.signOff('bench', 'notes', 'usr_s', '');
  let t = start + 3_600_000;
  for (let i = 0; i < UPDATES; i++) {
    if (i % 50 === 0) t += 10 * 60_000;
    const user = USERS[Math.floor(i / 50) % USERS.length];
    const text = fragment.get(Math.floor(i / 50) % PARAGRAPHS).get(0);
    await notes.as(user, (t += 300), () => {
      if (i % 5 === 4 && text.length > 10) text.delete(rand(text.length - 1), 1);
      else text.insert(rand(text.length), 'abcdefghij'[rand(10)]);
    });
  }

  // Timeline: signed events, then field edits (titles, times, linked entities) by three people.
  const tl = writer(store, 'cases/bench/timeline');
  const events = tl.doc.getArray(collab.TIMELINE_EVENTS);
  await tl.as('usr_a', start, () => {
    for (let i = 0; i < EVENTS; i++)
      events.push([
        new Y.Map(
          Object.entries({ id: `ev-${i}`, at: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`, title: sentence(5), entityIds: [] }),
        ),
      ]);
  });
  await review.signOff('bench', 'timeline', 'usr_s', '');
  t = start + 3_600_000;
  for (let i = 0; i < UPDATES; i++) {
    const e = events.get(rand(EVENTS));
    await tl.as(USERS[i % USERS.length], (t += 20_000), () => {
      const which = i % 3;
      if (which === 0) e.set('title', sentence(5));
      else if (which === 1) e.set('at', `2026-11-${String(1 + rand(28)).padStart(2, '0')}T10:00:00Z`);
      else e.set('entityIds', [`ent_${rand(50)}`]);
    });
  }
  return store;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const store = await prepare();
for (const [name, run] of [
  ['notes', () => collab.notesDiff(store, 'bench')],
  ['timeline', () => collab.timelineDiff(store, 'bench')],
]) {
  const times = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = await run();
    times.push(performance.now() - t0);
  }
  const shape = name === 'notes' ? `${last.added} chars inserted, ${last.removed} deleted` : `${last.changed} events changed`;
  console.log(
    `review diff ${name}: ${UPDATES} updates since the sign-off (${name === 'notes' ? `${PARAGRAPHS} paragraphs` : `${EVENTS} events`}): ` +
      `median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${RUNS} runs (${shape})`,
  );
}
console.log(`rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
