import { describe, expect, it } from 'vitest';
import type { EntityRecord, LinkRecord, Subgraph } from '@homeward/domain';
import type { EntityKind, LinkType } from '@homeward/graph-schema';
import { checkSpeed, greatCircleKm, travelCheck, travelChecks, DEFAULT_SPEED_KMH } from './feasibility';

const prov = { createdBy: 'u', createdAt: '2026-01-01T00:00:00Z' };
const node = (id: string, kind: EntityKind, props: Record<string, unknown>): EntityRecord => ({
  id,
  kind,
  label: id,
  props,
  cases: [{ caseId: 'c', role: null }],
  provenance: prov,
});
const edge = (id: string, type: LinkType, source: string, target: string): LinkRecord => ({
  id,
  type,
  source,
  target,
  caseId: 'c',
  provenance: prov,
});

// Guatemala City and Tapachula are about 260 km apart as the crow flies.
const GUATE = { latitude: 14.6349, longitude: -90.5069 };
const TAPACHULA = { latitude: 14.9057, longitude: -92.263 };

describe('great-circle distance', () => {
  it('gives a degree of longitude at the equator and a known city pair', () => {
    expect(greatCircleKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 1 })).toBeCloseTo(111.195, 2);
    const d = greatCircleKm(GUATE, TAPACHULA);
    expect(d).toBeGreaterThan(185);
    expect(d).toBeLessThan(195);
  });
});

describe('travelCheck', () => {
  const at = (id: string, observedAt: string, p: typeof GUATE, locationId = `loc-${id}`) => ({
    sightingId: id,
    observedAt,
    locationId,
    ...p,
  });

  it('flags a pair whose needed speed is above the limit, in either order of arguments', () => {
    const fast = travelCheck(at('b', '2026-01-01T11:00:00Z', TAPACHULA), at('a', '2026-01-01T10:00:00Z', GUATE), 130);
    expect(fast.from.sightingId).toBe('a');
    expect(fast.hours).toBe(1);
    expect(fast.neededKmh).toBeCloseTo(fast.distanceKm, 6);
    expect(fast.feasible).toBe(false);
    expect(travelCheck(at('a', '2026-01-01T10:00:00Z', GUATE), at('b', '2026-01-01T12:00:00Z', TAPACHULA), 130).feasible).toBe(true);
    // The same pair is possible at 200 km/h.
    expect(travelCheck(at('a', '2026-01-01T10:00:00Z', GUATE), at('b', '2026-01-01T11:00:00Z', TAPACHULA), 200).feasible).toBe(true);
  });

  it('treats the same instant in two places as impossible, and places under a kilometre apart as the same', () => {
    const twice = travelCheck(at('a', '2026-01-01T10:00:00Z', GUATE), at('b', '2026-01-01T10:00:00Z', TAPACHULA), 130);
    expect(twice).toMatchObject({ hours: 0, neededKmh: null, feasible: false });
    const near = { latitude: GUATE.latitude + 0.005, longitude: GUATE.longitude };
    expect(travelCheck(at('a', '2026-01-01T10:00:00Z', GUATE), at('b', '2026-01-01T10:00:00Z', near), 130)).toMatchObject({
      neededKmh: 0,
      feasible: true,
    });
  });

  it('checks the speed argument', () => {
    expect(checkSpeed(undefined)).toBe(DEFAULT_SPEED_KMH);
    expect(() => checkSpeed(0)).toThrow(/speedKmh/);
    expect(() => checkSpeed(5000)).toThrow(/at most/);
  });
});

describe('travelChecks over a case graph', () => {
  // One person seen at Guatemala City at 10:00, at Tapachula at 10:30 (impossible), back at Tapachula at 20:00;
  // a van seen at 10:00 and 18:00 (possible); a sighting without a place is ignored.
  const g: Subgraph = {
    nodes: [
      node('p', 'PERSON', { fullName: 'P' }),
      node('v', 'VEHICLE', { plate: 'X' }),
      node('gua', 'LOCATION', { name: 'Guate', country: 'GT', ...GUATE }),
      node('tap', 'LOCATION', { name: 'Tapachula', country: 'MX', ...TAPACHULA }),
      node('s1', 'SIGHTING', { observedAt: '2026-01-01T10:00:00.000Z' }),
      node('s2', 'SIGHTING', { observedAt: '2026-01-01T10:30:00.000Z' }),
      node('s3', 'SIGHTING', { observedAt: '2026-01-01T20:00:00.000Z' }),
      node('s4', 'SIGHTING', { observedAt: '2026-01-01T18:00:00.000Z' }),
      node('s5', 'SIGHTING', { observedAt: '2026-01-01T10:01:00.000Z' }),
    ],
    edges: [
      edge('e1', 'SIGHTED_AT', 's1', 'gua'),
      edge('e2', 'SIGHTING_OF', 's1', 'p'),
      edge('e3', 'SIGHTING_OF', 's1', 'v'),
      edge('e4', 'SIGHTED_AT', 's2', 'tap'),
      edge('e5', 'SIGHTING_OF', 's2', 'p'),
      edge('e6', 'SIGHTED_AT', 's3', 'tap'),
      edge('e7', 'SIGHTING_OF', 's3', 'p'),
      edge('e8', 'SIGHTED_AT', 's4', 'tap'),
      edge('e9', 'SIGHTING_OF', 's4', 'v'),
      edge('e10', 'SIGHTING_OF', 's5', 'p'),
    ],
  };

  it('lists consecutive pairs per subject, only the infeasible ones unless all are asked for', () => {
    const bad = travelChecks(g, 130);
    expect(bad.map((c) => [c.subjectId, c.from.sightingId, c.to.sightingId])).toEqual([['p', 's1', 's2']]);
    expect(bad[0].neededKmh).toBeGreaterThan(370);
    const all = travelChecks(g, 130, true);
    expect(all.map((c) => [c.subjectId, c.from.sightingId, c.to.sightingId, c.feasible])).toEqual([
      ['p', 's1', 's2', false],
      ['v', 's1', 's4', true],
      ['p', 's2', 's3', true],
    ]);
    expect(travelChecks(g, 1000)).toEqual([]);
  });
});
