import type { Core } from 'cytoscape';

/**
 * Cytoscape's canvas renderer draws every element on its own: a path and a
 * stroke per edge, an image copy per node. In Chromium without a GPU that is
 * about 270 ms for 5,000 nodes and 6,000 edges, and it happens on every pan
 * and zoom frame (or, with textureOnViewport, at the start and end of each
 * gesture). For big graphs, where nodes are small plain shapes and edges
 * straight lines, this draws the same picture in a few paths: one per edge
 * colour and width, one per node colour and shape, one per border. Which
 * element goes in which path is worked out when styles change, not on every
 * frame, and what is off screen is left out, so a pan or zoom frame costs a
 * few milliseconds of script plus the browser's rasterising of those paths.
 * Hit testing, events and styles stay Cytoscape's.
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
 * both its ends do. Every style read counts here: a plan makes about 100,000.
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

/** Elements of one look, drawn as one path. */
interface Batch {
  readonly style: string;
  readonly width: number;
  readonly alpha: number;
  readonly dashed: boolean;
  readonly shape: string;
  readonly eles: Ele[];
  /** Per node: the half-size its outline is drawn at. */
  readonly sizes: number[];
}

/**
 * What a frame draws, worked out from the elements' styles: which batch each
 * visible element is in. Positions are read at each frame, so a plan holds
 * while the user pans, zooms or drags, and is made again only when styles,
 * classes or elements change (installBatchRenderer watches for that).
 */
export interface BatchPlan {
  readonly lines: readonly Batch[];
  readonly overlays: readonly Batch[];
  readonly fills: readonly Batch[];
  readonly borders: readonly Batch[];
  readonly labels: readonly Ele[];
}

