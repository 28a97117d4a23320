import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '@homeward/domain';
import type { EntityKind, LinkType } from '@homeward/graph-schema';
import { createRng, generateGraph } from '../generate/generator';
import type { NeighborhoodQuery, Scope } from '../port';
import { openEmbeddedStores, type EmbeddedStores } from './index';

/*
 * The neighbourhood read from the in-memory adjacency (embedded/adjacency.ts) must be the answer
 * read from SQLite alone, node for node and link for link, in the same order: after it is built,
 * after every kind of write this process makes (which it patches), and after another connection's
 * writes (which it notices through data_version).
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function generated(): Promise<{ dir: string; s: EmbeddedStores; actor: string; cases: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'homeward-adjacency-'));
  dirs.push(dir);
  const s = openEmbeddedStores(dir);
  const agency = await s.accounts.createAgency({ id: newId('agy'), name: 'A', country: 'GT', kind: 'NGO' });
  const user = await s.accounts.createUser({
    id: newId('usr'),
    email: 'adj@test.local',
    displayName: 'U',
    role: 'INVESTIGATOR',
    agencyId: agency.id,
    passwordHash: 'x',
  });
  const caseIds = new Map<string, string>();
  for (const batch of generateGraph({ entities: 2000, cases: 12, linksPerEntity: 3, seed: 5 })) {
    for (const c of batch.cases) {
      const made = await s.cases.createCase({ ...c, leadAgencyId: agency.id, createdBy: user.id });
      caseIds.set(c.reference, made.id);
    }
    const caseOf = (r: { caseReference: string }) => caseIds.get(r.caseReference)!;
    s.graph.bulkLoad(
      {
        entities: batch.entities.map((e) => ({ ...e, caseId: caseOf(e) })),
        attach: batch.attach.map((a) => ({ entityId: a.entityId, role: a.role, caseId: caseOf(a) })),
        links: batch.links.map((l) => ({ ...l, caseId: caseOf(l) })),
      },
      { actorId: user.id },
    );
  }
  return { dir, s, actor: user.id, cases: [...caseIds.values()] };
}

const pick = <T>(rng: () => number, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

/** Compares both reads for starts of every degree (hubs included) and every filter; returns how many were compared. */
async function sameAnswers(s: EmbeddedStores, scopes: Scope[], rng: () => number, extraStarts: string[] = []): Promise<number> {
  const byDegree = s.db
    .prepare(
      `SELECT e.id FROM entity e JOIN (SELECT src AS r FROM link UNION ALL SELECT dst FROM link) ON r = e.rid GROUP BY e.rid ORDER BY count(*) DESC LIMIT 4`,
    )
    .pluck(true)
    .all() as string[];
  const all = s.db.prepare('SELECT id FROM entity').pluck(true).all() as string[];
  const starts = [...byDegree, ...extraStarts, ...Array.from({ length: 8 }, () => pick(rng, all))];
  const types: LinkType[] = ['ASSOCIATE_OF', 'OWNS', 'SIGHTING_OF', 'CONTACTED'];
  const kinds: EntityKind[] = ['PERSON', 'VEHICLE', 'SIGHTING'];
  let compared = 0;
  for (const scope of scopes)
    for (const id of starts) {
      const variants: NeighborhoodQuery[] = [
        { ids: [id], depth: 2 },
        { ids: [id], depth: 1 },
        { ids: [id, pick(rng, all)], depth: 3, limit: 150 },
        { ids: [id], depth: 2, linkTypes: [pick(rng, types), pick(rng, types)] },
        { ids: [id], depth: 2, kinds: [pick(rng, kinds)], limit: 40 },
      ];
      for (const q of variants) {
        const fromCopy = await s.graph.neighborhood(q, scope);
        expect(s.graph.adjacencyInUse()).toBe(true);
        expect(fromCopy).toEqual(s.graph.neighborhoodFromDatabase(q, scope));
        compared += fromCopy.nodes.length;
      }
    }
  return compared;
}

