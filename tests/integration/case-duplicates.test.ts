import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, login, startServer, type RunningServer } from './harness';

/**
 * "Find duplicates in this case" on the built server (issue 16): every candidate pair of a case, best first, with
 * need-to-know; a merge keeps the merged spelling as an alias of the survivor (taken off by an undo); "not the same"
 * can be taken back. Each call is in the audit trail.
 */
let server: RunningServer;
const token: Record<string, string> = {};
const user: Record<string, { id: string }> = {};
const RUN = Date.now().toString(36).slice(-5).toUpperCase();

type Gql = Awaited<ReturnType<typeof gql<Record<string, any>>>>;
const ok = (r: Gql) => {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
};
const as = (who: string, query: string, variables: Record<string, unknown> = {}) => gql(server.url, query, variables, token[who]);

const addPerson = async (caseId: string, fullName: string, dateOfBirth?: string) =>
  ok(
    await as('investigator.gt', 'mutation($c:ID!,$i:PersonInput!){ addPerson(caseId:$c, input:$i){ id } }', {
      c: caseId,
      i: { fullName, role: 'SUSPECT', ...(dateOfBirth ? { dateOfBirth } : {}) },
    }),
  ).addPerson.id as string;
const addVehicle = async (caseId: string, plate: string) =>
  ok(await as('investigator.gt', 'mutation($c:ID!,$i:VehicleInput!){ addVehicle(caseId:$c, input:$i){ id } }', { c: caseId, i: { plate } }))
    .addVehicle.id as string;

const PAIRS = 'query($c:ID!){ caseDuplicates(caseId:$c){ a { id label } b { id label } score reasons } }';
const REJECTED = 'query($c:ID!){ rejectedDuplicates(caseId:$c){ a { id } b { id } rejectedAt rejectedByUser { displayName } } }';
const REJECT = 'mutation($c:ID!,$a:ID!,$b:ID!){ rejectDuplicate(caseId:$c, entityId:$a, otherId:$b) }';
const UNREJECT = 'mutation($c:ID!,$a:ID!,$b:ID!){ undoRejectDuplicate(caseId:$c, entityId:$a, otherId:$b) }';
const pairIds = (pairs: Array<{ a: { id: string }; b: { id: string } }>) => pairs.map((p) => [p.a.id, p.b.id].sort().join('+'));
const pairOf = (x: string, y: string) => [x, y].sort().join('+');

