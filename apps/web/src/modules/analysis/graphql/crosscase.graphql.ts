export interface CrossCaseResult {
  readonly shared: ReadonlyArray<{ readonly entity: { readonly id: string; readonly kind: string; readonly label: string }; readonly otherCaseIds: readonly string[] }>;
  readonly near: ReadonlyArray<{ readonly caseId: string; readonly reference: string; readonly title: string; readonly distance: number; readonly viaEntityIds: readonly string[]; readonly fromEntityIds: readonly string[] }>;
  readonly identifiers: ReadonlyArray<{ readonly entityId: string; readonly entityLabel: string; readonly key: string; readonly other: { readonly id: string; readonly label: string; readonly caseIds: readonly string[] } }>;
  readonly notices: ReadonlyArray<{ readonly entityId: string; readonly entityLabel: string; readonly agencyName: string; readonly reason: 'SAME_ENTITY' | 'SAME_IDENTIFIER' }>;
}

export const CROSS_CASE_LINKS = `query CrossCaseLinks($caseId: ID!, $maxDistance: Int) {
  crossCaseLinks(caseId: $caseId, maxDistance: $maxDistance) {
    shared { entity { id kind label } otherCaseIds }
    near { caseId reference title distance viaEntityIds fromEntityIds }
    identifiers { entityId entityLabel key other { id label caseIds } }
    notices { entityId entityLabel agencyName reason } } }`;
