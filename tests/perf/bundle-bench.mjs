#!/usr/bin/env node
/* global fetch, performance, setInterval, clearInterval */
// The evidence bundle's budget (issue 18): a case of 500 entities with 20 photos exports in <= 5 s, with the
// server's memory flat (the ZIP is streamed). Runs the built server on the embedded store in a temporary
// directory, fills a case through the API (entities, links, photos of about 1 MB each), then downloads the
// bundle BENCH_RUNS times and prints the time of each, the bundle's size, and the server's resident memory
// before, during (peak sampled every 50 ms) and after.
//
//   npm run perf:bundle          # builds the API first
//   BENCH_ENTITIES=500 BENCH_PHOTOS=20 BENCH_RUNS=5 node tests/perf/bundle-bench.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { envNumber } from './bench-support.mjs';

const ENTITIES = envNumber('BENCH_ENTITIES', 500);
const PHOTOS = envNumber('BENCH_PHOTOS', 20);
const RUNS = envNumber('BENCH_RUNS', 5);
const PASSWORD = 'bench-password-1';
const dir = mkdtempSync(join(tmpdir(), 'homeward-bundle-bench-'));

const proc = spawn(process.execPath, ['apps/api/dist/apps/api/src/main.js'], {
  env: {
    ...process.env,
    NEO4J_URI: '',
    REDIS_URL: '',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    DEMO_PASSWORD: PASSWORD,
    SEED_DEMO: '1',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let out = '';
  proc.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
    if (m) resolve(m[1]);
  });
  proc.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)));
});
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))[1]) / 1024;

async function gql(query, variables, token) {
  const r = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await r.json();
  // The API's rate limits (RATE_LIMITS) may still refuse a burst: wait as told and ask again.
  const wait = body.errors?.[0]?.extensions?.retryAfterSeconds;
  if (body.errors?.[0]?.extensions?.code === 'RATE_LIMITED' && wait) {
    await new Promise((ok) => setTimeout(ok, wait * 1000));
    return gql(query, variables, token);
  }
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

try {
  const token = (
    await gql('mutation($e:String!,$p:String!){login(email:$e,password:$p){token}}', { e: 'investigator.gt@demo.local', p: PASSWORD })
  ).login.token;
  const caseId = (
    await gql('mutation{ createCase(input:{ title:"Bundle bench", category: RUNAWAY, riskLevel: LOW, country:"GT" }) { id } }', {}, token)
  ).createCase.id;
  const t0 = Date.now();
  const place = (
    await gql(
      'mutation($c:ID!){ addLocation(caseId:$c, input:{ name:"Bench place", country:"GT", latitude:14.6, longitude:-90.5 }){ id } }',
      { c: caseId },
      token,
    )
  ).addLocation.id;
  const people = [];
  for (let i = 1; people.length + 1 < ENTITIES * 0.6; i++)
    people.push(
      (
        await gql(
          'mutation($c:ID!,$i:PersonInput!){ addPerson(caseId:$c, input:$i){ id } }',
          { c: caseId, i: { fullName: `Person ${i}`, role: 'WITNESS' } },
          token,
        )
      ).addPerson.id,
    );
  let sightings = 0;
  while (people.length + 1 + sightings < ENTITIES) {
    const seen = [people[sightings % people.length]];
    await gql(
      'mutation($c:ID!,$i:SightingInput!){ addSighting(caseId:$c, input:$i){ id } }',
      {
        c: caseId,
        i: { observedAt: new Date(Date.UTC(2026, 10, 1) + sightings * 3_600_000).toISOString(), locationId: place, seenIds: seen },
      },
      token,
    );
    sightings++;
  }
  const photoBytes = [];
  for (let i = 0; i < PHOTOS; i++) {
    const jpeg = await sharp({ create: { width: 1280, height: 960, channels: 3, noise: { type: 'gaussian', mean: 128 + i, sigma: 40 } } })
      .jpeg({ quality: 85 })
      .toBuffer();
    photoBytes.push(jpeg.length);
    const r = await fetch(`${url}/media/photos?caseId=${caseId}&entityId=${people[i % people.length]}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
      body: jpeg,
    });
    if (r.status !== 201) throw new Error(`photo upload ${r.status}: ${await r.text()}`);
  }
  console.log(
    `case: ${people.length + 1 + sightings} entities (${people.length} people, 1 place, ${sightings} sightings), ${PHOTOS} photos ` +
      `(${(photoBytes.reduce((a, b) => a + b, 0) / 1e6).toFixed(1)} MB), filled in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  const before = rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 50);
  const times = [];
  let size = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const res = await fetch(`${url}/media/cases/${caseId}/bundle.zip`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`export ${res.status}: ${await res.text()}`);
    size = 0;
    for await (const chunk of res.body) size += chunk.length;
    times.push(performance.now() - start);
  }
  clearInterval(sampler);
  const after = rss();
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`bundle: ${(size / 1e6).toFixed(1)} MB; export times ${times.map((t) => `${Math.round(t)} ms`).join(', ')}`);
  console.log(
    `median ${Math.round(sorted[Math.floor(sorted.length / 2)])} ms, worst ${Math.round(sorted[sorted.length - 1])} ms (budget 5000 ms)`,
  );
  console.log(
    `server RSS: ${before.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB during, ${after.toFixed(0)} MB after ${RUNS} exports`,
  );
} finally {
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