beforeAll(async () => {
  // Seeding the demo into an emptied Neo4j takes a while on a busy machine.
  server = await startServer({ startTimeoutMs: 120_000 });
  for (const who of ['investigator.gt', 'supervisor.gt', 'analyst.mx', 'investigator.mx']) {
    token[who] = await login(server.url, `${who}@demo.local`);
    user[who] = { id: ok(await as(who, '{ me { id } }')).me.id };
  }
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

describe('find duplicates in this case', () => {
  it('lists every candidate pair of the case best first; only members see them, only investigators and supervisors act', async () => {
    const c = ok(
      await as(
        'investigator.gt',
        'mutation($t:String!){ createCase(input:{ title:$t, category: NON_FAMILY_ABDUCTION, riskLevel: HIGH, country:"gt" }) { id } }',
        { t: `Duplicados ${RUN}` },
      ),
    ).createCase.id as string;
    const maria = await addPerson(c, `María José Pérez ${RUN}`, '2011-02-03');
    const mariaAgain = await addPerson(c, `PEREZ, Maria Jose ${RUN}`, '2011-02-03');
    const mariaOther = await addPerson(c, `Maria Jose Perez ${RUN}`, '1990-01-01');
    const van1 = await addVehicle(c, `Q-${RUN}1`);
    const van2 = await addVehicle(c, `q ${RUN.toLowerCase()} 1`);
    await addPerson(c, `Tomás Ferreira ${RUN}`);

    const pairs = ok(await as('investigator.gt', PAIRS, { c })).caseDuplicates;
    const ids = pairIds(pairs);
    expect(ids).toContain(pairOf(maria, mariaAgain));
    expect(ids).toContain(pairOf(van1, van2));
    // Best first: the scores never rise down the list, and the same name and birth date beat a different birth date.
    const scores = pairs.map((p: { score: number }) => p.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    expect(pairs.find((p: { a: { id: string }; b: { id: string } }) => pairIds([p])[0] === pairOf(maria, mariaAgain)).reasons).toContain(
      'SAME_DATE_OF_BIRTH',
    );
    const weak = ids.indexOf(pairOf(maria, mariaOther));
    if (weak >= 0) expect(weak).toBeGreaterThan(ids.indexOf(pairOf(maria, mariaAgain)));

    // Need-to-know: not a member, not a word.
    const outsider = await as('investigator.mx', PAIRS, { c });
    expect(outsider.errors![0].extensions!.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect(JSON.stringify(outsider.data ?? {})).not.toContain('Maria');
    ok(
      await as('investigator.gt', 'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', {
        c,
        u: user['supervisor.gt'].id,
      }),
    );
    // An analyst member may look, not say "not the same" nor take it back.
    ok(
      await as('investigator.gt', 'mutation($c:ID!,$u:ID!){ addCaseMember(caseId:$c, userId:$u){ id } }', { c, u: user['analyst.mx'].id }),
    );
    expect(pairIds(ok(await as('analyst.mx', PAIRS, { c })).caseDuplicates)).toEqual(ids);
    expect((await as('analyst.mx', REJECT, { c, a: van1, b: van2 })).errors![0].extensions!.code).toBe('FORBIDDEN');

    // "Not the same", then taken back.
    ok(await as('investigator.gt', REJECT, { c, a: van2, b: van1 }));
    expect(pairIds(ok(await as('investigator.gt', PAIRS, { c })).caseDuplicates)).not.toContain(pairOf(van1, van2));
    const rejected = ok(await as('analyst.mx', REJECTED, { c })).rejectedDuplicates;
    expect(pairIds(rejected)).toEqual([pairOf(van1, van2)]);
    expect(rejected[0].rejectedByUser.displayName).toBeTruthy();
    expect((await as('analyst.mx', UNREJECT, { c, a: van1, b: van2 })).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await as('investigator.mx', REJECTED, { c })).errors![0].extensions!.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    ok(await as('investigator.gt', UNREJECT, { c, a: van1, b: van2 }));
    expect(ok(await as('investigator.gt', REJECTED, { c })).rejectedDuplicates).toEqual([]);
    expect(pairIds(ok(await as('investigator.gt', PAIRS, { c })).caseDuplicates)).toContain(pairOf(van1, van2));
    // Taking back what was never said names the field.
    const again = await as('investigator.gt', UNREJECT, { c, a: van1, b: van2 });
    expect(again.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'otherId' });

    // A merge keeps the merged spelling as an alias of the survivor; an undo takes it off.
    const merged = ok(
      await as(
        'investigator.gt',
        'mutation($c:ID!,$s:ID!,$m:ID!){ mergeEntities(caseId:$c, survivorId:$s, mergedId:$m){ id aliasesAdded } }',
        { c, s: maria, m: mariaAgain },
      ),
    ).mergeEntities;
    expect(merged.aliasesAdded).toEqual([`PEREZ, Maria Jose ${RUN}`]);
    const props = async () =>
      ok(await as('investigator.gt', 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id props } } }', { c })).caseGraph.nodes.find(
        (n: { id: string }) => n.id === maria,
      ).props;
    expect((await props()).aliases).toEqual([`PEREZ, Maria Jose ${RUN}`]);
    const search = ok(
      await as('investigator.gt', 'query($c:ID!,$t:String!){ search(caseId:$c, text:$t){ id } }', { c, t: `PEREZ Maria ${RUN}` }),
    );
    expect(search.search.map((e: { id: string }) => e.id)).toContain(maria);
    ok(await as('investigator.gt', 'mutation($c:ID!,$id:ID!){ undoMerge(caseId:$c, id:$id){ id } }', { c, id: merged.id }));
    expect((await props()).aliases).toBeUndefined();

    const audit = ok(await as('supervisor.gt', 'query($c:ID!){ auditRecords(caseId:$c, limit: 500){ action outcome details } }', { c }))
      .auditRecords as Array<{ action: string; outcome: string; details: Record<string, unknown> }>;
    expect(audit.some((x) => x.action === 'query.caseDuplicates' && x.outcome === 'success')).toBe(true);
    expect(audit.some((x) => x.action === 'query.caseDuplicates' && x.outcome !== 'success')).toBe(true);
    expect(audit.find((x) => x.action === 'mutation.undoRejectDuplicate' && x.outcome === 'success')?.details).toMatchObject({
      caseId: c,
      entityId: van1,
      otherId: van2,
    });
    expect(audit.some((x) => x.action === 'mutation.undoRejectDuplicate' && x.outcome !== 'success')).toBe(true);
  });
});
