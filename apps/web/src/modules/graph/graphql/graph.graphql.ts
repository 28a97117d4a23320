import type { GNode } from '../../../lib/graph-types';

export type { GEdge, GNode, JsonProps, Subgraph } from '../../../lib/graph-types';

export interface EntityDetails extends GNode {
  readonly createdBy: string | null;
  readonly createdAt: string | null;
  readonly source: string | null;
  readonly reliability: string | null;
}

const NODE = 'id kind label role caseIds props';
const EDGE = 'id type source target';

export const CASE_GRAPH = `query CaseGraph($caseId: ID!) { caseGraph(caseId: $caseId) { nodes { ${NODE} } edges { ${EDGE} } } }`;
export const GRAPH_CHANGED = `subscription GraphChanged($caseId: ID!) { graphChanged(caseId: $caseId) { caseId kind nodes { ${NODE} } edges { ${EDGE} } } }`;
export const NEIGHBORHOOD = `query Neighborhood($ids: [ID!]!, $depth: Int) { neighborhood(ids: $ids, depth: $depth) { nodes { ${NODE} } edges { ${EDGE} } } }`;
export const SHORTEST_PATH = `query ShortestPath($fromId: ID!, $toId: ID!) { shortestPath(fromId: $fromId, toId: $toId) { nodes { ${NODE} } edges { ${EDGE} } } }`;
export const ENTITY = `query Entity($id: ID!, $caseId: ID) { entity(id: $id, caseId: $caseId) { ${NODE} createdBy createdAt source reliability } }`;
export const ADD_ENTITY = `mutation AddEntity($caseId: ID!, $kind: EntityKind!, $props: JSONObject!, $role: PersonRole) {
  addEntity(caseId: $caseId, kind: $kind, props: $props, role: $role) { ${NODE} } }`;
export const ADD_SIGHTING = `mutation AddSighting($caseId: ID!, $input: SightingInput!) { addSighting(caseId: $caseId, input: $input) { ${NODE} } }`;
export const UPDATE_ENTITY = `mutation UpdateEntity($caseId: ID!, $id: ID!, $props: JSONObject!) { updateEntity(caseId: $caseId, id: $id, props: $props) { ${NODE} } }`;
export const REMOVE_ENTITY = `mutation RemoveEntity($caseId: ID!, $id: ID!) { removeEntity(caseId: $caseId, id: $id) }`;
export const LINK_ENTITIES = `mutation LinkEntities($caseId: ID!, $input: LinkInput!) { linkEntities(caseId: $caseId, input: $input) { ${EDGE} } }`;
export const DELETE_LINK = `mutation DeleteLink($caseId: ID!, $id: ID!) { deleteLink(caseId: $caseId, id: $id) }`;

/** Every export of case content is recorded in the audit trail before it is made. */
export const RECORD_EXPORT = `mutation RecordExport($caseId: ID!, $format: String!) { recordExport(caseId: $caseId, format: $format) }`;
