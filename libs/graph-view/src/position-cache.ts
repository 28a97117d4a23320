/**
 * Laid-out positions per case, so a reopened case is drawn where the
 * investigator left it, without running a layout. Only element ids (opaque)
 * and coordinates are stored, never names. Local storage is small (about
 * 5 MB per origin), so only the most recent cases are kept.
 */

const PREFIX = 'homeward.graph-pos.';
const INDEX = 'homeward.graph-pos-index';
const KEEP = 12;

export type Positions = ReadonlyMap<string, { x: number; y: number }>;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Access throws when storage is disabled by policy.
    return null;
  }
}

export function loadPositions(key: string): Positions | null {
  const s = storage();
  const raw = s?.getItem(PREFIX + key);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as { ids?: unknown; xy?: unknown };
    if (!Array.isArray(parsed.ids) || !Array.isArray(parsed.xy) || parsed.xy.length !== parsed.ids.length * 2) return null;
    const out = new Map<string, { x: number; y: number }>();
    parsed.ids.forEach((id, i) => {
      const x = parsed.xy as unknown[];
      if (typeof id === 'string' && typeof x[2 * i] === 'number' && typeof x[2 * i + 1] === 'number') {
        out.set(id, { x: x[2 * i] as number, y: x[2 * i + 1] as number });
      }
    });
    return out;
  } catch {
    return null;
  }
}

export function savePositions(key: string, positions: Positions): void {
  const s = storage();
  if (!s) return;
  const ids: string[] = [];
  const xy: number[] = [];
  for (const [id, p] of positions) {
    ids.push(id);
    // Whole pixels are precise enough and keep the entry a third the size.
    xy.push(Math.round(p.x), Math.round(p.y));
  }
  let index: string[] = [];
  try {
    const parsed: unknown = JSON.parse(s.getItem(INDEX) ?? '[]');
    if (Array.isArray(parsed)) index = parsed.filter((k): k is string => typeof k === 'string');
  } catch {
    index = [];
  }
  index = [key, ...index.filter((k) => k !== key)];
  for (const old of index.slice(KEEP)) s.removeItem(PREFIX + old);
  index = index.slice(0, KEEP);
  try {
    s.setItem(PREFIX + key, JSON.stringify({ ids, xy }));
    s.setItem(INDEX, JSON.stringify(index));
  } catch {
    // Full: the cache is an optimisation, drawing goes on without it.
    s.removeItem(PREFIX + key);
  }
}

/** Enough of the graph is known that drawing the rest beside its neighbours beats a new layout. */
export function coversMost(positions: Positions, nodeIds: readonly string[]): boolean {
  if (nodeIds.length === 0) return false;
  let known = 0;
  for (const id of nodeIds) if (positions.has(id)) known++;
  return known / nodeIds.length >= 0.9;
}
