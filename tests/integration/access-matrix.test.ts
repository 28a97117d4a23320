import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { createClient } from 'graphql-ws';
import type { Role } from '@homeward/domain';
import { gql, login, startServer, type RunningServer } from './harness';

/**
 * Users × cases × operations, generated: every read of a case the user is not
 * a member of returns nothing of it (no id of its entities, not its id), and
 * every write they may not make is refused and changes nothing. Who may make
 * which write is stated here literally (the role table of docs/security.md), not taken from
 * the server's own policy, so a wrong role table in the server fails this test.
 */
const USERS: Record<string, Role> = {
  'admin@demo.local': 'ADMIN',
  'investigator.gt@demo.local': 'INVESTIGATOR',
  'supervisor.gt@demo.local': 'SUPERVISOR',
  'investigator.mx@demo.local': 'INVESTIGATOR',
  'analyst.mx@demo.local': 'ANALYST',
  'ngo.es@demo.local': 'INVESTIGATOR',
};
// Who the demo seed makes a member of which case (apps/api/src/modules/demo/demo-seed.ts: never ngo.es).
const MEMBERS: Record<string, string[]> = {
  'GT-2026-0001': ['investigator.gt', 'supervisor.gt', 'investigator.mx', 'analyst.mx'],
  'MX-2026-0001': ['investigator.mx', 'analyst.mx', 'investigator.gt'],
  'GT-2026-0002': ['investigator.gt', 'supervisor.gt'],
  'MX-2026-0002': ['investigator.mx', 'analyst.mx'],
  'GT-2026-0003': ['supervisor.gt', 'investigator.gt', 'investigator.mx'],
};

let server: RunningServer;
const token: Record<string, string> = {};
const cases: Record<string, { id: string; entities: string[]; person: string; other: string; otherKind: string; member: string }> = {};

beforeAll(async () => {
  server = await startServer();
  for (const email of Object.keys(USERS)) token[email] = await login(server.url, email);
  for (const [ref, members] of Object.entries(MEMBERS)) {
    const member = `${members[0]}@demo.local`;
    const list = await gql(server.url, '{ cases { id reference } }', {}, token[member]);
    const id = list.data!.cases.find((c: { reference: string }) => c.reference === ref).id;
    const g = await gql(server.url, 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id kind } } }', { c: id }, token[member]);
    const nodes = g.data!.caseGraph.nodes as Array<{ id: string; kind: string }>;
    const people = nodes.filter((n) => n.kind === 'PERSON');
    const other = (people[1] ?? nodes.find((n) => n.kind in LINK_TO))!;
    cases[ref] = { id, entities: nodes.map((n) => n.id), person: people[0].id, other: other.id, otherKind: other.kind, member };
  }
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const isMember = (email: string, ref: string) => MEMBERS[ref].includes(email.replace('@demo.local', ''));

/** Ids the user must never see: entities and ids of cases they are not in, minus what their own cases hold. */
function secrets(email: string): string[] {
  const visible = new Set(
    Object.keys(MEMBERS)
      .filter((r) => isMember(email, r))
      .flatMap((r) => cases[r].entities),
  );
  return Object.keys(MEMBERS)
    .filter((r) => !isMember(email, r))
    .flatMap((r) => [cases[r].id, ...cases[r].entities.filter((e) => !visible.has(e))]);
}

