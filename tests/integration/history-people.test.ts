import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, login, startServer, type RunningServer } from './harness';

/** Issue #16: the merge history and the risk-assessment history say who acted, by name and agency. */
let server: RunningServer;
const token: Record<string, string> = {};
let ana: string;
const WHO = 'displayName agency { name }';

beforeAll(async () => {
  // Seeding an emptied Neo4j took 24 s on the shared 2-core machine: more than the default 30 s allows under load.
  server = await startServer({ startTimeoutMs: 120_000 });
  for (const who of ['investigator.gt', 'supervisor.gt']) token[who] = await login(server.url, `${who}@demo.local`);
  const list = await gql(server.url, '{ cases { id reference } }', {}, token['supervisor.gt']);
  ana = list.data!.cases.find((c: { reference: string }) => c.reference === 'GT-2026-0001').id;
}, 150_000);
afterAll(async () => {
  await server?.stop();
});

describe('who acted, in the histories', () => {
  it('a merge names who made it and who undid it', async () => {
    const add = 'mutation($c:ID!,$p:JSONObject!){ addEntity(caseId:$c,kind:PERSON,props:$p){ id } }';
    const a = (await gql(server.url, add, { c: ana, p: { fullName: 'Trust Duplicate' } }, token['investigator.gt'])).data!.addEntity.id;
    const b = (await gql(server.url, add, { c: ana, p: { fullName: 'Trust Duplicate' } }, token['investigator.gt'])).data!.addEntity.id;
    const m = await gql(
      server.url,
      `mutation($c:ID!,$s:ID!,$m:ID!){ mergeEntities(caseId:$c,survivorId:$s,mergedId:$m){ id mergedByUser { ${WHO} } undoneByUser { ${WHO} } } }`,
      { c: ana, s: a, m: b },
      token['investigator.gt'],
    );
    expect(m.errors).toBeUndefined();
    expect(m.data!.mergeEntities).toMatchObject({
      mergedByUser: { displayName: 'Lucía Morales (PNC, GT)', agency: { name: 'Policía Nacional Civil — Unidad de Niñez' } },
      undoneByUser: null,
    });
    const undo = await gql(
      server.url,
      'mutation($c:ID!,$id:ID!){ undoMerge(caseId:$c,id:$id){ id } }',
      { c: ana, id: m.data!.mergeEntities.id },
      token['supervisor.gt'],
    );
    expect(undo.errors).toBeUndefined();
    const list = await gql(
      server.url,
      `query($c:ID!){ merges(caseId:$c){ id mergedByUser { ${WHO} } undoneByUser { ${WHO} } } }`,
      { c: ana },
      token['supervisor.gt'],
    );
    expect(list.data!.merges.find((x: { id: string }) => x.id === m.data!.mergeEntities.id)).toMatchObject({
      mergedByUser: { displayName: 'Lucía Morales (PNC, GT)' },
      undoneByUser: { displayName: 'Comisario Óscar Barrios (PNC, GT)', agency: { name: 'Policía Nacional Civil — Unidad de Niñez' } },
    });
  });

  it('a risk assessment names who confirmed it', async () => {
    const factors = { ageYears: 12, onlineGrooming: true, suspectedAbductor: true, hoursMissing: 30 };
    const prop = await gql(
      server.url,
      'query($c:ID!,$f:RiskFactorsInput!){ proposeRisk(caseId:$c,factors:$f){ level } }',
      { c: ana, f: factors },
      token['supervisor.gt'],
    );
    const ok = await gql(
      server.url,
      'mutation($c:ID!,$f:RiskFactorsInput!,$l:RiskLevel!){ confirmRiskAssessment(caseId:$c,factors:$f,level:$l){ id } }',
      { c: ana, f: factors, l: prop.data!.proposeRisk.level },
      token['supervisor.gt'],
    );
    expect(ok.errors).toBeUndefined();
    const h = await gql(
      server.url,
      `query($c:ID!){ riskAssessments(caseId:$c){ id assessedByUser { ${WHO} } } }`,
      { c: ana },
      token['investigator.gt'],
    );
    expect(h.data!.riskAssessments.find((r: { id: string }) => r.id === ok.data!.confirmRiskAssessment.id)).toMatchObject({
      assessedByUser: { displayName: 'Comisario Óscar Barrios (PNC, GT)', agency: { name: 'Policía Nacional Civil — Unidad de Niñez' } },
    });
  });
});
