import type { Core, NodeCollection } from 'cytoscape';

/**
 * Cytoscape's canvas renderer draws every element on its own: a path and a
 * stroke per edge, an image copy per node. In Chromium without a GPU that is
 * about 270 ms for 5,000 nodes and 6,000 edges, and it happens on every pan
 * and zoom frame (or, with textureOnViewport, at the start and end of each
 * gesture). For big graphs, where nodes are small plain shapes and edges
 * straight lines, this draws the same picture in a few paths: one per edge
 * colour and width, one per node colour and shape, one per border, so a frame
 * costs about 7 ms. Hit testing, events and styles stay Cytoscape's.
 *
 * It replaces three drawing methods of the renderer instance (not public API:
 * checked against Cytoscape 3.33; the browser tests and `npm run perf:web`
 * would show a regression). Only for the canvas renderer.
 */

/** A parsed style value as the renderer keeps it (not in Cytoscape's typings). */
interface StyleValue {
  readonly value: unknown;
  readonly strValue: string;
  readonly pfValue: number;
}

/** The parts of an element the renderer hands its drawing methods that are used here. */
interface Ele {
  isEdge(): boolean;
  pstyle(name: string): StyleValue;
  readonly _private: {
    readonly rscratch?: { readonly allpts?: readonly number[] };
    readonly position: { readonly x: number; readonly y: number };
    readonly source?: Ele;
    readonly target?: Ele;
  };
}

type DrawFn = (ctx: CanvasRenderingContext2D, eles: readonly Ele[], pxRatio: number, extent: unknown) => void;

interface CanvasRendererInternals {
  drawLayeredElements: DrawFn;
  drawCachedElements: DrawFn;
  drawCachedNodes: DrawFn;
  redrawHint(kind: string, on: boolean): void;
  redraw(): void;
}

const TAU = Math.PI * 2;
const num = (ele: Ele, name: string): number => Number(ele.pstyle(name).value);
/**
 * Cytoscape's ele.visible() without its compound-parent walk (big graphs have
 * no compound nodes) and without `visibility`, which Homeward's stylesheet
 * never sets (filters hide with `display: none`): an edge shows when it and
 * both its ends do. Every style read counts here: a frame makes about 100,000.
 */
const shown = (ele: Ele): boolean => ele.pstyle('display').value !== 'none';
const visible = (ele: Ele): boolean => {
  if (!shown(ele)) return false;
  const { source, target } = ele._private;
  return !source || !target || (shown(source) && shown(target));
};

/**
 * The outline of a node shape, centred on (x, y), half-size h; close enough to
 * Cytoscape's at the sizes big graphs are drawn. Outlines end where they
 * began instead of closePath(), which Chromium's software rasteriser makes
 * costly on a path of thousands of sub-paths (1.5 s a second of gestures).
 */
function shapePath(ctx: CanvasRenderingContext2D, shape: string, x: number, y: number, h: number): void {
  switch (shape) {
    case 'diamond':
      ctx.moveTo(x, y - h);
      ctx.lineTo(x + h, y);
      ctx.lineTo(x, y + h);
      ctx.lineTo(x - h, y);
      ctx.lineTo(x, y - h);
      return;
    case 'triangle':
    case 'round-triangle':
      ctx.moveTo(x, y - h);
      ctx.lineTo(x + h, y + h);
      ctx.lineTo(x - h, y + h);
      ctx.lineTo(x, y - h);
      return;
    case 'hexagon':
    case 'round-hexagon':
      ctx.moveTo(x - h, y);
      ctx.lineTo(x - h / 2, y - h);
      ctx.lineTo(x + h / 2, y - h);
      ctx.lineTo(x + h, y);
      ctx.lineTo(x + h / 2, y + h);
      ctx.lineTo(x - h / 2, y + h);
      ctx.lineTo(x - h, y);
      return;
    case 'ellipse':
      ctx.moveTo(x + h, y);
      ctx.arc(x, y, h, 0, TAU);
      return;
    default:
      ctx.rect(x - h, y - h, 2 * h, 2 * h);
  }
}

interface Group {
  readonly style: string;
  readonly width: number;
  readonly alpha: number;
  readonly dashed: boolean;
  readonly coords: number[];
}

function groupOf(groups: Map<string, Group>, style: string, width: number, alpha: number, dashed: boolean, extra = ''): Group {
  const key = `${style}|${width}|${alpha}|${dashed ? 1 : 0}|${extra}`;
  let g = groups.get(key);
  if (!g) groups.set(key, (g = { style, width, alpha, dashed, coords: [] }));
  return g;
}