const READERS: Role[] = ['INVESTIGATOR', 'ANALYST', 'SUPERVISOR', 'ADMIN'];
const EDITORS: Role[] = ['INVESTIGATOR', 'SUPERVISOR'];
const LINKERS: Role[] = ['INVESTIGATOR', 'ANALYST', 'SUPERVISOR'];
/** `roles`: the roles that may, as members of the case (docs/security.md, "Roles"). */
/** A link a person may have to an entity of each kind (the link probe must be one the server can make). */
const LINK_TO: Record<string, string> = {
  PERSON: 'SEEN_WITH',
  VEHICLE: 'USES',
  PHONE: 'USES',
  ONLINE_ACCOUNT: 'USES',
  LOCATION: 'LIVES_AT',
};
/** What earlier operations of the same user made (addPerson's new id): the link probe joins the case's person to it. */
type Made = Partial<Record<string, string>>;
type Op = {
  name: string;
  roles: Role[];
  query: string;
  vars: (c: (typeof cases)[string], made: Made) => Record<string, unknown>;
  write?: boolean;
};
const OPS: Op[] = [
  { name: 'case', roles: READERS, query: 'query($c:ID!){ case(id:$c){ id title members { email } } }', vars: (c) => ({ c: c.id }) },
  {
    name: 'caseGraph',
    roles: READERS,
    query: 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id caseIds } edges { id source target } } }',
    vars: (c) => ({ c: c.id }),
  },
  { name: 'caseTimeline', roles: READERS, query: 'query($c:ID!){ caseTimeline(caseId:$c){ id entityIds } }', vars: (c) => ({ c: c.id }) },
  {
    name: 'search in case',
    roles: READERS,
    query: 'query($c:ID!){ search(text:"a", caseId:$c){ id caseIds } }',
    vars: (c) => ({ c: c.id }),
  },
  {
    name: 'neighborhood',
    roles: READERS,
    query: 'query($i:ID!){ neighborhood(ids:[$i], depth:3){ nodes { id caseIds } edges { id caseId } } }',
    vars: (c) => ({ i: c.person }),
  },
  {
    name: 'shortestPath',
    roles: LINKERS,
    query: 'query($a:ID!,$b:ID!){ shortestPath(fromId:$a, toId:$b){ nodes { id } edges { id } } }',
    vars: (c) => ({ a: c.person, b: c.other }),
  },
  { name: 'entity', roles: READERS, query: 'query($i:ID!){ entity(id:$i){ id caseIds props } }', vars: (c) => ({ i: c.person }) },
  { name: 'signOffs', roles: READERS, query: 'query($c:ID!){ signOffs(caseId:$c, document: TIMELINE){ id } }', vars: (c) => ({ c: c.id }) },
  {
    name: 'changesSinceSignOff',
    roles: READERS,
    query: 'query($c:ID!){ changesSinceSignOff(caseId:$c){ eventId } }',
    vars: (c) => ({ c: c.id }),
  },
  {
    name: 'addPerson',
    roles: EDITORS,
    write: true,
    query: 'mutation($c:ID!){ addPerson(caseId:$c, input:{fullName:"Matrix probe", role: OTHER}){ id } }',
    vars: (c) => ({ c: c.id }),
  },
  // Two different entities, new to each other for every user allowed: their own probe person, else the case's other entity.
  {
    name: 'linkEntities',
    roles: LINKERS,
    write: true,
    query: 'mutation($c:ID!,$a:ID!,$b:ID!,$t:LinkType!){ linkEntities(caseId:$c, input:{fromId:$a,toId:$b,type:$t}){ id } }',
    vars: (c, made) => ({ c: c.id, a: c.person, b: made.addPerson ?? c.other, t: made.addPerson ? 'SEEN_WITH' : LINK_TO[c.otherKind] }),
  },
  {
    name: 'updateEntity',
    roles: EDITORS,
    write: true,
    query: 'mutation($c:ID!,$i:ID!){ updateEntity(caseId:$c, id:$i, props:{description:"matrix"}){ id } }',
    vars: (c) => ({ c: c.id, i: c.person }),
  },
  {
    name: 'updateCase',
    roles: EDITORS,
    write: true,
    query: 'mutation($c:ID!){ updateCase(id:$c, input:{riskLevel: CRITICAL}){ id } }',
    vars: (c) => ({ c: c.id }),
  },
  {
    name: 'signOff',
    roles: ['SUPERVISOR'],
    write: true,
    query: 'mutation($c:ID!){ signOff(caseId:$c, document: NOTES){ id } }',
    vars: (c) => ({ c: c.id }),
  },
];

