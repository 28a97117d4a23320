import { describe, expect, it } from 'vitest';
import type { EntityKind, LinkType } from '@homeward/graph-schema';
import type { EntityRecord, LinkRecord, Subgraph } from '@homeward/domain';
import { confirmedSightings, lastSeen, whereabouts, type LastSeenInput } from './last-seen';

const node = (id: string, kind: EntityKind, props: Record<string, unknown>): EntityRecord => ({
  id,
  kind,
  label: id,
  props,
  cases: [{ caseId: 'c', role: null }],
  provenance: { createdBy: 'u', createdAt: '2026-11-20T00:00:00Z' },
});
let n = 0;
const link = (source: string, type: LinkType, target: string, credibility: number | null = null): LinkRecord => ({
  id: `l${n++}`,
  type,
  source,
  target,
  caseId: 'c',
  provenance: { createdBy: 'u', createdAt: '2026-11-20T00:00:00Z', credibility },
});

// The demo case's shape: reported last seen at the market on 20 Nov; sighted with the child at the border on 21 Nov.
const child = node('ana', 'PERSON', { fullName: 'Ana' });
const market = node('market', 'LOCATION', { name: 'Mercado La Terminal', country: 'GT', latitude: 14.6, longitude: -90.5 });
const border = node('border', 'LOCATION', { name: 'Tecún Umán', country: 'GT', latitude: 14.7, longitude: -92.1 });
const s1 = node('s1', 'SIGHTING', { observedAt: '2026-11-20T22:40:00Z', confidence: 0.9, sightingSource: 'CCTV' });
const s3 = node('s3', 'SIGHTING', { observedAt: '2026-11-21T13:30:00Z', confidence: 0.6, sightingSource: 'WITNESS' });

function input(
  graph: Subgraph,
  lastSeenAt: string | null = '2026-11-20T22:40:00Z',
  reportedPlace: EntityRecord | null = market,
): LastSeenInput {
  return { caseRecord: { id: 'c', lastSeenAt, reportedAt: '2026-11-20T19:05:00Z' }, graph, child, reportedPlace };
}
const graph = (extra: { nodes?: EntityRecord[]; edges?: LinkRecord[] } = {}): Subgraph => ({
  nodes: [child, market, border, s1, s3, ...(extra.nodes ?? [])],
  edges: [
    link('s1', 'SIGHTED_AT', 'market'),
    link('s1', 'SIGHTING_OF', 'ana'),
    link('s3', 'SIGHTED_AT', 'border'),
    link('s3', 'SIGHTING_OF', 'ana'),
    ...(extra.edges ?? []),
  ],
});

describe('last seen', () => {
  it('is the latest confirmed sighting of the child when it is later than the report', () => {
    const seen = lastSeen(input(graph()));
    expect(seen).toMatchObject({ basis: 'SIGHTING', at: '2026-11-21T13:30:00.000Z', place: { id: 'border' }, sighting: { id: 's3' } });
    expect(whereabouts(input(graph())).map((p) => p.place?.id)).toEqual(['market', 'market', 'border']);
  });

  it('is the report when no confirmed sighting is later (a tie keeps the report)', () => {
    const g: Subgraph = { nodes: [child, market, s1], edges: [link('s1', 'SIGHTED_AT', 'market'), link('s1', 'SIGHTING_OF', 'ana')] };
    expect(lastSeen(input(g))).toMatchObject({ basis: 'REPORT', at: '2026-11-20T22:40:00.000Z', place: { id: 'market' }, sighting: null });
    expect(lastSeen(input(graph(), '2026-11-22T08:00:00Z'))).toMatchObject({ basis: 'REPORT', at: '2026-11-22T08:00:00.000Z' });
  });

  it('skips sightings that are not confirmed: low confidence, doubted link, not of the child, no place', () => {
    const low = node('low', 'SIGHTING', { observedAt: '2026-11-23T10:00:00Z', confidence: 0.3 });
    const doubted = node('doubted', 'SIGHTING', { observedAt: '2026-11-23T11:00:00Z' });
    const other = node('other', 'SIGHTING', { observedAt: '2026-11-23T12:00:00Z' });
    const nowhere = node('nowhere', 'SIGHTING', { observedAt: '2026-11-23T13:00:00Z' });
    const rosa = node('rosa', 'PERSON', { fullName: 'Rosa' });
    const g = graph({
      nodes: [low, doubted, other, nowhere, rosa],
      edges: [
        link('low', 'SIGHTED_AT', 'border'),
        link('low', 'SIGHTING_OF', 'ana'),
        link('doubted', 'SIGHTED_AT', 'border'),
        link('doubted', 'SIGHTING_OF', 'ana', 5),
        link('other', 'SIGHTED_AT', 'border'),
        link('other', 'SIGHTING_OF', 'rosa'),
        link('nowhere', 'SIGHTING_OF', 'ana'),
      ],
    });
    expect(confirmedSightings(input(g)).map((p) => p.sighting!.id)).toEqual(['s1', 's3']);
    expect(lastSeen(input(g)).sighting?.id).toBe('s3');
    // Graded credible (2): it counts.
    const good = graph({ nodes: [doubted], edges: [link('doubted', 'SIGHTED_AT', 'market'), link('doubted', 'SIGHTING_OF', 'ana', 2)] });
    expect(lastSeen(input(good))).toMatchObject({ basis: 'SIGHTING', place: { id: 'market' }, sighting: { id: 'doubted' } });
  });

  it('with no report time nor place, any confirmed sighting is the answer; with nothing, the empty report', () => {
    expect(lastSeen(input(graph(), null, null))).toMatchObject({ basis: 'SIGHTING', sighting: { id: 's3' } });
    expect(lastSeen({ ...input({ nodes: [child], edges: [] }, null, null) })).toEqual({
      basis: 'REPORT',
      at: null,
      place: null,
      sighting: null,
    });
    expect(lastSeen({ ...input(graph()), child: null })).toMatchObject({ basis: 'REPORT', place: { id: 'market' } });
  });
});
