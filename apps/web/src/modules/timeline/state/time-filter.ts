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
