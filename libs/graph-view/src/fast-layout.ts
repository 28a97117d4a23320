/**
 * A layout for graphs too big for fCoSE to place while the investigator
 * waits (fCoSE takes seconds from a few hundred nodes up on a slow machine).
 * A radial tree around the most important node of each connected part gives
 * a readable, overlap-free start in linear time; a few rounds of forces
 * with grid-limited repulsion then pull cross-linked nodes together.
 * Deterministic: the same graph is drawn the same way every time, so a
 * reopened case looks like the last time.
 * Free of Cytoscape and the DOM so it can run in tests and in a worker.
 */

export interface FastLayoutInput {
  readonly ids: readonly string[];
  /** Index pairs into `ids`. */
  readonly edges: readonly (readonly [number, number])[];
  /** Per node, higher goes in the middle of its part (the child, then suspects…); ties go to the most linked. */
  readonly rank?: readonly number[];
  /** Distance between linked nodes. */
  readonly edgeLength?: number;
  /** Rounds of force refinement; 0 keeps the radial tree as it is. */
  readonly iterations?: number;
}

export interface FastLayoutResult {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

function adjacency(n: number, edges: FastLayoutInput['edges']): { start: Int32Array; list: Int32Array } {
  const deg = new Int32Array(n + 1);
  for (const [a, b] of edges) {
    if (a === b) continue;
    deg[a]!++;
    deg[b]!++;
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + deg[i]!;
  const fill = start.slice(0, n);
  const list = new Int32Array(start[n]!);
  for (const [a, b] of edges) {
    if (a === b) continue;
    list[fill[a]!++] = b;
    list[fill[b]!++] = a;
  }
  return { start, list };
}

/** Small stable per-node offset so that nodes never sit exactly on top of each other. */
function jitter(i: number): number {
  let h = (i + 1) * 2654435761;
  h ^= h >>> 15;
  return ((h >>> 0) % 1000) / 1000 - 0.5;
}

export function fastLayout(input: FastLayoutInput): FastLayoutResult {
  const n = input.ids.length;
  const L = input.edgeLength ?? 80;
  const LONE = L * 0.5;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  if (n === 0) return { x, y };
  const { start, list } = adjacency(n, input.edges);
  const degree = (i: number) => start[i + 1]! - start[i]!;
  const rank = input.rank;

  // Roots: the highest ranked, then the most linked node, of each connected part.
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (rank?.[b] ?? 0) - (rank?.[a] ?? 0) || degree(b) - degree(a) || a - b);

  const parent = new Int32Array(n).fill(-2);
  const depth = new Int32Array(n);
  const bfs = new Int32Array(n);
  const parts: { from: number; to: number }[] = [];
  let tail = 0;
  for (const root of order) {
    if (parent[root] !== -2) continue;
    const from = tail;
    parent[root] = -1;
    bfs[tail++] = root;
    for (let head = from; head < tail; head++) {
      const v = bfs[head]!;
      for (let k = start[v]!; k < start[v + 1]!; k++) {
        const w = list[k]!;
        if (parent[w] !== -2) continue;
        parent[w] = v;
        depth[w] = depth[v]! + 1;
        bfs[tail++] = w;
      }
    }
    parts.push({ from, to: tail });
  }

  // Radial tree: each subtree gets an angle in proportion to its leaves.
  // Children come after their parent in BFS order, so walking it backwards
  // finishes every subtree before its root; a node still at 0 is a leaf.
  const leaves = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const v = bfs[i]!;
    if (leaves[v] === 0) leaves[v] = 1;
    const p = parent[v]!;
    if (p >= 0) leaves[p]! += leaves[v]!;
  }
  const angleFrom = new Float64Array(n);
  const angleSpan = new Float64Array(n);
  const cursor = new Float64Array(n);
  const boxes: { part: { from: number; to: number }; r: number }[] = [];
  for (const part of parts) {
    const perDepth: number[] = [];
    for (let i = part.from; i < part.to; i++) {
      const d = depth[bfs[i]!]!;
      perDepth[d] = (perDepth[d] ?? 0) + 1;
    }
    // Each depth gets a band whose area holds its nodes about 0.6 L apart;
    // a single ring per depth would, on a hub with thousands of leaves, be
    // so long that the whole graph fits the screen only as a thin circle.
    const spacing = L * 0.6;
    const inner: number[] = [0];
    const outer: number[] = [0];
    let cumulative = perDepth[0] ?? 1;
    for (let d = 1; d < perDepth.length; d++) {
      cumulative += perDepth[d] ?? 0;
      inner[d] = outer[d - 1]! + L * (d === 1 ? 1 : 0.5);
      outer[d] = Math.max(inner[d]! + L * 0.5, Math.sqrt((cumulative * spacing * spacing) / Math.PI));
    }
    const seenAtDepth: number[] = [];
    const root = bfs[part.from]!;
    angleFrom[root] = 0;
    angleSpan[root] = 2 * Math.PI;
    for (let i = part.from; i < part.to; i++) {
      const v = bfs[i]!;
      const p = parent[v]!;
      if (p >= 0) {
        angleSpan[v] = (angleSpan[p]! * leaves[v]!) / leaves[p]!;
        angleFrom[v] = angleFrom[p]! + cursor[p]!;
        cursor[p]! += angleSpan[v]!;
      }
      const a = angleFrom[v]! + angleSpan[v]! / 2;
      const d = depth[v]!;
      const k = (seenAtDepth[d] = (seenAtDepth[d] ?? 0) + 1);
      // Golden-ratio steps through the band: neighbours in angle land at different radii.
      const r = d === 0 ? 0 : inner[d]! + (outer[d]! - inner[d]!) * ((k * 0.6180339887) % 1);
      x[v] = r * Math.cos(a);
      y[v] = r * Math.sin(a);
    }
    // An entity linked to nothing needs only room for itself: lone ones are packed about half a link apart.
    boxes.push({ part, r: part.to - part.from === 1 ? LONE / 2 : outer[outer.length - 1]! + L / 2 });
  }

