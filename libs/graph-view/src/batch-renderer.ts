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
 * frame, and what is off screen is left out, so a zoom frame costs a few
 * milliseconds of script plus the browser's rasterising of those paths; a
 * pan frame copies a picture kept from the previous frame (PanCache).
 * Hit testing (see hit-test.ts), events and styles stay Cytoscape's.
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
  /** Cytoscape sets wheelZooming while wheel events come, and redraws 150 ms after the last one. */
  readonly data?: { readonly wheelZooming?: boolean };
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
  return {
    lines: [...lines.values()],
    overlays: [...overlays.values()],
    fills: [...fills.values()],
    borders: [...borders.values()],
    labels,
  };
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
  ctx.save();
  drawShapesOf(ctx, plan, extent);
  drawLabels(ctx, plan.labels, zoom);
  ctx.restore();
}

/** Everything but the labels. */
function drawShapesOf(ctx: CanvasRenderingContext2D, plan: BatchPlan, e: Extent): void {
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
}

/** Where a plan's nodes are, with room for the largest outline, overlay and border. */
function boundsOf(plan: BatchPlan): Extent | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  let pad = 0;
  for (const batches of [plan.overlays, plan.fills, plan.borders]) {
    for (const b of batches) {
      for (let i = 0; i < b.eles.length; i++) {
        const { x, y } = b.eles[i]!._private.position;
        if (x < x1) x1 = x;
        if (x > x2) x2 = x;
        if (y < y1) y1 = y;
        if (y > y2) y2 = y;
        pad = Math.max(pad, b.sizes[i]! + b.width);
      }
    }
  }
  for (const b of plan.lines) pad = Math.max(pad, b.width);
  if (!Number.isFinite(x1)) return null;
  pad += 2;
  return { x1: x1 - pad, y1: y1 - pad, x2: x2 + pad, y2: y2 + pad };
}

/** How much of the graph around the screen a pan cache holds, as a share of the screen on each side. */
const PAN_MARGIN = 0.25;
/** How far a wheel zoom stretches the kept picture (either way) before it is drawn again. */
const MAX_STRETCH = 1.5;
/** Bigger textures than this are not kept (canvas limits, memory). */
const PAN_CACHE_MAX_PX = 4096;

/**
 * The picture of one layer, labels aside, at one zoom over the part of the
 * graph on screen and a margin around it. A frame that only pans copies it
 * into place (1.5 to 2.5 ms for a 1,400 x 900 canvas in Chromium without a
 * GPU) instead of having the browser rasterise some 11,000 shapes again (25
 * to 30 ms, most of a frame). It is made when there is none for what is
 * drawn (the first draw, a restyle, a moved node, a pan past it), or on the
 * second frame at a new zoom, so a zoom that changes on every frame
 * (pinching, an animation) does not make one per frame. A copy lands on whole pixels: a mouse pans by whole pixels,
 * so the picture is the one a direct draw gives (checked pixel for pixel);
 * other pans put it less than half a pixel off until the next redraw.
 *
 * While the wheel turns, frames show the picture stretched to the new zoom
 * (up to 1.5 times either way, then it is drawn again at the zoom reached),
 * slightly soft until Cytoscape's redraw 150 ms after the last wheel event
 * draws it sharp: each wheel frame otherwise rasterised everything again
 * (25 to 35 ms of CPU, the frames still over 50 ms on a busy machine).
 */
class PanCache {
  private canvas: HTMLCanvasElement | null = null;
  private built: {
    readonly plan: BatchPlan;
    readonly moved: number;
    readonly scale: number;
    /** Graph area held, and all of the graph's own bounds. */
    readonly held: Extent;
    readonly graph: Extent;
    /** Device pixel of the texture's corner, and the translation it was drawn at. */
    readonly ox: number;
    readonly oy: number;
    readonly e: number;
    readonly f: number;
  } | null = null;
  private lastScale = NaN;

