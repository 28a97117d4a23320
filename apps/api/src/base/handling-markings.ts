/*
 * Handling markings per agency (HANDLING_MARKINGS): the words an agency's rules want on every copy of case material
 * that leaves the system, e.g. "OFFICIAL-SENSITIVE" or "RESERVADO". The graph's PNG export prints the marking of
 * the case's lead agency in its footer (Agency.handlingMarking in GraphQL).
 *
 *   HANDLING_MARKINGS="agy_demo00gt=OFFICIAL-SENSITIVE;agy_demo00mx=RESERVADO;*=OFFICIAL"
 *
 * Entries are `agencyId=marking`, separated by ';'; `*` is the marking of every other agency. Unset: no marking.
 */

export interface HandlingMarkings {
  readonly byAgency: ReadonlyMap<string, string>;
  /** The marking of an agency not listed (`*`), or null. */
  readonly fallback: string | null;
}

/** Letters of any script, digits, spaces and - _ / ( ) : . , — short enough for a footer line. */
const MARKING = /^[\p{L}\p{N} _\-/():.,]{1,60}$/u;
const AGENCY_ID = /^[\w-]{1,100}$/;

/** Parses HANDLING_MARKINGS; a bad entry throws a message naming it and the reason. */
export function parseHandlingMarkings(raw: string | undefined): HandlingMarkings {
  const byAgency = new Map<string, string>();
  let fallback: string | null = null;
  for (const entry of (raw ?? '').split(';')) {
    if (!entry.trim()) continue;
    const eq = entry.indexOf('=');
    if (eq < 0) throw new Error(`"${entry.trim()}" is not agencyId=marking`);
    const agency = entry.slice(0, eq).trim();
    const marking = entry.slice(eq + 1).trim();
    if (agency !== '*' && !AGENCY_ID.test(agency)) throw new Error(`"${agency}" is not an agency id (or * for every other agency)`);
    if (!MARKING.test(marking))
      throw new Error(`the marking for ${agency} must be 1 to 60 letters, digits, spaces or - _ / ( ) : . , (got "${marking}")`);
    if (agency === '*') fallback = marking;
    else byAgency.set(agency, marking);
  }
  return { byAgency, fallback };
}

export function markingOf(markings: HandlingMarkings, agencyId: string): string | null {
  return markings.byAgency.get(agencyId) ?? markings.fallback;
}
