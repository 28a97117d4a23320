/**
 * The target area of a poster or alert, and which agencies it concerns.
 * Geometry is done on a sphere for distances (haversine) and in a local
 * equirectangular projection (kilometres around a reference point) for the
 * shapes: areas here span tens to a few hundred kilometres, where that
 * projection is off by well under a percent.
 */

export const EARTH_RADIUS_KM = 6371.0088;

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

export interface Circle extends LatLon {
  readonly radiusKm: number;
}

/** A closed ring: first point repeated last. */
export type Ring = readonly LatLon[];

export interface TargetArea {
  readonly kind: 'CIRCLE' | 'CORRIDOR';
  /** One circle for CIRCLE; none for CORRIDOR. */
  readonly circles: readonly Circle[];
  /** One buffered segment (a closed "stadium" ring) per leg of the corridor. */
  readonly polygons: readonly Ring[];
  /** Countries of the places the area was drawn from (ISO 3166-1 alpha-2). */
  readonly countries: readonly string[];
  readonly description: string;
}

export interface AgencyCoverage {
  readonly agencyId: string;
  /** Whole countries the agency works in. */
  readonly countries: readonly string[];
  readonly circles: readonly Circle[];
}

const rad = (d: number) => (d * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

export function haversineKm(a: LatLon, b: LatLon): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

interface Xy {
  x: number;
  y: number;
}

/** Kilometres east (x) and north (y) of `origin`. */
function project(origin: LatLon, p: LatLon): Xy {
  let dLon = p.lon - origin.lon;
  if (dLon > 180) dLon -= 360;
  if (dLon < -180) dLon += 360;
  return { x: rad(dLon) * EARTH_RADIUS_KM * Math.cos(rad(origin.lat)), y: rad(p.lat - origin.lat) * EARTH_RADIUS_KM };
}

function unproject(origin: LatLon, q: Xy): LatLon {
  const lat = origin.lat + deg(q.y / EARTH_RADIUS_KM);
  let lon = origin.lon + deg(q.x / (EARTH_RADIUS_KM * Math.cos(rad(origin.lat))));
  if (lon > 180) lon -= 360;
  if (lon < -180) lon += 360;
  return { lat: Math.max(-90, Math.min(90, lat)), lon };
}

export interface SpreadOptions {
  /** Radius at the moment of the sighting (the place is not a point). */
  readonly baseKm: number;
  /** How fast the child may be moving away, on average (a car on main roads is about 60). */
  readonly speedKmh: number;
  /** Beyond this the circle would cover whole regions and stop targeting anyone. */
  readonly capKm: number;
}

export const DEFAULT_SPREAD: SpreadOptions = { baseKm: 5, speedKmh: 30, capKm: 500 };

/** How far the child may be now: base + speed × hours since the sighting, capped. */
export function spreadRadiusKm(sightedAt: Date, now: Date, o: SpreadOptions = DEFAULT_SPREAD): number {
  const hours = Math.max(0, (now.getTime() - sightedAt.getTime()) / 3_600_000);
  return Math.min(o.capKm, o.baseKm + o.speedKmh * hours);
}

export interface Sighted extends LatLon {
  readonly at: Date;
  readonly country: string;
  readonly name?: string;
}

/** A circle around the last sighting, widened by the time since. */
export function circleArea(last: Sighted, now: Date, o: SpreadOptions = DEFAULT_SPREAD): TargetArea {
  const radiusKm = round(spreadRadiusKm(last.at, now, o), 1);
  return {
    kind: 'CIRCLE',
    circles: [{ lat: round(last.lat, 5), lon: round(last.lon, 5), radiusKm }],
    polygons: [],
    countries: [last.country],
    description: `${radiusKm} km around ${last.name ?? `${last.lat},${last.lon}`}`,
  };
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The ring around one segment a-b at `bufferKm`: two half circles joined by
 * the parallel sides (a "stadium"), `arcSteps` points per half circle.
 */
export function bufferedSegment(a: LatLon, b: LatLon, bufferKm: number, arcSteps = 8): Ring {
  const pb = project(a, b);
  const len = Math.hypot(pb.x, pb.y);
  // Direction of travel; a segment of zero length buffers to a circle.
  const heading = len > 1e-9 ? Math.atan2(pb.y, pb.x) : 0;
  const pts: Xy[] = [];
  // Half circle around b from the left side (+90°) clockwise to the right side (-90°), then around a.
  for (let i = 0; i <= arcSteps; i++) {
    const t = heading + Math.PI / 2 - (Math.PI * i) / arcSteps;
    pts.push({ x: pb.x + bufferKm * Math.cos(t), y: pb.y + bufferKm * Math.sin(t) });
  }
  for (let i = 0; i <= arcSteps; i++) {
    const t = heading - Math.PI / 2 - (Math.PI * i) / arcSteps;
    pts.push({ x: bufferKm * Math.cos(t), y: bufferKm * Math.sin(t) });
  }
  const ring = pts.map((q) => unproject(a, q)).map((p) => ({ lat: round(p.lat, 5), lon: round(p.lon, 5) }));
  ring.push(ring[0]);
  return ring;
}

/** A corridor along the sightings in time order: each leg buffered by `bufferKm`. */
export function corridorArea(sightings: readonly Sighted[], bufferKm: number): TargetArea {
  if (sightings.length === 0) throw new Error('sightings: a corridor needs at least one sighting');
  const ordered = [...sightings].sort((x, y) => x.at.getTime() - y.at.getTime());
  const polygons: Ring[] = [];
  if (ordered.length === 1) polygons.push(bufferedSegment(ordered[0], ordered[0], bufferKm));
  for (let i = 1; i < ordered.length; i++) polygons.push(bufferedSegment(ordered[i - 1], ordered[i], bufferKm));
  const names = ordered.map((s) => s.name ?? `${s.lat},${s.lon}`);
  return {
    kind: 'CORRIDOR',
    circles: [],
    polygons,
    countries: [...new Set(ordered.map((s) => s.country))],
    description: `${bufferKm} km either side of ${names.join(' → ')}`,
  };
}

/** Is p inside the ring (even-odd rule, in the projection around p)? */
export function pointInRing(p: LatLon, ring: Ring): boolean {
  const pts = ring.map((q) => project(p, q));
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const a = pts[i];
    const b = pts[j];
    if (a.y > 0 !== b.y > 0 && 0 < ((b.x - a.x) * (0 - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Distance in km from p to the nearest edge of the ring. */
function distanceToRingKm(p: LatLon, ring: Ring): number {
  const pts = ring.map((q) => project(p, q));
  let best = Infinity;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const l2 = dx * dx + dy * dy;
    const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, -(a.x * dx + a.y * dy) / l2));
    best = Math.min(best, Math.hypot(a.x + t * dx, a.y + t * dy));
  }
  return best;
}

export function circlesIntersect(a: Circle, b: Circle): boolean {
  return haversineKm(a, b) <= a.radiusKm + b.radiusKm;
}

interface Box {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}
const boxes = new WeakMap<Ring, Box>();

function boxOf(ring: Ring): Box {
  let b = boxes.get(ring);
  if (!b) {
    b = { minLat: Infinity, maxLat: -Infinity, minLon: Infinity, maxLon: -Infinity };
    for (const p of ring) {
      b.minLat = Math.min(b.minLat, p.lat);
      b.maxLat = Math.max(b.maxLat, p.lat);
      b.minLon = Math.min(b.minLon, p.lon);
      b.maxLon = Math.max(b.maxLon, p.lon);
    }
    boxes.set(ring, b);
  }
  return b;
}

/** KM_PER_DEGREE of latitude, on the sphere used here. */
const KM_PER_DEGREE = (Math.PI * EARTH_RADIUS_KM) / 180;

/**
 * Whether the circle's bounding box misses the ring's: a cheap test that
 * rules out most coverages before any projection (recipients are searched
 * among thousands of agencies). Conservative near the poles and the
 * antimeridian, where it never rules anything out.
 */
function surelyApart(c: Circle, ring: Ring): boolean {
  const b = boxOf(ring);
  const dLat = c.radiusKm / KM_PER_DEGREE;
  const cos = Math.cos(rad(Math.min(89, Math.abs(c.lat) + dLat)));
  if (Math.abs(c.lat) + dLat >= 89 || b.maxLon - b.minLon > 180) return false;
  const dLon = c.radiusKm / (KM_PER_DEGREE * cos);
  if (Math.abs(c.lon) + dLon >= 180) return false;
  return c.lat + dLat < b.minLat || c.lat - dLat > b.maxLat || c.lon + dLon < b.minLon || c.lon - dLon > b.maxLon;
}

export function circleIntersectsRing(c: Circle, ring: Ring): boolean {
  if (surelyApart(c, ring)) return false;
  return pointInRing(c, ring) || distanceToRingKm(c, ring) <= c.radiusKm;
}

/** Does the agency's coverage meet the area (a shared country, or overlapping shapes)? */
export function coverageIntersects(cov: AgencyCoverage, area: TargetArea): boolean {
  if (cov.countries.some((c) => area.countries.includes(c))) return true;
  for (const c of cov.circles) {
    if (area.circles.some((a) => circlesIntersect(c, a))) return true;
    if (area.polygons.some((r) => circleIntersectsRing(c, r))) return true;
  }
  return false;
}

/** The agencies an alert or poster for this area goes to. */
export function recipientsFor(area: TargetArea, coverages: readonly AgencyCoverage[]): string[] {
  return coverages.filter((c) => coverageIntersects(c, area)).map((c) => c.agencyId);
}
