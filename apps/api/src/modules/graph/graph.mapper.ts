import type { EntityRecord, LinkRecord, Subgraph as StoreSubgraph } from '@homeward/domain';
import type { GraphEdge, GraphNode, Subgraph } from './graph.types.js';

/** A node as the caller sees it; `role` is the role in `caseId` when given, else in the first visible case. */
export function toNode(e: EntityRecord, caseId?: string | null): GraphNode {
  const inCase = caseId ? e.cases.find((c) => c.caseId === caseId) : e.cases[0];
  return {
    id: e.id,
    kind: e.kind,
    label: e.label,
    role: e.kind === 'PERSON' ? (inCase?.role ?? null) : null,
    caseIds: e.cases.map((c) => c.caseId),
    props: e.props,
    createdBy: e.provenance.createdBy,
    createdAt: e.provenance.createdAt,
    source: e.provenance.source ?? null,
    reliability: e.provenance.reliability ?? null,
    updatedBy: e.provenance.updatedBy ?? null,
    updatedAt: e.provenance.updatedAt ?? null,
  };
}

export function toEdge(l: LinkRecord): GraphEdge {
  return {
    id: l.id,
    type: l.type,
    source: l.source,
    target: l.target,
    caseId: l.caseId,
    createdBy: l.provenance.createdBy,
    createdAt: l.provenance.createdAt,
    reliability: l.provenance.reliability ?? null,
    credibility: l.provenance.credibility ?? null,
  };
}

export function toSubgraph(g: StoreSubgraph, caseId?: string | null): Subgraph {
  return { nodes: g.nodes.map((n) => toNode(n, caseId)), edges: g.edges.map(toEdge) };
}
