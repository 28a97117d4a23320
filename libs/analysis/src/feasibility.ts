import { badInput, type EntityRecord, type LinkRecord, type Subgraph } from '@homeward/domain';

/*
 * Travel feasibility: could the person or vehicle seen in one sighting have
 * reached the place of the next one in the time between them? The distance is
 * the great-circle distance between the two locations (haversine on a sphere
 * of the Earth's mean radius): roads are longer, so a pair flagged here is
 * impossible at that speed by any route, while one not flagged may still be
 * doubtful.
 */

/** Road travel, the default (GraphQL argument `speedKmh`). */
export const DEFAULT_SPEED_KMH = 130;
/** Beyond any airliner: a faster speed would flag nothing and means a typo. */
export const MAX_SPEED_KMH = 1200;
/**
 * Two sightings this close are consistent at any time apart: locations are points of interest
 * (a market, a terminal) and a sighting's place is approximate.
 */
export const SAME_PLACE_KM = 1;
const EARTH_RADIUS_KM = 6371.0088;

export interface GeoPoint {
  readonly latitude: number;
  readonly longitude: number;
}

export function greatCircleKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A sighting with its time and place, as the check needs it. */
export interface PlacedSighting extends GeoPoint {
  readonly sightingId: string;
  readonly observedAt: string;
  readonly locationId: string;
}

export interface TravelCheck {
  readonly from: PlacedSighting;
  readonly to: PlacedSighting;
  readonly distanceKm: number;
  /** Time between the sightings, in hours (0 when at the same instant). */
  readonly hours: number;
  /** Speed needed to cover the distance in that time; null when the time is 0 and the places differ (no speed would do). */
  readonly neededKmh: number | null;
  readonly speedKmh: number;
  readonly feasible: boolean;
}

export function checkSpeed(speedKmh: number | null | undefined, field = 'speedKmh'): number {
  if (speedKmh === null || speedKmh === undefined) return DEFAULT_SPEED_KMH;
  if (!Number.isFinite(speedKmh) || speedKmh <= 0 || speedKmh > MAX_SPEED_KMH)
    throw badInput(field, `must be a speed in km/h above 0 and at most ${MAX_SPEED_KMH}`);
  return speedKmh;
}

/** Whether `b` can follow `a` (in either order of time) at `speedKmh`. */
export function travelCheck(a: PlacedSighting, b: PlacedSighting, speedKmh: number): TravelCheck {
  const [from, to] = Date.parse(a.observedAt) <= Date.parse(b.observedAt) ? [a, b] : [b, a];
  const distanceKm = greatCircleKm(from, to);
  const hours = (Date.parse(to.observedAt) - Date.parse(from.observedAt)) / 3_600_000;
  const near = distanceKm <= SAME_PLACE_KM;
  const neededKmh = hours > 0 ? distanceKm / hours : near ? 0 : null;
  const feasible = near || (neededKmh !== null && neededKmh <= speedKmh);
  return { from, to, distanceKm, hours, neededKmh, speedKmh, feasible };
}

export interface SubjectTravelCheck extends TravelCheck {
  /** The person or vehicle seen in both sightings. */
  readonly subjectId: string;
}

/**
 * The sightings of a graph with their place (the SIGHTED_AT location's
 * coordinates), and who or what each one saw (SIGHTING_OF). A sighting
 * without a located place is left out: nothing can be said of it.
 */
export function placedSightings(g: Subgraph): { placed: Map<string, PlacedSighting>; seenBy: Map<string, string[]> } {
  const byId = new Map<string, EntityRecord>(g.nodes.map((n) => [n.id, n]));
  const placed = new Map<string, PlacedSighting>();
  const seenBy = new Map<string, string[]>();
  const sightingEnd = (l: LinkRecord) => (byId.get(l.source)?.kind === 'SIGHTING' ? { sighting: l.source, other: l.target } : null);
  for (const l of g.edges) {
    const ends = sightingEnd(l);
    if (!ends) continue;
    const sighting = byId.get(ends.sighting)!;
    const observedAt = sighting.props.observedAt;
    if (typeof observedAt !== 'string') continue;
    if (l.type === 'SIGHTED_AT') {
      const loc = byId.get(ends.other);
      const latitude = loc?.props.latitude;
      const longitude = loc?.props.longitude;
      if (typeof latitude === 'number' && typeof longitude === 'number')
        placed.set(ends.sighting, { sightingId: ends.sighting, observedAt, locationId: ends.other, latitude, longitude });
    } else if (l.type === 'SIGHTING_OF') {
      const list = seenBy.get(ends.other) ?? [];
      list.push(ends.sighting);
      seenBy.set(ends.other, list);
    }
  }
  return { placed, seenBy };
}

/**
 * For every person and vehicle of the graph, its sightings in time order and
 * the check of each consecutive pair. Only the infeasible ones unless `all`.
 * Ordered by the earlier sighting's time, then subject id.
 */
export function travelChecks(g: Subgraph, speedKmh: number, all = false): SubjectTravelCheck[] {
  const { placed, seenBy } = placedSightings(g);
  const out: SubjectTravelCheck[] = [];
  for (const [subjectId, sightings] of seenBy) {
    const chain = [...new Set(sightings)]
      .map((id) => placed.get(id))
      .filter((p): p is PlacedSighting => p !== undefined)
      .sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt) || (a.sightingId < b.sightingId ? -1 : 1));
    for (let i = 1; i < chain.length; i++) {
      const c = travelCheck(chain[i - 1], chain[i], speedKmh);
      if (all || !c.feasible) out.push({ ...c, subjectId });
    }
  }
  return out.sort(
    (a, b) =>
      Date.parse(a.from.observedAt) - Date.parse(b.from.observedAt) || (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0),
  );
}
