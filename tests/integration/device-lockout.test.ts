import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, gql, login, signInAsBrowser, startServer, type RunningServer } from './harness';

// OWASP's device cookie on top of the CJIS 5-try lock: a stranger's failures lock the account for
// untrusted browsers, not for the browser a colleague signed in with before.
let server: RunningServer;
let admin: string;
let agencyId: string;

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 150_000 });
  admin = await login(server.url, 'admin@demo.local');
  agencyId = (await gql(server.url, '{ agencies { id country } }', {}, admin)).data!.agencies.find(
    (a: { country: string }) => a.country === 'GT',
  ).id;
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

const newUser = () => createAccount(server.url, admin, agencyId, { prefix: 'dev' });

describe('device-cookie lockout', () => {
  it("a stranger's failed attempts do not lock out the colleague's trusted browser; an untrusted one is locked after 5", async () => {
    const u = await newUser();
    const first = await signInAsBrowser(server.url, u.email, u.password);
    expect(first.ok).toBe(true);
    // The browser is given a signed device cookie, for the GraphQL endpoint only and out of scripts' reach.
    expect(first.setCookie).toMatch(/^hw_device=[^;]+; Max-Age=\d+; Path=\/graphql; HttpOnly; SameSite=Strict/);
    const cookie = first.setCookie!.split(';')[0];

    // A stranger guesses 5 times: the account is locked for every untrusted browser, the right password included.
    for (let i = 0; i < 5; i++) expect((await signInAsBrowser(server.url, u.email, `wrong-guess-${i}`)).code).toBe('UNAUTHENTICATED');
    const untrusted = await signInAsBrowser(server.url, u.email, u.password);
    expect(untrusted).toMatchObject({ ok: false, code: 'UNAUTHENTICATED', setCookie: null });
    // A forged or altered cookie is no cookie.
    const forged = cookie.slice(0, -3) + (cookie.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await signInAsBrowser(server.url, u.email, u.password, forged)).ok).toBe(false);

    // The colleague's browser still signs in, and its cookie is renewed.
    const trusted = await signInAsBrowser(server.url, u.email, u.password, cookie);
    expect(trusted.ok).toBe(true);
    expect(trusted.setCookie).toMatch(/^hw_device=/);
    // ...while the stranger stays locked out.
    expect((await signInAsBrowser(server.url, u.email, u.password)).ok).toBe(false);
  });

  it('a trusted browser has its own budget of 5: then it is locked too, and its cookie does not open another account', async () => {
    const u = await newUser();
    const other = await newUser();
    const cookie = (await signInAsBrowser(server.url, u.email, u.password)).setCookie!.split(';')[0];
    for (let i = 0; i < 5; i++)
      expect((await signInAsBrowser(server.url, u.email, `wrong-guess-${i}`, cookie)).code).toBe('UNAUTHENTICATED');
    expect((await signInAsBrowser(server.url, u.email, u.password, cookie)).ok).toBe(false);
    // Its failures were its own: a browser without the cookie is not locked out by them.
    expect((await signInAsBrowser(server.url, u.email, u.password)).ok).toBe(true);
    // A cookie of this account counts for nothing on another: there the CJIS lock applies as usual.
    for (let i = 0; i < 5; i++) await signInAsBrowser(server.url, other.email, `wrong-guess-${i}`, cookie);
    expect((await signInAsBrowser(server.url, other.email, other.password, cookie)).ok).toBe(false);
  });
});
