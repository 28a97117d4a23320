import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { BACKEND, createAccount, cypher, gql, login, startServer, type RunningServer } from './harness';

let server: RunningServer;
let admin: string;
let agencyId: string;

beforeAll(async () => {
  server = await startServer();
  admin = await login(server.url, 'admin@demo.local');
  agencyId = (await gql(server.url, '{ agencies { id country } }', {}, admin)).data!.agencies.find(
    (a: { country: string }) => a.country === 'GT',
  ).id;
});
afterAll(async () => {
  await server?.stop();
});

const newUser = (role = 'INVESTIGATOR') => createAccount(server.url, admin, agencyId, { role });

/**
 * A new user with a case of their own, subscribed to its graph changes over graphql-ws: `ended` resolves with
 * the time the server ends the subscription or closes the socket.
 */
async function watchingUser(title: string) {
  const u = await newUser();
  const token = await login(server.url, u.email, u.password);
  const created = await gql(
    server.url,
    'mutation($t:String!) { createCase(input:{title:$t, category: UNKNOWN, riskLevel: LOW, country:"GT"}) { id } }',
    { t: title },
    token,
  );
  const caseId = created.data!.createCase.id;
  const client = createClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const ended = new Promise<number>((resolve) => {
    client.subscribe(
      { query: 'subscription($c:ID!){ graphChanged(caseId:$c){ caseId } }', variables: { c: caseId } },
      { next: () => undefined, error: () => resolve(Date.now()), complete: () => resolve(Date.now()) },
    );
    client.on('closed', () => resolve(Date.now()));
  });
  // Subscribed before anything is changed.
  await new Promise((r) => setTimeout(r, 300));
  return { u, token, client, ended };
}

