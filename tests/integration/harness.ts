import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import neo4j from 'neo4j-driver';

export const ROOT = resolve(__dirname, '../..');
export const MAIN = join(ROOT, 'apps/api/dist/apps/api/src/main.js');
export const DEMO_PASSWORD = 'integration-demo-pw';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

/**
 * Which store the servers of this run use: `npm test` runs the integration tests a second
 * time with HOMEWARD_IT_BACKEND=neo4j (one file at a time), against the Neo4j it started.
 */
export const BACKEND: 'embedded' | 'neo4j' = process.env.HOMEWARD_IT_BACKEND === 'neo4j' ? 'neo4j' : 'embedded';

const NEO4J_VARS = ['NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE'] as const;

/** The server's (and its CLIs') environment: the test's own, with the Neo4j coordinates only on the Neo4j pass. */
export function serverEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  if (BACKEND === 'embedded') for (const v of NEO4J_VARS) delete env[v];
  // Several replicas are the replica tests' own choice, never inherited from CI's environment.
  delete env.REDIS_URL;
  return env;
}

/**
 * Runs one statement on the test Neo4j database (auto-commit) and returns its rows as plain
 * objects: how a test looks into, or tampers with, what the server stored, as the SQLite
 * file is opened directly on the embedded pass.
 */
export async function cypher(statement: string, params: Record<string, unknown> = {}): Promise<Array<Record<string, unknown>>> {
  if (!process.env.NEO4J_URI) throw new Error('cypher(): NEO4J_URI is not set (only the Neo4j pass may look into the database)');
  const driver = neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''));
  const session = driver.session({ database: process.env.NEO4J_DATABASE });
  try {
    return (await session.run(statement, params)).records.map((r) => r.toObject() as Record<string, unknown>);
  } finally {
    await session.close();
    await driver.close();
  }
}

/** Empties the test Neo4j database (nodes, not the schema) so that a fresh server seeds the demo anew. */
export async function emptyNeo4j(): Promise<void> {
  await cypher('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
}

/**
 * Starts the built server on a free port with its own data directory (the real program, not an
 * in-process copy). On the Neo4j pass a server with a new data directory starts on an emptied
 * database; one given an existing `dataDir` (a restart) keeps what the database holds.
 */
export async function startServer(
  opts: { dataDir?: string; env?: Record<string, string>; startTimeoutMs?: number } = {},
): Promise<RunningServer> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  if (BACKEND === 'neo4j' && !opts.dataDir && !opts.env?.NEO4J_URI) await emptyNeo4j();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'homeward-it-'));
  const proc = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...serverEnv(),
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_PASSWORD,
      NODE_ENV: 'development',
      // Tests are scripts sending hundreds of operations a minute from one address; a test of the limits sets its own.
      RATE_LIMITS: 'user=off,mutations=off,anonymous=off',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const port = await new Promise<number>((ok, fail) => {
    // Seeding the demo into an emptied Neo4j on a busy machine may take longer: a test can allow more.
    const ms = opts.startTimeoutMs ?? 30_000;
    const timer = setTimeout(() => fail(new Error(`server did not start in ${ms / 1000} s:\n${out}`)), ms);
    const check = () => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    proc,
    output: () => out,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

export interface GqlResult<T = Record<string, unknown>> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }>;
}

export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GqlResult<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlResult<T>;
}

export async function login(url: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const r = await gql<{ login: { token: string } }>(url, 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', {
    e: email,
    p: password,
  });
  if (!r.data) throw new Error(`login failed for ${email}: ${JSON.stringify(r.errors)}`);
  return r.data.login.token;
}

/** An account made for one test by an admin: a unique address (`prefix` first), a known password. */
export async function createAccount(
  url: string,
  adminToken: string,
  agencyId: string,
  { role = 'INVESTIGATOR', prefix = 'u' }: { role?: string; prefix?: string } = {},
): Promise<{ id: string; email: string; password: string }> {
  const email = `${prefix}${Date.now()}${Math.floor(Math.random() * 1e6)}@test.example`;
  const password = 'correct-horse-battery';
  const r = await gql<{ createUser: { id: string } }>(
    url,
    'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
    { i: { email, displayName: 'Test account', role, agencyId, password } },
    adminToken,
  );
  if (!r.data) throw new Error(`createUser ${email} failed: ${JSON.stringify(r.errors)}`);
  return { id: r.data.createUser.id, email, password };
}

