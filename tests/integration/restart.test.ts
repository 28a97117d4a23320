import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { neo4jMigrations } from '@homeward/graph-schema';
import { migrationChecksum } from '../../libs/graph-store/src/neo4j/migrate';
import { BACKEND, cypher, emptyNeo4j, gql, login, startServer, type RunningServer } from './harness';

/*
 * A server started on a store that already holds a workspace: the same server
 * again, or on the Neo4j pass another server with its own DATA_DIR on the same
 * database (a second replica, a redeploy on a new volume). The demo workspace
 * is seeded once; later starts find it and neither seed it again nor fail.
 */

const running: RunningServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(opts: { dataDir?: string } = {}): Promise<RunningServer> {
  const s = await startServer(opts);
  running.push(s);
  return s;
}
function scratchDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'homeward-it-restart-'));
  dirs.push(d);
  return d;
}

/** What the store holds, counted in the store itself (a duplicate might be invisible to every account). */
async function storeCounts(dataDir: string): Promise<{ users: number; agencies: number; cases: number; references: string[] }> {
  if (BACKEND === 'neo4j') {
    const [r] = await cypher(
      'RETURN COUNT { (:User) } AS users, COUNT { (:Agency) } AS agencies, COUNT { (:Case) } AS cases, ' +
        'COLLECT { MATCH (c:Case) RETURN c.reference ORDER BY c.reference } AS references',
    );
    return { users: Number(r.users), agencies: Number(r.agencies), cases: Number(r.cases), references: r.references as string[] };
  }
  const db = new Database(join(dataDir, 'homeward.db'), { readonly: true, fileMustExist: true });
  try {
    const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const references = (db.prepare('SELECT reference FROM case_file ORDER BY reference').all() as Array<{ reference: string }>).map(
      (r) => r.reference,
    );
    return { users: n('user_account'), agencies: n('agency'), cases: n('case_file'), references };
  } finally {
    db.close();
  }
}

/** What the server said about the demo after "listening" (printed just after it, so it may still be on its way). */
async function announced(s: RunningServer): Promise<string> {
  const said = () => /Demo workspace seeded|Demo accounts: see README/.exec(s.output())?.[0] ?? '';
  await expect.poll(said, { timeout: 5000, interval: 20 }).not.toBe('');
  return said();
}

/** What the demo accounts see: every login works, and each list has each thing once. */
async function served(s: RunningServer): Promise<{ emails: string[]; agencies: string[]; gtCases: string[] }> {
  const admin = await login(s.url, 'admin@demo.local');
  const sup = await login(s.url, 'supervisor.gt@demo.local');
  const emails = ((await gql(s.url, '{ users { email } }', {}, admin)).data!.users as Array<{ email: string }>).map((u) => u.email).sort();
  const agencies = ((await gql(s.url, '{ agencies { name } }', {}, admin)).data!.agencies as Array<{ name: string }>)
    .map((a) => a.name)
    .sort();
  const cases = (await gql(s.url, '{ cases { id reference } }', {}, sup)).data!.cases as Array<{ id: string; reference: string }>;
  // The case opens: its graph answers from this server.
  const first = cases.find((c) => c.reference === 'GT-2026-0001')!;
  const graph = await gql(s.url, 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id } } }', { c: first.id }, sup);
  expect(graph.errors).toBeUndefined();
  expect(graph.data!.caseGraph.nodes.length).toBeGreaterThan(3);
  return { emails, agencies, gtCases: cases.map((c) => `${c.reference} ${c.id}`).sort() };
}