async function snapshot(ref: string) {
  const c = cases[ref];
  const r = await gql(
    server.url,
    'query($c:ID!){ case(id:$c){ riskLevel } caseGraph(caseId:$c){ nodes { id props } edges { id } } signOffs(caseId:$c, document: NOTES){ id } }',
    { c: c.id },
    token[c.member],
  );
  return JSON.stringify(r.data);
}

describe('need-to-know matrix: users × cases × operations', () => {
  for (const email of Object.keys(USERS)) {
    for (const ref of Object.keys(MEMBERS)) {
      it(`${email} on ${ref}`, async () => {
        const c = cases[ref];
        const member = isMember(email, ref);
        const hidden = secrets(email);
        const made: Made = {};
        for (const op of OPS) {
          const before = op.write && !(member && op.roles.includes(USERS[email])) ? await snapshot(ref) : null;
          const vars = op.vars(c, made);
          const r = await gql(server.url, op.query, vars, token[email]);
          if (op.name === 'addPerson') made.addPerson = r.data?.addPerson?.id;
          const body = JSON.stringify(r);
          // An error may echo the id the caller sent; anything else of the case is a leak.
          const sent = new Set(Object.values(vars));
          for (const id of hidden) if (!sent.has(id)) expect(body, `${op.name} leaked ${id}`).not.toContain(id);
          if (!member) {
            // Nothing of the case: an error, null or empty, never its data.
            const data = r.data ? Object.values(r.data)[0] : null;
            expect(
              data === null ||
                (Array.isArray(data) && data.length === 0) ||
                (typeof data === 'object' && data !== null && Object.values(data).every((v) => Array.isArray(v) && v.length === 0)),
              `${op.name}: ${body}`,
            ).toBe(true);
          }
          if (op.write) {
            const allowed = member && op.roles.includes(USERS[email]);
            if (allowed) expect(r.errors, `${op.name} should be allowed: ${body}`).toBeUndefined();
            if (!allowed) {
              expect(['FORBIDDEN', 'NOT_FOUND'], `${op.name}: ${body}`).toContain(r.errors?.[0].extensions?.code);
              expect(await snapshot(ref), `${op.name} changed the case`).toBe(before);
            }
          }
        }
      });
    }
  }

  it('subscriptions and collaboration rooms admit members only', async () => {
    const ws = server.url.replace('http', 'ws');
    for (const email of Object.keys(USERS)) {
      for (const ref of Object.keys(MEMBERS)) {
        const member = isMember(email, ref);
        const client = createClient({
          url: `${ws}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${token[email]}` },
          retryAttempts: 0,
        });
        const outcome = await new Promise<string>((resolve) => {
          const stop = client.subscribe(
            { query: 'subscription($c:ID!){ graphChanged(caseId:$c){ caseId } }', variables: { c: cases[ref].id } },
            { next: (v) => resolve(v.errors ? 'error' : 'data'), error: () => resolve('error'), complete: () => resolve('complete') },
          );
          setTimeout(() => {
            stop();
            resolve('open');
          }, 250);
        });
        await client.dispose();
        expect(outcome, `${email} graphChanged ${ref}`).toBe(member ? 'open' : 'error');

        const doc = new Y.Doc();
        const p = new WebsocketProvider(`${ws}/collab`, `cases/${cases[ref].id}/notes`, doc, {
          WebSocketPolyfill: WebSocket as never,
          params: { token: token[email] },
          disableBc: true,
        });
        const result = await new Promise<string>((resolve) => {
          p.on('sync', (s: boolean) => s && resolve('synced'));
          p.on('connection-close', (e: CloseEvent | null) => resolve(String(e?.code)));
        });
        p.destroy();
        // Members whose role may not edit documents are admitted read-only (covered in realtime.test.ts).
        expect(result, `${email} notes ${ref}`).toBe(member && READERS.includes(USERS[email]) ? 'synced' : '4403');
      }
    }
  }, 120_000);
});
