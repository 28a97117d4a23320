/**
 * The sightings of each person and vehicle as a journey (issue 18): in time order, from the place of one
 * sighting to the next. A leg is impossible when travel feasibility flagged that pair for that subject.
 * Pure, so that the map and its tests agree.
 */
export interface JourneyNode {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly props?: Readonly<Record<string, unknown>> | null;
}
export interface JourneyEdge {
  readonly type: string;
  readonly source: string;
  readonly target: string;
}
export interface Leg {
  readonly from: { readonly lat: number; readonly lon: number; readonly sightingId: string };
  readonly to: { readonly lat: number; readonly lon: number; readonly sightingId: string };
  readonly impossible: boolean;
}
export interface Journey {
  readonly subjectId: string;
  readonly subjectLabel: string;
  readonly legs: readonly Leg[];
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function journeys(
  nodes: readonly JourneyNode[],
  edges: readonly JourneyEdge[],
  impossible: ReadonlyArray<{ readonly subjectId: string; readonly fromSightingId: string; readonly toSightingId: string }>,
): Journey[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const placeOf = new Map<string, { lat: number; lon: number }>();
  for (const e of edges) {
    if (e.type !== 'SIGHTED_AT') continue;
    const loc = byId.get(e.target);
    const lat = num(loc?.props?.['latitude']);
    const lon = num(loc?.props?.['longitude']);
    if (lat !== null && lon !== null) placeOf.set(e.source, { lat, lon });
  }
  const seen = new Map<string, Array<{ sightingId: string; at: number; lat: number; lon: number }>>();
  for (const e of edges) {
    if (e.type !== 'SIGHTING_OF') continue;
    const s = byId.get(e.source);
    const at = typeof s?.props?.['observedAt'] === 'string' ? Date.parse(s.props['observedAt'] as string) : NaN;
    const p = placeOf.get(e.source);
    if (!s || Number.isNaN(at) || !p) continue;
    seen.set(e.target, [...(seen.get(e.target) ?? []), { sightingId: s.id, at, ...p }]);
  }
  const bad = new Set(impossible.map((c) => `${c.subjectId}\n${c.fromSightingId}\n${c.toSightingId}`));
  const out: Journey[] = [];
  for (const [subjectId, stops] of seen) {
    if (stops.length < 2) continue;
    stops.sort((a, b) => a.at - b.at || a.sightingId.localeCompare(b.sightingId));
    const legs: Leg[] = [];
    for (let i = 1; i < stops.length; i++) {
      const a = stops[i - 1]!;
      const b = stops[i]!;
      legs.push({
        from: { lat: a.lat, lon: a.lon, sightingId: a.sightingId },
        to: { lat: b.lat, lon: b.lon, sightingId: b.sightingId },
        impossible: bad.has(`${subjectId}\n${a.sightingId}\n${b.sightingId}`) || bad.has(`${subjectId}\n${b.sightingId}\n${a.sightingId}`),
      });
    }
    out.push({ subjectId, subjectLabel: byId.get(subjectId)?.label ?? subjectId, legs });
  }
  return out.sort((a, b) => a.subjectLabel.localeCompare(b.subjectLabel));
}

/** The compass bearing of a leg, in degrees clockwise from north (for the arrow drawn on it). */
export function bearing(from: { lat: number; lon: number }, to: { lat: number; lon: number }): number {
  const r = Math.PI / 180;
  const y = Math.sin((to.lon - from.lon) * r) * Math.cos(to.lat * r);
  const x =
    Math.cos(from.lat * r) * Math.sin(to.lat * r) - Math.sin(from.lat * r) * Math.cos(to.lat * r) * Math.cos((to.lon - from.lon) * r);
  return (Math.atan2(y, x) / r + 360) % 360;
}