/** What one sign-in over HTTP answered: a token or not, the error's code, and the device cookie set (`Set-Cookie`). */
export interface BrowserSignIn {
  ok: boolean;
  code?: string;
  setCookie: string | null;
}

/** One sign-in over HTTP as a browser sends it: with its device cookie (`hw_device=…`), if it has one. */
export async function signInAsBrowser(url: string, email: string, password: string, cookie?: string): Promise<BrowserSignIn> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({
      query: 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }',
      variables: { e: email, p: password },
    }),
  });
  const body = (await res.json()) as { data?: { login: { token: string } }; errors?: Array<{ extensions?: { code?: string } }> };
  return { ok: Boolean(body.data?.login.token), code: body.errors?.[0]?.extensions?.code, setCookie: res.headers.get('set-cookie') };
}

export interface DemoCaseInput {
  title?: string;
  category?: string;
  riskLevel?: string;
  country?: string;
}

/**
 * Demo accounts signed in together, for tests that act as several people on one server: their tokens and
 * account ids (filled by `signIn`), `ok` (a GraphQL call as one of them that throws on any error) and
 * `createCase` (a fresh case with chosen members).
 */
export function demoTeam(who: readonly string[]) {
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let url = '';
  const ok = async <T = any>(query: string, variables: Record<string, unknown>, as: string): Promise<T> => {
    const r = await gql(url, query, variables, tokens[as]);
    if (r.errors) throw new Error(`${as}: ${JSON.stringify(r.errors)}`);
    return r.data as T;
  };
  return {
    tokens,
    ids,
    ok,
    /** Signs every account of the team in (`<who>@demo.local`) on the server at `serverUrl`. */
    async signIn(serverUrl: string): Promise<void> {
      url = serverUrl;
      for (const w of who) {
        tokens[w] = await login(url, `${w}@demo.local`);
        ids[w] = (await gql(url, '{ me { id } }', {}, tokens[w])).data!.me.id;
      }
    },
    /** A case made by `owner` (a GT family abduction of high risk unless told otherwise), then each member added. */
    async createCase(input: DemoCaseInput = {}, members: readonly string[] = [], owner = 'investigator.gt') {
      const i = { title: 'Test case', category: 'FAMILY_ABDUCTION', riskLevel: 'HIGH', country: 'GT', ...input };
      const c = (
        await ok<{ createCase: { id: string; reference: string } }>(
          'mutation($i:CreateCaseInput!){ createCase(input:$i){ id reference } }',
          { i },
          owner,
        )
      ).createCase;
      for (const m of members)
        await ok('mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', { c: c.id, u: ids[m] }, owner);
      return c;
    },
  };
}

/**
 * A PDF's pages read back with pdf.js (its legacy build is the one for Node): each page's text, runs of white
 * space made one space, and its size in points. Takes the bytes, or base64 as GraphQL answers carry them.
 */
export async function pdfPages(pdf: Uint8Array | string): Promise<Array<{ text: string; size: number[] }>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(typeof pdf === 'string' ? Buffer.from(pdf, 'base64') : pdf),
    useSystemFonts: false,
    isEvalSupported: false,
    // The 14 standard fonts' widths come from pdf.js's own font data.
    standardFontDataUrl: join(ROOT, 'node_modules/pdfjs-dist/standard_fonts') + '/',
  }).promise;
  const pages: Array<{ text: string; size: number[] }> = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    pages.push({
      text: content.items
        .map((x) => ('str' in x ? x.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
      size: page.view.slice(2).map(Math.round),
    });
  }
  await doc.destroy();
  return pages;
}

/** A PDF's text, every page (see pdfPages). */
export async function pdfText(pdf: Uint8Array | string): Promise<string> {
  return (await pdfPages(pdf)).map((p) => p.text).join('\n');
}
