#!/usr/bin/env node
// Case replay's server budget (issue 19): building the case as it was at a moment (caseAt) on a case of 500
// entities, 1,500 links and 2,000 note updates takes p50 <= 50 ms. Starts the built server (embedded store; and
// again on Neo4j when NEO4J_URI is set), seeds such a case through its API and collaboration socket (every
// graph change a mutation, so the graph journal holds what real use writes: creations, then some edits and
// removals), and times caseAt at moments spread over the case's life, over HTTP from here (GraphQL parsing
// and the answer's serialisation included), and caseReplay (time and payload size).
// Usage: npm run perf:replay   (builds the API first)
//   ENTITIES (500), LINKS (1500), NOTE_UPDATES (2000), MOMENTS (60): caseAt calls timed.
//   NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD: the Neo4j run (it writes a case there and leaves it); DEMO_PASSWORD as below.
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gqlRequest, startBenchServer } from './lib/server.mjs';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const req = createRequire(join(root, 'package.json'));
const num = (k, d) => Number(process.env[k] ?? d);
const ENTITIES = num('ENTITIES', 500);
const LINKS = num('LINKS', 1500);
const NOTE_UPDATES = num('NOTE_UPDATES', 2000);
const MOMENTS = num('MOMENTS', 60);
const BUDGET_P50 = 50;
// Mutations per request: the production limit on aliases (armor) is 15.
const BATCH = 15;
// The demo workspace is seeded into an empty database only: on a Neo4j seeded before, pass its DEMO_PASSWORD.
const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'perf-demo-password';
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

const startApi = (neo4j) => startBenchServer({ name: 'replay-server', demoPassword: DEMO_PASSWORD, neo4j, timeoutMs: 180_000 });
const gql = gqlRequest;

/** Aliased mutations, `size` to a request (each one its own graph change and journal entry). */
async function batched(url, token, caseId, items, size, field) {
  const out = [];
  for (let i = 0; i < items.length; i += size) {
    const chunk = items.slice(i, i + size);
    const vars = { c: caseId };
    const decl = [];
    const body = chunk.map((it, j) => {
      const [text, v] = field(it);
      for (const [k, val] of Object.entries(v)) {
        vars[`${k}${j}`] = val.value;
        decl.push(`$${k}${j}:${val.type}`);
      }
      return `m${j}:${text.replaceAll('$#', `${j}`)}`;
    });
    const { data } = await gql(url, token, `mutation($c:ID!${decl.length ? ',' : ''}${decl.join(',')}){${body.join(' ')}}`, vars);
    for (let j = 0; j < chunk.length; j++) out.push(data[`m${j}`]);
  }
  return out;
}

