import type { EntityKind, LinkType } from '@homeward/graph-schema';

export type Role = 'INVESTIGATOR' | 'ANALYST' | 'SUPERVISOR' | 'ADMIN';
export type Reliability = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** Who added a node or link, when, from which source, how reliable. */
export interface Provenance {
  readonly createdBy: string;
  readonly createdAt: string;
  readonly source?: string | null;
  readonly reliability?: Reliability | null;
  /** Links only: information credibility, 1 (known true) to 5 (suspected false); null when not graded. */
  readonly credibility?: number | null;
  /** Entities only: who last changed it (see ENTITY_CHANGE_PROPS in graph-schema); null until its first change. */
  readonly updatedBy?: string | null;
  /** Entities only: when, with `updatedBy` (null with it). */
  readonly updatedAt?: string | null;
}

export interface Agency {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly kind: 'LAW_ENFORCEMENT' | 'NGO';
}

export interface UserRecord {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly agencyId: string;
  readonly disabled: boolean;
}

export interface CaseRecord {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly category: string;
  readonly status: string;
  readonly riskLevel: string;
  readonly country: string;
  readonly reportedAt: string;
  readonly lastSeenAt: string | null;
  readonly leadAgencyId: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** An entity as a reader in some scope sees it: only the memberships of cases in scope. */
export interface EntityRecord {
  readonly id: string;
  readonly kind: EntityKind;
  readonly label: string;
  readonly props: Record<string, unknown>;
  readonly cases: ReadonlyArray<{ readonly caseId: string; readonly role: string | null }>;
  readonly provenance: Provenance;
}

export interface LinkRecord {
  readonly id: string;
  readonly type: LinkType;
  readonly source: string;
  readonly target: string;
  readonly caseId: string;
  readonly provenance: Provenance;
}

export interface Subgraph {
  readonly nodes: EntityRecord[];
  readonly edges: LinkRecord[];
}
