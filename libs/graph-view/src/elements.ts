/**
 * Element diffing between what React wants drawn and what Cytoscape holds.
 * Kept free of Cytoscape and the DOM so it can be tested in plain Node.
 */

export type Scalar = string | number | boolean | null | undefined;

export interface NodeDatum {
  readonly id: string;
  readonly kind: string;
  /** Text drawn under the node (the app composes name and role, translated). */
  readonly display: string;
  readonly [key: string]: Scalar | readonly string[];
}

export interface EdgeDatum {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly type: string;
  readonly [key: string]: Scalar | readonly string[];
}

export type GraphElement =
  | { readonly group: 'nodes'; readonly data: NodeDatum; readonly position?: { x: number; y: number } }
  | { readonly group: 'edges'; readonly data: EdgeDatum };

export interface ElementDiff {
  readonly added: GraphElement[];
  readonly removed: string[];
  /** Same id, same endpoints, other data: updated in place so positions survive. */
  readonly changed: GraphElement[];
}

function sameValue(a: Scalar | readonly string[], b: Scalar | readonly string[]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => v === b[i]);
  }
  return a === b;
}

export function sameData(a: GraphElement['data'], b: GraphElement['data']): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (!sameValue(a[k], b[k])) return false;
  }
  return true;
}

/**
 * Edges whose endpoints are not both present are dropped: Cytoscape throws on
 * them, and a live update may deliver an edge before the node it points to.
 */
export function diffElements(current: ReadonlyMap<string, GraphElement>, next: readonly GraphElement[]): ElementDiff {
  const nodeIds = new Set<string>();
  for (const el of next) if (el.group === 'nodes') nodeIds.add(el.data.id);

  const wanted = new Map<string, GraphElement>();
  for (const el of next) {
    if (el.group === 'edges' && (!nodeIds.has(el.data.source) || !nodeIds.has(el.data.target))) continue;
    wanted.set(el.data.id, el);
  }

  const added: GraphElement[] = [];
  const removed: string[] = [];
  const changed: GraphElement[] = [];

  for (const [id, old] of current) {
    const now = wanted.get(id);
    if (!now || now.group !== old.group) {
      removed.push(id);
      continue;
    }
    if (now.group === 'edges' && old.group === 'edges' && (now.data.source !== old.data.source || now.data.target !== old.data.target)) {
      // Cytoscape cannot re-point an edge in a batch cheaply; replace it.
      removed.push(id);
      added.push(now);
      continue;
    }
    if (now !== old && !sameData(old.data, now.data)) changed.push(now);
  }
  for (const [id, el] of wanted) {
    const old = current.get(id);
    if (!old || old.group !== el.group) added.push(el);
  }
  // Nodes first so that edges added in the same batch find their endpoints.
  added.sort((a, b) => (a.group === b.group ? 0 : a.group === 'nodes' ? -1 : 1));
  return { added, removed, changed };
}

export function indexElements(elements: readonly GraphElement[]): Map<string, GraphElement> {
  const out = new Map<string, GraphElement>();
  for (const el of elements) out.set(el.data.id, el);
  return out;
}

/**
 * Where to put a node that arrives without a layout run (a colleague's
 * change, an expansion): beside its already placed neighbours, so the
 * picture the investigator is reading does not jump.
 */
export function placeNear(
  neighbours: readonly { x: number; y: number }[],
  seed: string,
  fallback: { x: number; y: number },
): { x: number; y: number } {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) | 0;
  const angle = ((h >>> 0) % 360) * (Math.PI / 180);
  const radius = 60 + ((h >>> 8) % 40);
  if (neighbours.length === 0) {
    return { x: fallback.x + Math.cos(angle) * radius * 2, y: fallback.y + Math.sin(angle) * radius * 2 };
  }
  const cx = neighbours.reduce((s, p) => s + p.x, 0) / neighbours.length;
  const cy = neighbours.reduce((s, p) => s + p.y, 0) / neighbours.length;
  return { x: cx + Math.cos(angle) * radius, y: cy + Math.sin(angle) * radius };
}
