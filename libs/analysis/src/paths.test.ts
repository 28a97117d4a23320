import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinkType } from '@homeward/graph-schema';
import { newId, type LinkRecord, type Reliability } from '@homeward/domain';
import { openEmbeddedStores, openNeo4jStores, type Scope, type StateStores } from '@homeward/graph-store';
import { findPaths, shortestPath, type PathQuery } from './paths';
import { pathGrade } from './grading';

/*
 * Hand-built graphs with known answers, through the same `expand` the server
 * uses: in a real embedded store (a SQLite file in a temp dir) always, and in
 * Neo4j when NEO4J_URI is set.
 */

const NEO4J_SKIP =
  'Path tests on Neo4j skipped: NEO4J_URI is not set (npm test starts a Neo4j itself where Java 17+ and Maven are installed)';
const adapters: Array<[string, () => Promise<{ stores: StateStores; cleanup(): void }>]> = [
  [
    'embedded',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'homeward-paths-'));
      return { stores: openEmbeddedStores(dir), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];
const neo4jUri = process.env.NEO4J_URI;
if (neo4jUri) {
  const opts = { uri: neo4jUri, user: process.env.NEO4J_USER, password: process.env.NEO4J_PASSWORD, database: process.env.NEO4J_DATABASE };
  // Fresh ids for every case, agency and user: the graph is this file's however many others share the database.
  adapters.push(['neo4j', async () => ({ stores: await openNeo4jStores(opts), cleanup: () => undefined })]);
} else {
  console.log(NEO4J_SKIP);
  describe('paths on neo4j', () => {
    it.skip(NEO4J_SKIP, () => undefined);
  });
}