  /** Draws the plan's shapes into ctx from the texture, making it if needed; false when it cannot help (then draw directly). */
  draw(ctx: CanvasRenderingContext2D, plan: BatchPlan, moved: number, extent: Extent | undefined, wheelZooming: boolean): boolean {
    const m = ctx.getTransform();
    const scale = m.a;
    const sameScale = scale === this.lastScale;
    this.lastScale = scale;
    if (!extent || m.b !== 0 || m.c !== 0 || m.d !== scale || !(scale > 0)) return false;
    let b = this.built;
    const current = b !== null && b.plan === plan && b.moved === moved && covers(b, extent);
    const k = b ? scale / b.scale : NaN;
    if (current && wheelZooming && k !== 1 && k >= 1 / MAX_STRETCH && k <= MAX_STRETCH) {
      // In the middle of a wheel zoom: the kept picture, stretched, until the wheel stops.
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.imageSmoothingEnabled = true;
      const canvas = this.canvas!;
      ctx.drawImage(canvas, m.e + k * (b!.ox - b!.e), m.f + k * (b!.oy - b!.f), canvas.width * k, canvas.height * k);
      ctx.restore();
      return true;
    }
    if (!current || k !== 1) {
      // A kept picture at another zoom is left alone while the zoom keeps changing (pinch, animation).
      if (current && !sameScale && !wheelZooming) return false;
      b = this.build(plan, moved, scale, m.e, m.f, extent);
      if (!b) return false;
    }
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.canvas!, Math.round(b!.ox + m.e - b!.e), Math.round(b!.oy + m.f - b!.f));
    ctx.restore();
    return true;
  }

  private build(plan: BatchPlan, moved: number, scale: number, e: number, f: number, extent: Extent): PanCache['built'] {
    this.built = null;
    const graph = boundsOf(plan);
    if (!graph) return null;
    const mx = (extent.x2 - extent.x1) * PAN_MARGIN;
    const my = (extent.y2 - extent.y1) * PAN_MARGIN;
    const held = {
      x1: Math.max(graph.x1, extent.x1 - mx),
      y1: Math.max(graph.y1, extent.y1 - my),
      x2: Math.min(graph.x2, extent.x2 + mx),
      y2: Math.min(graph.y2, extent.y2 + my),
    };
    if (held.x1 >= held.x2 || held.y1 >= held.y2) return null;
    const ox = Math.floor(e + held.x1 * scale);
    const oy = Math.floor(f + held.y1 * scale);
    const w = Math.ceil(e + held.x2 * scale) - ox;
    const h = Math.ceil(f + held.y2 * scale) - oy;
    if (w > PAN_CACHE_MAX_PX || h > PAN_CACHE_MAX_PX) return null;
    const canvas = (this.canvas ??= document.createElement('canvas'));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const tctx = canvas.getContext('2d');
    if (!tctx) return null;
    tctx.setTransform(1, 0, 0, 1, 0, 0);
    tctx.clearRect(0, 0, w, h);
    tctx.setTransform(scale, 0, 0, scale, e - ox, f - oy);
    tctx.save();
    drawShapesOf(tctx, plan, held);
    tctx.restore();
    return (this.built = { plan, moved, scale, held, graph, ox, oy, e, f });
  }

  release(): void {
    this.built = null;
    if (this.canvas) this.canvas.width = this.canvas.height = 0;
    this.canvas = null;
  }
}

/** Whether the texture holds all of the graph that is on screen. */
function covers(b: { readonly held: Extent; readonly graph: Extent }, extent: Extent): boolean {
  const x1 = Math.max(extent.x1, b.graph.x1);
  const y1 = Math.max(extent.y1, b.graph.y1);
  const x2 = Math.min(extent.x2, b.graph.x2);
  const y2 = Math.min(extent.y2, b.graph.y2);
  if (x1 >= x2 || y1 >= y2) return true;
  return x1 >= b.held.x1 && y1 >= b.held.y1 && x2 <= b.held.x2 && y2 <= b.held.y2;
}

/** Plans and draws in one go (tests; the renderer keeps its plans between frames). */
export function drawBatched(ctx: CanvasRenderingContext2D, eles: readonly Ele[], zoom: number, extent?: Extent): void {
  drawPlan(ctx, planBatches(eles), zoom, extent);
}

