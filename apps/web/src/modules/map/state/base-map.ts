import type { Feature, FeatureCollection, Geometry, MultiLineString, Position } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { alpha2Of } from './country-names';

/**
 * The offline base map (issue 18): Natural Earth's countries as TopoJSON (the world-atlas package, in the
 * map's own chunk) made into what Leaflet draws. Borders are the arcs two countries share, coastlines
 * the arcs of one country only; a country's name sits at the middle of
 * the part of its largest polygon's box that is in view (labelAt).
 */
export interface BaseMap {
  readonly countries: FeatureCollection<Geometry, { name?: string }>;
  readonly borders: MultiLineString;
  readonly coastlines: MultiLineString;
  readonly labels: ReadonlyArray<{
    /** The atlas's (English) name. */
    readonly name: string;
    /** ISO 3166-1 alpha-2, for the name in the reader's language (country-names.ts); null when unknown. */
    readonly code: string | null;
    readonly south: number;
    readonly north: number;
    readonly west: number;
    readonly east: number;
    readonly area: number;
  }>;
}

function largestRing(geometry: Geometry): Position[] | null {
  const polygons: Position[][][] =
    geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  let best: Position[] | null = null;
  let bestArea = -1;
  for (const poly of polygons) {
    const ring = poly[0];
    if (!ring) continue;
    let a = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
    if (Math.abs(a) > bestArea) {
      bestArea = Math.abs(a);
      best = ring;
    }
  }
  return best;
}

export function baseMap(topology: Topology): BaseMap {
  const objects = topology.objects['countries'] as GeometryCollection<{ name?: string }>;
  const countries = feature(topology, objects) as FeatureCollection<Geometry, { name?: string }>;
  const borders = mesh(topology, objects, (a, b) => a !== b);
  const coastlines = mesh(topology, objects, (a, b) => a === b);
  const labels = countries.features.flatMap((f: Feature<Geometry, { name?: string }>) => {
    const ring = f.geometry ? largestRing(f.geometry) : null;
    if (!ring || !f.properties?.name) return [];
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    for (const [x, y] of ring) {
      minX = Math.min(minX, x!);
      maxX = Math.max(maxX, x!);
      minY = Math.min(minY, y!);
      maxY = Math.max(maxY, y!);
    }
    const code = alpha2Of(f.id as string | number | undefined, f.properties.name);
    return [{ name: f.properties.name, code, west: minX, east: maxX, south: minY, north: maxY, area: (maxX - minX) * (maxY - minY) }];
  });
  // A code two features share (Australia's, on the Ashmore and Cartier Islands too) names the larger only.
  const largest = new Map<string, number>();
  for (const l of labels) if (l.code) largest.set(l.code, Math.max(largest.get(l.code) ?? 0, l.area));
  return {
    countries,
    borders,
    coastlines,
    labels: labels.map((l) => (l.code && largest.get(l.code) !== l.area ? { ...l, code: null } : l)),
  };
}

/** Where a country's name goes in a view: the middle of its box's part inside the view, or null when none is. */
export function labelAt(
  l: { south: number; north: number; west: number; east: number },
  view: { south: number; north: number; west: number; east: number },
): { lat: number; lon: number } | null {
  const s = Math.max(l.south, view.south);
  const n = Math.min(l.north, view.north);
  const w = Math.max(l.west, view.west);
  const e = Math.min(l.east, view.east);
  return s < n && w < e ? { lat: (s + n) / 2, lon: (w + e) / 2 } : null;
}