/** Draws edges, then node overlays, fills and borders, then the few labels big graphs show. */
export function drawBatched(ctx: CanvasRenderingContext2D, eles: readonly Ele[], zoom: number): void {
  const lines = new Map<string, Group>();
  const overlays = new Map<string, Group>();
  const fills = new Map<string, Group>();
  const borders = new Map<string, Group>();
  const labels: Ele[] = [];
  for (const ele of eles) {
    if (!visible(ele)) continue;
    const opacity = num(ele, 'opacity');
    if (ele.isEdge()) {
      const pts = ele._private.rscratch?.allpts;
      if (!pts || pts.length < 4 || Number.isNaN(pts[0])) continue;
      const g = groupOf(lines, ele.pstyle('line-color').strValue, ele.pstyle('width').pfValue, opacity, false);
      g.coords.push(pts[0]!, pts[1]!, pts[pts.length - 2]!, pts[pts.length - 1]!);
      continue;
    }
    const n = ele;
    const { x, y } = n._private.position;
    const h = (n.pstyle('width').pfValue) / 2;
    const shape = n.pstyle('shape').strValue;
    const overlay = num(n, 'overlay-opacity');
    if (overlay > 0) {
      groupOf(overlays, n.pstyle('overlay-color').strValue, 0, overlay, false).coords.push(x, y, h + (n.pstyle('overlay-padding').pfValue));
    }
    groupOf(fills, n.pstyle('background-color').strValue, 0, opacity, false, shape).coords.push(x, y, h);
    const bw = n.pstyle('border-width').pfValue;
    if (bw > 0) {
      const dashed = n.pstyle('border-style').strValue === 'dashed';
      groupOf(borders, n.pstyle('border-color').strValue, bw, opacity, dashed, shape).coords.push(x, y, h);
    }
    if (n.pstyle('label').strValue) labels.push(n);
  }

  ctx.save();
  ctx.lineCap = 'butt';
  for (const g of lines.values()) {
    ctx.globalAlpha = g.alpha;
    ctx.strokeStyle = g.style;
    ctx.lineWidth = g.width;
    ctx.beginPath();
    const c = g.coords;
    for (let i = 0; i < c.length; i += 4) {
      ctx.moveTo(c[i]!, c[i + 1]!);
      ctx.lineTo(c[i + 2]!, c[i + 3]!);
    }
    ctx.stroke();
  }
  for (const g of overlays.values()) {
    ctx.globalAlpha = g.alpha;
    ctx.fillStyle = g.style;
    ctx.beginPath();
    const c = g.coords;
    for (let i = 0; i < c.length; i += 3) shapePath(ctx, 'ellipse', c[i]!, c[i + 1]!, c[i + 2]!);
    ctx.fill();
  }
  for (const [key, g] of fills) {
    const shape = key.slice(key.lastIndexOf('|') + 1);
    ctx.globalAlpha = g.alpha;
    ctx.fillStyle = g.style;
    ctx.beginPath();
    const c = g.coords;
    for (let i = 0; i < c.length; i += 3) shapePath(ctx, shape, c[i]!, c[i + 1]!, c[i + 2]!);
    ctx.fill();
  }
  for (const [key, g] of borders) {
    const shape = key.slice(key.lastIndexOf('|') + 1);
    ctx.globalAlpha = g.alpha;
    ctx.strokeStyle = g.style;
    ctx.lineWidth = g.width;
    ctx.setLineDash(g.dashed ? [g.width * 2, g.width] : []);
    ctx.beginPath();
    const c = g.coords;
    // Cytoscape draws borders centred on the outline's inside edge; half a border in keeps the node's size.
    for (let i = 0; i < c.length; i += 3) shapePath(ctx, shape, c[i]!, c[i + 1]!, Math.max(0, c[i + 2]! - g.width / 2));
    ctx.stroke();
  }
  ctx.setLineDash([]);
  drawLabels(ctx, labels, zoom);
  ctx.restore();
}

function drawLabels(ctx: CanvasRenderingContext2D, nodes: readonly Ele[], zoom: number): void {
  for (const n of nodes) {
    const size = n.pstyle('font-size').pfValue;
    // Same rule as Cytoscape's: too small on screen to read is not drawn.
    if (size * zoom < (n.pstyle('min-zoomed-font-size').pfValue)) continue;
    const text = String(n.pstyle('label').strValue);
    const { x, y } = n._private.position;
    const top = y + (n.pstyle('height').pfValue) / 2 + (n.pstyle('text-margin-y').pfValue);
    ctx.globalAlpha = num(n, 'opacity');
    ctx.font = `${size}px ${n.pstyle('font-family').strValue }`;
    const w = ctx.measureText(text).width;
    const bg = num(n, 'text-background-opacity');
    if (bg > 0) {
      ctx.globalAlpha *= bg;
      ctx.fillStyle = n.pstyle('text-background-color').strValue;
      ctx.fillRect(x - w / 2 - 1, top - 1, w + 2, size + 2);
      ctx.globalAlpha = num(n, 'opacity');
    }
    ctx.fillStyle = n.pstyle('color').strValue;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(text, x, top);
  }
}

/**
 * Works out these nodes' bounding boxes now, before the frame that shows them.
 * Cytoscape's hover hit test (run on every mouse move over the graph) asks
 * each interactive node for its bounding box and computes the ones it does
 * not have. Cytoscape's own drawing computes them as it draws; the batch
 * renderer never needs them, so the first mouse move over a freshly drawn big
 * graph computed all 5,000 (100 to 180 ms) and, because computing one marks
 * the node's rendered style stale, made the next frame recompute the rendered
 * style of every node and link (another 150 to 250 ms): the 200 to 400 ms
 * "first press" (measured with a Chromium trace). Called in the task that
 * positioned the nodes, that staleness folds into the recomputation the first
 * frame does anyway, so the first draw pays for the boxes only, once.
 */
export function primeHitTest(nodes: NodeCollection): void {
  if (nodes.nonempty()) nodes.boundingBox();
}

/** Puts the batched drawing in place of Cytoscape's on this instance; returns a function that puts Cytoscape's back. */
export function installBatchRenderer(cy: Core): () => void {
  const r = (cy as unknown as { renderer(): CanvasRendererInternals }).renderer();
  const saved = { layered: r.drawLayeredElements, cached: r.drawCachedElements, nodes: r.drawCachedNodes };
  const draw: DrawFn = (ctx, eles) => drawBatched(ctx, eles, cy.zoom());
  r.drawLayeredElements = draw;
  r.drawCachedElements = draw;
  r.drawCachedNodes = draw;
  r.redrawHint('eles', true);
  r.redraw();
  return () => {
    r.drawLayeredElements = saved.layered;
    r.drawCachedElements = saved.cached;
    r.drawCachedNodes = saved.nodes;
  };
}
