// Prefetching a case's queries in one request (lib/prefetch.ts) and gql() taking those answers
// (lib/graphql.ts): the merged document, the answers split back per query, taken once, per session.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gql, type Operation } from './graphql.js';
import { rememberAnswer } from './offline.js';
import { ahead, mergeQueries, prefetchQueries } from './prefetch.js';

// What gql() keeps for offline use (IndexedDB in the browser), recorded here.
vi.mock('./offline.js', async (original) => ({ ...(await original<object>()), rememberAnswer: vi.fn(async () => {}) }));

const CASE = 'query Case($id:ID!){case(id:$id){id title members{id}}}' as Operation<{ case: { id: string } }, { id: string }>;
const GRAPH = 'query CaseGraph($caseId:ID!){caseGraph(caseId:$caseId){nodes{id}edges{id}}}' as Operation<
  { caseGraph: { nodes: { id: string }[] } },
  { caseId: string }
>;

describe('mergeQueries', () => {
  it('puts the selections side by side with each query’s variables renamed apart', () => {
    const m = mergeQueries([ahead(CASE, { id: 'c1' }), ahead(GRAPH, { caseId: 'c1' })]);
    expect(m).not.toBeNull();
    expect(m!.query).toBe(
      'query Prefetch($q0_id:ID!,$q1_caseId:ID!){case(id:$q0_id){id title members{id}} caseGraph(caseId:$q1_caseId){nodes{id}edges{id}}}',
    );
    expect(m!.variables).toEqual({ q0_id: 'c1', q1_caseId: 'c1' });
    expect(m!.keys).toEqual([['case'], ['caseGraph']]);
  });

  it('keys an aliased field by its alias and refuses what it cannot merge', () => {
    const aliased = 'query A{first:case(id:"x"){id} me{id}}' as Operation<unknown, Record<string, never>>;
    expect(mergeQueries([ahead(aliased, {})])!.keys).toEqual([['first', 'me']]);
    // The same response key twice, a top-level fragment spread, a mutation.
    expect(mergeQueries([ahead(CASE, { id: 'a' }), ahead(CASE, { id: 'b' })])).toBeNull();
    const spread = 'query B{...F} fragment F on Query{me{id}}' as Operation<unknown, Record<string, never>>;
    expect(mergeQueries([ahead(spread, {})])).toBeNull();
    const mutation = 'mutation M{logout}' as Operation<unknown, Record<string, never>>;
    expect(mergeQueries([ahead(mutation, {})])).toBeNull();
  });
});

describe('prefetchQueries and gql', () => {
  const bodies: { query: string; variables: Record<string, unknown> }[] = [];
  let token = 'token-a';
  beforeEach(() => {
    bodies.length = 0;
    vi.mocked(rememberAnswer).mockClear();
    vi.stubGlobal('sessionStorage', {
      getItem: () => JSON.stringify({ token, user: { id: `user-of-${token}` } }),
      setItem: () => {},
      removeItem: () => {},
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: { body: string }) => {
        const body = JSON.parse(init.body) as { query: string; variables: Record<string, unknown> };
        bodies.push(body);
        const data: Record<string, unknown> = {};
        if (body.query.includes('case(')) data['case'] = { id: String(body.variables['q0_id'] ?? body.variables['id']), title: 't' };
        if (body.query.includes('caseGraph(')) data['caseGraph'] = { nodes: [{ id: 'n1' }], edges: [] };
        return { status: 200, json: async () => ({ data }) };
      }),
    );
  });
  afterEach(() => vi.unstubAllGlobals());

  it('sends one request for both, and each later gql() takes its part of the answer once', async () => {
    prefetchQueries([ahead(CASE, { id: 'c1' }), ahead(GRAPH, { caseId: 'c1' })]);
    // Hovering again while the answer is fresh asks nothing more.
    prefetchQueries([ahead(CASE, { id: 'c1' }), ahead(GRAPH, { caseId: 'c1' })]);
    expect(bodies).toHaveLength(1);
    const [c, g] = await Promise.all([gql(CASE, { id: 'c1' }), gql(GRAPH, { caseId: 'c1' })]);
    expect(c).toEqual({ case: { id: 'c1', title: 't' } });
    expect(g).toEqual({ caseGraph: { nodes: [{ id: 'n1' }], edges: [] } });
    expect(bodies).toHaveLength(1);
    // Each answer taken is kept for offline use as the view's own query, not as the merged one.
    // (The merged request passes through gql() too; offline.ts keeps only the operations views register.)
    const remembered = vi.mocked(rememberAnswer).mock.calls.filter((c) => c[1] === CASE || c[1] === GRAPH);
    expect(remembered.map((c) => [c[0], c[1], c[2]])).toEqual([
      ['user-of-token-a', CASE, { id: 'c1' }],
      ['user-of-token-a', GRAPH, { caseId: 'c1' }],
    ]);
    expect(remembered[1]![3]).toEqual({ caseGraph: { nodes: [{ id: 'n1' }], edges: [] } });
    // Taken once: the next ask goes to the server.
    await gql(CASE, { id: 'c1' });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]!.query).toBe(CASE);
  });

  it('does not hand one session’s prefetched answer to another session', async () => {
    prefetchQueries([ahead(CASE, { id: 'c2' }), ahead(GRAPH, { caseId: 'c2' })]);
    token = 'token-b';
    await gql(CASE, { id: 'c2' });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]!.query).toBe(CASE);
    token = 'token-a';
  });
});