describe('sessions and accounts', () => {
  it('locks an account after 5 failed logins, however the attempts are packed into requests', async () => {
    const u = await newUser();
    // Aliases: the first failure aborts the rest of the (serial, non-null) mutation, so a packed request gets one try.
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: login(email:"${u.email}", password:"wrong-${i}-password") { token }`).join(
      ' ',
    );
    for (let i = 0; i < 5; i++) {
      const r = await gql(server.url, `mutation { ${aliases} }`);
      expect((r.errors ?? []).map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    }
    const right = await gql(server.url, 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', {
      e: u.email,
      p: u.password,
    });
    // Locked, and saying so no differently from an unknown email (nobody learns which accounts exist or are locked).
    const unknown = await gql(server.url, 'mutation { login(email:"nobody-at-all@test.example", password:"whatever-password") { token } }');
    expect(right.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(right.errors?.[0].message).toBe(unknown.errors?.[0].message);
    expect(right.errors?.[0].extensions).toEqual(unknown.errors?.[0].extensions);
    // Batched HTTP requests are refused outright.
    const batch = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(batch.status).toBe(400);
  });

  it('answers a syntax error and an over-long query with 400, not 500: the request was wrong, not the server', async () => {
    const post = (query: string) =>
      fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const typo = await post('{ cases { id ');
    expect(typo.status).toBe(400);
    expect(((await typo.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe(
      'GRAPHQL_PARSE_FAILED',
    );
    const long = await post(`{ ${'a '.repeat(4000)}}`);
    expect(long.status).toBe(400);
    expect(((await long.json()) as { errors: Array<{ message: string }> }).errors[0].message).toMatch(/more that 3000 tokens|Token limit/);
  });

  it('lists every account to administrators only', async () => {
    const u = await newUser();
    const token = await login(server.url, u.email, u.password);
    const outsider = await gql(server.url, '{ users { email role } }', {}, token);
    expect(outsider.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(outsider.data ?? null).toBeNull();
    const all = await gql(server.url, '{ users { email } }', {}, admin);
    expect((all.data!.users as Array<{ email: string }>).map((x) => x.email)).toContain(u.email);
  });

  it('counts concurrent attempts one by one: a burst of guesses cannot check more than 5 passwords', async () => {
    const u = await newUser();
    const q = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }';
    // The right password sent 15th: before, the lock was checked before the count, so all 20 passed the
    // check, all 20 passwords were verified, and the 15th signed in after 14 failures.
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) => gql(server.url, q, { e: u.email, p: i === 14 ? u.password : `wrong-${i}-password` })),
    );
    expect(burst.filter((r) => r.data?.login)).toHaveLength(0);
    expect(burst.every((r) => r.errors?.[0].extensions?.code === 'UNAUTHENTICATED')).toBe(true);
    const after = await gql(server.url, q, { e: u.email, p: u.password });
    expect(after.data?.login ?? null).toBeNull();
  });

  it('ends an idle session after 30 minutes and any session after 12 hours', async () => {
    const u = await newUser();
    const idle = await login(server.url, u.email, u.password);
    const old = await login(server.url, u.email, u.password);
    expect((await gql(server.url, '{ me { email } }', {}, idle)).data!.me.email).toBe(u.email);
    const sid = (t: string) => JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString()).sid as string;
    if (BACKEND === 'neo4j') {
      const [a] = await cypher('MATCH (s:Session {id: $id}) SET s.lastSeenAt = $at RETURN count(s) AS n', {
        id: sid(idle),
        at: Date.now() - 31 * 60_000,
      });
      const [b] = await cypher('MATCH (s:Session {id: $id}) SET s.expiresAt = $at RETURN count(s) AS n', {
        id: sid(old),
        at: Date.now() - 1,
      });
      expect([Number(a.n), Number(b.n)]).toEqual([1, 1]);
    } else {
      const db = new Database(join(server.dataDir, 'homeward.db'));
      db.prepare('UPDATE session SET last_seen_at = ? WHERE id = ?').run(Date.now() - 31 * 60_000, sid(idle));
      db.prepare('UPDATE session SET expires_at = ? WHERE id = ?').run(Date.now() - 1, sid(old));
      db.close();
    }
    expect((await gql(server.url, '{ me { email } }', {}, idle)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await gql(server.url, '{ me { email } }', {}, old)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("stops a disabled user's tokens at once and closes their subscriptions within 5 seconds", async () => {
    const { u, token, client, ended } = await watchingUser('Disable test');
    const t0 = Date.now();
    await gql(server.url, 'mutation($u:ID!){ setUserDisabled(userId:$u, disabled:true){ id } }', { u: u.id }, admin);
    expect((await gql(server.url, '{ me { email } }', {}, token)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await ended) - t0).toBeLessThan(5000);
    await client.dispose();
  });

  it("applies a role change at the user's next request and closes their live connections within 5 seconds", async () => {
    const { u, token, client, ended } = await watchingUser('Role change test');
    const t0 = Date.now();
    const changed = await gql(server.url, 'mutation($u:ID!){ setUserRole(userId:$u, role: ANALYST){ id role } }', { u: u.id }, admin);
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.setUserRole.role).toBe('ANALYST');
    expect((await ended) - t0).toBeLessThan(5000);
    await client.dispose();
    // The same token, the new role: an analyst may not create a case.
    expect((await gql(server.url, '{ me { role } }', {}, token)).data!.me.role).toBe('ANALYST');
    const refused = await gql(
      server.url,
      'mutation { createCase(input:{title:"Analyst case", category: UNKNOWN, riskLevel: LOW, country:"GT"}) { id } }',
      {},
      token,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Only an administrator changes roles, and an unknown user is named as such.
    expect(
      (await gql(server.url, 'mutation($u:ID!){ setUserRole(userId:$u, role: ADMIN){ id } }', { u: u.id }, token)).errors?.[0].extensions
        ?.code,
    ).toBe('FORBIDDEN');
    const unknown = await gql(server.url, 'mutation { setUserRole(userId:"usr_nobody", role: ANALYST){ id } }', {}, admin);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses account management to non-admins', async () => {
    const inv = await login(server.url, 'investigator.gt@demo.local');
    const r = await gql(server.url, 'mutation { createAgency(input:{name:"X", country:"GT", kind: NGO}){ id } }', {}, inv);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('query limits and transport', () => {
  it('caps aliases and depth', async () => {
    const t = await login(server.url, 'investigator.gt@demo.local');
    const many = Array.from({ length: 30 }, (_, i) => `c${i}: cases { id }`).join(' ');
    const r = await gql(server.url, `{ ${many} }`, {}, t);
    expect(r.data).toBeUndefined();
    expect(r.errors?.[0].message).toMatch(/alias/i);
    const deep = '{ cases { members { agency { id } } leadAgency { id } } ' + 'me { agency { id } } }';
    expect((await gql(server.url, deep, {}, t)).errors).toBeUndefined();
  });

  it('blocks a cross-site simple request (CSRF prevention)', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query":"{ __typename }"}',
    });
    expect(res.status).toBe(400);
  });

  it('closes a flooding graphql-ws connection and keeps serving', async () => {
    const t = await login(server.url, 'investigator.gt@demo.local');
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      ws.on('open', () => {
        ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${t}` } }));
        for (let i = 0; i < 200; i++) ws.send(JSON.stringify({ type: 'ping' }));
      });
      ws.on('close', (c) => resolve(c));
    });
    expect(code).toBe(4429);
    const big = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      ws.on('open', () => ws.send('x'.repeat(2 * 1024 * 1024)));
      ws.on('close', (c) => resolve(c));
    });
    expect(big).toBe(1009);
    const malformed = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      ws.on('open', () => ws.send('{not json'));
      ws.on('close', (c) => resolve(c));
    });
    expect(malformed).toBeGreaterThanOrEqual(4000);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('production mode', () => {
  // Unset NODE_ENV is the README's way to start: it must be as safe as production.
  it.each([['production'], ['']])('turns introspection and suggestions off and masks internal errors (NODE_ENV=%j)', async (nodeEnv) => {
    const prod = await startServer({ env: { NODE_ENV: nodeEnv } });
    try {
      const t = await login(prod.url, 'investigator.gt@demo.local');
      const intro = await gql(prod.url, '{ __schema { types { name } } }', {}, t);
      expect(intro.errors?.[0].message).toMatch(/introspection/i);
      const typo = await gql(prod.url, '{ casse { id } }', {}, t);
      expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
      expect(JSON.stringify(typo)).not.toMatch(/stacktrace/);
    } finally {
      await prod.stop();
    }
  });
});