async function seed(url) {
  const { data: l } = await gql(url, null, 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', {
    e: 'investigator.gt@demo.local',
    p: DEMO_PASSWORD,
  });
  const token = l.login.token;
  const { data: made } = await gql(
    url,
    token,
    'mutation { createCase(input:{ title:"Perf replay (server)", category: NON_FAMILY_ABDUCTION, riskLevel: HIGH, country:"gt" }) { id } }',
  );
  const caseId = made.createCase.id;
  const t0 = performance.now();
  const nodes = await batched(
    url,
    token,
    caseId,
    Array.from({ length: ENTITIES }, (_, i) => `Person ${i}`),
    BATCH,
    (name) => ['addEntity(caseId:$c,kind:PERSON,props:$p$#){id}', { p: { type: 'JSONObject!', value: { fullName: name } } }],
  );
  const ids = nodes.map((n) => n.id);
  let s = 7;
  const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pairs = new Set();
  const links = [];
  while (links.length < LINKS) {
    const a = Math.floor(rnd() * ENTITIES);
    const b = Math.floor(rnd() * ENTITIES);
    if (a === b || pairs.has(`${a}-${b}`) || pairs.has(`${b}-${a}`)) continue;
    pairs.add(`${a}-${b}`);
    links.push([ids[a], ids[b]]);
  }
  const linkIds = (
    await batched(url, token, caseId, links, BATCH, ([a, b]) => [
      'linkEntities(caseId:$c,input:{fromId:$a$#,toId:$b$#,type:ASSOCIATE_OF}){id}',
      { a: { type: 'ID!', value: a }, b: { type: 'ID!', value: b } },
    ])
  ).map((x) => x.id);
  // Some history on top: 100 edits, 50 links deleted, 20 entities removed (with their links).
  await batched(url, token, caseId, ids.slice(0, 100), BATCH, (id) => [
    'updateEntity(caseId:$c,id:$i$#,props:{description:"edited"}){id}',
    { i: { type: 'ID!', value: id } },
  ]);
  await batched(url, token, caseId, linkIds.slice(0, 50), BATCH, (id) => [
    'deleteLink(caseId:$c,id:$i$#)',
    { i: { type: 'ID!', value: id } },
  ]);
  await batched(url, token, caseId, ids.slice(ENTITIES - 20), BATCH, (id) => [
    'removeEntity(caseId:$c,id:$i$#)',
    { i: { type: 'ID!', value: id } },
  ]);
  const graphSeconds = (performance.now() - t0) / 1000;

  // The notes: NOTE_UPDATES updates through the collaboration socket, a word each, as an editor sends them.
  const Y = req('yjs');
  const { WebsocketProvider } = req('y-websocket');
  const WebSocket = req('ws');
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${url.replace('http', 'ws')}/collab`, `cases/${caseId}/notes`, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket,
    disableBc: true,
  });
  await new Promise((ok) => provider.once('sync', ok));
  const frag = doc.getXmlFragment('default');
  let para = null;
  for (let i = 0; i < NOTE_UPDATES; i++) {
    if (i % 40 === 0) {
      doc.transact(() => {
        para = new Y.XmlElement('paragraph');
        para.insert(0, [new Y.XmlText(`Line ${i / 40}:`)]);
        frag.push([para]);
      });
    } else {
      const text = para.get(0);
      text.insert(text.length, ` word${i}`);
    }
    // Within a connection's limit of 100 messages a second (COLLAB_LIMITS), as a fast typist stays.
    if (i % 10 === 9) await new Promise((r) => setTimeout(r, 125));
  }
  const t1 = Date.now();
  for (;;) {
    const { data } = await gql(url, token, 'query($c:ID!){ caseReplay(caseId:$c){ notes { seq } } }', { c: caseId });
    if (data.caseReplay.notes.length >= NOTE_UPDATES) break;
    if (Date.now() - t1 > 120_000) throw new Error(`only ${data.caseReplay.notes.length} of ${NOTE_UPDATES} note updates stored`);
    await new Promise((r) => setTimeout(r, 500));
  }
  provider.destroy();
  return { caseId, token, graphSeconds };
}

const MOMENT = `query($c:ID!,$at:DateTime!){ caseAt(caseId:$c, at:$at){ at nodes { id kind label props createdBy createdAt }
  edges { id type source target } notesMarkdown timeline } }`;
const REPLAY = `query($c:ID!){ caseReplay(caseId:$c){ openedAt changes { seq at actorId actorName kind
  nodes { id kind label props createdBy createdAt } edges { id type source target } } notes { seq at userId userName update }
  timeline { seq at userId update } } }`;

async function measure(label, neo4j) {
  const api = await startApi(neo4j);
  try {
    const { caseId, token, graphSeconds } = await seed(api.url);
    const first = performance.now();
    const { data: r, bytes: replayBytes } = await gql(api.url, token, REPLAY, { c: caseId });
    const replayFirst = performance.now() - first;
    const replayTimes = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await gql(api.url, token, REPLAY, { c: caseId });
      replayTimes.push(performance.now() - t);
    }
    const from = Date.parse(r.caseReplay.openedAt);
    const to = Date.now();
    let s = 3;
    const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const moments = Array.from({ length: MOMENTS }, () => new Date(from + rnd() * (to - from)).toISOString());
    // A slider is most often near the end: a fifth of the moments are the present.
    for (let i = 0; i < MOMENTS; i += 5) moments[i] = new Date(to).toISOString();
    const times = [];
    let nodes = 0;
    let bytes = 0;
    for (const at of moments) {
      const t = performance.now();
      const { data, bytes: b } = await gql(api.url, token, MOMENT, { c: caseId, at });
      times.push(performance.now() - t);
      nodes = Math.max(nodes, data.caseAt.nodes.length);
      bytes = Math.max(bytes, b);
    }
    const p50 = pct(times, 50);
    console.log(
      `${label}: seeded ${ENTITIES} entities, ${LINKS} links (+100 edits, 50 links deleted, 20 entities removed) in ${graphSeconds.toFixed(0)} s, ` +
        `${NOTE_UPDATES} note updates; ${r.caseReplay.changes.length} graph changes`,
    );
    console.log(
      `  caseAt (${MOMENTS} moments, up to ${nodes} nodes, ${(bytes / 1024).toFixed(0)} KiB): p50 ${p50.toFixed(1)} ms, ` +
        `p95 ${pct(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms ` +
        `(budget p50 <= ${BUDGET_P50} ms: ${p50 <= BUDGET_P50 ? 'PASS' : 'FAIL'})`,
    );
    console.log(
      `  caseReplay: ${(replayBytes / 1024 / 1024).toFixed(2)} MiB; first ${replayFirst.toFixed(0)} ms, then p50 ${pct(replayTimes, 50).toFixed(0)} ms, ` +
        `p95 ${pct(replayTimes, 95).toFixed(0)} ms`,
    );
    return p50 <= BUDGET_P50;
  } finally {
    await api.stop();
  }
}

console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
let ok = await measure('embedded', false);
if (process.env.NEO4J_URI) ok = (await measure(`neo4j (${process.env.NEO4J_URI})`, true)) && ok;
else console.log('neo4j: skipped (NEO4J_URI is not set)');
process.exit(ok ? 0 : 1);
