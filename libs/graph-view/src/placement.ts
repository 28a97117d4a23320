/*
 * Where entities that join a drawn graph go (expanded neighbours, an entity just added or linked): next to the
 * drawn entities they are linked to, on the side away from the rest of the graph, never on top of a drawn node,
 * and without moving anything already drawn. No layout runs, so the picture the investigator built stays.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface JoiningNode {
  readonly id: string;
  /** Ids of the nodes it is linked to (drawn ones or others joining with it). */
  readonly neighbours: readonly string[];
}

export interface PlaceOptions {
  /** Where a node linked to nothing drawn goes near (the middle of the view). */
  readonly fallback: Point;
  /** Least distance between two node centres. */
  readonly gap: number;
}

/** Directions tried around an anchor for the one with most room. */
const DIRECTIONS = 16;
/** Rings searched around an anchor before giving up on a free spot (each ring one gap further out). */
const MAX_RINGS = 80;

/** A grid of occupied spots with cells one gap wide: a free-spot test looks at nine cells, not every node. */
class Occupancy {
  private readonly cells = new Map<number, Point[]>();
  constructor(private readonly gap: number) {}

  /** A number per cell (cheaper to hash than a string): cells are counted from -2^20 to 2^20 on each axis. */
  private key(cx: number, cy: number): number {
    return (cx + 1_048_576) * 2_097_152 + (cy + 1_048_576);
  }

  add(p: Point): void {
    const k = this.key(Math.floor(p.x / this.gap), Math.floor(p.y / this.gap));
    const list = this.cells.get(k);
    if (list) list.push(p);
    else this.cells.set(k, [p]);
  }

  /** The distance from `p` to the nearest occupied spot, up to `radius` (returned when none is nearer). */
  nearest(p: Point, radius: number): number {
    const reach = Math.ceil(radius / this.gap);
    const cx = Math.floor(p.x / this.gap);
    const cy = Math.floor(p.y / this.gap);
    let best = radius;
    for (let dx = -reach; dx <= reach; dx++) {
      for (let dy = -reach; dy <= reach; dy++) {
        for (const q of this.cells.get(this.key(cx + dx, cy + dy)) ?? []) best = Math.min(best, Math.hypot(q.x - p.x, q.y - p.y));
      }
    }
    return best;
  }

  free(p: Point): boolean {
    const cx = Math.floor(p.x / this.gap);
    const cy = Math.floor(p.y / this.gap);
    const g2 = this.gap * this.gap;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const q of this.cells.get(this.key(cx + dx, cy + dy)) ?? []) {
          const ex = q.x - p.x;
          const ey = q.y - p.y;
          if (ex * ex + ey * ey < g2) return false;
        }
      }
    }
    return true;
  }
}

function hashAngle(seed: string): number {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) | 0;
  return ((h >>> 0) % 360) * (Math.PI / 180);
}

/**
 * The first free spot on rings around `anchor`, starting in direction `angle` and fanning out to both sides: first
 * only on the half facing that way (further out rather than round to the crowded side), then anywhere.
 */
function freeSpotNear(anchor: Point, angle: number, occupied: Occupancy, gap: number): Point {
  for (const maxTurn of [Math.PI / 2 + 1e-9, Math.PI]) {
    for (let ring = 0; ring < MAX_RINGS; ring++) {
      const r = gap * 1.5 + ring * gap;
      const slots = Math.max(6, Math.ceil((2 * Math.PI * r) / gap));
      const step = (2 * Math.PI) / slots;
      for (let j = 0; j < slots; j++) {
        const turn = Math.ceil(j / 2) * (j % 2 === 0 ? -1 : 1);
        if (Math.abs(turn * step) > maxTurn) break;
        const a = angle + turn * step;
        const p = { x: anchor.x + Math.cos(a) * r, y: anchor.y + Math.sin(a) * r };
        if (occupied.free(p)) return p;
      }
    }
  }
  // Everything near is taken (not reached in practice): outside the last ring.
  const r = gap * (MAX_RINGS + 2);
  return { x: anchor.x + Math.cos(angle) * r, y: anchor.y + Math.sin(angle) * r };
}

/**
 * Positions for nodes joining a drawn graph. `fixed` holds every node that keeps its place. A node goes next to
 * the centroid of its placed neighbours (a node whose neighbours are joining too waits for them), away from the
 * middle of the graph, at least `gap` from every other node; one linked to nothing placed goes near the fallback.
 */
export function placeJoining(fixed: ReadonlyMap<string, Point>, joining: readonly JoiningNode[], opts: PlaceOptions): Map<string, Point> {
  const { gap } = opts;
  const occupied = new Occupancy(gap);
  /** The drawn nodes alone: which way is away from an anchor's crowd does not turn with each node placed. */
  const drawnOnly = new Occupancy(gap);
  let sx = 0;
  let sy = 0;
  for (const p of fixed.values()) {
    occupied.add(p);
    drawnOnly.add(p);
    sx += p.x;
    sy += p.y;
  }
  const centre = fixed.size > 0 ? { x: sx / fixed.size, y: sy / fixed.size } : opts.fallback;
  const placed = new Map<string, Point>();
  const at = (id: string) => fixed.get(id) ?? placed.get(id);
  const place = (n: JoiningNode, anchors: Point[]) => {
    const anchor =
      anchors.length > 0
        ? { x: anchors.reduce((s, p) => s + p.x, 0) / anchors.length, y: anchors.reduce((s, p) => s + p.y, 0) / anchors.length }
        : opts.fallback;
    // The roomiest direction around the anchor: of 16, the one whose spot two gaps out is furthest from any drawn
    // node; ties (open space all round) go outwards from the middle of the graph, or a stable direction of its own.
    const dx = anchor.x - centre.x;
    const dy = anchor.y - centre.y;
    const outwards = Math.hypot(dx, dy) > 1 ? Math.atan2(dy, dx) : hashAngle(n.id);
    let angle = outwards;
    let best = -Infinity;
    for (let k = 0; k < DIRECTIONS; k++) {
      const a = outwards + (k * 2 * Math.PI) / DIRECTIONS;
      const probe = { x: anchor.x + Math.cos(a) * 2 * gap, y: anchor.y + Math.sin(a) * 2 * gap };
      const room = drawnOnly.nearest(probe, 3 * gap) + 0.01 * gap * Math.cos(a - outwards);
      if (room > best + 1e-9) {
        best = room;
        angle = a;
      }
    }
    const p = freeSpotNear(anchor, angle, occupied, gap);
    occupied.add(p);
    placed.set(n.id, p);
  };
  let waiting = joining.filter((n) => !fixed.has(n.id));
  while (waiting.length > 0) {
    const next: JoiningNode[] = [];
    for (const n of waiting) {
      const anchors = n.neighbours.map(at).filter((p): p is Point => p !== undefined);
      if (anchors.length > 0) place(n, anchors);
      else next.push(n);
    }
    if (next.length === waiting.length) {
      // Linked to nothing placed: the first goes near the fallback, the others may then follow it.
      place(next[0]!, []);
      waiting = next.slice(1);
    } else waiting = next;
  }
  return placed;
}
