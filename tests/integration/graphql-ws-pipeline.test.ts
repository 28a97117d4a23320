import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { BACKEND, cypher, gql, login, startServer, type RunningServer } from './harness';

// One hardened GraphQL pipeline: over graphql-ws the same limits, masking, logging, audit and
// authorisation as over HTTP, on a server started as in production.
let server: RunningServer;
const tokens: Record<string, string> = {};
let gtCase: string;

beforeAll(async () => {
  server = await startServer({ env: { NODE_ENV: 'production' }, startTimeoutMs: 150_000 });
  for (const who of ['investigator.gt', 'ngo.es', 'admin']) tokens[who] = await login(server.url, `${who}@demo.local`);
  const r = await gql(server.url, '{ cases { id reference } }', {}, tokens['investigator.gt']);
  gtCase = (r.data!.cases as Array<{ id: string; reference: string }>).find((c) => c.reference === 'GT-2026-0001')!.id;
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

const clients: Client[] = [];
function client(token: string): Client {
  const c = createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  clients.push(c);
  return c;
}
afterAll(async () => {
  for (const c of clients) await c.dispose();
});

interface WsError {
  message: string;
  extensions?: { code?: string };
  stack?: unknown;
}

/** Runs one operation over graphql-ws; resolves with its first result, or the errors it was refused with. */
function run(c: Client, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: unknown; errors?: WsError[] }> {
  return new Promise((resolve, reject) => {
    let first: { data?: unknown; errors?: WsError[] } | null = null;
    const stop = c.subscribe(
      { query, variables },
      {
        next: (r) => {
          first ??= r as { data?: unknown; errors?: WsError[] };
          resolve(first);
          stop();
        },
        error: (e) =>
          Array.isArray(e) ? resolve({ errors: e as WsError[] }) : reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
        complete: () => resolve(first ?? {}),
      },
    );
  });
}

describe('graphql-ws goes through the HTTP pipeline', () => {
  it('refuses introspection and suggestions, and every refusal has a code', async () => {
    const c = client(tokens['investigator.gt']);
    const intro = await run(c, '{ __schema { types { name } } }');
    expect(intro.data ?? null).toBeNull();
    expect(intro.errors?.[0].message).toMatch(/introspection/i);
    expect(intro.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await run(c, '{ casse { id } }');
    expect(typo.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(typo)).not.toMatch(/Did you mean|stack/i);
    const syntax = await run(c, '{ cases { id ');
    expect(syntax.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('applies the same limits as HTTP (one list of rules: aliases, tokens, Armor depth and cost)', async () => {
    const c = client(tokens['investigator.gt']);
    const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `c${i}: cases { id }`).join(' ')} }`;
    const tokensOver = `{ ${Array.from({ length: 3100 }, () => '__typename').join(' ')} }`;
    for (const [query, pattern] of [
      [aliases, /alias/i],
      [tokensOver, /token/i],
    ] as const) {
      const viaWs = await run(c, query);
      const viaHttp = await gql(server.url, query, {}, tokens['investigator.gt']);
      expect(viaWs.data ?? null).toBeNull();
      expect(viaWs.errors?.[0].message).toMatch(pattern);
      expect(viaWs.errors?.[0].message).toBe(viaHttp.errors?.[0].message);
      expect(viaWs.errors?.[0].extensions?.code).toBe(viaHttp.errors?.[0].extensions?.code);
    }
    // Within the limits, the same query answers the same on both.
    const fine = 'query($c:ID!){ case(id:$c){ reference members { agency { id } } } }';
    const ws = await run(c, fine, { c: gtCase });
    expect(ws.errors).toBeUndefined();
    expect(ws.data).toEqual((await gql(server.url, fine, { c: gtCase }, tokens['investigator.gt'])).data);
  });

  it('masks an internal error, logs it, and gives it a code', async () => {
    // An agency whose stored name is not text: reading it is a server fault, not the client's.
    const made = await gql(
      server.url,
      'mutation($n:String!){ createAgency(input:{name:$n, country:"SV", kind: NGO}){ id } }',
      { n: `Broken ${Date.now()}` },
      tokens.admin,
    );
    const id = made.data!.createAgency.id as string;
    if (BACKEND === 'neo4j') await cypher('MATCH (a:Agency {id:$id}) SET a.name = 42', { id });
    else {
      const db = new Database(join(server.dataDir, 'homeward.db'));
      db.prepare("UPDATE agency SET name = x'00ff' WHERE id = ?").run(id);
      db.close();
    }
    try {
      const viaHttp = await gql(server.url, '{ agencies { id name } }', {}, tokens.admin);
      expect(viaHttp.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      const before = server.output().length;
      const viaWs = await run(client(tokens.admin), '{ agencies { id name } }');
      expect(viaWs.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(viaWs)).not.toMatch(/stack|agency|SQL|Cypher/i);
      await expect.poll(() => server.output().slice(before), { timeout: 5000 }).toMatch(/internal error/);
    } finally {
      if (BACKEND === 'neo4j') await cypher('MATCH (a:Agency {id:$id}) SET a.name = "Repaired"', { id });
      else {
        const db = new Database(join(server.dataDir, 'homeward.db'));
        db.prepare("UPDATE agency SET name = 'Repaired' WHERE id = ?").run(id);
        db.close();
      }
    }
  });

  it('authorises each subscription and audits it, allowed or denied', async () => {
    const member = client(tokens['investigator.gt']);
    const outsider = client(tokens['ngo.es']);
    const sub = 'subscription($c:ID!){ graphChanged(caseId:$c){ caseId kind } }';
    const denied = await run(outsider, sub, { c: gtCase });
    expect(denied.errors?.[0].extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    // A member's subscription is live: a mutation reaches it.
    const got = new Promise<{ data?: { graphChanged: { caseId: string } } }>((resolve) => {
      member.subscribe(
        { query: sub, variables: { c: gtCase } },
        { next: (r) => resolve(r as never), error: () => undefined, complete: () => undefined },
      );
    });
    await new Promise((r) => setTimeout(r, 500));
    await gql(
      server.url,
      'mutation($c:ID!){ addPerson(caseId:$c, input:{ fullName:"Subscriber test", role: WITNESS }){ id } }',
      { c: gtCase },
      tokens['investigator.gt'],
    );
    expect((await got).data?.graphChanged.caseId).toBe(gtCase);
    const audit = await gql(
      server.url,
      'query($c:ID){ auditRecords(caseId:$c, action:"subscription.graphChanged", limit:1000){ action outcome actorId caseId } }',
      { c: gtCase },
      tokens.admin,
    );
    const subs = (audit.data?.auditRecords ?? []) as Array<{ action: string; outcome: string }>;
    if (!audit.data) throw new Error(JSON.stringify(audit.errors));
    expect(subs.filter((r) => r.action === 'subscription.graphChanged').map((r) => r.outcome)).toEqual(
      expect.arrayContaining(['success', 'denied']),
    );
  });
});
