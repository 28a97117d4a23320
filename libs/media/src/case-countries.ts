/**
 * The countries a case concerns: one definition for the case list, the
 * statistics (cross-border or not) and the hotlines a poster and an alert
 * print. Pure: the caller passes only what the reader may see.
 */
import type { Subgraph } from '@homeward/domain';

export interface CaseCountriesInput {
  /** The case's own (lead) country. */
  readonly country: string;
  readonly caseId: string;
  /** Countries of the agencies whose members work the case. */
  readonly agencyCountries: readonly string[];
  /** The case's graph in the reader's scope. */
  readonly graph: Subgraph;
  /** Lead country of each other case the reader may see (an entity shared with one brings its country in). */
  readonly visibleCaseCountries: ReadonlyMap<string, string>;
}

/**
 * The lead country first, then, sorted: the member agencies' countries, the
 * countries of the case's places (where the child lived, was taken, was
 * sighted), and the lead countries of visible cases sharing an entity with it.
 */
export function caseCountries(input: CaseCountriesInput): string[] {
  const lead = input.country.toUpperCase();
  const rest = new Set<string>(input.agencyCountries.map((c) => c.toUpperCase()));
  for (const n of input.graph.nodes) {
    if (n.kind === 'LOCATION' && typeof n.props.country === 'string' && n.props.country) rest.add(n.props.country.toUpperCase());
    for (const other of n.cases) {
      const c = other.caseId !== input.caseId ? input.visibleCaseCountries.get(other.caseId) : undefined;
      if (c) rest.add(c.toUpperCase());
    }
  }
  rest.delete(lead);
  return [lead, ...[...rest].sort()];
}
