import type { GNode } from '../../../lib/graph-types';

export interface CandidateEntity extends GNode {
  readonly createdBy: string;
  readonly createdAt: string;
  readonly source: string | null;
}

export interface DuplicateCandidateRow {
  readonly entity: CandidateEntity;
  readonly score: number;
  readonly reasons: readonly string[];
}

export interface MergeRow {
  readonly id: string;
  readonly kind: string;
  readonly survivorId: string;
  readonly mergedId: string;
  readonly mergedLabel: string;
  readonly repointedLinks: number;
  readonly droppedLinks: number;
  readonly mergedAt: string;
  readonly undoneAt: string | null;
}

const ENTITY = 'id kind label role caseIds props createdBy createdAt source';
const MERGE = 'id kind survivorId mergedId mergedLabel repointedLinks droppedLinks mergedAt undoneAt';

export const CASE_ENTITIES = `query CaseEntities($caseId: ID!) { caseGraph(caseId: $caseId) { nodes { ${ENTITY} } } }`;
export const DUPLICATE_CANDIDATES = `query DuplicateCandidates($caseId: ID!, $entityId: ID!) {
  duplicateCandidates(caseId: $caseId, entityId: $entityId) { entity { ${ENTITY} } score reasons } }`;
export const MERGES = `query Merges($caseId: ID!) { merges(caseId: $caseId) { ${MERGE} } }`;
export const REJECT_DUPLICATE = `mutation RejectDuplicate($caseId: ID!, $entityId: ID!, $otherId: ID!) { rejectDuplicate(caseId: $caseId, entityId: $entityId, otherId: $otherId) }`;
export const MERGE_ENTITIES = `mutation MergeEntities($caseId: ID!, $survivorId: ID!, $mergedId: ID!) {
  mergeEntities(caseId: $caseId, survivorId: $survivorId, mergedId: $mergedId) { ${MERGE} } }`;
export const UNDO_MERGE = `mutation UndoMerge($caseId: ID!, $id: ID!) { undoMerge(caseId: $caseId, id: $id) { ${MERGE} } }`;
