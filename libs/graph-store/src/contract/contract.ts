import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, DomainError } from '@homeward/domain';
import type { Scope, StateStores } from '../port';
import { resolutionContract } from './resolution-contract';
import { contractWorld } from './world';

/**
 * The contract every adapter of the storage ports passes: the embedded store
 * always, Neo4j whenever NEO4J_URI is set. Each test makes its own agency,
 * users and cases with fresh ids, so tests are independent of order and of
 * what else the database holds.
 */
export function graphStoreContract(name: string, open: () => Promise<StateStores>): void {
  describe(`storage contract: ${name}`, () => {
    let s: StateStores;
    beforeAll(async () => {
      s = await open();
    });
    afterAll(async () => {
      await s?.close();
    });

    const world = () => contractWorld(s, { agencyName: 'Policía Test', source: 'contract test', referencePrefix: 'T' });
    const scopeOf = (...ids: string[]): Scope => ({ caseIds: new Set(ids) });

    it('writes entities and links atomically and reads them back as the case graph, with provenance', async () => {
      const { mkCase, meta, user } = await world();
      const c = await mkCase('A');
      const child = newId('ent');
      const man = newId('ent');
      const out = await s.graph.write(
        {
          caseId: c.id,
          entities: [
            { id: child, kind: 'PERSON', props: { fullName: 'Ana Lucía Pérez', aliases: ['Anita'] }, role: 'MISSING_CHILD' },
            { id: man, kind: 'PERSON', props: { fullName: 'Carlos Méndez' }, role: 'ABDUCTOR' },
          ],
          links: [{ id: newId('lnk'), type: 'ACCOMPANIED_BY', fromId: child, toId: man }],
        },
        meta,
      );
      expect(out.nodes.map((n) => n.id).sort()).toEqual([child, man].sort());
      const g = await s.graph.caseGraph(c.id, scopeOf(c.id));
      expect(g.nodes).toHaveLength(2);
      expect(g.edges).toHaveLength(1);
      expect(g.edges[0]).toMatchObject({ type: 'ACCOMPANIED_BY', source: child, target: man, caseId: c.id });
      const ana = g.nodes.find((n) => n.id === child)!;
      expect(ana.label).toBe('Ana Lucía Pérez');
      expect(ana.cases).toEqual([{ caseId: c.id, role: 'MISSING_CHILD' }]);
      expect(ana.provenance).toMatchObject({ createdBy: user.id, source: 'contract test', reliability: 'B' });
      expect(g.edges[0].provenance.createdBy).toBe(user.id);
    });

    it('refuses a link joining the wrong kinds, naming the type and kinds, and keeps nothing of that write', async () => {
      const { mkCase, meta } = await world();
      const c = await mkCase('B');
      const car = newId('ent');
      const place = newId('ent');
      await s.graph.write(
        {
          caseId: c.id,
          entities: [{ id: place, kind: 'LOCATION', props: { name: 'Mercado', country: 'GT', latitude: 14.6, longitude: -90.5 } }],
        },
        meta,
      );
      const attempt = s.graph.write(
        {
          caseId: c.id,
          entities: [{ id: car, kind: 'VEHICLE', props: { plate: 'P-1' } }],
          links: [{ id: newId('lnk'), type: 'SEEN_WITH', fromId: car, toId: place }],
        },
        meta,
      );
      await expect(attempt).rejects.toThrow(/SEEN_WITH.*VEHICLE.*LOCATION/);
      await expect(attempt).rejects.toBeInstanceOf(DomainError);
      const g = await s.graph.caseGraph(c.id, scopeOf(c.id));
      expect(g.nodes.map((n) => n.id)).toEqual([place]);
      expect(g.edges).toEqual([]);
    });

    it('rejects invalid properties with the field at fault', async () => {
      const { mkCase, meta } = await world();
      const c = await mkCase('C');
      await expect(
        s.graph.write(
          {
            caseId: c.id,
            entities: [{ id: newId('ent'), kind: 'LOCATION', props: { name: 'X', country: 'GT', latitude: 123, longitude: 0 } }],
          },
          meta,
        ),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.latitude' });
    });

    it('shares an entity between cases without leaking the other case', async () => {
      const { mkCase, meta } = await world();
      const gt = await mkCase('GT case');
      const mx = await mkCase('MX case');
      const van = newId('ent');
      const driverGt = newId('ent');
      const driverMx = newId('ent');
      await s.graph.write(
        {
          caseId: gt.id,
          entities: [
            { id: van, kind: 'VEHICLE', props: { plate: 'P-512DKL', plateCountry: 'GT' } },
            { id: driverGt, kind: 'PERSON', props: { fullName: 'Gt Driver' } },
          ],
          links: [{ id: newId('lnk'), type: 'DRIVES', fromId: driverGt, toId: van }],
        },
        meta,
      );
      await s.graph.write(
        {
          caseId: mx.id,
          attach: [{ entityId: van }],
          entities: [{ id: driverMx, kind: 'PERSON', props: { fullName: 'Mx Driver' } }],
          links: [{ id: newId('lnk'), type: 'DRIVES', fromId: driverMx, toId: van }],
        },
        meta,
      );

      const both = await s.graph.getEntities([van], scopeOf(gt.id, mx.id));
      expect(both[0].cases.map((x) => x.caseId).sort()).toEqual([gt.id, mx.id].sort());

      const onlyGt = scopeOf(gt.id);
      const seen = await s.graph.getEntities([van, driverMx], onlyGt);
      expect(seen.map((e) => e.id)).toEqual([van]);
      expect(seen[0].cases).toEqual([{ caseId: gt.id, role: null }]);
      const n = await s.graph.neighborhood({ ids: [van], depth: 2 }, onlyGt);
      expect(n.nodes.map((x) => x.id).sort()).toEqual([van, driverGt].sort());
      expect(n.edges.every((e) => e.caseId === gt.id)).toBe(true);
      expect(await s.graph.caseGraph(mx.id, onlyGt)).toEqual({ nodes: [], edges: [] });
      expect(await s.graph.search({ text: 'Mx Driver' }, onlyGt)).toEqual([]);
    });

    it('finds the neighbourhood by depth with kind and link-type filters', async () => {
      const { mkCase, meta } = await world();
      const c = await mkCase('N');
      const [a, b, car, home] = [newId('ent'), newId('ent'), newId('ent'), newId('ent')];
      await s.graph.write(
        {
          caseId: c.id,
          entities: [
            { id: a, kind: 'PERSON', props: { fullName: 'Alpha' } },
            { id: b, kind: 'PERSON', props: { fullName: 'Bravo' } },
            { id: car, kind: 'VEHICLE', props: { plate: 'N-1' } },
            { id: home, kind: 'LOCATION', props: { name: 'Home', country: 'MX', latitude: 19.4, longitude: -99.1 } },
          ],
          links: [
            { id: newId('lnk'), type: 'SEEN_WITH', fromId: a, toId: b },
            { id: newId('lnk'), type: 'DRIVES', fromId: b, toId: car },
            { id: newId('lnk'), type: 'LIVES_AT', fromId: a, toId: home },
          ],
        },
        meta,
      );
      const sc = scopeOf(c.id);
      const d1 = await s.graph.neighborhood({ ids: [a], depth: 1 }, sc);
      expect(d1.nodes.map((n) => n.id).sort()).toEqual([a, b, home].sort());
      const d2 = await s.graph.neighborhood({ ids: [a], depth: 2 }, sc);
      expect(d2.nodes).toHaveLength(4);
      expect(d2.edges).toHaveLength(3);
      const ends = (g: { edges: ReadonlyArray<{ type: string; source: string; target: string }> }) =>
        Object.fromEntries(g.edges.map((e) => [e.type, [e.source, e.target]]));
      expect(ends(d2)).toEqual({ SEEN_WITH: [a, b], DRIVES: [b, car], LIVES_AT: [a, home] });
      // Reached against their direction, the links keep their own source and target.
      expect(ends(await s.graph.neighborhood({ ids: [car], depth: 2 }, sc))).toEqual({ DRIVES: [b, car], SEEN_WITH: [a, b] });
      const people = await s.graph.neighborhood({ ids: [a], depth: 2, kinds: ['PERSON'] }, sc);
      expect(people.nodes.map((n) => n.id).sort()).toEqual([a, b].sort());
      const onlySeen = await s.graph.neighborhood({ ids: [a], depth: 2, linkTypes: ['SEEN_WITH'] }, sc);
      expect(onlySeen.edges.map((e) => e.type)).toEqual(['SEEN_WITH']);
    });

    it('expands one step with link grades and the other end, only over visible links, filtered by type and grade', async () => {
      const { mkCase, user } = await world();
      const seen = await mkCase('expand visible');
      const hidden = await mkCase('expand hidden');
      const [a, b, c, place, sighting] = [newId('ent'), newId('ent'), newId('ent'), newId('ent'), newId('ent')];
      const strong = newId('lnk');
      const weak = newId('lnk');
      const ungraded = newId('lnk');
      const at = newId('lnk');
      const observedAt = '2026-03-01T10:00:00.000Z';
      await s.graph.write(
        {
          caseId: seen.id,
          entities: [
            { id: a, kind: 'PERSON', props: { fullName: 'Exp A' } },
            { id: b, kind: 'PERSON', props: { fullName: 'Exp B' } },
            { id: place, kind: 'LOCATION', props: { name: 'Exp place', country: 'GT', latitude: 14.6, longitude: -90.5 } },
            { id: sighting, kind: 'SIGHTING', props: { observedAt } },
          ],
          links: [{ id: strong, type: 'ASSOCIATE_OF', fromId: a, toId: b }],
        },
        { actorId: user.id, reliability: 'A', credibility: 1 },
      );
      await s.graph.write(
        { caseId: seen.id, links: [{ id: weak, type: 'SEEN_WITH', fromId: b, toId: a }] },
        { actorId: user.id, reliability: 'D', credibility: 4 },
      );
      await s.graph.write(
        {
          caseId: seen.id,
          links: [
            { id: ungraded, type: 'SIGHTING_OF', fromId: sighting, toId: a },
            { id: at, type: 'SIGHTED_AT', fromId: sighting, toId: place },
          ],
        },
        { actorId: user.id },
      );
      await s.graph.write(
        {
          caseId: hidden.id,
          attach: [{ entityId: a }],
          entities: [{ id: c, kind: 'PERSON', props: { fullName: 'Exp hidden' } }],
          links: [{ id: newId('lnk'), type: 'RELATED_TO', fromId: a, toId: c }],
        },
        { actorId: user.id, reliability: 'A', credibility: 1 },
      );

      const sc = scopeOf(seen.id);
      const all = await s.graph.expand([a], sc);
      expect(all.map((x) => x.link.id).sort()).toEqual([strong, weak, ungraded].sort());
      expect(all.every((x) => x.fromId === a && x.link.caseId === seen.id)).toBe(true);
      const toB = all.find((x) => x.link.id === strong)!;
      expect(toB).toMatchObject({
        otherId: b,
        otherKind: 'PERSON',
        otherObservedAt: null,
        link: { type: 'ASSOCIATE_OF', source: a, target: b },
      });
      expect(toB.link.provenance).toMatchObject({ reliability: 'A', credibility: 1, createdBy: user.id });
      const back = all.find((x) => x.link.id === weak)!;
      expect(back.link).toMatchObject({ source: b, target: a });
      expect(back.link.provenance).toMatchObject({ reliability: 'D', credibility: 4 });
      const viaSighting = all.find((x) => x.link.id === ungraded)!;
      expect(viaSighting).toMatchObject({ otherId: sighting, otherKind: 'SIGHTING' });
      expect(new Date(viaSighting.otherObservedAt!).toISOString()).toBe(observedAt);
      expect(viaSighting.link.provenance.credibility ?? null).toBeNull();

      expect((await s.graph.expand([a], sc, { linkTypes: ['SEEN_WITH'] })).map((x) => x.link.id)).toEqual([weak]);
      expect((await s.graph.expand([a], sc, { minReliability: 'C' })).map((x) => x.link.id)).toEqual([strong]);
      expect((await s.graph.expand([a], sc, { minCredibility: 4 })).map((x) => x.link.id).sort()).toEqual([strong, weak].sort());
      // F is the lowest reliability: it refuses nothing, ungraded links included.
      expect(await s.graph.expand([a], sc, { minReliability: 'F' })).toHaveLength(3);
      // Both sides at once; the hidden case's link appears only with that case in scope.
      const both = await s.graph.expand([a, sighting], scopeOf(seen.id, hidden.id));
      expect(
        both
          .filter((x) => x.fromId === sighting)
          .map((x) => x.otherId)
          .sort(),
      ).toEqual([a, place].sort());
      expect(both.filter((x) => x.fromId === a)).toHaveLength(4);
      expect(await s.graph.expand([a], scopeOf())).toEqual([]);
      expect(await s.graph.expand([c], sc)).toEqual([]);
    });

    it('searches names, aliases, plates and descriptions ignoring case and diacritics', async () => {
      const { mkCase, meta } = await world();
      const c = await mkCase('S');
      const jose = newId('ent');
      const van = newId('ent');
      const tag = newId('zz').replace('_', '');
      await s.graph.write(
        {
          caseId: c.id,
          entities: [
            { id: jose, kind: 'PERSON', props: { fullName: `José Ñúñez ${tag}`, aliases: ['El Güero'] } },
            { id: van, kind: 'VEHICLE', props: { plate: 'P-777XYZ', description: `blue van ${tag}` } },
          ],
        },
        meta,
      );
      const sc = scopeOf(c.id);
      expect((await s.graph.search({ text: `jose nunez ${tag}` }, sc)).map((e) => e.id)).toEqual([jose]);
      expect((await s.graph.search({ text: 'guero' }, sc)).map((e) => e.id)).toContain(jose);
      // As the name is typed: the last word is a prefix.
      expect((await s.graph.search({ text: `${tag} jos` }, sc)).map((e) => e.id)).toEqual([jose]);
      expect((await s.graph.search({ text: 'p777xyz' }, sc)).map((e) => e.id)).toEqual([van]);
      expect((await s.graph.search({ text: `BLUE VAN ${tag}` }, sc)).map((e) => e.id)).toEqual([van]);
      expect((await s.graph.search({ text: tag, kinds: ['VEHICLE'] }, sc)).map((e) => e.id)).toEqual([van]);
      expect(await s.graph.search({ text: tag }, scopeOf())).toEqual([]);
    });

    it('searches one case of those the reader sees, or all of them, and names every visible membership', async () => {
      const { mkCase, meta } = await world();
      const [a, b, hidden] = [await mkCase('SA'), await mkCase('SB'), await mkCase('SH')];
      const tag = newId('qc').replace('_', '').slice(0, 10);
      const [inA, inB, inBoth, inHidden] = [newId('ent'), newId('ent'), newId('ent'), newId('ent')];
      await s.graph.write(
        {
          caseId: a.id,
          entities: [
            { id: inA, kind: 'PERSON', props: { fullName: `Rosa ${tag}` } },
            { id: inBoth, kind: 'PERSON', props: { fullName: `Rosa Both ${tag}` } },
          ],
        },
        meta,
      );
      await s.graph.write(
        { caseId: b.id, attach: [{ entityId: inBoth }], entities: [{ id: inB, kind: 'PERSON', props: { fullName: `Rosa ${tag} B` } }] },
        meta,
      );
      await s.graph.write({ caseId: hidden.id, entities: [{ id: inHidden, kind: 'PERSON', props: { fullName: `Rosa ${tag}` } }] }, meta);
      const sc = scopeOf(a.id, b.id);
      const ids = async (caseId?: string) =>
        (await s.graph.search({ text: `rosa ${tag}`, ...(caseId ? { caseId } : {}) }, sc)).map((e) => e.id).sort();
      expect(await ids()).toEqual([inA, inB, inBoth].sort());
      expect(await ids(a.id)).toEqual([inA, inBoth].sort());
      expect(await ids(b.id)).toEqual([inB, inBoth].sort());
      // A case outside the scope finds nothing, even by its id.
      expect(await ids(hidden.id)).toEqual([]);
      // Searched in one case, an entity still names each case the reader sees it in.
      const both = (await s.graph.search({ text: `rosa both ${tag}`, caseId: a.id }, sc)).find((e) => e.id === inBoth)!;
      expect(both.cases.map((x) => x.caseId).sort()).toEqual([a.id, b.id].sort());
    });

    it('finds words joined by a dot, an apostrophe or an underscore, as typed and each on its own', async () => {
      const { mkCase, meta } = await world();
      const c = await mkCase('W');
      const tag = newId('q').replace('_', '').slice(0, 10);
      const [account, person, plate] = [newId('ent'), newId('ent'), newId('ent')];
      await s.graph.write(
        {
          caseId: c.id,
          entities: [
            // Lucene's standard tokenizer keeps "tomas.escobar77" and "o'brien" one word; both stores split them.
            { id: account, kind: 'ONLINE_ACCOUNT', props: { platform: 'Discord', handle: `tomas.${tag}77` } },
            { id: person, kind: 'PERSON', props: { fullName: `Ana O'Brien ${tag}`, aliases: [`brien_${tag}`] } },
            { id: plate, kind: 'VEHICLE', props: { plate: 'P-1.5', description: `van ${tag}` } },
          ],
        },
        meta,
      );
      const sc = scopeOf(c.id);
      const ids = async (text: string) => (await s.graph.search({ text }, sc)).map((e) => e.id).sort();
      expect(await ids(`tomas.${tag}77`)).toEqual([account]);
      expect(await ids(`Tomás ${tag}`)).toEqual([account]);
      expect(await ids(`${tag}77`)).toEqual([account]);
      expect(await ids(`o'brien ${tag}`)).toEqual([person]);
      expect(await ids(`Ana Brien ${tag}`)).toEqual([person]);
      expect(await ids(`brien_${tag}`)).toEqual([person]);
      expect(await ids(`1 5 ${tag}`)).toEqual([plate]);
    });

    it('updates and removes entities, dropping their links in that case', async () => {
      const { mkCase, meta } = await world();
      const c = await mkCase('U');
      const [p, q] = [newId('ent'), newId('ent')];
      await s.graph.write(
        {
          caseId: c.id,
          entities: [
            { id: p, kind: 'PERSON', props: { fullName: 'Old Name' } },
            { id: q, kind: 'PERSON', props: { fullName: 'Other' } },
          ],
          links: [{ id: newId('lnk'), type: 'RELATED_TO', fromId: p, toId: q }],
        },
        meta,
      );
      const sc = scopeOf(c.id);
      const upd = await s.graph.updateEntity(p, { fullName: 'New Name', nationality: 'gt' }, sc, meta);
      expect(upd.label).toBe('New Name');
      expect(upd.props).toMatchObject({ fullName: 'New Name', nationality: 'GT' });
      expect((await s.graph.search({ text: 'New Name' }, sc)).map((e) => e.id)).toEqual([p]);
      await expect(s.graph.updateEntity(p, { fullName: 'x' }, scopeOf(), meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const r = await s.graph.removeEntity(c.id, p, meta);
      expect(r.removedLinks).toHaveLength(1);
      const g = await s.graph.caseGraph(c.id, sc);
      expect(g.nodes.map((n) => n.id)).toEqual([q]);
      expect(g.edges).toEqual([]);
    });

    it('deletes one link of a case and returns it as it was; a link of another case is not found there', async () => {
      const { mkCase, meta, user } = await world();
      const [a, b] = [await mkCase('DL-A'), await mkCase('DL-B')];
      const [p, q, r] = [newId('ent'), newId('ent'), newId('ent')];
      const [l1, l2, other] = [newId('lnk'), newId('lnk'), newId('lnk')];
      await s.graph.write(
        {
          caseId: a.id,
          entities: [
            { id: p, kind: 'PERSON', props: { fullName: 'P' } },
            { id: q, kind: 'PERSON', props: { fullName: 'Q' } },
          ],
          links: [
            { id: l1, type: 'SEEN_WITH', fromId: p, toId: q },
            { id: l2, type: 'RELATED_TO', fromId: q, toId: p },
          ],
        },
        meta,
      );
      await s.graph.write(
        {
          caseId: b.id,
          entities: [{ id: r, kind: 'PERSON', props: { fullName: 'R' } }],
          attach: [{ entityId: p }],
          links: [{ id: other, type: 'ASSOCIATE_OF', fromId: p, toId: r }],
        },
        meta,
      );
      const gone = await s.graph.deleteLink(a.id, l1, meta);
      expect(gone).toMatchObject({
        id: l1,
        type: 'SEEN_WITH',
        source: p,
        target: q,
        caseId: a.id,
        provenance: { createdBy: user.id, reliability: 'B' },
      });
      expect((await s.graph.caseGraph(a.id, scopeOf(a.id))).edges.map((e) => e.id)).toEqual([l2]);
      await expect(s.graph.deleteLink(a.id, l1, meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(s.graph.deleteLink(a.id, other, meta)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await s.graph.caseGraph(b.id, scopeOf(b.id))).edges.map((e) => e.id)).toEqual([other]);
    });

    it('regrades a link of the case: before and after returned, grades cleared with null, ends stamped; other cases’ links not found', async () => {
      const { mkCase, meta, user, agency } = await world();
      const analyst = await s.accounts.createUser({
        id: newId('usr'),
        email: `${newId('e')}@test.local`,
        displayName: 'Analyst',
        role: 'ANALYST',
        agencyId: agency.id,
        passwordHash: 'x',
      });
      const [a, b] = [await mkCase('RG-A'), await mkCase('RG-B')];
      const [p, q] = [newId('ent'), newId('ent')];
      const [l1, other] = [newId('lnk'), newId('lnk')];
      await s.graph.write(
        {
          caseId: a.id,
          entities: [
            { id: p, kind: 'PERSON', props: { fullName: 'P' } },
            { id: q, kind: 'PERSON', props: { fullName: 'Q' } },
          ],
          links: [{ id: l1, type: 'SEEN_WITH', fromId: p, toId: q }],
        },
        { ...meta, credibility: 3 },
      );
      await s.graph.write(
        { caseId: b.id, attach: [{ entityId: p }, { entityId: q }], links: [{ id: other, type: 'ASSOCIATE_OF', fromId: p, toId: q }] },
        meta,
      );
      const r = await s.graph.regradeLink(a.id, l1, { reliability: 'A', credibility: 1 }, { actorId: analyst.id });
      expect(r.before).toMatchObject({
        id: l1,
        source: p,
        target: q,
        provenance: { createdBy: user.id, reliability: 'B', credibility: 3 },
      });
      expect(r.after).toMatchObject({ id: l1, caseId: a.id, provenance: { createdBy: user.id, reliability: 'A', credibility: 1 } });
      const g = await s.graph.caseGraph(a.id, scopeOf(a.id));
      expect(g.edges.find((e) => e.id === l1)!.provenance).toMatchObject({ reliability: 'A', credibility: 1 });
      expect(g.nodes.map((n) => n.provenance.updatedBy)).toEqual([analyst.id, analyst.id]);
      const cleared = await s.graph.regradeLink(a.id, l1, { reliability: null, credibility: null }, { actorId: analyst.id });
      expect(cleared.after.provenance.reliability ?? null).toBeNull();
      expect(cleared.after.provenance.credibility ?? null).toBeNull();
      expect((await s.graph.caseGraph(a.id, scopeOf(a.id))).edges[0].provenance.credibility ?? null).toBeNull();
      await expect(s.graph.regradeLink(a.id, other, { reliability: 'A', credibility: 1 }, meta)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(s.graph.regradeLink(a.id, newId('lnk'), { reliability: 'A', credibility: 1 }, meta)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect((await s.graph.caseGraph(b.id, scopeOf(b.id))).edges[0].provenance).toMatchObject({ reliability: 'B' });
    });

    it('records who last changed an entity: on update, on removal from one of its cases, and when a link at it is deleted', async () => {
      const { mkCase, meta, user, agency } = await world();
      const editor = await s.accounts.createUser({
        id: newId('usr'),
        email: `${newId('e')}@test.local`,
        displayName: 'Editor',
        role: 'INVESTIGATOR',
        agencyId: agency.id,
        passwordHash: 'x',
      });
      const remover = await s.accounts.createUser({
        id: newId('usr'),
        email: `${newId('r')}@test.local`,
        displayName: 'Remover',
        role: 'INVESTIGATOR',
        agencyId: agency.id,
        passwordHash: 'x',
      });
      const [a, b] = [await mkCase('W-A'), await mkCase('W-B')];
      const [p, q, r] = [newId('ent'), newId('ent'), newId('ent')];
      const [pq, qr] = [newId('lnk'), newId('lnk')];
      await s.graph.write(
        {
          caseId: a.id,
          entities: [
            { id: p, kind: 'PERSON', props: { fullName: 'P' } },
            { id: q, kind: 'PERSON', props: { fullName: 'Q' } },
            { id: r, kind: 'PERSON', props: { fullName: 'R' } },
          ],
          links: [
            { id: pq, type: 'SEEN_WITH', fromId: p, toId: q },
            { id: qr, type: 'RELATED_TO', fromId: q, toId: r },
          ],
        },
        meta,
      );
      await s.graph.write({ caseId: b.id, attach: [{ entityId: p }] }, meta);
      const both = scopeOf(a.id, b.id);
      const prov = async (id: string) => (await s.graph.getEntities([id], both))[0].provenance;
      // Never changed since it was written: no author of a change to report.
      expect(await prov(p)).toMatchObject({ createdBy: user.id, updatedBy: null, updatedAt: null });

      const before = new Date().toISOString();
      const updated = await s.graph.updateEntity(p, { nationality: 'GT' }, both, { actorId: editor.id });
      expect(updated.provenance).toMatchObject({ createdBy: user.id, updatedBy: editor.id });
      expect(updated.provenance.updatedAt! >= before).toBe(true);
      expect(await prov(p)).toEqual(updated.provenance);
      // The case graph (cached by the embedded store) shows the change too.
      expect((await s.graph.caseGraph(a.id, both)).nodes.find((n) => n.id === p)?.provenance.updatedBy).toBe(editor.id);

      // p leaves case A but stays in B: it changed, and so did q, which lost its link to p.
      await s.graph.removeEntity(a.id, p, { actorId: remover.id });
      expect((await prov(p)).updatedBy).toBe(remover.id);
      expect((await prov(q)).updatedBy).toBe(remover.id);
      expect((await prov(r)).updatedBy).toBeNull();

      // Deleting the link q-r stamps both of its ends.
      await s.graph.deleteLink(a.id, qr, { actorId: editor.id });
      expect((await prov(q)).updatedBy).toBe(editor.id);
      expect((await prov(r)).updatedBy).toBe(editor.id);
      expect((await prov(p)).updatedBy).toBe(remover.id);
      expect((await prov(r)).updatedAt! >= before).toBe(true);
    });

    it('keeps the case role of a membership, which only that membership carries', async () => {
      const { mkCase, user, agency } = await world();
      const c = await mkCase('CR');
      const d = await mkCase('CR2');
      const inv = await s.accounts.createUser({
        id: newId('usr'),
        email: `${newId('i')}@test.local`,
        displayName: 'Granted',
        role: 'INVESTIGATOR',
        agencyId: agency.id,
        passwordHash: 'h',
      });
      await s.cases.addMember(c.id, inv.id, user.id, 'ANALYST');
      await s.cases.addMember(d.id, inv.id, user.id);
      expect(await s.cases.caseRoleOf(c.id, inv.id)).toBe('ANALYST');
      expect(await s.cases.caseRoleOf(d.id, inv.id)).toBeNull();
      expect(await s.cases.caseRoleOf(c.id, newId('usr'))).toBeUndefined();
      expect((await s.cases.memberships(inv.id)).sort((x, y) => x.caseId.localeCompare(y.caseId))).toEqual(
        [
          { caseId: c.id, caseRole: 'ANALYST' },
          { caseId: d.id, caseRole: null },
        ].sort((x, y) => x.caseId.localeCompare(y.caseId)),
      );
      const members = await s.cases.members(c.id);
      expect(members.find((m) => m.id === inv.id)?.caseRole).toBe('ANALYST');
      expect(members.find((m) => m.id === user.id)?.caseRole).toBeNull();
      // Adding a member again does not change their case role; removing and adding again does.
      await s.cases.addMember(c.id, inv.id, user.id, 'INVESTIGATOR');
      expect(await s.cases.caseRoleOf(c.id, inv.id)).toBe('ANALYST');
      await s.cases.removeMember(c.id, inv.id);
      await s.cases.addMember(c.id, inv.id, user.id, 'INVESTIGATOR');
      expect(await s.cases.caseRoleOf(c.id, inv.id)).toBe('INVESTIGATOR');
      // An account role that is not a case role is refused, naming the field.
      const err = await s.cases.addMember(d.id, user.id, user.id, 'ADMIN').catch((e: unknown) => e);
      expect((err as { field?: string }).field).toBe('caseRole');
    });

    it('keeps cases, members and accounts', async () => {
      const { mkCase, user, agency } = await world();
      const c = await mkCase('M');
      expect(await s.cases.isMember(c.id, user.id)).toBe(true);
      const other = await s.accounts.createUser({
        id: newId('usr'),
        email: `${newId('o')}@Test.Local`,
        displayName: 'Other',
        role: 'ANALYST',
        agencyId: agency.id,
        passwordHash: 'h',
      });
      expect(await s.cases.isMember(c.id, other.id)).toBe(false);
      expect(await s.cases.caseIdsOfUser(other.id)).toEqual([]);
      await s.cases.addMember(c.id, other.id, user.id);
      expect(await s.cases.caseIdsOfUser(other.id)).toEqual([c.id]);
      expect((await s.cases.members(c.id)).map((u) => u.id).sort()).toEqual([user.id, other.id].sort());
      expect(await s.cases.removeMember(c.id, other.id)).toBe(true);
      expect(await s.cases.isMember(c.id, other.id)).toBe(false);
      await s.accounts.setUserRole(other.id, 'SUPERVISOR');
      expect((await s.accounts.getUser(other.id))?.role).toBe('SUPERVISOR');
      expect((await s.accounts.getUser(user.id))?.role).not.toBe('SUPERVISOR');
      const found = await s.accounts.findUserByEmail(other.email.toUpperCase());
      expect(found?.id).toBe(other.id);
      expect(found?.passwordHash).toBe('h');
      const now = Date.now();
      const sid = newId('ses');
      await s.accounts.createSession({ id: sid, userId: other.id, createdAt: now, lastSeenAt: now, expiresAt: now + 1000, revoked: false });
      expect((await s.accounts.getSession(sid))?.revoked).toBe(false);
      await s.accounts.revokeSession(sid);
      expect((await s.accounts.getSession(sid))?.revoked).toBe(true);
      // Three tries allowed, the third locks; further tries are refused until the lock runs out.
      const policy = { maxAttempts: 3, lockMs: 1000 };
      const tries = await Promise.all(Array.from({ length: 8 }, () => s.accounts.beginLoginAttempt(other.id, now, policy)));
      expect(tries.filter(Boolean)).toHaveLength(3);
      expect((await s.accounts.findUserByEmail(other.email))?.lockedUntil).toBe(now + 1000);
      expect(await s.accounts.beginLoginAttempt(other.id, now + 999, policy)).toBe(false);
      expect(await s.accounts.beginLoginAttempt(other.id, now + 1000, policy)).toBe(true);
      expect((await s.accounts.findUserByEmail(other.email))?.failedLogins).toBe(1);
      await s.accounts.recordLoginSuccess(other.id);
      expect(await s.accounts.findUserByEmail(other.email)).toMatchObject({ failedLogins: 0, lockedUntil: null });

      // A trusted device has its own count: the account's lock does not reach it, its lock not the account.
      for (let i = 0; i < 3; i++) await s.accounts.beginLoginAttempt(other.id, now, policy);
      expect(await s.accounts.beginLoginAttempt(other.id, now + 1, policy)).toBe(false);
      const device = newId('dev');
      const onDevice = await Promise.all(
        Array.from({ length: 6 }, () => s.accounts.beginDeviceLoginAttempt(device, other.id, now + 1, policy)),
      );
      expect(onDevice.filter(Boolean)).toHaveLength(3);
      expect(await s.accounts.beginDeviceLoginAttempt(device, other.id, now + 2, policy)).toBe(false);
      // Another device of the same account, and the same device id claimed for another account.
      expect(await s.accounts.beginDeviceLoginAttempt(newId('dev'), other.id, now + 2, policy)).toBe(true);
      expect(await s.accounts.beginDeviceLoginAttempt(device, user.id, now + 1001, policy)).toBe(false);
      await s.accounts.recordDeviceLoginSuccess(device);
      expect(await s.accounts.beginDeviceLoginAttempt(device, other.id, now + 3, policy)).toBe(true);
      expect(await s.accounts.beginLoginAttempt(other.id, now + 3, policy)).toBe(false);
    });

    resolutionContract(() => s);
  });
}
