import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { BACKEND, gql, login, startServer, type RunningServer } from './harness';

// A seeded fuzz test, bounded in count (the same on both stores, whatever the environment): GraphQL
// operations generated from the introspected schema, valid and broken, over HTTP and graphql-ws, and
// malformed frames to /collab. No 5xx, no crash, and every GraphQL error carries a code.
// Neo4j answers each operation (most write an audit record) several times slower than the embedded
// store: fewer there, so that the file stays under a minute on the 2-core machine either way.
const SEED = 0x5eed_2026;
const HTTP_OPERATIONS = BACKEND === 'neo4j' ? 400 : 1200;
const WS_OPERATIONS = BACKEND === 'neo4j' ? 300 : 800;
const WS_BATCH = 30;
const COLLAB_CONNECTIONS = 40;
const FRAMES_PER_CONNECTION = 5;

/** Fields never generated: sign-in and sign-out (argon2 work, lockout, ending the fuzzer's own session) and heavy jobs. */
const EXCLUDED = new Set(['login', 'logout', 'runFaceMatch', 'casePoster', 'issueChildAlert']);

let server: RunningServer;
let token: string;
let schema: GraphQLSchema;
const ids: string[] = ['', 'nope', 'case_does_not_exist', 'ent_00000000'];
let caseId = '';

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

beforeAll(async () => {
  // Development mode: introspection is on, so the fuzzer reads the schema the way a client would.
  server = await startServer({ startTimeoutMs: 150_000 });
  token = await login(server.url, 'investigator.gt@demo.local');
  const intro = await gql(server.url, getIntrospectionQuery(), {}, token);
  schema = buildClientSchema(intro.data as never);
  const cases = await gql(server.url, '{ cases { id members { id } } }', {}, token);
  for (const c of cases.data!.cases as Array<{ id: string; members: Array<{ id: string }> }>) ids.push(c.id, ...c.members.map((m) => m.id));
  caseId = ids[4]!;
  const graph = await gql(server.url, 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id } edges { id } } }', { c: caseId }, token);
  const g = graph.data?.caseGraph as { nodes: Array<{ id: string }>; edges: Array<{ id: string }> } | undefined;
  ids.push(...(g?.nodes ?? []).slice(0, 20).map((n) => n.id), ...(g?.edges ?? []).slice(0, 10).map((e) => e.id));
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

const STRINGS = ['', 'x', 'GT', 'ñandú 🙂', 'a'.repeat(300), '\u0000nul', '<script>', '2026-01-01', '  ', "'; DROP"];

function scalar(name: string): unknown {
  switch (name) {
    case 'ID':
      return pick(ids);
    case 'Int':
      return pick([0, 1, -1, 5, 1000, 2 ** 31 - 1, -(2 ** 31)]);
    case 'Float':
      return pick([0, 1.5, -91, 181, 14.6, 1e308]);
    case 'Boolean':
      return random() < 0.5;
    case 'DateTime':
      return pick(['2026-03-01T10:00:00Z', '2015-02-30T00:00:00Z', 'yesterday', '9999-12-31T23:59:59Z', '2026-03-01']);
    case 'JSONObject':
      return pick([{}, { a: 1 }, { nested: { deep: [1, 2] } }]);
    default:
      return pick(STRINGS);
  }
}

function value(type: GraphQLInputType, depth: number): unknown {
  if (isNonNullType(type)) return value(type.ofType, depth);
  if (isListType(type)) return Array.from({ length: Math.floor(random() * 3) }, () => value(type.ofType as GraphQLInputType, depth + 1));
  if (isEnumType(type)) return pick(type.getValues()).name;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields()))
      if (isNonNullType(f.type) || (depth < 3 && random() < 0.4)) out[f.name] = value(f.type, depth + 1);
    return out;
  }
  return scalar(getNamedType(type).name);
}