describe(`a server started again on the same store (${BACKEND})`, () => {
  it('seeds the demo workspace once: later starts neither duplicate it nor fail, and each serves it', async () => {
    const first = await start();
    expect(await announced(first)).toMatch(/Demo workspace seeded/);
    const seeded = await served(first);
    expect(new Set(seeded.emails).size).toBe(seeded.emails.length);
    expect(seeded.emails).toContain('admin@demo.local');
    const counts = await storeCounts(first.dataDir);
    expect(counts.users).toBe(seeded.emails.length);
    expect(new Set(counts.references).size).toBe(counts.cases);
    const dataDir = first.dataDir;
    // Keep the data directory: the harness removes only ones it made itself.
    dirs.push(dataDir);
    await first.kill9();
    running.splice(running.indexOf(first), 1);

    // Neo4j: a second server with its own, empty DATA_DIR on the same database. Embedded: the same file again.
    const second = await start({ dataDir: BACKEND === 'neo4j' ? scratchDir() : dataDir });
    expect(await announced(second)).toMatch(/Demo accounts: see README/);
    expect(await served(second)).toEqual(seeded);
    expect(await storeCounts(dataDir)).toEqual(counts);
    await second.stop();
    running.splice(running.indexOf(second), 1);

    // And the first one's data directory once more.
    const third = await start({ dataDir });
    expect(await served(third)).toEqual(seeded);
    expect(await storeCounts(dataDir)).toEqual(counts);
  }, 120_000);
});

/*
 * Only the Neo4j pass: several servers on one store at the same time is the
 * Neo4j deployment (replicas); the embedded file belongs to one process.
 */
if (BACKEND === 'neo4j') {
  describe('servers starting together on an empty Neo4j database', () => {
    async function startedTogether(): Promise<RunningServer[]> {
      const servers = await Promise.all([start({ dataDir: scratchDir() }), start({ dataDir: scratchDir() })]);
      const said = await Promise.all(servers.map(announced));
      expect(
        said.filter((line) => /Demo workspace seeded/.test(line)),
        servers.map((s) => s.output()).join('\n----\n'),
      ).toHaveLength(1);
      return servers;
    }

    it('seed the demo once between them, and both serve it', async () => {
      await emptyNeo4j();
      const [a, b] = await startedTogether();
      const seen = await served(a);
      expect(await served(b)).toEqual(seen);
      expect(await storeCounts(a.dataDir)).toMatchObject({ users: seen.emails.length, agencies: 3, cases: 5 });
    }, 120_000);

    it('take over a seed that died before its first account, reusing the agencies it wrote', async () => {
      await emptyNeo4j();
      // What a server killed right after writing the first demo agency (its fixed id) leaves behind.
      await cypher(
        "CREATE (:Agency {id: 'agy_demo00gt', name: 'Policía Nacional Civil — Unidad de Niñez', country: 'GT', kind: 'LAW_ENFORCEMENT'})",
      );
      const [a] = await startedTogether();
      expect(await storeCounts(a.dataDir)).toMatchObject({ users: 6, agencies: 3, cases: 5 });
      expect((await served(a)).agencies).toHaveLength(3);
    }, 120_000);
  });
}

/*
 * Only the Neo4j pass: the embedded file's schema upgrades are the embedded
 * store's own (see libs/graph-store/src/embedded/column-migration.test.ts);
 * here the Neo4j migrations and their checksums are brought to a database left
 * by the previous version of the migrations. Registered on that pass only, so
 * the embedded pass does not report it as skipped.
 */
