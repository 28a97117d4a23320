import { describe, expect, it } from 'vitest';
import type { EntityRecord, LinkRecord, Subgraph } from '@homeward/domain';
import { coSightings } from './cosighting';

const prov = { createdBy: 'u', createdAt: '2026-01-01T00:00:00Z' };
const node = (id: string, kind: EntityRecord['kind'], props: Record<string, unknown> = {}): EntityRecord => ({
  id,
  kind,
  label: id,
  props,
  cases: [{ caseId: 'c', role: null }],
  provenance: prov,
});
const seen = (sighting: string, target: string, id = `${sighting}-${target}`): LinkRecord => ({
  id,
  type: 'SIGHTING_OF',
  source: sighting,
  target,
  caseId: 'c',
  provenance: prov,
});

function graph(): Subgraph {
  return {
    nodes: [
      node('ana', 'PERSON'),
      node('bob', 'PERSON'),
      node('van', 'VEHICLE'),
      node('eve', 'PERSON'),
      node('s1', 'SIGHTING', { observedAt: '2026-01-01T10:00:00Z' }),
      node('s2', 'SIGHTING', { observedAt: '2026-01-03T10:00:00Z', confidence: 0.5 }),
      node('s3', 'SIGHTING', { observedAt: '2026-01-02T10:00:00Z' }),
    ],
    edges: [
      seen('s1', 'ana'),
      seen('s1', 'bob'),
      seen('s1', 'van'),
      seen('s2', 'ana'),
      seen('s2', 'bob'),
      seen('s3', 'eve'),
      // The same sighting link again (another case holding it): counted once.
      seen('s1', 'ana', 'dup'),
      { id: 'x', type: 'DRIVES', source: 'bob', target: 'van', caseId: 'c', provenance: prov },
    ],
  };
}

describe('co-sightings', () => {
  it('pairs everyone seen in the same sighting, counts them and keeps the sightings as evidence in time order', () => {
    const out = coSightings(graph());
    expect(out.map((p) => [p.aId, p.bId, p.count])).toEqual([
      ['ana', 'bob', 2],
      ['ana', 'van', 1],
      ['bob', 'van', 1],
    ]);
    const anaBob = out[0];
    expect(anaBob.sightingIds).toEqual(['s1', 's2']);
    expect(anaBob.firstSeen).toBe('2026-01-01T10:00:00Z');
    expect(anaBob.lastSeen).toBe('2026-01-03T10:00:00Z');
  });

  it('weighs by confidence over everything either was seen in (weighted Jaccard)', () => {
    const out = coSightings(graph());
    // ana and bob: always together (1 + 0.5 shared, of 1.5 each) -> 1.
    expect(out[0].strength).toBe(1);
    // ana and van: shared 1, union 1.5 + 1 - 1 = 1.5.
    expect(out[1].strength).toBeCloseTo(0.667, 3);
  });

  it('keeps only pairs with the focus entity, and nobody seen alone', () => {
    const out = coSightings(graph(), { focusId: 'van' });
    expect(out.map((p) => [p.aId, p.bId])).toEqual([
      ['ana', 'van'],
      ['bob', 'van'],
    ]);
    expect(coSightings(graph(), { focusId: 'eve' })).toEqual([]);
    expect(coSightings(graph(), { limit: 1 })).toHaveLength(1);
  });
});
