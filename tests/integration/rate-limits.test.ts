import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { gql, login, startServer, type RunningServer } from './harness';

// Limits per caller (RATE_LIMITS) through the built server: every operation of a user, their
// mutations, and operations without a session per address. Small limits so that a test meets them.
describe('limits per caller', () => {
  let s: RunningServer;
  const tokens: Record<string, string> = {};
  let caseId: string;

  const post = (query: string, variables: Record<string, unknown>, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
  const refused = async (r: Response) => {
    expect(r.status).toBe(429);
    const retry = Number(r.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(120);
    const body = (await r.json()) as {
      data?: unknown;
      errors: Array<{ message: string; extensions: { code: string; retryAfterSeconds: number } }>;
    };
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0].extensions.retryAfterSeconds).toBe(retry);
    expect(body.errors[0].message).toContain(`${retry} s`);
  };

  beforeAll(async () => {
    s = await startServer({ env: { RATE_LIMITS: 'user=12/60,mutations=3/60,anonymous=5/60', NODE_ENV: 'production' } });
    // Two sign-ins: two of the address's five anonymous operations.
    tokens.gt = await login(s.url, 'investigator.gt@demo.local');
    tokens.sup = await login(s.url, 'supervisor.gt@demo.local');
    const cases = await gql(s.url, '{ cases { id reference } }', {}, tokens.gt);
    caseId = (cases.data!.cases as Array<{ id: string; reference: string }>).find((c) => c.reference === 'GT-2026-0001')!.id;
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
  });

  it('refuses the mutations of a user past their limit with 429, Retry-After and RATE_LIMITED, writing nothing', async () => {
    const add = (n: string) =>
      post('mutation($c:ID!,$n:String!){ addPerson(caseId:$c, input:{fullName:$n, role: WITNESS}) { id } }', { c: caseId, n }, tokens.gt);
    for (let i = 0; i < 3; i++) expect((await add(`Testigo limite ${i}`)).status).toBe(200);
    await refused(await add('Testigo de mas'));
    const found = await gql(s.url, '{ search(text: "Testigo de mas") { id } }', {}, tokens.gt);
    expect(found.errors).toBeUndefined();
    expect(found.data!.search).toEqual([]);
    // Another user's mutations count on their own.
    const other = await post(
      'mutation($c:ID!){ addPerson(caseId:$c, input:{fullName:"Testigo supervisor", role: WITNESS}) { id } }',
      { c: caseId },
      tokens.sup,
    );
    expect(other.status).toBe(200);
  });

  it('counts every operation of a user, queries included', async () => {
    // 1 cases + 4 mutations + 1 search so far for this user; up to 12 pass, the 13th is refused.
    let passed = 0;
    let r: Response;
    for (;;) {
      r = await post('{ me { id } }', {}, tokens.gt);
      if (r.status !== 200) break;
      passed++;
      expect(passed).toBeLessThan(20);
    }
    expect(passed).toBe(12 - 6);
    await refused(r);
    // The same count over graphql-ws: an operation there is refused with the same code.
    const client = createClient({
      url: `${s.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${tokens.gt}` },
      retryAttempts: 0,
    });
    try {
      const errors = await new Promise<Array<{ extensions?: { code?: string } }>>((resolve, reject) =>
        client.subscribe(
          { query: '{ me { id } }' },
          {
            next: () => reject(new Error('answered past the limit')),
            error: (e) => resolve(e as never),
            complete: () => reject(new Error('completed')),
          },
        ),
      );
      expect(errors[0].extensions?.code).toBe('RATE_LIMITED');
    } finally {
      await client.dispose();
    }
  });

  it('limits operations without a session per client address', async () => {
    // Two sign-ins already: three more anonymous operations pass, the next is refused, sign-in included.
    for (let i = 0; i < 3; i++) expect((await post('{ __typename }', {})).status).toBe(200);
    await refused(
      await post('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e: 'x@demo.local', p: 'whatever-pw' }),
    );
    // X-Forwarded-For is not trusted without TRUST_PROXY: a client cannot pick another address.
    await refused(await post('{ __typename }', {}, undefined, { 'x-forwarded-for': '203.0.113.9' }));
  });
});