function drawLabels(ctx: CanvasRenderingContext2D, nodes: readonly Ele[], zoom: number): void {
  for (const n of nodes) {
    const size = n.pstyle('font-size').pfValue;
    // Same rule as Cytoscape's: too small on screen to read is not drawn.
    if (size * zoom < n.pstyle('min-zoomed-font-size').pfValue) continue;
    const text = String(n.pstyle('label').strValue);
    const { x, y } = n._private.position;
    const top = y + n.pstyle('height').pfValue / 2 + n.pstyle('text-margin-y').pfValue;
    ctx.globalAlpha = num(n, 'opacity');
    ctx.font = `${size}px ${n.pstyle('font-family').strValue}`;
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
export const RESTYLE_EVENTS = 'style add remove data select unselect';

/** Puts the batched drawing in place of Cytoscape's on this instance; returns a function that puts Cytoscape's back. */
export function installBatchRenderer(cy: Core): () => void {
  const r = (cy as unknown as { renderer(): CanvasRendererInternals }).renderer();
  const saved = { layered: r.drawLayeredElements, cached: r.drawCachedElements, nodes: r.drawCachedNodes };
  // Cytoscape hands each layer the same array frame after frame until the elements or the grabbed ones change.
  let version = 0;
  const plans = new WeakMap<readonly Ele[], { version: number; plan: BatchPlan }>();
  const restyled = () => void version++;
  // Any node moved (drag, layout) makes the pan cache's picture stale.
  let moved = 0;
  const onMove = () => void moved++;
  cy.on(RESTYLE_EVENTS, restyled);
  cy.on('position', onMove);
  // Each press and release also gives new arrays with the same elements (Cytoscape re-sorts
  // them into the drag layer and the rest): the last few plans are checked for that.
  let recent: { eles: readonly Ele[]; version: number; plan: BatchPlan }[] = [];
  const planFor = (eles: readonly Ele[]): BatchPlan => {
    const kept = plans.get(eles);
    if (kept && kept.version === version) return kept.plan;
    const same = recent.find((k) => k.version === version && sameElements(k.eles, eles));
    const plan = same?.plan ?? planBatches(eles);
    plans.set(eles, { version, plan });
    recent = [{ eles, version, plan }, ...recent.filter((k) => k !== same && k.version === version)].slice(0, 4);
    return plan;
  };
  const draw: DrawFn = (ctx, eles, _pxRatio, extent) => drawPlan(ctx, planFor(eles), cy.zoom(), isExtent(extent) ? extent : undefined);
  // The main layer (all but the elements being dragged) pans from a cache.
  const pan = new PanCache();
  const drawLayered: DrawFn = (ctx, eles, _pxRatio, extent) => {
    const plan = planFor(eles);
    const e = isExtent(extent) ? extent : undefined;
    if (!pan.draw(ctx, plan, moved, e, r.data?.wheelZooming === true)) {
      drawPlan(ctx, plan, cy.zoom(), e);
      return;
    }
    ctx.save();
    drawLabels(ctx, plan.labels, cy.zoom());
    ctx.restore();
  };
  r.drawLayeredElements = drawLayered;
  r.drawCachedElements = draw;
  r.drawCachedNodes = draw;
  r.redrawHint('eles', true);
  r.redraw();
  return () => {
    cy.off(RESTYLE_EVENTS, restyled);
    cy.off('position', onMove);
    pan.release();
    r.drawLayeredElements = saved.layered;
    r.drawCachedElements = saved.cached;
    r.drawCachedNodes = saved.nodes;
  };
}

function sameElements(a: readonly Ele[], b: readonly Ele[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isExtent(e: unknown): e is Extent {
  if (typeof e !== 'object' || e === null) return false;
  const { x1, y1, x2, y2 } = e as Record<string, unknown>;
  return [x1, y1, x2, y2].every((v) => typeof v === 'number' && !Number.isNaN(v));
}
