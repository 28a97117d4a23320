export interface TravelCheck {
  readonly subjectId: string;
  readonly subjectLabel: string;
  readonly fromSightingId: string;
  readonly toSightingId: string;
  readonly fromAt: string;
  readonly toAt: string;
  readonly fromLocationId: string;
  readonly toLocationId: string;
  readonly distanceKm: number;
  readonly hours: number;
  readonly neededKmh: number | null;
  readonly speedKmh: number;
  readonly feasible: boolean;
}

export const CASE_TRAVEL_CHECKS = `query CaseTravelChecks($caseId: ID!, $speedKmh: Float) {
  caseTravelChecks(caseId: $caseId, speedKmh: $speedKmh) {
    subjectId subjectLabel fromSightingId toSightingId fromAt toAt fromLocationId toLocationId distanceKm hours neededKmh speedKmh feasible
  }
}`;
