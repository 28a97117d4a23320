import { useSyncExternalStore } from 'react';

/**
 * A time window set on the timeline's axis and followed by the map (issue 18: "a time filter shared with
 * the timeline"). Per case, for the browser tab's session (sessionStorage), so that it survives switching
 * tabs of the case and a reload, and is gone with the session.
 */
export interface TimeFilter {
  readonly start: number;
  readonly end: number;
}

const KEY = (caseId: string) => `homeward.timeFilter.${caseId}`;
const listeners = new Set<() => void>();
const cache = new Map<string, TimeFilter | null>();

export function getTimeFilter(caseId: string): TimeFilter | null {
  if (!cache.has(caseId)) {
    let v: TimeFilter | null = null;
    try {
      const raw = sessionStorage.getItem(KEY(caseId));
      const p = raw ? (JSON.parse(raw) as TimeFilter) : null;
      v = p && Number.isFinite(p.start) && Number.isFinite(p.end) && p.start < p.end ? { start: p.start, end: p.end } : null;
    } catch {
      v = null;
    }
    cache.set(caseId, v);
  }
  return cache.get(caseId) ?? null;
}

export function setTimeFilter(caseId: string, f: TimeFilter | null): void {
  cache.set(caseId, f);
  if (f) sessionStorage.setItem(KEY(caseId), JSON.stringify(f));
  else sessionStorage.removeItem(KEY(caseId));
  for (const l of listeners) l();
}

export function useTimeFilter(caseId: string): TimeFilter | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => getTimeFilter(caseId),
  );
}

/** Whether an instant (ISO) is inside the filter; everything is when there is none. */
export function inFilter(f: TimeFilter | null, iso: unknown): boolean {
  if (!f) return true;
  const ms = typeof iso === 'string' ? Date.parse(iso) : NaN;
  return !Number.isNaN(ms) && ms >= f.start && ms <= f.end;
}

/** An open or closed time window in ms (the graph's filter shape: null is "no bound"). */
export interface TimeWindow {
  readonly from: number | null;
  readonly to: number | null;
}

/** The shared filter as a window; no filter is no bound. */
export function windowOf(f: TimeFilter | null): TimeWindow {
  return f ? { from: f.start, to: f.end } : { from: null, to: null };
}

/** Both windows at once (the graph's own dates and the shared filter): the later start, the earlier end. */
export function narrowest(a: TimeWindow, b: TimeWindow): TimeWindow {
  const pick = (x: number | null, y: number | null, f: (p: number, q: number) => number) => (x === null ? y : y === null ? x : f(x, y));
  return { from: pick(a.from, b.from, Math.max), to: pick(a.to, b.to, Math.min) };
}

interface FilterableGraph<N, E> {
  readonly nodes: readonly N[];
  readonly edges: readonly E[];
}

/** A graph without the sightings outside the filter (and their links); places and people stay. */
export function withoutSightingsOutside<
  N extends { readonly id: string; readonly kind: string; readonly props?: Record<string, unknown> | null },
  E extends { readonly source: string; readonly target: string },
  G extends FilterableGraph<N, E>,
>(g: G, f: TimeFilter | null): G {
  if (!f) return g;
  const out = new Set(g.nodes.filter((n) => n.kind === 'SIGHTING' && !inFilter(f, n.props?.['observedAt'])).map((n) => n.id));
  if (out.size === 0) return g;
  return { ...g, nodes: g.nodes.filter((n) => !out.has(n.id)), edges: g.edges.filter((e) => !out.has(e.source) && !out.has(e.target)) };
}
