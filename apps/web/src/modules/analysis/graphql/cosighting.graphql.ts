export interface CoSightingRow {
  readonly a: { readonly id: string; readonly kind: string; readonly label: string };
  readonly b: { readonly id: string; readonly kind: string; readonly label: string };
  readonly count: number;
  readonly strength: number;
  readonly sightingIds: readonly string[];
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
}

export const CO_SIGHTINGS = `query CoSightings($caseId: ID, $entityId: ID, $limit: Int) {
  coSightings(caseId: $caseId, entityId: $entityId, limit: $limit) { a { id kind label } b { id kind label } count strength sightingIds firstSeen lastSeen } }`;
