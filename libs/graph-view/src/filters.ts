import type { GraphElement } from './elements';

export interface GraphFilter {
  /** Kinds to show; empty means all. */
  readonly kinds: ReadonlySet<string>;
  /** Link types to show; empty means all. */
  readonly linkTypes: ReadonlySet<string>;
  /** Epoch milliseconds; nodes with a `time` outside are hidden, nodes without one stay. */
  readonly from?: number | null;
  readonly to?: number | null;
  /** Ids the user hid by hand. */
  readonly hidden: ReadonlySet<string>;
}

export const EMPTY_FILTER: GraphFilter = { kinds: new Set(), linkTypes: new Set(), hidden: new Set() };

/** The ids to hide; an edge goes when either end goes, as a dangling line means nothing. */
export function hiddenIds(elements: readonly GraphElement[], filter: GraphFilter): Set<string> {
  const out = new Set<string>();
  for (const el of elements) {
    if (el.group !== 'nodes') continue;
    const d = el.data;
    const time = typeof d['time'] === 'number' ? d['time'] : null;
    if (
      filter.hidden.has(d.id) ||
      (filter.kinds.size > 0 && !filter.kinds.has(d.kind)) ||
      (time !== null && filter.from != null && time < filter.from) ||
      (time !== null && filter.to != null && time > filter.to)
    ) {
      out.add(d.id);
    }
  }
  for (const el of elements) {
    if (el.group !== 'edges') continue;
    const d = el.data;
    if (filter.hidden.has(d.id) || out.has(d.source) || out.has(d.target) || (filter.linkTypes.size > 0 && !filter.linkTypes.has(d.type))) {
      out.add(d.id);
    }
  }
  return out;
}