describe.each(adapters)('paths on the %s store', (_name, open) => {
  let stores: StateStores;
  let cleanup: () => void;
  let actor: string;
  let agencyId: string;

  beforeAll(async () => {
    ({ stores, cleanup } = await open());
    const agency = await stores.accounts.createAgency({ id: newId('agy'), name: 'Paths test', country: 'GT', kind: 'LAW_ENFORCEMENT' });
    agencyId = agency.id;
    const user = await stores.accounts.createUser({
      id: newId('usr'),
      email: `${newId('u')}@t.local`,
      displayName: 'T',
      role: 'ANALYST',
      agencyId,
      passwordHash: 'x',
    });
    actor = user.id;
  });
  afterAll(async () => {
    await stores?.close();
    cleanup?.();
  });

  async function mkCase(): Promise<string> {
    const c = await stores.cases.createCase({
      id: newId('case'),
      reference: `P-${newId('r')}`,
      title: 'paths',
      category: 'UNKNOWN',
      status: 'OPEN',
      riskLevel: 'LOW',
      country: 'GT',
      reportedAt: new Date().toISOString(),
      lastSeenAt: null,
      leadAgencyId: agencyId,
      createdBy: actor,
    });
    return c.id;
  }

  /** People named by letter; links written one by one so each carries its own grade ("A1", "C3", "" for none). */
  async function people(caseId: string, names: string[]): Promise<Record<string, string>> {
    const ids = Object.fromEntries(names.map((n) => [n, newId('ent')]));
    await stores.graph.write(
      { caseId, entities: names.map((n) => ({ id: ids[n], kind: 'PERSON' as const, props: { fullName: `Person ${n}` } })) },
      { actorId: actor },
    );
    return ids;
  }
  async function link(caseId: string, from: string, to: string, grade = '', type: LinkType = 'ASSOCIATE_OF'): Promise<string> {
    const id = newId('lnk');
    const reliability = (grade[0] as Reliability | undefined) ?? null;
    const credibility = grade[1] ? Number(grade[1]) : null;
    await stores.graph.write({ caseId, links: [{ id, type, fromId: from, toId: to }] }, { actorId: actor, reliability, credibility });
    return id;
  }

  const base = (fromId: string, toId: string, more: Partial<PathQuery> = {}): PathQuery => ({
    fromId,
    toId,
    mode: 'SHORTEST',
    k: 3,
    maxLength: 6,
    ...more,
  });
  const names = (ids: Record<string, string>, nodeIds: string[]) => {
    const byId = new Map(Object.entries(ids).map(([n, id]) => [id, n]));
    return nodeIds.map((id) => byId.get(id) ?? '?').join('');
  };

  describe('k shortest and all simple paths', () => {
    let c: string;
    let p: Record<string, string>;
    let scope: Scope;
    const l: Record<string, string> = {};

    beforeAll(async () => {
      c = await mkCase();
      scope = { caseIds: new Set([c]) };
      p = await people(c, ['A', 'B', 'C', 'D', 'E', 'F']);
      // Two ties of length 2 (A-B-D, A-C-D), a cycle B-C, and a longer way round A-E-F-D (ungraded).
      l.AB = await link(c, p.A, p.B, 'A1');
      l.BD = await link(c, p.B, p.D, 'B2');
      l.AC = await link(c, p.A, p.C, 'C3');
      l.CD = await link(c, p.C, p.D, 'A1');
      l.BC = await link(c, p.B, p.C, 'A1');
      l.AE = await link(c, p.A, p.E, '', 'SEEN_WITH');
      l.EF = await link(c, p.E, p.F, '', 'SEEN_WITH');
      l.FD = await link(c, p.F, p.D, '', 'SEEN_WITH');
    });

    it('lists the k shortest loopless paths: ties of one length by grade, then the next length', async () => {
      const r = await findPaths(stores.graph, scope, base(p.A, p.D));
      expect(r.paths.map((x) => names(p, x.nodeIds))).toEqual(['ABD', 'ACD', 'ABCD']);
      expect(r.paths[0].links.map((x) => x.id)).toEqual([l.AB, l.BD]);
      expect(r.paths.map((x) => x.grade.label)).toEqual(['B2', 'C3', 'A1']);
      expect(r.truncated).toBe(false);
      // The answer carries the entities on the paths, and nothing else.
      expect(r.nodes.map((n) => n.id).sort()).toEqual([p.A, p.B, p.C, p.D].sort());
      const one = await findPaths(stores.graph, scope, base(p.A, p.D, { k: 1 }));
      expect(one.paths.map((x) => names(p, x.nodeIds))).toEqual(['ABD']);
    });

    it('lists all simple paths up to a length, shortest first, and says when more exist than asked', async () => {
      const all = await findPaths(stores.graph, scope, base(p.A, p.D, { mode: 'ALL', k: 50, maxLength: 3 }));
      expect(all.paths.map((x) => names(p, x.nodeIds))).toEqual(['ABD', 'ACD', 'ABCD', 'ACBD', 'AEFD']);
      expect(all.truncated).toBe(false);
      for (const x of all.paths) expect(new Set(x.nodeIds).size).toBe(x.nodeIds.length);
      const short = await findPaths(stores.graph, scope, base(p.A, p.D, { mode: 'ALL', k: 50, maxLength: 2 }));
      expect(short.paths).toHaveLength(2);
      const capped = await findPaths(stores.graph, scope, base(p.A, p.D, { mode: 'ALL', k: 4, maxLength: 3 }));
      expect(capped.paths).toHaveLength(4);
      expect(capped.truncated).toBe(true);
    });

    it('skips links below a minimum grade and filters by link type', async () => {
      const strong = await findPaths(stores.graph, scope, base(p.A, p.D, { minReliability: 'B', mode: 'ALL', k: 50, maxLength: 4 }));
      expect(strong.paths.map((x) => names(p, x.nodeIds))).toEqual(['ABD', 'ABCD']);
      const credible = await findPaths(stores.graph, scope, base(p.A, p.D, { minCredibility: 1, mode: 'ALL', k: 50 }));
      expect(credible.paths.map((x) => names(p, x.nodeIds))).toEqual(['ABCD']);
      const seen = await findPaths(stores.graph, scope, base(p.A, p.D, { linkTypes: ['SEEN_WITH'] }));
      expect(seen.paths.map((x) => names(p, x.nodeIds))).toEqual(['AEFD']);
      expect(seen.paths[0].grade.label).toBe('F?');
    });

    it('keeps entities of other kinds off the way when kinds are given (the ends are exempt)', async () => {
      const c2 = await mkCase();
      const q = await people(c2, ['X', 'Y']);
      const van = newId('ent');
      await stores.graph.write({ caseId: c2, entities: [{ id: van, kind: 'VEHICLE', props: { plate: 'P-1' } }] }, { actorId: actor });
      await link(c2, q.X, van, 'A1', 'DRIVES');
      await link(c2, q.Y, van, 'A1', 'PASSENGER_IN');
      const sc = { caseIds: new Set([c2]) };
      expect((await findPaths(stores.graph, sc, base(q.X, q.Y))).paths).toHaveLength(1);
      expect((await findPaths(stores.graph, sc, base(q.X, q.Y, { kinds: ['PERSON'] }))).paths).toEqual([]);
      expect((await findPaths(stores.graph, sc, base(q.X, van, { kinds: ['PERSON'] }))).paths).toHaveLength(1);
    });

    it('never goes through a case outside the scope, and finds nothing from an end the caller may not see', async () => {
      const hidden = await mkCase();
      const h = await people(hidden, ['H']);
      await stores.graph.write({ caseId: hidden, attach: [{ entityId: p.A }, { entityId: p.D }] }, { actorId: actor });
      await link(hidden, p.A, h.H, 'A1');
      await link(hidden, h.H, p.D, 'A1');
      const withHidden = await findPaths(stores.graph, { caseIds: new Set([c, hidden]) }, base(p.A, p.D, { k: 10, maxLength: 2 }));
      expect(withHidden.paths.map((x) => x.nodeIds.includes(h.H))).toContain(true);
      const without = await findPaths(stores.graph, scope, base(p.A, p.D, { k: 10, maxLength: 2 }));
      expect(without.paths.some((x) => x.nodeIds.includes(h.H))).toBe(false);
      expect(without.paths.every((x) => x.links.every((k) => k.caseId === c))).toBe(true);
      expect(await findPaths(stores.graph, scope, base(p.A, h.H))).toEqual({ paths: [], nodes: [], truncated: false, visited: 0 });
    });

    it('returns no path beyond maxLength', async () => {
      const r = await findPaths(stores.graph, scope, base(p.A, p.F, { maxLength: 1, linkTypes: ['ASSOCIATE_OF'] }));
      expect(r.paths).toEqual([]);
    });

    it('names the argument at fault, and the budget when the search hits it', async () => {
      await expect(findPaths(stores.graph, scope, base(p.A, p.D, { maxLength: 9 }))).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'maxLength',
      });
      await expect(findPaths(stores.graph, scope, base(p.A, p.D, { k: 0 }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'k' });
      await expect(findPaths(stores.graph, scope, base(p.A, p.A))).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'toId' });
      await expect(findPaths(stores.graph, scope, base(p.A, p.D, { minReliability: 'Z' }))).rejects.toMatchObject({
        field: 'minReliability',
      });
      await expect(findPaths(stores.graph, scope, base(p.A, p.D, { minCredibility: 6 }))).rejects.toMatchObject({
        field: 'minCredibility',
      });
      await expect(findPaths(stores.graph, scope, base(p.A, p.D, { maxGapHours: 2 }))).rejects.toMatchObject({ field: 'maxGapHours' });
      await expect(findPaths(stores.graph, scope, base(p.A, p.D, { nodeBudget: 3 }))).rejects.toMatchObject({
        code: 'LIMIT_EXCEEDED',
        field: 'nodeBudget',
      });
    });
  });

  describe('time-respecting paths', () => {
    let c: string;
    let p: Record<string, string>;
    let scope: Scope;
    const s: Record<string, string> = {};

    beforeAll(async () => {
      c = await mkCase();
      scope = { caseIds: new Set([c]) };
      p = await people(c, ['P', 'Q', 'R']);
      const sighting = async (name: string, at: string, seen: string[]) => {
        s[name] = newId('ent');
        await stores.graph.write(
          {
            caseId: c,
            entities: [{ id: s[name], kind: 'SIGHTING', props: { observedAt: at } }],
            links: seen.map((x) => ({ id: newId('lnk'), type: 'SIGHTING_OF' as const, fromId: s[name], toId: x })),
          },
          { actorId: actor, reliability: 'B', credibility: 2 },
        );
      };
      // P and Q seen together at 10:00; Q and R at 09:00 (before: out of order) and at 11:00 (after).
      await sighting('ten', '2026-02-01T10:00:00Z', [p.P, p.Q]);
      await sighting('nine', '2026-02-01T09:00:00Z', [p.Q, p.R]);
      await sighting('eleven', '2026-02-01T11:00:00Z', [p.Q, p.R]);
    });

    it('rejects a chain that goes back in time and keeps the one in order, with the sightings as step times', async () => {
      const any = await findPaths(stores.graph, scope, base(p.P, p.R, { mode: 'ALL', k: 10 }));
      expect(any.paths.map((x) => x.nodeIds[3])).toEqual(expect.arrayContaining([s.nine, s.eleven]));
      const timed = await findPaths(stores.graph, scope, base(p.P, p.R, { timeRespecting: true, mode: 'ALL', k: 10 }));
      expect(timed.paths.map((x) => x.nodeIds)).toEqual([[p.P, s.ten, p.Q, s.eleven, p.R]]);
      expect(timed.paths[0].stepTimes).toEqual([
        '2026-02-01T10:00:00.000Z',
        '2026-02-01T10:00:00.000Z',
        '2026-02-01T11:00:00.000Z',
        '2026-02-01T11:00:00.000Z',
      ]);
      expect(timed.paths[0].grade.label).toBe('B2');
      // Backwards in time, R to P is only possible the other way round: through nine then ten.
      const back = await findPaths(stores.graph, scope, base(p.R, p.P, { timeRespecting: true, mode: 'ALL', k: 10 }));
      expect(back.paths.map((x) => x.nodeIds)).toEqual([[p.R, s.nine, p.Q, s.ten, p.P]]);
    });

    it('applies the maximum gap between steps', async () => {
      expect((await findPaths(stores.graph, scope, base(p.P, p.R, { timeRespecting: true, maxGapHours: 0.5 }))).paths).toEqual([]);
      expect((await findPaths(stores.graph, scope, base(p.P, p.R, { timeRespecting: true, maxGapHours: 1 }))).paths).toHaveLength(1);
    });
  });

  describe("the shortest path (the API's shortestPath query)", () => {
    it('finds one shortest chain within maxDepth, only through visible cases, nodes and links in path order', async () => {
      const seen = await mkCase();
      const hidden = await mkCase();
      const ids = Object.values(await people(seen, ['0', '1', '2', '3', '4']));
      const links: string[] = [];
      for (let i = 1; i < ids.length; i++) links.push(await link(seen, ids[i - 1], ids[i]));
      // A shortcut 0 -> 4 exists only in the hidden case.
      await stores.graph.write(
        {
          caseId: hidden,
          attach: [{ entityId: ids[0] }, { entityId: ids[4] }],
          links: [{ id: newId('lnk'), type: 'SEEN_WITH', fromId: ids[0], toId: ids[4] }],
        },
        { actorId: actor },
      );
      const only = (...cs: string[]): Scope => ({ caseIds: new Set(cs) });

      const path = await shortestPath(stores.graph, only(seen), ids[0], ids[4], 6);
      expect(path?.nodes.map((n) => n.id)).toEqual(ids);
      expect(path?.edges.map((e) => e.id)).toEqual(links);
      expect(await shortestPath(stores.graph, only(seen), ids[0], ids[4], 3)).toBeNull();
      expect((await shortestPath(stores.graph, only(seen, hidden), ids[0], ids[4], 6))?.edges).toHaveLength(1);
      expect(await shortestPath(stores.graph, only(), ids[0], ids[4], 6)).toBeNull();
      // From an entity to itself: itself; an end outside the scope: no path (not an error).
      expect(await shortestPath(stores.graph, only(seen), ids[2], ids[2], 6)).toMatchObject({ nodes: [{ id: ids[2] }], edges: [] });
      expect(await shortestPath(stores.graph, only(hidden), ids[1], ids[4], 6)).toBeNull();
      // A depth beyond the bound is clamped, not refused.
      expect((await shortestPath(stores.graph, only(seen), ids[0], ids[4], 99))?.edges).toHaveLength(4);
    });

    /** Links written a grade at a time (a write's links share its grade); returns nothing, the ids are random. */
    async function linksGraded(caseId: string, pairs: Array<[string, string, string]>): Promise<void> {
      for (const grade of new Set(pairs.map((x) => x[2]))) {
        const reliability = (grade[0] as Reliability | undefined) ?? null;
        const credibility = grade[1] ? Number(grade[1]) : null;
        const links = pairs
          .filter((x) => x[2] === grade)
          .map(([a, b]) => ({ id: newId('lnk'), type: 'ASSOCIATE_OF' as const, fromId: a, toId: b }));
        await stores.graph.write({ caseId, links }, { actorId: actor, reliability, credibility });
      }
    }
    /** The search libs/analysis runs over `expand` alone, without a store's own shortest chain. */
    const general = () => ({ expand: stores.graph.expand.bind(stores.graph), getEntities: stores.graph.getEntities.bind(stores.graph) });

    it("answers with the general search's chain where a store finds it itself: ties by grade, then link id, at each step", async () => {
      const c = await mkCase();
      const other = await mkCase();
      // A 5 x 6 grid (many shortest chains of each length) with seeded grades, some ungraded, and a few
      // links of another case (seen by one scope, not the other).
      const ids = Object.values(
        await people(
          c,
          Array.from({ length: 30 }, (_, i) => `n${i}`),
        ),
      );
      let seed = 7;
      const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const grades = ['A1', 'A1', 'B2', 'B3', 'F5', '', ''];
      const pairs: Array<[string, string, string]> = [];
      for (let i = 0; i < 30; i++) {
        if (i % 6 < 5) pairs.push([ids[i], ids[i + 1], grades[Math.floor(rnd() * grades.length)]]);
        if (i + 6 < 30) pairs.push([ids[i], ids[i + 6], grades[Math.floor(rnd() * grades.length)]]);
      }
      await linksGraded(c, pairs);
      await stores.graph.write(
        {
          caseId: other,
          attach: [{ entityId: ids[0] }, { entityId: ids[14] }, { entityId: ids[29] }],
          links: [
            { id: newId('lnk'), type: 'SEEN_WITH', fromId: ids[0], toId: ids[14] },
            { id: newId('lnk'), type: 'SEEN_WITH', fromId: ids[14], toId: ids[29] },
          ],
        },
        { actorId: actor },
      );
      const scopes: Scope[] = [{ caseIds: new Set([c]) }, { caseIds: new Set([c, other]) }];
      let compared = 0;
      for (const scope of scopes)
        for (const [a, b, depth] of [
          [0, 29, 12],
          [29, 0, 12],
          [0, 29, 6],
          [3, 26, 8],
          [5, 24, 12],
          [7, 22, 3],
          [14, 15, 1],
          [0, 1, 1],
        ] as const) {
          const want = await shortestPath(general(), scope, ids[a], ids[b], depth);
          expect(await shortestPath(stores.graph, scope, ids[a], ids[b], depth), `${a} -> ${b} within ${depth}`).toEqual(want);
          if (want) compared++;
        }
      expect(compared).toBeGreaterThan(10);
    });

    it('falls back to the general search when a store finds more shortest chains than it chooses among', async () => {
      const c = await mkCase();
      // Start, four layers of six all joined layer to layer, end: 6^4 = 1,296 chains of 5 links.
      const ids = Object.values(
        await people(
          c,
          Array.from({ length: 26 }, (_, i) => `m${i}`),
        ),
      );
      const [s, t] = [ids[0], ids[25]];
      const layer = (k: number) => ids.slice(1 + 6 * k, 7 + 6 * k);
      const pairs: Array<[string, string, string]> = layer(0).map((x) => [s, x, 'B2']);
      for (let k = 0; k < 3; k++) for (const x of layer(k)) for (const y of layer(k + 1)) pairs.push([x, y, x < y ? 'A1' : '']);
      pairs.push(...layer(3).map((x): [string, string, string] => [x, t, 'C3']));
      await linksGraded(c, pairs);
      const scope: Scope = { caseIds: new Set([c]) };
      const want = await shortestPath(general(), scope, s, t, 6);
      expect(want?.edges).toHaveLength(5);
      // Neo4j collects at most 1,000 chains: it says it cannot tell, and the general search answers.
      if (stores.graph.shortestChain) expect(await stores.graph.shortestChain(s, t, 6, scope)).toBeUndefined();
      expect(await shortestPath(stores.graph, scope, s, t, 6)).toEqual(want);
    });
  });
});

describe('the weakest-link rule', () => {
  const mk = (id: string, reliability: Reliability | null, credibility: number | null): LinkRecord => ({
    id,
    type: 'SEEN_WITH',
    source: 'a',
    target: 'b',
    caseId: 'c',
    provenance: { createdBy: 'u', createdAt: '2026-01-01T00:00:00Z', reliability, credibility },
  });

  it('grades a path by its worst reliability and worst credibility; the weakest link is the least reliable', () => {
    const g = pathGrade([mk('x', 'B', 5), mk('y', 'D', 1), mk('z', 'A', 1)]);
    expect(g).toMatchObject({ reliability: 'D', credibility: 5, label: 'D5', weakestLinkId: 'y' });
  });

  it('ranks an ungraded reliability as F and an ungraded credibility below 5', () => {
    expect(pathGrade([mk('x', 'A', 1), mk('y', null, null)])).toMatchObject({
      reliability: 'F',
      credibility: null,
      label: 'F?',
      weakestLinkId: 'y',
    });
    expect(pathGrade([mk('x', 'F', 5), mk('y', 'F', null)]).weakestLinkId).toBe('y');
    expect(pathGrade([])).toMatchObject({ label: 'A1', weakestLinkId: null });
  });
});