/** The part of the graph on screen, in graph coordinates (Cytoscape's extent). */
export interface Extent {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

function batchOf(batches: Map<string, Batch>, style: string, width: number, alpha: number, dashed: boolean, shape = ''): Batch {
  const key = `${style}|${width}|${alpha}|${dashed ? 1 : 0}|${shape}`;
  let b = batches.get(key);
  if (!b) batches.set(key, (b = { style, width, alpha, dashed, shape, eles: [], sizes: [] }));
  return b;
}

/**
 * Sorts the visible elements into batches: edges by colour and width, nodes
 * by colour and shape, plus overlays, borders and the few labels big graphs
 * show. Every style read counts here (about 100,000 for 5,000 nodes and
 * 6,000 links), which is why it is done once per style change, not per frame.
 */
export function planBatches(eles: readonly Ele[]): BatchPlan {
  const lines = new Map<string, Batch>();
  const overlays = new Map<string, Batch>();
  const fills = new Map<string, Batch>();
  const borders = new Map<string, Batch>();
  const labels: Ele[] = [];
  for (const ele of eles) {
    if (!visible(ele)) continue;
    const opacity = num(ele, 'opacity');
    if (ele.isEdge()) {
      batchOf(lines, ele.pstyle('line-color').strValue, ele.pstyle('width').pfValue, opacity, false).eles.push(ele);
      continue;
    }
    const n = ele;
    const h = n.pstyle('width').pfValue / 2;
    const shape = n.pstyle('shape').strValue;
    const overlay = num(n, 'overlay-opacity');
    if (overlay > 0) {
      const b = batchOf(overlays, n.pstyle('overlay-color').strValue, 0, overlay, false, 'ellipse');
      b.eles.push(n);
      b.sizes.push(h + n.pstyle('overlay-padding').pfValue);
    }
    const fill = batchOf(fills, n.pstyle('background-color').strValue, 0, opacity, false, shape);
    fill.eles.push(n);
    fill.sizes.push(h);
    const bw = n.pstyle('border-width').pfValue;
    if (bw > 0) {
      const dashed = n.pstyle('border-style').strValue === 'dashed';
      const b = batchOf(borders, n.pstyle('border-color').strValue, bw, opacity, dashed, shape);
      b.eles.push(n);
      // Cytoscape draws borders centred on the outline's inside edge; half a border in keeps the node's size.
      b.sizes.push(Math.max(0, h - bw / 2));
    }
    if (n.pstyle('label').strValue) labels.push(n);
  }
  return { lines: [...lines.values()], overlays: [...overlays.values()], fills: [...fills.values()], borders: [...borders.values()], labels };
}

const EVERYWHERE: Extent = { x1: -Infinity, y1: -Infinity, x2: Infinity, y2: Infinity };

/** One path per batch of node shapes; nodes wholly off screen are left out. */
function drawShapes(ctx: CanvasRenderingContext2D, b: Batch, e: Extent): void {
  ctx.globalAlpha = b.alpha;
  ctx.beginPath();
  const { eles, sizes } = b;
  for (let i = 0; i < eles.length; i++) {
    const { x, y } = eles[i]!._private.position;
    const h = sizes[i]!;
    if (x + h < e.x1 || x - h > e.x2 || y + h < e.y1 || y - h > e.y2) continue;
    shapePath(ctx, b.shape, x, y, h);
  }
}

/** Draws a plan: edges, then node overlays, fills and borders, then labels; what is off screen is skipped. */
export function drawPlan(ctx: CanvasRenderingContext2D, plan: BatchPlan, zoom: number, extent: Extent = EVERYWHERE): void {
  const e = extent;
  ctx.save();
  ctx.lineCap = 'butt';
  for (const b of plan.lines) {
    ctx.globalAlpha = b.alpha;
    ctx.strokeStyle = b.style;
    ctx.lineWidth = b.width;
    ctx.beginPath();
    for (const edge of b.eles) {
      const pts = edge._private.rscratch?.allpts;
      if (!pts || pts.length < 4 || Number.isNaN(pts[0])) continue;
      const ax = pts[0]!;
      const ay = pts[1]!;
      const bx = pts[pts.length - 2]!;
      const by = pts[pts.length - 1]!;
      if ((ax < e.x1 && bx < e.x1) || (ax > e.x2 && bx > e.x2) || (ay < e.y1 && by < e.y1) || (ay > e.y2 && by > e.y2)) continue;
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
    }
    ctx.stroke();
  }
  for (const b of plan.overlays) {
    ctx.fillStyle = b.style;
    drawShapes(ctx, b, e);
    ctx.fill();
  }
  for (const b of plan.fills) {
    ctx.fillStyle = b.style;
    drawShapes(ctx, b, e);
    ctx.fill();
  }
  for (const b of plan.borders) {
    ctx.strokeStyle = b.style;
    ctx.lineWidth = b.width;
    ctx.setLineDash(b.dashed ? [b.width * 2, b.width] : []);
    drawShapes(ctx, b, e);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  drawLabels(ctx, plan.labels, zoom);
  ctx.restore();
}

/** Plans and draws in one go (tests; the renderer keeps its plans between frames). */
export function drawBatched(ctx: CanvasRenderingContext2D, eles: readonly Ele[], zoom: number, extent?: Extent): void {
  drawPlan(ctx, planBatches(eles), zoom, extent);
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
 * Cytoscape events after which a plan may no longer match the elements'
 * styles: a class, selection, data or stylesheet change restyles elements
 * and emits `style`; adding and removing elements also gives Cytoscape new
 * arrays to draw, which have no plan yet.
 */
const RESTYLE_EVENTS = 'style add remove data select unselect';

/** Puts the batched drawing in place of Cytoscape's on this instance; returns a function that puts Cytoscape's back. */
export function installBatchRenderer(cy: Core): () => void {
  const r = (cy as unknown as { renderer(): CanvasRendererInternals }).renderer();
  const saved = { layered: r.drawLayeredElements, cached: r.drawCachedElements, nodes: r.drawCachedNodes };
  // Cytoscape hands each layer the same array frame after frame until the elements or the grabbed ones change.
  let version = 0;
  const plans = new WeakMap<readonly Ele[], { version: number; plan: BatchPlan }>();
  const restyled = () => void version++;
  cy.on(RESTYLE_EVENTS, restyled);
  const draw: DrawFn = (ctx, eles, _pxRatio, extent) => {
    let kept = plans.get(eles);
    if (!kept || kept.version !== version) plans.set(eles, (kept = { version, plan: planBatches(eles) }));
    drawPlan(ctx, kept.plan, cy.zoom(), isExtent(extent) ? extent : undefined);
  };
  r.drawLayeredElements = draw;
  r.drawCachedElements = draw;
  r.drawCachedNodes = draw;
  r.redrawHint('eles', true);
  r.redraw();
  return () => {
    cy.off(RESTYLE_EVENTS, restyled);
    r.drawLayeredElements = saved.layered;
    r.drawCachedElements = saved.cached;
    r.drawCachedNodes = saved.nodes;
  };
}

function isExtent(e: unknown): e is Extent {
  if (typeof e !== 'object' || e === null) return false;
  const { x1, y1, x2, y2 } = e as Record<string, unknown>;
  return [x1, y1, x2, y2].every((v) => typeof v === 'number' && !Number.isNaN(v));
}