  // Every part's tree is centred on the origin: set them apart before the forces, or they push one
  // another (a thousand unlinked entities, all at the origin, blew up to thousands of units).
  let offset = 0;
  for (const { part, r } of boxes) {
    for (let i = part.from; i < part.to; i++) x[bfs[i]!]! += offset + r;
    offset += 2 * r + L * 2;
  }

  refine(input.iterations ?? (n > 2000 ? 15 : 40), x, y, start, list, L);

  // Parts side by side in rows, biggest first, so the main one is top left where the eye starts.
  const rowWidth = Math.max(boxes[0]!.r * 2, Math.sqrt(boxes.reduce((s, b) => s + 4 * b.r * b.r, 0)) * 1.2);
  let cx = 0;
  let cy = 0;
  let rowHeight = 0;
  for (const { part } of boxes) {
    let x1 = Infinity;
    let x2 = -Infinity;
    let y1 = Infinity;
    let y2 = -Infinity;
    for (let i = part.from; i < part.to; i++) {
      const v = bfs[i]!;
      x1 = Math.min(x1, x[v]!);
      x2 = Math.max(x2, x[v]!);
      y1 = Math.min(y1, y[v]!);
      y2 = Math.max(y2, y[v]!);
    }
    const pad = part.to - part.from === 1 ? LONE : L;
    const w = x2 - x1 + pad;
    const h = y2 - y1 + pad;
    if (cx > 0 && cx + w > rowWidth) {
      cx = 0;
      cy += rowHeight;
      rowHeight = 0;
    }
    for (let i = part.from; i < part.to; i++) {
      const v = bfs[i]!;
      x[v] = x[v]! - x1 + cx;
      y[v] = y[v]! - y1 + cy;
    }
    cx += w;
    rowHeight = Math.max(rowHeight, h);
  }
  return { x, y };
}

/** Above this many grid cells in the graph's bounding box, the cells are kept by key instead (far-flung nodes). */
const MAX_CELLS = 1 << 20;

/**
 * Springs on links, repulsion only between nodes in neighbouring grid
 * cells: linear per round instead of quadratic, which is what lets this run
 * on thousands of nodes in a frame or two.
 */
