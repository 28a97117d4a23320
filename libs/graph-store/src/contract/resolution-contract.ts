import { describe, expect, it } from 'vitest';
import { DomainError, newId, type Subgraph } from '@homeward/domain';
import type { Scope, StateStores } from '../port';
import { contractWorld } from './world';

/**
 * Contract cases of entity resolution and cross-case matches (issue 6), run
 * inside the shared storage contract, so both adapters pass the same ones.
 */
export function resolutionContract(stores: () => StateStores): void {
  describe('entity resolution and cross-case matches', () => {
    const scopeOf = (...ids: string[]): Scope => ({ caseIds: new Set(ids) });

    async function world(agencyName = `Agencia ${newId('a')}`) {
      const s = stores();
      return { s, ...(await contractWorld(s, { agencyName, source: 'resolution contract', referencePrefix: 'R' })) };
    }

    const sortGraph = (g: Subgraph) => ({
      nodes: [...g.nodes]
        .map((n) => ({ ...n, cases: [...n.cases].sort((a, b) => a.caseId.localeCompare(b.caseId)) }))
        .sort((a, b) => a.id.localeCompare(b.id)),
      edges: [...g.edges].sort((a, b) => a.id.localeCompare(b.id)),
    });

    it('proposes the same name across diacritics, order and scripts, plates however spaced; not invisible or rejected ones', async () => {
      const { s, mkCase, meta } = await world();
      const a = await mkCase('A');
      const b = await mkCase('B');
      const hiddenCase = await mkCase('hidden');
      const maria = newId('ent');
      const latin = newId('ent');
      const cyrillic = newId('ent');
      const stranger = newId('ent');
      const invisible = newId('ent');
      await s.graph.write(
        {
          caseId: a.id,
          entities: [{ id: maria, kind: 'PERSON', props: { fullName: 'María José Pérez García', dateOfBirth: '2012-03-04' } }],
        },
        meta,
      );
      await s.graph.write(
        {
          caseId: b.id,
          entities: [
            { id: latin, kind: 'PERSON', props: { fullName: 'PEREZ GARCIA, Maria Jose' } },
            { id: cyrillic, kind: 'PERSON', props: { fullName: 'Мария Перес', dateOfBirth: '2012-03-04' } },
            { id: stranger, kind: 'PERSON', props: { fullName: 'Carlos Méndez', dateOfBirth: '1980-01-01' } },
          ],
        },
        meta,
      );
      await s.graph.write(
        { caseId: hiddenCase.id, entities: [{ id: invisible, kind: 'PERSON', props: { fullName: 'Maria Jose Perez Garcia' } }] },
        meta,
      );
      const scope = scopeOf(a.id, b.id);
      const found = await s.graph.duplicateCandidates(maria, scope);
      const ids = found.map((c) => c.record.id);
      expect(ids).toContain(latin);
      expect(ids).toContain(cyrillic);
      expect(ids).not.toContain(stranger);
      expect(ids).not.toContain(invisible);
      expect(found.find((c) => c.record.id === cyrillic)!.keys).toContain('dob:2012-03-04');

      await s.graph.rejectDuplicate(maria, latin, scope, meta);
      expect((await s.graph.duplicateCandidates(maria, scope)).map((c) => c.record.id)).not.toContain(latin);
      // Rejection is symmetric.
      expect((await s.graph.duplicateCandidates(latin, scope)).map((c) => c.record.id)).not.toContain(maria);

      const van = newId('ent');
      const same = newId('ent');
      const tag = newId('x').slice(-6).toUpperCase();
      await s.graph.write(
        { caseId: a.id, entities: [{ id: van, kind: 'VEHICLE', props: { plate: `P-${tag.slice(0, 3)} ${tag.slice(3)}` } }] },
        meta,
      );
      await s.graph.write({ caseId: b.id, entities: [{ id: same, kind: 'VEHICLE', props: { plate: `p${tag.toLowerCase()}` } }] }, meta);
      expect((await s.graph.duplicateCandidates(van, scope)).map((c) => c.record.id)).toEqual([same]);
      // Keys follow updates: a new plate, new candidates.
      await s.graph.updateEntity(same, { plate: 'C-999XYZ' }, scope, meta);
      expect(await s.graph.duplicateCandidates(van, scope)).toEqual([]);
      // An entity outside the scope is not found (nothing confirms it exists).
      await expect(s.graph.duplicateCandidates(invisible, scope)).rejects.toBeInstanceOf(DomainError);
    });

    it("reports a match in a case outside the scope only as the lead agency's name", async () => {
      const mine = await world('Policía Nacional Civil');
      const theirs = await world('Fiscalía Secreta del Norte');
      const myCase = await mine.mkCase('Mi caso');
      const otherVisible = await mine.mkCase('Otro caso mío');
      const secret = await theirs.mkCase('Operación Cóndor TOP SECRET');
      const van = newId('ent');
      const phone = newId('ent');
      const twin = newId('ent');
      // Unique per run: the database is shared with the other contract tests.
      const tag = newId('x').slice(-6).toUpperCase();
      const secretVan = newId('ent');
      await mine.s.graph.write(
        {
          caseId: myCase.id,
          entities: [
            { id: van, kind: 'VEHICLE', props: { plate: `P-${tag}`, color: 'blanco' } },
            { id: phone, kind: 'PHONE', props: { number: `+502 ${Date.now()}` } },
          ],
        },
        mine.meta,
      );
      await mine.s.graph.write(
        { caseId: otherVisible.id, entities: [{ id: twin, kind: 'VEHICLE', props: { plate: `p ${tag.toLowerCase()}` } }] },
        mine.meta,
      );
      await theirs.s.graph.write(
        {
          caseId: secret.id,
          entities: [{ id: secretVan, kind: 'VEHICLE', props: { plate: `P${tag}`, description: 'secret informant vehicle' } }],
          attach: [{ entityId: phone }],
        },
        theirs.meta,
      );

      const out = await mine.s.graph.crossCaseMatches(myCase.id, scopeOf(myCase.id, otherVisible.id));
      expect(out.identifiers.map((m) => [m.entityId, m.other.id])).toEqual([[van, twin]]);
      expect([...out.hidden].sort((x, y) => x.reason.localeCompare(y.reason))).toEqual([
        { entityId: phone, agencyName: 'Fiscalía Secreta del Norte', reason: 'SAME_ENTITY' },
        { entityId: van, agencyName: 'Fiscalía Secreta del Norte', reason: 'SAME_IDENTIFIER' },
      ]);
      const json = JSON.stringify(out);
      for (const leak of [secret.id, secret.reference, secret.title, secretVan, 'secret informant', theirs.agency.id, theirs.user.id])
        expect(json).not.toContain(leak);
      // Someone who may not see the case gets nothing at all.
      expect(out.shared).toEqual([]);
      expect(await mine.s.graph.crossCaseMatches(myCase.id, scopeOf(otherVisible.id))).toEqual({ shared: [], identifiers: [], hidden: [] });
      // Brought into the other visible case, the van is shared with it.
      await mine.s.graph.write({ caseId: otherVisible.id, attach: [{ entityId: van }] }, mine.meta);
      expect((await mine.s.graph.crossCaseMatches(myCase.id, scopeOf(myCase.id, otherVisible.id))).shared).toEqual([
        { entityId: van, otherCaseIds: [otherVisible.id] },
      ]);
    });

    it('finds visible cases within k links through shared entities, nearest first, never hidden ones', async () => {
      const { s, mkCase, meta } = await world();
      const [a, b, c, d, hidden] = [await mkCase('A'), await mkCase('B'), await mkCase('C'), await mkCase('D'), await mkCase('hidden')];
      const [e1, e2, f, g] = [newId('ent'), newId('ent'), newId('ent'), newId('ent')];
      await s.graph.write(
        {
          caseId: a.id,
          entities: [
            { id: e1, kind: 'PERSON', props: { fullName: 'Uno' } },
            { id: e2, kind: 'PERSON', props: { fullName: 'Dos' } },
          ],
          links: [{ id: newId('lnk'), type: 'ASSOCIATE_OF', fromId: e1, toId: e2 }],
        },
        meta,
      );
      await s.graph.write(
        {
          caseId: b.id,
          entities: [{ id: f, kind: 'PERSON', props: { fullName: 'Efe' } }],
          attach: [{ entityId: e1 }],
          links: [{ id: newId('lnk'), type: 'ASSOCIATE_OF', fromId: e1, toId: f }],
        },
        meta,
      );
      await s.graph.write(
        {
          caseId: c.id,
          entities: [{ id: g, kind: 'PERSON', props: { fullName: 'Ge' } }],
          attach: [{ entityId: f }],
          links: [{ id: newId('lnk'), type: 'ASSOCIATE_OF', fromId: f, toId: g }],
        },
        meta,
      );
      await s.graph.write({ caseId: d.id, attach: [{ entityId: g }] }, meta);
      await s.graph.write({ caseId: hidden.id, attach: [{ entityId: e1 }, { entityId: g }] }, meta);
      const scope = scopeOf(a.id, b.id, c.id, d.id);
      expect(await s.graph.nearCases(a.id, 2, scope)).toEqual([
        { caseId: b.id, distance: 0, viaEntityIds: [e1], fromEntityIds: [e1] },
        { caseId: c.id, distance: 1, viaEntityIds: [f], fromEntityIds: [e1] },
        { caseId: d.id, distance: 2, viaEntityIds: [g], fromEntityIds: [e1] },
      ]);
      expect((await s.graph.nearCases(a.id, 1, scope)).map((n) => n.caseId)).toEqual([b.id, c.id]);
      expect(await s.graph.nearCases(a.id, 2, scopeOf(b.id))).toEqual([]);
    });

    it('merges two entities keeping every link (no duplicates) and membership, and an undo restores both cases exactly', async () => {
      const { s, mkCase, meta } = await world();
      const a = await mkCase('A');
      const b = await mkCase('B');
      const [survivor, dup, child, car, sighting] = [newId('ent'), newId('ent'), newId('ent'), newId('ent'), newId('ent')];
      await s.graph.write(
        {
          caseId: a.id,
          entities: [
            { id: survivor, kind: 'PERSON', props: { fullName: 'Juan Carlos López' }, role: 'SUSPECT' },
            {
              id: dup,
              kind: 'PERSON',
              props: { fullName: 'Juan C. Lopez', aliases: ['El Güero'], dateOfBirth: '1985-05-05' },
              role: 'ABDUCTOR',
            },
            { id: child, kind: 'PERSON', props: { fullName: 'Ana Pérez' }, role: 'MISSING_CHILD' },
          ],
          links: [
            { id: newId('lnk'), type: 'ACCOMPANIED_BY', fromId: child, toId: survivor },
            { id: newId('lnk'), type: 'ACCOMPANIED_BY', fromId: child, toId: dup },
            { id: newId('lnk'), type: 'ASSOCIATE_OF', fromId: survivor, toId: dup },
          ],
        },
        meta,
      );
      await s.graph.write(
        {
          caseId: b.id,
          entities: [
            { id: car, kind: 'VEHICLE', props: { plate: 'M-100ABC' } },
            { id: sighting, kind: 'SIGHTING', props: { observedAt: '2026-01-02T10:00:00.000Z' } },
          ],
          attach: [{ entityId: dup, role: 'SUSPECT' }],
          links: [
            { id: newId('lnk'), type: 'DRIVES', fromId: dup, toId: car },
            { id: newId('lnk'), type: 'SIGHTING_OF', fromId: sighting, toId: dup },
          ],
        },
        meta,
      );
      const scope = scopeOf(a.id, b.id);
      const beforeA = sortGraph(await s.graph.caseGraph(a.id, scope));
      const beforeB = sortGraph(await s.graph.caseGraph(b.id, scope));

      const mergeId = newId('mrg');
      const rec = await s.graph.mergeEntities({ id: mergeId, caseId: a.id, survivorId: survivor, mergedId: dup }, scope, meta);
      expect(rec).toMatchObject({ id: mergeId, survivorId: survivor, mergedId: dup, kind: 'PERSON', undoneAt: null });
      expect(rec.snapshot.entity.props).toMatchObject({ fullName: 'Juan C. Lopez', aliases: ['El Güero'], dateOfBirth: '1985-05-05' });
      expect(rec.snapshot.links.map((l) => l.fate).sort()).toEqual(['DROPPED_DUPLICATE', 'DROPPED_SELF', 'REPOINTED', 'REPOINTED']);
      expect(rec.snapshot.addedMemberships).toEqual([b.id]);
      // The merged spelling stays findable: the survivor carries it (and the merged entity's alias) as aliases.
      expect(rec.snapshot.aliasesAdded).toEqual(['Juan C. Lopez', 'El Güero']);
      const [kept] = await s.graph.getEntities([survivor], scope);
      expect(kept!.props.aliases).toEqual(['Juan C. Lopez', 'El Güero']);
      expect((await s.graph.search({ text: 'Güero', caseId: a.id }, scope)).map((e) => e.id)).toContain(survivor);

      const afterA = await s.graph.caseGraph(a.id, scope);
      const afterB = await s.graph.caseGraph(b.id, scope);
      expect(afterA.nodes.map((n) => n.id).sort()).toEqual([survivor, child].sort());
      expect(afterA.edges).toHaveLength(1);
      expect(afterB.nodes.map((n) => n.id).sort()).toEqual([survivor, car, sighting].sort());
      expect(afterB.edges.map((e) => [e.type, e.source, e.target]).sort()).toEqual([
        ['DRIVES', survivor, car],
        ['SIGHTING_OF', sighting, survivor],
      ]);
      expect(afterB.nodes.find((n) => n.id === survivor)!.cases.find((c) => c.caseId === b.id)!.role).toBe('SUSPECT');
      expect(await s.graph.getEntities([dup], scope)).toEqual([]);
      expect((await s.graph.merges(a.id, scope)).map((m) => m.id)).toEqual([mergeId]);

      const undone = await s.graph.undoMerge(mergeId, scope, meta);
      expect(undone.undoneBy).toBe(meta.actorId);
      expect(sortGraph(await s.graph.caseGraph(a.id, scope))).toEqual(beforeA);
      expect(sortGraph(await s.graph.caseGraph(b.id, scope))).toEqual(beforeB);
      await expect(s.graph.undoMerge(mergeId, scope, meta)).rejects.toMatchObject({ code: 'CONFLICT', field: 'id' });
      // The restored entity is found as a candidate again (its keys are back).
      expect((await s.graph.duplicateCandidates(dup, scope)).map((c) => c.record.id)).toContain(survivor);
    });

    it("lists a case's key-sharing pairs once each, not rejected ones; a rejection can be taken back", async () => {
      const { s, mkCase, meta } = await world();
      const a = await mkCase('A');
      const other = await mkCase('other');
      const [p1, p2, p3, elsewhere, van1, van2] = [newId('ent'), newId('ent'), newId('ent'), newId('ent'), newId('ent'), newId('ent')];
      const tag = newId('x').slice(-5).toUpperCase();
      await s.graph.write(
        {
          caseId: a.id,
          entities: [
            { id: p1, kind: 'PERSON', props: { fullName: 'Rosa Elena Quispe', dateOfBirth: '2011-02-03' } },
            { id: p2, kind: 'PERSON', props: { fullName: 'QUISPE, Rosa Elena', dateOfBirth: '2011-02-03' } },
            { id: p3, kind: 'PERSON', props: { fullName: 'Tomás Ferreira' } },
            { id: van1, kind: 'VEHICLE', props: { plate: `Q-${tag}` } },
            { id: van2, kind: 'VEHICLE', props: { plate: `q ${tag.toLowerCase()}` } },
          ],
        },
        meta,
      );
      // Only pairs inside the case: the same name in another case is the per-entity search's business.
      await s.graph.write(
        { caseId: other.id, entities: [{ id: elsewhere, kind: 'PERSON', props: { fullName: 'Rosa Elena Quispe' } }] },
        meta,
      );
      const scope = scopeOf(a.id, other.id);
      const pairs = await s.graph.caseDuplicatePairs(a.id, scope);
      const ids = pairs.map((p) => [p.a.id, p.b.id]);
      const ordered = (x: string, y: string) => (x < y ? [x, y] : [y, x]);
      expect(ids).toHaveLength(2);
      expect(ids).toContainEqual(ordered(p1, p2));
      expect(ids).toContainEqual(ordered(van1, van2));
      // Most shared keys first: the two Rosas share name pairs and the birth date.
      expect(pairs[0]!.keys.length).toBeGreaterThan(pairs[1]!.keys.length);
      expect(pairs[0]!.keys).toContain('dob:2011-02-03');
      expect(await s.graph.caseDuplicatePairs(a.id, scopeOf(other.id))).toEqual([]);

      await s.graph.rejectDuplicate(p2, p1, scope, meta);
      expect((await s.graph.caseDuplicatePairs(a.id, scope)).map((p) => [p.a.id, p.b.id])).toEqual([ordered(van1, van2)]);
      const rejected = await s.graph.rejectedPairs(a.id, scope);
      expect(rejected).toEqual([
        { aId: ordered(p1, p2)[0], bId: ordered(p1, p2)[1], rejectedBy: meta.actorId, rejectedAt: expect.any(String) },
      ]);
      expect(await s.graph.rejectedPairs(a.id, scopeOf(other.id))).toEqual([]);
      await expect(s.graph.unrejectDuplicate(p1, elsewhere, scopeOf(a.id), meta)).rejects.toMatchObject({
        code: 'NOT_FOUND',
        field: 'otherId',
      });

      expect(await s.graph.unrejectDuplicate(p1, p2, scope, meta)).toBe(true);
      expect(await s.graph.unrejectDuplicate(p1, p2, scope, meta)).toBe(false);
      expect(await s.graph.rejectedPairs(a.id, scope)).toEqual([]);
      expect((await s.graph.caseDuplicatePairs(a.id, scope)).map((p) => [p.a.id, p.b.id])).toContainEqual(ordered(p1, p2));
      expect((await s.graph.duplicateCandidates(p1, scope)).map((c) => c.record.id)).toContain(p2);
    });

    it('refuses a merge touching a case outside the scope, or of different kinds, and changes nothing', async () => {
      const { s, mkCase, meta } = await world();
      const a = await mkCase('A');
      const hidden = await mkCase('hidden');
      const [p1, p2, van] = [newId('ent'), newId('ent'), newId('ent')];
      await s.graph.write(
        {
          caseId: a.id,
          entities: [
            { id: p1, kind: 'PERSON', props: { fullName: 'Pedro Ruiz' } },
            { id: p2, kind: 'PERSON', props: { fullName: 'Pedro Ruíz' } },
            { id: van, kind: 'VEHICLE', props: { plate: 'A-1' } },
          ],
        },
        meta,
      );
      await s.graph.write({ caseId: hidden.id, attach: [{ entityId: p2 }] }, meta);
      const scope = scopeOf(a.id);
      const before = sortGraph(await s.graph.caseGraph(a.id, scope));
      await expect(
        s.graph.mergeEntities({ id: newId('mrg'), caseId: a.id, survivorId: p1, mergedId: p2 }, scope, meta),
      ).rejects.toMatchObject({ code: 'FORBIDDEN', field: 'mergedId' });
      await expect(
        s.graph.mergeEntities({ id: newId('mrg'), caseId: a.id, survivorId: p1, mergedId: van }, scope, meta),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'mergedId' });
      await expect(
        s.graph.mergeEntities({ id: newId('mrg'), caseId: a.id, survivorId: p1, mergedId: p1 }, scope, meta),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'mergedId' });
      expect(sortGraph(await s.graph.caseGraph(a.id, scope))).toEqual(before);
      expect(await s.graph.merges(a.id, scope)).toEqual([]);
    });
  });
}
