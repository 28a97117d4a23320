import { ENTITY_KIND_NAMES, LINK_TYPE_NAMES } from '@homeward/graph-schema';

/** What the filters let through. An empty set means "all": new kinds and link types show up without a tick. */
export interface GraphFilters {
  readonly kinds: ReadonlySet<string>;
  readonly linkTypes: ReadonlySet<string>;
  /** yyyy-mm-dd from the date inputs, '' for no bound. */
  readonly from: string;
  readonly to: string;
}

export const NO_FILTERS: GraphFilters = { kinds: new Set(), linkTypes: new Set(), from: '', to: '' };

export const FILTER_KINDS = ENTITY_KIND_NAMES;
export const FILTER_LINK_TYPES = LINK_TYPE_NAMES;

/** Ticks or unticks `v`; unticking one from "all" keeps the others, ticking the last one back is "all" again. */
export function toggleIn(set: ReadonlySet<string>, v: string, all: readonly string[]): ReadonlySet<string> {
  const base = set.size === 0 ? new Set(all) : new Set(set);
  if (base.has(v)) base.delete(v);
  else base.add(v);
  return base.size === all.length ? new Set() : base;
}

export const shows = (set: ReadonlySet<string>, v: string) => set.size === 0 || set.has(v);

/** The time window in epoch ms; the end date counts to its last millisecond. */
export function timeWindow(f: GraphFilters): { from: number | null; to: number | null } {
  return { from: f.from ? Date.parse(f.from) : null, to: f.to ? Date.parse(f.to) + 86_399_999 : null };
}
