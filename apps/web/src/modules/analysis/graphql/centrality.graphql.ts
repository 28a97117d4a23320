export type CentralityMeasure = 'DEGREE' | 'BETWEENNESS';

export interface NodeCentralityRow {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly degree: number;
  readonly betweenness: number;
  readonly community: number;
}

export interface CaseCentralityResult {
  readonly nodes: readonly NodeCentralityRow[];
  readonly communities: ReadonlyArray<{ readonly index: number; readonly size: number }>;
  readonly modularity: number;
  readonly exact: boolean;
  readonly hubs: readonly NodeCentralityRow[];
}

const ROW = 'id kind label degree betweenness community';
export const CASE_CENTRALITY = `query CaseCentrality($caseId: ID!, $measure: CentralityMeasure, $top: Int) {
  caseCentrality(caseId: $caseId, measure: $measure, top: $top) { nodes { ${ROW} } communities { index size } modularity exact hubs { ${ROW} } } }`;
