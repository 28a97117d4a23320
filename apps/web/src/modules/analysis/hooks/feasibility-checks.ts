import { useEffect, useMemo, useState } from 'react';
import { gql } from '../../../lib/graphql';
import { CASE_TRAVEL_CHECKS, type TravelCheck } from '../graphql/feasibility.generated';

export interface TravelChecksState {
  /** Pairs of sightings no one could travel between at the server's default speed. */
  readonly checks: readonly TravelCheck[];
  /** The checks each sighting takes part in. */
  readonly bySighting: ReadonlyMap<string, readonly TravelCheck[]>;
  readonly error: Error | null;
}

/**
 * The case's impossible journeys. Refetched when `version` changes (the caller passes
 * something that changes with the graph, so a new sighting is checked).
 */
export function useTravelChecks(caseId: string, version: unknown = null): TravelChecksState {
  const [checks, setChecks] = useState<readonly TravelCheck[]>([]);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let alive = true;
    gql(CASE_TRAVEL_CHECKS, { caseId }).then(
      (d) => {
        if (!alive) return;
        setChecks(d.caseTravelChecks);
        setError(null);
      },
      (err: unknown) => alive && setError(err instanceof Error ? err : new Error(String(err))),
    );
    return () => {
      alive = false;
    };
  }, [caseId, version]);
  const bySighting = useMemo(() => {
    const m = new Map<string, TravelCheck[]>();
    for (const c of checks) for (const id of [c.fromSightingId, c.toSightingId]) m.set(id, [...(m.get(id) ?? []), c]);
    return m;
  }, [checks]);
  return { checks, bySighting, error };
}
