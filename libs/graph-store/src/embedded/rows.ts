import type { EntityKind, LinkType } from '@homeward/graph-schema';
import type { EntityRecord, LinkRecord } from '@homeward/domain';

/*
 * The embedded graph store's rows as SQLite returns them, and their mapping to
 * the port's records. Kept apart from the store so that statements, writes,
 * traversal and search read the same shapes.
 */

export interface EntityRow {
  rid: number;
  id: string;
  kind: EntityKind;
  label: string;
  props: string;
  created_by: string;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
  source: string | null;
  reliability: string | null;
}
export interface LinkRow {
  rid: number;
  id: string;
  type: LinkType;
  src: number;
  dst: number;
  case_rid: number;
  src_id: string;
  dst_id: string;
  case_id: string;
  created_by: string;
  created_at: string;
  source: string | null;
  reliability: string | null;
  credibility: number | null;
}
/** A link row without its ends' text ids: the caller already holds them (no join per link). */
export type BareLinkRow = Omit<LinkRow, 'src_id' | 'dst_id' | 'case_id'>;

/*
 * Rows as arrays (better-sqlite3's raw mode), for the reads that return hundreds of rows per request:
 * building a row object with named keys in the driver cost twice what the read itself did (2.7 ms
 * against 1.5 ms for the ~370 links of a depth-2 neighbourhood); a literal built here is cheap.
 */
export const ENTITY_COLUMNS = 'rid, id, kind, label, props, created_by, created_at, updated_by, updated_at, source, reliability';
export type EntityTuple = [number, string, EntityKind, string, string, string, string, string | null, string, string | null, string | null];
export const entityRow = (t: EntityTuple): EntityRow => ({
  rid: t[0],
  id: t[1],
  kind: t[2],
  label: t[3],
  props: t[4],
  created_by: t[5],
  created_at: t[6],
  updated_by: t[7],
  updated_at: t[8],
  source: t[9],
  reliability: t[10],
});

/**
 * An entity's provenance from its row. The last change is reported only with its author: updated_at
 * is also set at creation (and by changes made before updated_by existed), which names no one.
 */
export const entityProvenance = (
  r: Pick<EntityRow, 'created_by' | 'created_at' | 'updated_by' | 'updated_at' | 'source' | 'reliability'>,
): EntityRecord['provenance'] => ({
  createdBy: r.created_by,
  createdAt: r.created_at,
  source: r.source,
  reliability: r.reliability as EntityRecord['provenance']['reliability'],
  updatedBy: r.updated_by,
  updatedAt: r.updated_by === null ? null : r.updated_at,
});
export const LINK_COLUMNS = 'rid, id, type, src, dst, case_rid, created_by, created_at, source, reliability, credibility';
export type LinkTuple = [number, string, LinkType, number, number, number, string, string, string | null, string | null, number | null];
export const linkRow = (t: LinkTuple): BareLinkRow => ({
  rid: t[0],
  id: t[1],
  type: t[2],
  src: t[3],
  dst: t[4],
  case_rid: t[5],
  created_by: t[6],
  created_at: t[7],
  source: t[8],
  reliability: t[9],
  credibility: t[10],
});
export type MembershipTuple = [number, number, string | null];

/** A link's provenance from any row that carries its provenance columns. */
export const linkProvenance = (
  r: Pick<LinkRow, 'created_by' | 'created_at' | 'source' | 'reliability' | 'credibility'>,
): LinkRecord['provenance'] => ({
  createdBy: r.created_by,
  createdAt: r.created_at,
  source: r.source,
  reliability: r.reliability as LinkRecord['provenance']['reliability'],
  credibility: r.credibility,
});
export type AdjacentTuple = [number, number, number, LinkType];

export interface StepRow {
  id: string;
  type: LinkType;
  case_rid: number;
  created_by: string;
  created_at: string;
  source: string | null;
  reliability: string | null;
  credibility: number | null;
  other_id: string;
  other_kind: EntityKind;
  observed_at: string | null;
}

export interface LightRow {
  rid: number;
  kind: string;
  label: string;
}

export interface CachedCaseGraph {
  readonly nodes: ReadonlyArray<{
    readonly record: Omit<EntityRecord, 'cases'>;
    readonly memberships: ReadonlyArray<{ caseRid: number; role: string | null }>;
  }>;
  readonly edges: LinkRecord[];
}