describe('the in-memory adjacency of the neighbourhood', () => {
  it('answers as SQLite does, and stays in step with every write of this process', async () => {
    const { s, actor, cases } = await generated();
    const rng = createRng(11);
    const meta = { actorId: actor };
    const everything: Scope = { caseIds: new Set(cases) };
    const some: Scope = { caseIds: new Set(cases.slice(0, 5)) };
    const scopes = [everything, some];
    const built = s.graph.buildAdjacency();
    expect(built?.links).toBeGreaterThan(5000);
    expect(await sameAnswers(s, scopes, rng)).toBeGreaterThan(1000);

    const persons = s.db.prepare(`SELECT id FROM entity WHERE kind = 'PERSON' ORDER BY rid LIMIT 400`).pluck(true).all() as string[];
    const caseOfEntity = (id: string) =>
      s.db
        .prepare(
          'SELECT c.id FROM entity_case ec JOIN case_file c ON c.rid = ec.case_rid JOIN entity e ON e.rid = ec.entity_rid WHERE e.id = ?',
        )
        .pluck(true)
        .get(id) as string;
    const linkOf = () =>
      s.db
        .prepare('SELECT l.id, c.id AS caseId FROM link l JOIN case_file c ON c.rid = l.case_rid WHERE l.rid % 97 = ? LIMIT 1')
        .get(Math.floor(rng() * 97)) as { id: string; caseId: string };

    // New entities linked to old ones, an old one attached to another case with links there.
    const hubPerson = persons[3];
    const home = caseOfEntity(hubPerson);
    const other = cases.find((c) => c !== home)!;
    const fresh = newId('ent');
    await s.graph.write(
      {
        caseId: home,
        entities: [{ id: fresh, kind: 'PERSON', props: { fullName: 'Nueva Persona' } }],
        links: [
          { id: newId('lnk'), type: 'ASSOCIATE_OF', fromId: fresh, toId: hubPerson },
          { id: newId('lnk'), type: 'ASSOCIATE_OF', fromId: persons[10] === hubPerson ? persons[11] : hubPerson, toId: fresh },
        ],
      },
      meta,
    );
    await s.graph.write(
      {
        caseId: other,
        attach: [{ entityId: hubPerson, role: 'WITNESS' }],
        links: [{ id: newId('lnk'), type: 'OWNS', fromId: hubPerson, toId: newVan(s, other) }],
      },
      meta,
    );
    await sameAnswers(s, scopes, rng, [fresh, hubPerson]);

    // A write refused half-way is rolled back: its rows are gone, the answers are still the same.
    await expect(
      s.graph.write(
        {
          caseId: home,
          links: [
            { id: newId('lnk'), type: 'ASSOCIATE_OF', fromId: persons[20], toId: hubPerson },
            { id: newId('lnk'), type: 'ASSOCIATE_OF', fromId: 'ent_missing', toId: hubPerson },
          ],
        },
        meta,
      ),
    ).rejects.toThrow();
    await sameAnswers(s, scopes, rng, [hubPerson]);

    // Links deleted and regraded, an entity removed from a case and another deleted outright.
    for (let i = 0; i < 5; i++) {
      const l = linkOf();
      if (i % 2) await s.graph.deleteLink(l.caseId, l.id, meta);
      else await s.graph.regradeLink(l.caseId, l.id, { reliability: 'C', credibility: 3 }, meta);
    }
    await s.graph.removeEntity(other, hubPerson, meta);
    await s.graph.removeEntity(caseOfEntity(persons[30]), persons[30], meta);
    await s.graph.updateEntity(persons[40], { fullName: 'Cambiado' }, everything, meta);
    await sameAnswers(s, scopes, rng, [hubPerson, persons[40]]);

    // A merge re-points links and memberships; undoing it puts them back.
    const survivor = persons[50];
    const merged = persons[51];
    const mergeCase = caseOfEntity(survivor);
    if (caseOfEntity(merged) !== mergeCase) await s.graph.write({ caseId: mergeCase, attach: [{ entityId: merged }] }, meta);
    const mergeId = newId('mrg');
    await s.graph.mergeEntities({ id: mergeId, caseId: mergeCase, survivorId: survivor, mergedId: merged }, everything, meta);
    await sameAnswers(s, scopes, rng, [survivor]);
    await s.graph.undoMerge(mergeId, everything, meta);
    await sameAnswers(s, scopes, rng, [survivor, merged]);

    // All of it without reading the copy again: every change was patched in.
    expect(s.graph.adjacencyStats()).toBe(built);

    // A large bulk load (the importer's path) in this process drops the copy; it is read again.
    const more = generateGraph({ entities: 300, cases: 1, linksPerEntity: 3, seed: 99 }).next().value!;
    s.graph.bulkLoad(
      {
        entities: more.entities.map((e) => ({ ...e, id: `x_${e.id}`, caseId: home })),
        links: more.links.map((l) => ({ ...l, id: `x_${l.id}`, fromId: `x_${l.fromId}`, toId: `x_${l.toId}`, caseId: home })),
      },
      meta,
    );
    expect(s.graph.adjacencyInUse()).toBe(false);
    await sameAnswers(s, scopes, rng, [`x_${more.entities[0].id}`]);
    expect(s.graph.adjacencyStats()).not.toBe(built);
    // And patched again after that.
    const after = s.graph.adjacencyStats();
    await s.graph.deleteLink(
      home,
      s.db.prepare(`SELECT l.id FROM link l JOIN case_file c ON c.rid = l.case_rid WHERE c.id = ? LIMIT 1`).pluck(true).get(home) as string,
      meta,
    );
    await sameAnswers(s, scopes, rng, [hubPerson]);
    expect(s.graph.adjacencyStats()).toBe(after);
    await s.close();
  }, 120_000);

  it('notices another connection’s writes and reads the file again', async () => {
    const { dir, s, actor, cases } = await generated();
    const rng = createRng(3);
    const scope: Scope = { caseIds: new Set(cases) };
    const built = s.graph.buildAdjacency();
    const other = openEmbeddedStores(dir);
    const [a, b] = s.db.prepare(`SELECT id FROM entity WHERE kind = 'PERSON' ORDER BY rid DESC LIMIT 2`).pluck(true).all() as string[];
    const caseId = s.db
      .prepare(
        'SELECT c.id FROM entity_case ec JOIN case_file c ON c.rid = ec.case_rid JOIN entity e ON e.rid = ec.entity_rid WHERE e.id = ?',
      )
      .pluck(true)
      .get(a) as string;
    await other.graph.write({ caseId, attach: [{ entityId: b }] }, { actorId: actor });
    const link = newId('lnk');
    await other.graph.write({ caseId, links: [{ id: link, type: 'CONTACTED', fromId: a, toId: b }] }, { actorId: actor });
    const seen = await s.graph.neighborhood({ ids: [a], depth: 1 }, scope);
    expect(seen.edges.map((e) => e.id)).toContain(link);
    // Read again (a small graph: within the request), not patched.
    expect(s.graph.adjacencyStats()).not.toBe(built);
    await sameAnswers(s, [scope], rng, [a, b]);
    await other.graph.deleteLink(caseId, link, { actorId: actor });
    expect((await s.graph.neighborhood({ ids: [a], depth: 1 }, scope)).edges.map((e) => e.id)).not.toContain(link);
    await other.close();
    await s.close();
  }, 120_000);
});

