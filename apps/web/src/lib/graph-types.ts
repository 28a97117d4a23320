// The entities and links of the case graph as the server sends them. Several modules read them
// (graph, analysis, map, timeline), so they live here rather than in one of those modules.
export type JsonProps = Readonly<Record<string, unknown>>;

export interface GNode {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly role: string | null;
  readonly caseIds: readonly string[];
  readonly props?: JsonProps | null;
}

export interface GEdge {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly target: string;
}

export interface Subgraph {
  readonly nodes: readonly GNode[];
  readonly edges: readonly GEdge[];
}
