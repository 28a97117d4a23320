// modules/map: journeys of the sighted, in time order, impossible legs marked.
import { describe, expect, it } from 'vitest';
import { bearing, journeys } from './journeys.js';

const nodes = [
  { id: 'ana', kind: 'PERSON', label: 'Ana' },
  { id: 'van', kind: 'VEHICLE', label: 'P-512DKL' },
  { id: 'gt', kind: 'LOCATION', label: 'Mercado', props: { latitude: 14.62, longitude: -90.51 } },
  { id: 'br', kind: 'LOCATION', label: 'Bridge', props: { latitude: 14.67, longitude: -92.13 } },
  { id: 's2', kind: 'SIGHTING', label: 'x', props: { observedAt: '2026-11-21T13:30:00Z' } },
  { id: 's1', kind: 'SIGHTING', label: 'x', props: { observedAt: '2026-11-20T22:40:00Z' } },
  { id: 's3', kind: 'SIGHTING', label: 'x', props: { observedAt: '2026-11-21T14:00:00Z' } },
];
const edges = [
  { type: 'SIGHTED_AT', source: 's1', target: 'gt' },
  { type: 'SIGHTED_AT', source: 's2', target: 'br' },
  { type: 'SIGHTED_AT', source: 's3', target: 'gt' },
  { type: 'SIGHTING_OF', source: 's2', target: 'ana' },
  { type: 'SIGHTING_OF', source: 's1', target: 'ana' },
  { type: 'SIGHTING_OF', source: 's3', target: 'ana' },
  { type: 'SIGHTING_OF', source: 's1', target: 'van' },
];

describe('journeys', () => {
  it('orders each subject’s sightings by time and marks the legs feasibility flagged', () => {
    const j = journeys(nodes, edges, [{ subjectId: 'ana', fromSightingId: 's2', toSightingId: 's3' }]);
    expect(j).toHaveLength(1);
    expect(j[0]!.subjectLabel).toBe('Ana');
    expect(j[0]!.legs.map((l) => [l.from.sightingId, l.to.sightingId, l.impossible])).toEqual([
      ['s1', 's2', false],
      ['s2', 's3', true],
    ]);
  });
  it('gives the bearing of a leg', () => {
    expect(Math.round(bearing({ lat: 0, lon: 0 }, { lat: 1, lon: 0 }))).toBe(0);
    expect(Math.round(bearing({ lat: 0, lon: 0 }, { lat: 0, lon: -1 }))).toBe(270);
  });
});