describe('the in-memory adjacency read in steps', () => {
  it('is read after opening without holding up the opening, and the neighbourhood answers the same meanwhile', async () => {
    const { s, cases } = await generated();
    const scope: Scope = { caseIds: new Set(cases) };
    const start = s.db.prepare('SELECT src FROM link ORDER BY rid LIMIT 1').pluck(true).get() as number;
    const id = s.db.prepare('SELECT id FROM entity WHERE rid = ?').pluck(true).get(start) as string;
    const reference = s.graph.neighborhoodFromDatabase({ ids: [id], depth: 2 }, scope);
    // As the stores do for a graph over the at-once size (a million entities: seconds), here with every graph over it.
    const opened = s.graph.openAdjacency(0);
    expect(s.graph.adjacencyInUse()).toBe(false);
    expect(await s.graph.neighborhood({ ids: [id], depth: 2 }, scope)).toEqual(reference);
    expect(await opened).toBe(true);
    expect(s.graph.adjacencyInUse()).toBe(true);
    expect(await s.graph.neighborhood({ ids: [id], depth: 2 }, scope)).toEqual(reference);
    // Closed while a read is under way: it gives up quietly (no rejection nobody would catch).
    const again = s.graph.openAdjacency(0);
    s.db.close();
    expect(await again).toBe(false);
    await s.close();
  });

  it('keeps what this connection writes between its steps, and gives up when another connection writes', async () => {
    const { dir, s, actor, cases } = await generated();
    const rng = createRng(8);
    const scope: Scope = { caseIds: new Set(cases) };
    const persons = s.db.prepare(`SELECT id FROM entity WHERE kind = 'PERSON' ORDER BY rid LIMIT 60`).pluck(true).all() as string[];
    const caseId = s.db
      .prepare(
        'SELECT c.id FROM entity_case ec JOIN case_file c ON c.rid = ec.case_rid JOIN entity e ON e.rid = ec.entity_rid WHERE e.id = ?',
      )
      .pluck(true)
      .get(persons[0]) as string;
    const building = s.graph.buildAdjacencyInSteps();
    // The first step has read its snapshot; these writes come after it, before the copy is complete.
    const link = newId('lnk');
    const fresh = newId('ent');
    await s.graph.write(
      {
        caseId,
        entities: [{ id: fresh, kind: 'PERSON', props: { fullName: 'Durante' } }],
        links: [{ id: link, type: 'ASSOCIATE_OF', fromId: persons[0], toId: fresh }],
      },
      { actorId: actor },
    );
    const doomed = s.db
      .prepare('SELECT l.id, c.id AS caseId FROM link l JOIN case_file c ON c.rid = l.case_rid ORDER BY l.rid LIMIT 1')
      .get() as { id: string; caseId: string };
    await s.graph.deleteLink(doomed.caseId, doomed.id, { actorId: actor });
    expect(await building).toBe(true);
    expect(s.graph.adjacencyInUse()).toBe(true);
    const around = await s.graph.neighborhood({ ids: [persons[0]], depth: 1 }, scope);
    expect(around.edges.map((e) => e.id)).toContain(link);
    await sameAnswers(s, [scope], rng, [persons[0], fresh]);

    // Another connection writing while a build is under way: that build gives up (its copy would be stale at once).
    const other = openEmbeddedStores(dir);
    const again = s.graph.buildAdjacencyInSteps();
    await other.graph.write(
      { caseId, links: [{ id: newId('lnk'), type: 'ASSOCIATE_OF', fromId: persons[1], toId: fresh }] },
      { actorId: actor },
    );
    expect(await again).toBe(false);
    await other.close();
    await sameAnswers(s, [scope], rng, [persons[1], fresh]);
    await s.close();
  }, 120_000);
});

function newVan(s: EmbeddedStores, caseId: string): string {
  const id = newId('ent');
  s.graph.bulkLoad(
    { entities: [{ id, kind: 'VEHICLE', props: { plate: `P-${id.slice(-5)}` }, caseId }], links: [] },
    { actorId: 'usr_test' },
  );
  return id;
}
