import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { BACKEND, DEMO_PASSWORD, cypher, gql, login, startServer, type RunningServer } from './harness';

/*
 * No answer leaves without its audit record (audit.interceptor.ts: a root field's answer waits for its
 * record). Here the store refuses one record, as anyone with access to it could make it: a unique index
 * on the records' stated purpose, so that a second request stating a purpose already recorded cannot be
 * recorded. Nothing of that request's answer may reach the caller, over HTTP or graphql-ws.
 */

let server: RunningServer;
let token = '';
let admin = '';
let caseId = '';
const PURPOSE = 'audit refusal test';
const GRAPH = 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id label } edges { id } } }';

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 120_000 });
  token = await login(server.url, 'investigator.gt@demo.local');
  admin = await login(server.url, 'admin@demo.local');
  const cases = (await gql(server.url, '{ cases { id } }', {}, token)).data!.cases as Array<{ id: string }>;
  for (const c of cases) {
    const g = await gql(server.url, GRAPH, { c: c.id }, token);
    if (g.data!.caseGraph.nodes.length > 0) {
      caseId = c.id;
      break;
    }
  }
}, 150_000);
afterAll(async () => {
  await refuseRepeatedPurpose(false).catch(() => undefined);
  await server?.stop();
});

/** Makes the audit store refuse a second record with the same purpose (or stop refusing). */
async function refuseRepeatedPurpose(on: boolean): Promise<void> {
  if (BACKEND === 'neo4j') {
    await cypher(
      on
        ? 'CREATE CONSTRAINT homeward_test_one_purpose IF NOT EXISTS FOR (r:AuditRecord) REQUIRE r.purpose IS UNIQUE'
        : 'DROP CONSTRAINT homeward_test_one_purpose IF EXISTS',
    );
    return;
  }
  const db = new Database(join(server.dataDir, 'homeward.db'));
  try {
    db.exec(
      on
        ? 'CREATE UNIQUE INDEX IF NOT EXISTS homeward_test_one_purpose ON audit_record(purpose)'
        : 'DROP INDEX IF EXISTS homeward_test_one_purpose',
    );
  } finally {
    db.close();
  }
}

/** A GraphQL request over HTTP stating a purpose: its status and body as sent. */
async function post(query: string, variables: Record<string, unknown>, bearer?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-purpose': PURPOSE,
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, text: await res.text() };
}

/** The same query over graphql-ws, the purpose stated in the connection parameters. */
async function overWebsocket(query: string, variables: Record<string, unknown>): Promise<{ data?: unknown; errors?: unknown[] }> {
  const client = createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}`, purpose: PURPOSE },
    retryAttempts: 0,
  });
  try {
    return await new Promise((resolve) => {
      let result: { data?: unknown; errors?: unknown[] } = {};
      client.subscribe(
        { query, variables },
        {
          next: (r) => (result = r as typeof result),
          error: (err) => resolve({ errors: Array.isArray(err) ? err : [err] }),
          complete: () => resolve(result),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

describe('an answer whose audit record cannot be stored', () => {
  it('is not sent, over HTTP or graphql-ws, and the trail stays whole', async () => {
    expect(caseId).not.toBe('');
    await refuseRepeatedPurpose(true);
    try {
      // The first record with this purpose is stored: the answer goes out.
      const first = await post(GRAPH, { c: caseId }, token);
      expect(first.status).toBe(200);
      const nodes = (JSON.parse(first.text).data.caseGraph.nodes as Array<{ id: string; label: string }>).slice(0, 5);
      expect(nodes.length).toBeGreaterThan(0);

      // The second cannot be: nothing of the answer leaves.
      const second = await post(GRAPH, { c: caseId }, token);
      const body = JSON.parse(second.text);
      expect(body.data ?? null).toBeNull();
      expect(body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      for (const n of nodes) expect(second.text).not.toContain(n.id);

      // A sign-in whose record cannot be stored gives no token.
      const signIn = await post('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', {
        e: 'investigator.gt@demo.local',
        p: DEMO_PASSWORD,
      });
      expect(JSON.parse(signIn.text).data ?? null).toBeNull();
      expect(signIn.text).not.toMatch(/"token"/);

      // Over graphql-ws the field fails in place.
      const ws = await overWebsocket(GRAPH, { c: caseId });
      expect((ws.data as { caseGraph?: unknown } | null | undefined)?.caseGraph ?? null).toBeNull();
      expect(ws.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(ws.errors)).toMatch(/INTERNAL_SERVER_ERROR/);
    } finally {
      await refuseRepeatedPurpose(false);
    }

    // The store accepts records again: the same request is answered, the server held nothing back.
    const again = await post(GRAPH, { c: caseId }, token);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text).data.caseGraph.nodes.length).toBeGreaterThan(0);

    // Exactly the records that were stored: the first request's and the last; the refused ones left nothing behind.
    const recs = (await gql(server.url, '{ auditRecords(limit:1000){ action purpose outcome } }', {}, admin)).data!.auditRecords as Array<{
      action: string;
      purpose: string | null;
      outcome: string;
    }>;
    expect(recs.filter((r) => r.purpose === PURPOSE).map((r) => `${r.action} ${r.outcome}`)).toEqual([
      'query.caseGraph success',
      'query.caseGraph success',
    ]);
    const verify = await gql(server.url, '{ auditVerify { intact } }', {}, admin);
    expect(verify.data!.auditVerify.intact).toBe(true);
  });
});
