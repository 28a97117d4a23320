/**
 * Where and when the child was last seen, as every output tells it (the case
 * header, the child's profile, the poster, the CAP headline and its area).
 * Derived in one place on the server so that no two of them can disagree: the
 * latest of the report's last-seen time and place, and the child's confirmed
 * sightings. The report's own values stay what the reporter said.
 */
import type { CaseRecord, EntityRecord, Subgraph } from '@homeward/domain';

/** Below this stated confidence a sighting is a lead to check, not where the child was. */
export const CONFIRMED_MIN_CONFIDENCE = 0.5;
/**
 * Credibility grades of the sighting's link to the child that do not confirm it:
 * 4 "cannot be judged" and 5 "suspected to be false" (police 5x5x5).
 */
export const UNCONFIRMED_CREDIBILITY: readonly number[] = [4, 5];

export type LastSeenBasis = 'REPORT' | 'SIGHTING';

export interface SeenPoint {
  readonly basis: LastSeenBasis;
  /** ISO 8601; null only for a report without a last-seen time. */
  readonly at: string | null;
  /** A Location of the case; null when the report names no place. */
  readonly place: EntityRecord | null;
  /** The Sighting, for basis SIGHTING. */
  readonly sighting: EntityRecord | null;
}

export interface LastSeenInput {
  readonly caseRecord: Pick<CaseRecord, 'id' | 'lastSeenAt' | 'reportedAt'>;
  readonly graph: Subgraph;
  readonly child: EntityRecord | null;
  /** The last-seen place the report names (a Location of the case). */
  readonly reportedPlace: EntityRecord | null;
}

const time = (v: unknown): number => (typeof v === 'string' ? Date.parse(v) : NaN);

/**
 * A sighting counts as confirmed when it is of the child, happened at a
 * Location of the case at a valid time, its stated confidence (when given) is
 * at least CONFIRMED_MIN_CONFIDENCE, and its link to the child is not graded
 * "cannot be judged" or "suspected false".
 */
export function confirmedSightings(input: LastSeenInput): SeenPoint[] {
  const { graph, child } = input;
  if (!child) return [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const placeOf = new Map<string, EntityRecord>();
  const ofChild = new Map<string, number | null>();
  for (const e of graph.edges) {
    const target = byId.get(e.target);
    if (e.type === 'SIGHTED_AT' && target?.kind === 'LOCATION') placeOf.set(e.source, target);
    if (e.type === 'SIGHTING_OF' && e.target === child.id) {
      const c = typeof e.provenance.credibility === 'number' ? e.provenance.credibility : null;
      // Two links to the child: the better graded one stands.
      const prev = ofChild.get(e.source);
      ofChild.set(e.source, prev === undefined ? c : prev === null || c === null ? null : Math.min(prev, c));
    }
  }
  const out: SeenPoint[] = [];
  for (const s of graph.nodes) {
    if (s.kind !== 'SIGHTING' || !ofChild.has(s.id) || !placeOf.has(s.id)) continue;
    const credibility = ofChild.get(s.id)!;
    if (credibility !== null && UNCONFIRMED_CREDIBILITY.includes(credibility)) continue;
    const confidence = s.props.confidence;
    if (typeof confidence === 'number' && confidence < CONFIRMED_MIN_CONFIDENCE) continue;
    if (!Number.isFinite(time(s.props.observedAt))) continue;
    out.push({ basis: 'SIGHTING', at: new Date(time(s.props.observedAt)).toISOString(), place: placeOf.get(s.id)!, sighting: s });
  }
  return out.sort((a, b) => time(a.at) - time(b.at));
}

/** The report's point: its last-seen time (or, when unknown, the report's time to order it by) and place. */
function reportPoint(input: LastSeenInput): SeenPoint {
  const at = input.caseRecord.lastSeenAt;
  // One spelling of an instant in every answer, whichever way it was stored.
  return {
    basis: 'REPORT',
    at: at && Number.isFinite(time(at)) ? new Date(time(at)).toISOString() : at,
    place: input.reportedPlace,
    sighting: null,
  };
}

const orderTime = (p: SeenPoint, input: LastSeenInput) => time(p.at ?? input.caseRecord.reportedAt);

/**
 * Every place the child is known to have been, oldest first: the confirmed
 * sightings and the report's last-seen place (when it names one). What a
 * corridor is drawn along.
 */
export function whereabouts(input: LastSeenInput): SeenPoint[] {
  const points = confirmedSightings(input);
  const report = reportPoint(input);
  if (report.place) points.push(report);
  // On a tie the report stands: a sighting at the reported time is what the report says already.
  return points.sort((a, b) => orderTime(a, input) - orderTime(b, input) || (a.basis === 'REPORT' ? 1 : -1));
}

/**
 * The latest of the report's last-seen and the child's confirmed sightings.
 * A report without a place still counts by its time; with neither a sighting
 * nor a reported time, the answer is the (empty) report.
 */
export function lastSeen(input: LastSeenInput): SeenPoint {
  const report = reportPoint(input);
  const sightings = confirmedSightings(input);
  const latest = sightings[sightings.length - 1];
  if (!latest) return report;
  if (report.at === null && !report.place) return latest;
  return time(latest.at) > orderTime(report, input) ? latest : report;
}
