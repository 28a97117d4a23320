import type { GEdge, GNode } from '../../../lib/graph-types';

export type PathMode = 'SHORTEST' | 'ALL';

export interface GraphPath {
  readonly nodeIds: readonly string[];
  readonly edgeIds: readonly string[];
  readonly length: number;
  readonly grade: string;
  readonly reliability: string;
  readonly credibility: number | null;
  readonly weakestLinkId: string | null;
  readonly stepTimes: readonly string[];
}

export interface PathsResult {
  readonly paths: readonly GraphPath[];
  readonly nodes: readonly GNode[];
  readonly edges: ReadonlyArray<GEdge & { readonly reliability: string | null; readonly credibility: number | null }>;
  readonly truncated: boolean;
  readonly visited: number;
}

export type PathsVariables = {
  fromId: string;
  toId: string;
  mode: PathMode;
  k: number;
  maxLength: number;
  timeRespecting: boolean;
  maxGapHours: number | null;
  minReliability: string | null;
  minCredibility: number | null;
};

export const PATHS = `query Paths($fromId: ID!, $toId: ID!, $mode: PathMode, $k: Int, $maxLength: Int, $timeRespecting: Boolean,
  $maxGapHours: Float, $minReliability: String, $minCredibility: Int) {
  paths(fromId: $fromId, toId: $toId, mode: $mode, k: $k, maxLength: $maxLength, timeRespecting: $timeRespecting,
    maxGapHours: $maxGapHours, minReliability: $minReliability, minCredibility: $minCredibility) {
    paths { nodeIds edgeIds length grade reliability credibility weakestLinkId stepTimes }
    nodes { id kind label role caseIds props }
    edges { id type source target reliability credibility }
    truncated visited
  }
}`;

/** linkEntities with its grades (source reliability A-F, information credibility 1-5), as the link dialog writes it. */
export const LINK_GRADED = `mutation LinkGraded($caseId: ID!, $input: LinkInput!, $provenance: ProvenanceInput) {
  linkEntities(caseId: $caseId, input: $input, provenance: $provenance) { id type source target } }`;
