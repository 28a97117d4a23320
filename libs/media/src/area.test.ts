import { describe, expect, it } from 'vitest';
import {
  bufferedSegment,
  circleArea,
  coverageIntersects,
  corridorArea,
  haversineKm,
  pointInRing,
  recipientsFor,
  spreadRadiusKm,
} from './area';

const gtCity = { lat: 14.6229, lon: -90.5152 };
const tecun = { lat: 14.677, lon: -92.139 };

describe('geometry', () => {
  it('haversine: Guatemala City to Tecún Umán is about 175 km', () => {
    expect(haversineKm(gtCity, tecun)).toBeGreaterThan(170);
    expect(haversineKm(gtCity, tecun)).toBeLessThan(180);
  });

  it('widens the circle with time and caps it', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(spreadRadiusKm(at, at)).toBe(5);
    expect(spreadRadiusKm(at, new Date('2026-01-01T02:00:00Z'), { baseKm: 5, speedKmh: 30, capKm: 500 })).toBe(65);
    expect(spreadRadiusKm(at, new Date('2026-02-01T00:00:00Z'), { baseKm: 5, speedKmh: 30, capKm: 500 })).toBe(500);
    // A sighting "in the future" (clock skew) does not shrink the circle below its base.
    expect(spreadRadiusKm(new Date('2026-01-02T00:00:00Z'), at)).toBe(5);
  });

  it('a buffered segment is a closed ring that holds the segment and not far points', () => {
    const ring = bufferedSegment(gtCity, tecun, 10);
    expect(ring.length).toBeGreaterThanOrEqual(4);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const mid = { lat: (gtCity.lat + tecun.lat) / 2, lon: (gtCity.lon + tecun.lon) / 2 };
    expect(pointInRing(mid, ring)).toBe(true);
    expect(pointInRing({ lat: mid.lat + 0.3, lon: mid.lon }, ring)).toBe(false); // ~33 km north
    expect(pointInRing({ lat: mid.lat + 0.05, lon: mid.lon }, ring)).toBe(true); // ~5.5 km north
    // Every vertex lies at the buffer distance from the segment's ends or sides.
    for (const p of ring) expect(Math.min(haversineKm(p, gtCity), haversineKm(p, tecun))).toBeGreaterThan(9.5);
  });

  it('a corridor has one ring per leg, in time order, and the countries crossed', () => {
    const c = corridorArea(
      [
        { ...tecun, at: new Date('2026-01-02T00:00:00Z'), country: 'GT', name: 'Tecún Umán' },
        { ...gtCity, at: new Date('2026-01-01T00:00:00Z'), country: 'GT', name: 'Guatemala City' },
        { lat: 14.905, lon: -92.263, at: new Date('2026-01-03T00:00:00Z'), country: 'MX', name: 'Tapachula' },
      ],
      15,
    );
    expect(c.polygons).toHaveLength(2);
    expect(c.countries).toEqual(['GT', 'MX']);
    expect(c.description).toContain('Guatemala City → Tecún Umán → Tapachula');
  });

  it('lists as recipients the agencies whose coverage meets the area', () => {
    const area = circleArea({ ...tecun, at: new Date('2026-01-01T00:00:00Z'), country: 'GT' }, new Date('2026-01-01T01:00:00Z'));
    expect(area.circles[0].radiusKm).toBe(35);
    const tapachula = { agencyId: 'mx-south', countries: [], circles: [{ lat: 14.905, lon: -92.263, radiusKm: 20 }] };
    const far = { agencyId: 'mx-north', countries: [], circles: [{ lat: 25.67, lon: -100.31, radiusKm: 100 }] };
    const gt = { agencyId: 'gt', countries: ['GT'], circles: [] };
    expect(coverageIntersects(tapachula, area)).toBe(true); // ~27 km apart, radii 35 + 20
    expect(recipientsFor(area, [tapachula, far, gt])).toEqual(['mx-south', 'gt']);
    const corridor = corridorArea(
      [
        { ...gtCity, at: new Date(0), country: 'GT' },
        { ...tecun, at: new Date(1), country: 'GT' },
      ],
      5,
    );
    // A circle coverage reaching into the corridor from the side, and one wholly inside it.
    expect(coverageIntersects({ agencyId: 'a', countries: [], circles: [{ lat: 14.75, lon: -91.3, radiusKm: 10 }] }, corridor)).toBe(true);
    expect(coverageIntersects({ agencyId: 'b', countries: [], circles: [{ lat: 14.65, lon: -91.3, radiusKm: 1 }] }, corridor)).toBe(true);
    expect(coverageIntersects({ agencyId: 'c', countries: ['MX'], circles: [{ lat: 15.5, lon: -91.3, radiusKm: 10 }] }, corridor)).toBe(
      false,
    );
  });
});

describe('the bounding-box shortcut', () => {
  it('agrees with the exact test on thousands of random circles around a corridor', () => {
    const ring = bufferedSegment({ lat: 14.6, lon: -90.5 }, { lat: 14.7, lon: -92.1 }, 15);
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let near = 0;
    for (let i = 0; i < 5000; i++) {
      const c = { lat: 13 + rnd() * 3.5, lon: -94 + rnd() * 5, radiusKm: rnd() * 60 };
      // 1 % margin: the geometry projects locally, haversine is spherical; they differ by far less than that.
      const exact = pointInRing(c, ring) || ring.some((p) => haversineKm(p, c) <= c.radiusKm * 0.99);
      const fast = coverageIntersects(
        { agencyId: 'x', countries: [], circles: [c] },
        { kind: 'CORRIDOR', circles: [], polygons: [ring], countries: [], description: '' },
      );
      // The exact side of this check looks at vertices only, so it may miss an edge the fast test finds, never the reverse.
      if (exact) expect(fast).toBe(true);
      if (fast) near++;
    }
    expect(near).toBeGreaterThan(100);
  });
});
