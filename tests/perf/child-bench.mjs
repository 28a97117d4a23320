#!/usr/bin/env node
// The missing child's outputs, measured at library level (not part of `npm test`;
// the issue sets no budget for them, so the numbers are printed for the README):
// a poster in four languages (A4) rendered by pdfkit, a CAP 1.2 message in four
// languages with a corridor area built and checked, recipients among many agency
// coverages, and the statistics + CSV of many cases.
//
//   node tests/perf/child-bench.mjs            # needs the built libs (node tools/build.mjs --api-only)
//   BENCH_SAMPLES=50 BENCH_CASES=20000 node tests/perf/child-bench.mjs
import { capConformance } from '../../libs/media/dist/cap-conformance.js';
import { envNumber, percentile, timeAll } from './bench-support.mjs';
import {
  capDigest,
  capTime,
  capXml,
  caseStatistics,
  casesCsv,
  circleArea,
  corridorArea,
  recipientsFor,
  renderPoster,
} from '@homeward/media';

const env = envNumber;
const SAMPLES = env('BENCH_SAMPLES', 30);
const CASES = env('BENCH_CASES', 10_000);
const AGENCIES = env('BENCH_AGENCIES', 5_000);

async function time(label, fn, samples = SAMPLES) {
  await fn(); // warm-up
  const t = await timeAll(Array.from({ length: samples }), () => fn());
  console.log(`${label.padEnd(58)} p50 ${percentile(t, 50).toFixed(2)} ms   p99 ${percentile(t, 99).toFixed(2)} ms   (${samples} runs)`);
}

const poster = {
  reference: 'GT-2026-0001',
  name: 'Ana Lucía Pérez Gómez',
  aliases: ['Anita'],
  age: 12,
  description: '1.42 m, slim, long black hair in a braid',
  clothing: 'Navy skirt, white blouse, pink backpack',
  languagesSpoken: ['Spanish'],
  lastSeenAt: new Date('2026-11-20T22:40:00Z'),
  lastSeenPlace: 'Mercado La Terminal (GT)',
  countries: ['GT', 'MX', 'ES'],
};
await time('poster, 4 languages, A4 (pdfkit)', () => renderPoster(poster, { languages: ['en', 'es', 'fr', 'pt'], paper: 'A4' }));
// A name outside Windows-1252: the poster is drawn in DejaVu Sans, embedded as a subset (libs/media/src/pdf-fonts.ts).
await time('poster, 4 languages, A4, a Cyrillic and Polish name', () =>
  renderPoster({ ...poster, name: 'Олександра Коваленко (Łucja)' }, { languages: ['en', 'es', 'fr', 'pt'], paper: 'A4' }),
);

const sightings = Array.from({ length: 12 }, (_, i) => ({
  lat: 14.6 + i * 0.05,
  lon: -90.5 - i * 0.15,
  at: new Date(Date.UTC(2026, 10, 20, i)),
  country: i < 9 ? 'GT' : 'MX',
  name: `Place ${i}`,
}));
const photo = Buffer.alloc(300_000, 7);
await time('CAP message: corridor of 11 legs, 4 infos, built + checked', () => {
  const area = corridorArea(sightings, 15);
  const xml = capXml({
    identifier: 'homeward-GT-2026-0001-x',
    sender: 'homeward:agy_1',
    sent: capTime(new Date()),
    status: 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    references: [],
    infos: ['en', 'es', 'fr', 'pt'].map((language) => ({
      language,
      categories: ['Rescue'],
      event: 'Missing child',
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Likely',
      headline: 'Missing child',
      description: 'd',
      resources: [{ resourceDesc: 'photo', mimeType: 'image/jpeg', size: photo.length, digest: capDigest(photo) }],
      areas: [{ areaDesc: area.description, circles: [], polygons: area.polygons }],
    })),
  });
  if (capConformance(xml).length) throw new Error('CAP message does not conform');
});

let seed = 1;
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const coverages = Array.from({ length: AGENCIES }, (_, i) => ({
  agencyId: `agy_${i}`,
  countries: i % 10 === 0 ? ['GT'] : [],
  circles: [{ lat: -60 + rnd() * 120, lon: -180 + rnd() * 360, radiusKm: 20 + rnd() * 200 }],
}));
const circle = circleArea({ lat: 14.677, lon: -92.139, at: new Date(Date.now() - 6 * 3_600_000), country: 'GT' }, new Date());
const corridor = corridorArea(sightings, 15);
await time(`recipients among ${AGENCIES.toLocaleString('en')} coverages, circle`, () => recipientsFor(circle, coverages));
await time(`recipients among ${AGENCIES.toLocaleString('en')} coverages, 11-leg corridor`, () => recipientsFor(corridor, coverages));

const STATUSES = ['OPEN', 'FOUND_SAFE', 'FOUND_HARMED', 'FOUND_DECEASED', 'CLOSED'];
const facts = Array.from({ length: CASES }, (_, i) => {
  const reported = Date.UTC(2026, 0, 1) + Math.floor(rnd() * 300) * 86_400_000;
  const status = STATUSES[Math.floor(rnd() * STATUSES.length)];
  return {
    id: `case_${i}`,
    reference: `GT-2026-${i}`,
    title: i % 97 === 0 ? `=HYPERLINK("x") ${i}` : `Case, "${i}"`,
    category: 'RUNAWAY',
    status,
    riskLevel: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'][i % 4],
    country: i % 3 ? 'GT' : 'MX',
    reportedAt: new Date(reported).toISOString(),
    foundAt: status === 'OPEN' ? null : new Date(reported + rnd() * 200 * 3_600_000).toISOString(),
    countries: i % 7 ? ['GT'] : ['GT', 'MX'],
  };
});
await time(
  `statistics + CSV over ${CASES.toLocaleString('en')} cases`,
  () => {
    caseStatistics(facts);
    casesCsv(facts);
  },
  Math.max(5, Math.floor(SAMPLES / 3)),
);
