import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '@homeward/domain';
import { openEmbeddedStores } from './index';

const dir = mkdtempSync(join(tmpdir(), 'homeward-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cached case graphs', () => {
  it('apply each reader’s scope, and see writes made here and by another connection', async () => {
    const a = openEmbeddedStores(dir);
    const b = openEmbeddedStores(dir);
    const agency = await a.accounts.createAgency({ id: newId('agy'), name: 'A', country: 'GT', kind: 'NGO' });
    const user = await a.accounts.createUser({
      id: newId('usr'),
      email: 'c@d.ef',
      displayName: 'U',
      role: 'INVESTIGATOR',
      agencyId: agency.id,
      passwordHash: 'x',
    });
    const mk = (title: string) =>
      a.cases.createCase({
        id: newId('case'),
        reference: newId('r'),
        title,
        category: 'UNKNOWN',
        status: 'OPEN',
        riskLevel: 'LOW',
        country: 'GT',
        reportedAt: new Date().toISOString(),
        lastSeenAt: null,
        leadAgencyId: agency.id,
        createdBy: user.id,
      });
    const gt = await mk('gt');
    const mx = await mk('mx');
    const meta = { actorId: user.id };
    const van = newId('ent');
    await a.graph.write({ caseId: gt.id, entities: [{ id: van, kind: 'VEHICLE', props: { plate: 'C-1' } }] }, meta);
    await a.graph.write({ caseId: mx.id, attach: [{ entityId: van }] }, meta);

    const both = await a.graph.caseGraph(gt.id, { caseIds: new Set([gt.id, mx.id]) });
    expect(both.nodes[0].cases.map((c) => c.caseId).sort()).toEqual([gt.id, mx.id].sort());
    const onlyGt = await a.graph.caseGraph(gt.id, { caseIds: new Set([gt.id]) });
    expect(onlyGt.nodes[0].cases).toEqual([{ caseId: gt.id, role: null }]);

    // A write through this store.
    const p = newId('ent');
    await a.graph.write({ caseId: gt.id, entities: [{ id: p, kind: 'PERSON', props: { fullName: 'Here' } }] }, meta);
    expect((await a.graph.caseGraph(gt.id, { caseIds: new Set([gt.id]) })).nodes.map((n) => n.id)).toContain(p);

    // A write by another connection (the importer, another process).
    const q = newId('ent');
    await b.graph.write({ caseId: gt.id, entities: [{ id: q, kind: 'PERSON', props: { fullName: 'Elsewhere' } }] }, meta);
    expect((await a.graph.caseGraph(gt.id, { caseIds: new Set([gt.id]) })).nodes.map((n) => n.id)).toContain(q);
    await b.graph.updateEntity(q, { fullName: 'Renamed elsewhere' }, { caseIds: new Set([gt.id]) }, meta);
    expect((await a.graph.caseGraph(gt.id, { caseIds: new Set([gt.id]) })).nodes.find((n) => n.id === q)?.label).toBe('Renamed elsewhere');
    await a.close();
    await b.close();
  });
});