function refine(rounds: number, x: Float64Array, y: Float64Array, start: Int32Array, list: Int32Array, L: number): void {
  const n = x.length;
  if (rounds <= 0 || n < 3) return;
  const cell = L * 1.5;
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  const next = new Int32Array(n);
  const cellX = new Float64Array(n);
  const cellY = new Float64Array(n);
  let head = new Int32Array(0);
  const repulse = L * L * 0.6;
  const repel = (i: number, j: number) => {
    let ddx = x[i]! - x[j]!;
    let ddy = y[i]! - y[j]!;
    let d2 = ddx * ddx + ddy * ddy;
    if (d2 > cell * cell) return;
    if (d2 < 1e-6) {
      ddx = jitter(i);
      ddy = jitter(j);
      d2 = ddx * ddx + ddy * ddy + 1e-6;
    }
    const f = repulse / d2;
    dx[i]! += ddx * f;
    dy[i]! += ddy * f;
    dx[j]! -= ddx * f;
    dy[j]! -= ddy * f;
  };
  const pull = (i: number) => {
    for (let k = start[i]!; k < start[i + 1]!; k++) {
      const j = list[k]!;
      if (j <= i) continue;
      const ddx = x[j]! - x[i]!;
      const ddy = y[j]! - y[i]!;
      const d = Math.sqrt(ddx * ddx + ddy * ddy) + 1e-6;
      const f = (d - L) / d / 2;
      dx[i]! += ddx * f;
      dy[i]! += ddy * f;
      dx[j]! -= ddx * f;
      dy[j]! -= ddy * f;
    }
  };
  for (let round = 0; round < rounds; round++) {
    const heat = L * 0.5 * (1 - round / rounds) + 1;
    dx.fill(0);
    dy.fill(0);
    // Nodes by grid cell: a list per cell through `next`, the lists' heads in a typed array over the cells of
    // the graph's bounding box (a Map of cells cost more than the forces). Same cells, same order as by key.
    let gx1 = Infinity;
    let gy1 = Infinity;
    let gx2 = -Infinity;
    let gy2 = -Infinity;
    for (let i = 0; i < n; i++) {
      const gx = (cellX[i] = Math.floor(x[i]! / cell));
      const gy = (cellY[i] = Math.floor(y[i]! / cell));
      if (gx < gx1) gx1 = gx;
      if (gx > gx2) gx2 = gx;
      if (gy < gy1) gy1 = gy;
      if (gy > gy2) gy2 = gy;
    }
    const cols = gx2 - gx1 + 1;
    const rows = gy2 - gy1 + 1;
    if (cols * rows <= MAX_CELLS) {
      if (cols * rows > head.length) head = new Int32Array(cols * rows);
      head.fill(-1, 0, cols * rows);
      for (let i = 0; i < n; i++) {
        const c = (cellX[i]! - gx1) * rows + (cellY[i]! - gy1);
        next[i] = head[c]!;
        head[c] = i;
      }
      for (let i = 0; i < n; i++) {
        const cx = cellX[i]! - gx1;
        const cy = cellY[i]! - gy1;
        for (let ox = -1; ox <= 1; ox++) {
          if (cx + ox < 0 || cx + ox >= cols) continue;
          for (let oy = -1; oy <= 1; oy++) {
            if (cy + oy < 0 || cy + oy >= rows) continue;
            for (let j = head[(cx + ox) * rows + cy + oy]!; j >= 0; j = next[j]!) if (j > i) repel(i, j);
          }
        }
        pull(i);
      }
    } else {
      const grid = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const key = cellX[i]! * 65536 + cellY[i]!;
        next[i] = grid.get(key) ?? -1;
        grid.set(key, i);
      }
      for (let i = 0; i < n; i++) {
        for (let ox = -1; ox <= 1; ox++) {
          for (let oy = -1; oy <= 1; oy++) {
            for (let j = grid.get((cellX[i]! + ox) * 65536 + cellY[i]! + oy) ?? -1; j >= 0; j = next[j]!) if (j > i) repel(i, j);
          }
        }
        pull(i);
      }
    }
    for (let i = 0; i < n; i++) {
      const d = Math.sqrt(dx[i]! * dx[i]! + dy[i]! * dy[i]!);
      if (d === 0) continue;
      const step = Math.min(d, heat) / d;
      x[i]! += dx[i]! * step;
      y[i]! += dy[i]! * step;
    }
  }
}
