import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { gql, login, startServer, type RunningServer } from './harness';

/**
 * The demo workspace seeds each case's notes and timeline through the document store (issue 18), so the
 * collaboration room and the timeline query both serve them from the first start, on either store.
 */
let server: RunningServer;
let token: string;
let anaCase: string;
let names: Map<string, string>;

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 110_000 });
  token = await login(server.url, 'investigator.gt@demo.local');
  const r = await gql(server.url, '{ cases { id reference } }', {}, token);
  anaCase = (r.data!.cases as Array<{ id: string; reference: string }>).find((c) => c.reference === 'GT-2026-0001')!.id;
  const g = await gql(server.url, 'query($c:ID!){ caseGraph(caseId:$c){ nodes { id label } } }', { c: anaCase }, token);
  names = new Map((g.data!.caseGraph.nodes as Array<{ id: string; label: string }>).map((n) => [n.id, n.label]));
  // Seeding an emptied Neo4j on a busy machine takes a while.
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('demo notes and timeline', () => {
  it('serves the seeded timeline events beside the sightings, naming entities of the case', async () => {
    const t = await gql(
      server.url,
      'query($c:ID!){ timeline(caseId:$c){ events { id at title kind entityIds } problems { id reason } } }',
      { c: anaCase },
      token,
    );
    expect(t.errors).toBeUndefined();
    const events = t.data!.timeline.events as Array<{ title: string; kind: string; entityIds: string[] }>;
    expect(t.data!.timeline.problems).toEqual([]);
    const report = events.find((e) => e.title === 'Disappearance reported to PNC Mixco');
    expect(report?.kind).toBe('EVENT');
    expect(report!.entityIds.map((id) => names.get(id))).toEqual(['Marta Gómez de Pérez', 'Ana Lucía Pérez Gómez']);
    expect(events.filter((e) => e.kind === 'EVENT').length).toBeGreaterThanOrEqual(5);
    expect(events.some((e) => e.kind === 'SIGHTING')).toBe(true);
  });

  it('serves the seeded notes in the collaboration room, with mentions pointing at the case’s entities', async () => {
    const doc = new Y.Doc();
    const p = new WebsocketProvider(`${server.url.replace('http', 'ws')}/collab`, `cases/${anaCase}/notes`, doc, {
      WebSocketPolyfill: WebSocket as never,
      params: { token },
      disableBc: true,
    });
    try {
      await new Promise<void>((r) => p.on('sync', (s: boolean) => s && r()));
      const xml = doc.getXmlFragment('default').toString();
      expect(xml).toContain('<heading level="2">Summary</heading>');
      const mentioned = [...xml.matchAll(/<mention id="([^"]+)" label="([^"]+)">/g)].map((m) => [m[1], m[2]]);
      expect(mentioned.length).toBeGreaterThan(5);
      for (const [id, label] of mentioned) expect(names.get(id!), label).toBe(label);
    } finally {
      p.destroy();
      doc.destroy();
    }
  });
});