function selection(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isUnionType(named)) return `{ __typename ... on ${pick(named.getTypes()).name} { __typename } }`;
  if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
  const fields = Object.values((named as GraphQLObjectType).getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type)));
  const chosen = new Set<string>();
  const parts = ['__typename'];
  for (let i = 0; i < 4 && fields.length; i++) {
    const f = pick(fields);
    if (chosen.has(f.name)) continue;
    chosen.add(f.name);
    if (isLeafType(getNamedType(f.type))) parts.push(f.name);
    else if (depth < 2) parts.push(`${f.name} ${selection(f.type, depth + 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

interface Operation {
  query: string;
  variables: Record<string, unknown>;
  broken: boolean;
}

/** One operation on a random root field: valid most of the time, broken in one of several ways otherwise. */
function operation(): Operation {
  const roll = random();
  const kind = roll < 0.6 ? 'query' : roll < 0.93 ? 'mutation' : 'subscription';
  const root = kind === 'query' ? schema.getQueryType() : kind === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  const fields = Object.values(root!.getFields()).filter((f: GraphQLField<unknown, unknown>) => !EXCLUDED.has(f.name));
  const f = pick(fields);
  const decls: string[] = [];
  const args: string[] = [];
  const variables: Record<string, unknown> = {};
  f.args.forEach((a, i) => {
    if (!isNonNullType(a.type) && random() < 0.5) return;
    decls.push(`$v${i}: ${a.type.toString()}`);
    args.push(`${a.name}: $v${i}`);
    variables[`v${i}`] = value(a.type, 0);
  });
  let query = `${kind}${decls.length ? `(${decls.join(', ')})` : ''} { ${f.name}${args.length ? `(${args.join(', ')})` : ''} ${selection(f.type, 0)} }`;
  if (random() >= 0.35) return { query, variables, broken: false };
  switch (Math.floor(random() * 7)) {
    case 0: // a required argument left out
      query = query.replace(/\(\$v\d+: [^,)]+(, )?/, '(').replace(/\(\)/, '');
      break;
    case 1: // a variable of the wrong type
      for (const k of Object.keys(variables)) variables[k] = pick([42, 'text', true, null, [1, 2], { a: 1 }]);
      break;
    case 2: // a field the type does not have
      query = query.replace('__typename', 'noSuchField __typename');
      break;
    case 3: // cut short
      query = query.slice(0, Math.floor(random() * query.length));
      break;
    case 4: // random characters
      query = Array.from({ length: 1 + Math.floor(random() * 80) }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join('');
      break;
    case 5: // a directive and an alias storm
      query = query.replace(f.name, `${Array.from({ length: 20 }, (_, i) => `a${i}: __typename`).join(' ')} ${f.name} @skip(if: false)`);
      break;
    default: // a variable declared but not sent
      query = query.replace(/^(query|mutation|subscription)/, '$1($unused: Int!)').replace('($unused: Int!)(', '($unused: Int!, ');
  }
  return { query, variables, broken: true };
}

interface GqlError {
  message?: unknown;
  extensions?: { code?: unknown };
}

function uncoded(errors: unknown): GqlError[] {
  if (!Array.isArray(errors)) return [];
  return (errors as GqlError[]).filter((e) => typeof e?.extensions?.code !== 'string');
}

describe('seeded fuzz', () => {
  it(`${HTTP_OPERATIONS} generated operations over HTTP: no 5xx, every error with a code`, async () => {
    const problems: string[] = [];
    let errorsSeen = 0;
    const codes = new Map<string, number>();
    for (let i = 0; i < HTTP_OPERATIONS; i++) {
      const op = operation();
      // A few bodies that are not GraphQL requests at all.
      const body =
        i % 50 === 49 ? pick(['{', '[]', '{"query": 5}', 'null', '{"query":"{ me { id } }","variables":"x"}']) : JSON.stringify(op);
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      const text = await res.text();
      if (res.status >= 500) problems.push(`${res.status} for ${body.slice(0, 200)}: ${text.slice(0, 200)}`);
      let json: { errors?: unknown } | null = null;
      try {
        json = JSON.parse(text) as { errors?: unknown };
      } catch {
        // A non-JSON answer (body parser refusals) is judged by its status alone.
      }
      if (json && Array.isArray(json.errors)) {
        errorsSeen += json.errors.length;
        for (const e of json.errors as GqlError[])
          codes.set(String(e?.extensions?.code), (codes.get(String(e?.extensions?.code)) ?? 0) + 1);
        for (const e of uncoded(json.errors)) problems.push(`no code for ${body.slice(0, 200)}: ${JSON.stringify(e).slice(0, 200)}`);
      }
    }
    if (process.env.FUZZ_SHOW_INTERNAL)
      console.log(
        [
          ...new Set(
            server
              .output()
              .split('\n')
              .filter((l) => /internal error/.test(l))
              .map((l) => l.slice(30, 300)),
          ),
        ].join('\n'),
      );
    console.log(`fuzz over HTTP: ${HTTP_OPERATIONS} operations, error codes ${JSON.stringify(Object.fromEntries(codes))}`);
    expect(problems.slice(0, 10)).toEqual([]);
    // Nothing the generator sends is the server's fault.
    expect(codes.get('INTERNAL_SERVER_ERROR') ?? 0).toBe(0);
    // The generator did reach the server's refusals (not only happy paths).
    expect(errorsSeen).toBeGreaterThan(HTTP_OPERATIONS / 10);
    expect(server.proc.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }, 120_000);

  it(`${WS_OPERATIONS} generated operations over graphql-ws: every error with a code, the server stays up`, async () => {
    const problems: string[] = [];
    let answered = 0;
    for (let start = 0; start < WS_OPERATIONS; start += WS_BATCH) {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      const pending = new Map<string, Operation>();
      const done = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000);
        ws.on('message', (data: Buffer) => {
          const m = JSON.parse(data.toString()) as { type: string; id?: string; payload?: unknown };
          if (m.type === 'connection_ack') {
            for (let i = start; i < Math.min(start + WS_BATCH, WS_OPERATIONS); i++) {
              const op = operation();
              const id = String(i);
              pending.set(id, op);
              ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: op.query, variables: op.variables } }));
            }
            return;
          }
          if (!m.id || !pending.has(m.id)) return;
          const op = pending.get(m.id)!;
          const errors = m.type === 'error' ? m.payload : m.type === 'next' ? (m.payload as { errors?: unknown }).errors : undefined;
          for (const e of uncoded(errors)) problems.push(`no code for ${op.query.slice(0, 200)}: ${JSON.stringify(e).slice(0, 200)}`);
          for (const e of Array.isArray(errors) ? (errors as GqlError[]) : [])
            if (e?.extensions?.code === 'INTERNAL_SERVER_ERROR') problems.push(`server fault for ${op.query.slice(0, 200)}`);
          // A query or mutation ends with 'complete' after its result; a live subscription with its first event.
          if (m.type === 'next' && !op.query.startsWith('subscription')) return;
          pending.delete(m.id);
          answered++;
          if ([...pending.values()].every((o) => o.query.startsWith('subscription'))) {
            clearTimeout(timer);
            resolve();
          }
        });
        ws.on('close', (code, reason) => {
          if (code !== 1000 && code !== 1005) problems.push(`graphql-ws closed ${code} ${reason.toString()}`);
          clearTimeout(timer);
          resolve();
        });
      });
      await new Promise<void>((ok, fail) => {
        ws.once('open', () => ok());
        ws.once('error', fail);
      });
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
      await done;
      ws.close(1000);
    }
    if (process.env.FUZZ_SHOW_INTERNAL)
      console.log(
        [
          ...new Set(
            server
              .output()
              .split('\n')
              .filter((l) => /internal error/.test(l))
              .map((l) => l.slice(30, 300)),
          ),
        ].join('\n'),
      );
    expect(problems.slice(0, 10)).toEqual([]);
    expect(answered).toBeGreaterThan(WS_OPERATIONS * 0.8);
    expect(server.proc.exitCode).toBeNull();
  }, 120_000);

  it(`${COLLAB_CONNECTIONS * FRAMES_PER_CONNECTION} malformed frames to /collab: each closed with a protocol or 4xxx code, never a fault`, async () => {
    const room = `cases/${caseId}/notes`;
    // Close codes a refusal may carry: protocol errors (1002, 1003, 1007, 1008, 1009) and the 44xx refusals.
    const allowed = (code: number) => [1000, 1002, 1003, 1005, 1007, 1008, 1009].includes(code) || (code >= 4400 && code < 4500);
    const problems: string[] = [];
    const closes = new Map<string, number>();
    const valid = [
      [0, 0, 1, 0], // sync step 1, empty state vector
      [0, 2, 2, 0, 0], // an empty update
      [1, 1, 0], // an empty awareness update
      [3], // query awareness
    ];
    for (let c = 0; c < COLLAB_CONNECTIONS; c++) {
      const target =
        c % 10 === 9 ? pick([`/collab/${room}?token=garbage`, '/collab/cases/x/other?token=' + token, '/collab/..%2f..']) : null;
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}${target ?? `/collab/${room}?token=${token}`}`);
      ws.on('error', () => undefined);
      const closed = new Promise<number | null>((resolve) => {
        ws.on('close', (code) => resolve(code));
        setTimeout(() => resolve(null), 3000);
      });
      await new Promise<void>((resolve) => {
        ws.once('open', () => resolve());
        ws.once('close', () => resolve());
      });
      const sent: string[] = [];
      for (let f = 0; f < FRAMES_PER_CONNECTION && ws.readyState === ws.OPEN; f++) {
        let frame: Uint8Array;
        const kind = random();
        if (kind < 0.3) frame = Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256));
        else if (kind < 0.7) {
          // A valid frame with one byte changed, cut short, or with bytes after it.
          const base = Uint8Array.from(pick(valid));
          const mutation = Math.floor(random() * 3);
          if (mutation === 0) base[Math.floor(random() * base.length)] = Math.floor(random() * 256);
          frame = mutation === 1 ? base.slice(0, Math.max(1, base.length - 1)) : mutation === 2 ? Uint8Array.from([...base, 7, 7]) : base;
        } else if (kind < 0.85)
          frame = Uint8Array.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]); // a length past the end
        else frame = Uint8Array.from([1, 5, 1, 9, 1, 3, 0x7b, 0x7d]); // awareness with a bad count
        sent.push(Buffer.from(frame).toString('hex'));
        if (random() < 0.1) ws.send('text frame');
        else ws.send(frame);
      }
      if (ws.readyState === ws.OPEN) setTimeout(() => ws.close(1000), 300);
      const code = await closed;
      closes.set(String(code), (closes.get(String(code)) ?? 0) + 1);
      if (code !== null && !allowed(code)) problems.push(`closed ${code} after ${sent.join(' ')}`);
    }
    console.log(`fuzz on /collab: close codes ${JSON.stringify(Object.fromEntries(closes))}`);
    expect(problems).toEqual([]);
    expect(server.proc.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // The room still works for a well-behaved client.
    const ok = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${room}?token=${token}`);
    const first = await new Promise<Buffer>((resolve, reject) => {
      ok.once('message', (d: Buffer) => resolve(d));
      ok.once('error', reject);
    });
    expect(first[0]).toBe(0);
    ok.close();
  }, 60_000);
});