if (BACKEND === 'neo4j') {
  describe('a Neo4j database made by the previous version of the migrations', () => {
    const migrations = neo4jMigrations();
    const byName = (name: string) => migrations.find((m) => m.name === name)!;
    const FULLTEXT = /^CREATE FULLTEXT INDEX (\w+) IF NOT EXISTS FOR \(n:([\w|]+)\) ON EACH \[([^\]]*)\]/;
    const fulltext = migrations.flatMap((m) => m.statements.map((s) => ({ m, s, parts: FULLTEXT.exec(s) }))).find((x) => x.parts)!;
    const fulltextProps = (list: string) => list.split(',').map((p) => p.trim().replace(/^n\./, ''));

    async function bookkeeping(): Promise<Record<string, { checksum: unknown; updatedAt: unknown }>> {
      const rows = await cypher('MATCH (m:Migration) RETURN m.name AS name, m.checksum AS checksum, m.updatedAt AS updatedAt');
      return Object.fromEntries(rows.map((r) => [r.name as string, { checksum: r.checksum, updatedAt: r.updatedAt }]));
    }
    async function indexes(): Promise<Map<string, { state: string; type: string; properties: string[] }>> {
      const rows = await cypher('SHOW INDEXES YIELD name, state, type, properties RETURN name, state, type, properties');
      return new Map(
        rows.map((r) => [r.name as string, { state: r.state as string, type: r.type as string, properties: r.properties as string[] }]),
      );
    }

    it('is brought up to date at start: a changed migration runs again, a new one runs, checksums are recorded, and a restart then runs nothing', async () => {
      const first = await start();
      const dataDir = first.dataDir;
      dirs.push(dataDir);
      await first.kill9();
      running.splice(running.indexOf(first), 1);
      const current = await bookkeeping();
      expect(Object.keys(current)).toEqual(expect.arrayContaining(migrations.map((m) => m.name)));
      for (const m of migrations) expect(current[m.name].checksum, m.name).toBe(migrationChecksum(m));

      // The previous version: the full-text index lacked its newest property (with its own
      // checksum), the newest plain index of the index migration did not exist yet, the first
      // migration ran before checksums were kept, and the last migration had not been written.
      const [, ftName, ftLabels, ftList] = fulltext.parts!;
      const olderList = ftList.replace(/,\s*n\.\w+$/, '');
      const olderFulltext = {
        ...fulltext.m,
        statements: fulltext.m.statements.map((s) => (s === fulltext.s ? s.replace(ftList, olderList) : s)),
      };
      await cypher(`DROP INDEX ${ftName}`);
      await cypher(
        `CREATE FULLTEXT INDEX ${ftName} FOR (n:${ftLabels}) ON EACH [${olderList}] OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'standard-folding' } }`,
      );
      await cypher('MATCH (m:Migration {name: $name}) SET m.checksum = $checksum', {
        name: fulltext.m.name,
        checksum: migrationChecksum(olderFulltext),
      });

      const indexMigration = byName('002_indexes');
      const newest = indexMigration.statements.at(-1)!;
      const newestName = /^CREATE INDEX (\w+) IF NOT EXISTS/.exec(newest)![1];
      await cypher(`DROP INDEX ${newestName}`);
      await cypher('MATCH (m:Migration {name: $name}) SET m.checksum = $checksum', {
        name: indexMigration.name,
        checksum: migrationChecksum({ ...indexMigration, statements: indexMigration.statements.slice(0, -1) }),
      });
      await cypher('MATCH (m:Migration {name: $name}) REMOVE m.checksum', { name: migrations[0].name });
      const last = migrations.at(-1)!;
      expect(last.name).not.toBe(indexMigration.name);
      await cypher('MATCH (m:Migration {name: $name}) DELETE m', { name: last.name });
      const before = await indexes();
      expect(before.get(ftName)!.properties).toEqual(fulltextProps(olderList));
      expect(before.has(newestName)).toBe(false);

      const second = await start({ dataDir });
      const after = await indexes();
      expect(after.get(ftName)).toMatchObject({ state: 'ONLINE', type: 'FULLTEXT', properties: fulltextProps(ftList) });
      expect(after.get(newestName)).toMatchObject({ state: 'ONLINE' });
      const upgraded = await bookkeeping();
      for (const m of migrations) expect(upgraded[m.name].checksum, m.name).toBe(migrationChecksum(m));
      // The server serves the upgraded database: the rebuilt full-text index answers.
      const inv = await login(second.url, 'investigator.gt@demo.local');
      const found = await gql(second.url, '{ search(text:"jose quinonez") { label } }', {}, inv);
      expect(found.errors).toBeUndefined();
      expect(found.data!.search.length).toBeGreaterThan(0);
      await second.stop();
      running.splice(running.indexOf(second), 1);

      // Up to date now: another start runs no migration again (nothing is re-recorded).
      await start({ dataDir });
      expect(await bookkeeping()).toEqual(upgraded);
      expect((await indexes()).get(ftName)).toEqual(after.get(ftName));
    }, 180_000);
  });
}
