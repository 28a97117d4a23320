import { afterEach, describe, expect, it, vi } from 'vitest';
import { drawBatched, installBatchRenderer } from './batch-renderer';

type Styles = Record<string, string | number>;
const DEFAULTS: Styles = {
  display: 'element',
  opacity: 1,
  'overlay-opacity': 0,
  'border-width': 0,
  label: '',
  width: 16,
  height: 16,
  shape: 'ellipse',
  'background-color': 'blue',
  'line-color': 'grey',
};

interface Priv {
  readonly position: { readonly x: number; readonly y: number };
  readonly [k: string]: unknown;
}

function ele(kind: 'node' | 'edge', styles: Styles, priv: Priv) {
  const all = { ...DEFAULTS, ...styles };
  return {
    isEdge: () => kind === 'edge',
    pstyle: (name: string) => {
      const v = all[name] ?? 0;
      return { value: v, strValue: String(v), pfValue: typeof v === 'number' ? v : Number.parseFloat(v) || 0 };
    },
    _private: priv,
  };
}
const node = (x: number, y: number, styles: Styles = {}) => ele('node', styles, { position: { x, y } });
const edge = (a: ReturnType<typeof node>, b: ReturnType<typeof node>, styles: Styles = {}) =>
  ele(
    'edge',
    { width: 1, ...styles },
    {
      position: { x: 0, y: 0 },
      source: a,
      target: b,
      rscratch: { allpts: [a._private.position.x, a._private.position.y, b._private.position.x, b._private.position.y] },
    },
  );

/** A 2D context that records what is drawn. */
function recorder(transform = { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 }) {
  const calls: Array<[string, unknown[]]> = [];
  const state: Record<string, unknown> = { getTransform: () => ({ ...transform }) };
  const ctx = new Proxy(state, {
    get: (_t, k: string) =>
      k in state ? state[k] : (...args: unknown[]) => (calls.push([k, args]), k === 'measureText' ? { width: 10 } : undefined),
    set: (_t, k: string, v) => {
      state[k] = v;
      calls.push([`set ${k}`, [v]]);
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls, count: (name: string) => calls.filter(([k]) => k === name).length };
}

describe('drawBatched', () => {
  it('strokes all edges of one colour and width as one path, and skips hidden ones and those of hidden nodes', () => {
    const a = node(0, 0);
    const b = node(10, 0);
    const c = node(20, 0, { display: 'none' });
    const d = node(30, 0);
    const r = recorder();
    drawBatched(r.ctx, [edge(a, b), edge(b, d), edge(a, d), edge(b, c), edge(a, b, { display: 'none' }), a, b, c, d] as never, 1);
    expect(r.count('stroke')).toBe(1);
    // 3 visible edges, then 3 visible nodes (circles start with a moveTo each).
    expect(r.count('lineTo')).toBe(3);
    expect(r.count('arc')).toBe(3);
    expect(r.count('fill')).toBe(1);
  });

  it('groups by colour and shape, draws overlays, dashed borders and only readable labels', () => {
    const r = recorder();
    const plain = node(0, 0);
    const red = node(5, 5, { 'background-color': 'red', shape: 'diamond' });
    const selected = node(9, 9, {
      'overlay-opacity': 0.25,
      'overlay-color': 'blue',
      'overlay-padding': 8,
      label: 'Ana',
      'font-size': 11,
      'min-zoomed-font-size': 10,
      'text-background-opacity': 0.8,
    });
    const external = node(3, 3, { 'border-width': 3, 'border-style': 'dashed', 'border-color': 'slate' });
    drawBatched(r.ctx, [plain, red, selected, external] as never, 1);
    // Overlay + blue circles + red diamond: three fills; the border one stroke.
    expect(r.count('fill')).toBe(3);
    expect(r.count('stroke')).toBe(1);
    expect(r.calls.some(([k, args]) => k === 'setLineDash' && (args[0] as number[]).length === 2)).toBe(true);
    expect(r.calls.filter(([k]) => k === 'fillText').map(([, args]) => args[0])).toEqual(['Ana']);
    // Zoomed out so that 11 px text would be 5.5 px on screen: no label.
    const far = recorder();
    drawBatched(far.ctx, [selected] as never, 0.5);
    expect(far.count('fillText')).toBe(0);
  });
});

describe('drawPlan', () => {
  it('leaves out nodes and edges wholly outside the extent', () => {
    const a = node(0, 0);
    const b = node(10, 0);
    const far = node(500, 500);
    const r = recorder();
    // a–b is on screen, a–far crosses it, far–far2 is off it.
    const far2 = node(600, 500);
    drawBatched(r.ctx, [edge(a, b), edge(a, far), edge(far, far2), a, b, far, far2] as never, 1, { x1: -20, y1: -20, x2: 100, y2: 100 });
    expect(r.count('lineTo')).toBe(2);
    expect(r.count('arc')).toBe(2);
  });
});

type DrawFn = (ctx: CanvasRenderingContext2D, eles: unknown[], px: number, extent: unknown) => void;

describe('installBatchRenderer', () => {
  afterEach(() => vi.unstubAllGlobals());

  function fakeCy() {
    const handlers: Array<[string, () => void]> = [];
    const renderer = {
      drawLayeredElements: null as unknown,
      drawCachedElements: null,
      drawCachedNodes: null,
      redrawHint: () => {},
      redraw: () => {},
      data: { wheelZooming: false },
    };
    const cy = {
      renderer: () => renderer,
      zoom: () => 1,
      on: (events: string, fn: () => void) => events.split(' ').forEach((e) => handlers.push([e, fn])),
      off: (events: string, fn: () => void) =>
        events.split(' ').forEach((e) =>
          handlers.splice(
            handlers.findIndex(([k, f]) => k === e && f === fn),
            1,
          ),
        ),
      emit: (event: string) => handlers.filter(([k]) => k === event).forEach(([, fn]) => fn()),
    };
    return { cy, renderer, handlers };
  }

  /** A batch renderer whose pan-cache canvas records its calls, two nodes, and an extent holding both. */
  function panCacheScene() {
    const texture = recorder();
    const canvas = { width: 0, height: 0, getContext: () => texture.ctx };
    vi.stubGlobal('document', { createElement: () => canvas });
    const { cy, renderer } = fakeCy();
    installBatchRenderer(cy as never);
    const draw = renderer.drawLayeredElements as unknown as DrawFn;
    return { texture, cy, renderer, draw, eles: [node(0, 0), node(100, 50)], extent: { x1: -200, y1: -200, x2: 300, y2: 300 } };
  }

  it('plans once per array of elements and again only after a restyle', () => {
    const { cy, renderer, handlers } = fakeCy();
    const uninstall = installBatchRenderer(cy as never);
    let reads = 0;
    const counted = (n: ReturnType<typeof node>) => ({ ...n, pstyle: (name: string) => (reads++, n.pstyle(name)) });
    const a = counted(node(0, 0));
    const b = counted(node(10, 0));
    const eles = [a, b];
    const draw = renderer.drawCachedElements as unknown as DrawFn;
    draw(recorder().ctx, eles, 1, { x1: -50, y1: -50, x2: 50, y2: 50 });
    const planned = reads;
    expect(planned).toBeGreaterThan(0);
    const second = recorder();
    draw(second.ctx, eles, 1, { x1: -50, y1: -50, x2: 50, y2: 50 });
    expect(reads).toBe(planned);
    expect(second.count('arc')).toBe(2);
    cy.emit('style');
    draw(recorder().ctx, eles, 1, { x1: -50, y1: -50, x2: 50, y2: 50 });
    expect(reads).toBe(2 * planned);
    uninstall();
    expect(handlers).toHaveLength(0);
  });

  it('pans the main layer by copying a kept picture until a node moves or the zoom settles elsewhere', () => {
    const { texture, cy, draw, eles, extent } = panCacheScene();
    // First frame: the picture is made and copied.
    const first = recorder();
    draw(first.ctx, eles, 1, extent);
    expect(texture.count('arc')).toBe(2);
    expect(first.count('arc')).toBe(0);
    expect(first.calls.find(([k]) => k === 'drawImage')?.[1].slice(1)).toEqual([-10, -10]);
    // Second: copied again, nothing drawn.
    const second = recorder();
    draw(second.ctx, eles, 1, extent);
    expect(texture.count('arc')).toBe(2);
    expect(second.count('drawImage')).toBe(1);
    // Panned 30 px right: copied 30 px further, nothing drawn again.
    const panned = recorder({ a: 1, b: 0, c: 0, d: 1, e: 30, f: 0 });
    draw(panned.ctx, eles, 1, { x1: -230, y1: -200, x2: 270, y2: 300 });
    expect(texture.count('arc')).toBe(2);
    expect(panned.calls.find(([k]) => k === 'drawImage')?.[1].slice(1)).toEqual([20, -10]);
    // A node moved: the picture is made again.
    cy.emit('position');
    draw(recorder().ctx, eles, 1, extent);
    expect(texture.count('arc')).toBe(4);
    // Another zoom: drawn directly, the picture kept; on a second frame at that zoom it is made there.
    const zoomed = recorder({ a: 2, b: 0, c: 0, d: 2, e: 0, f: 0 });
    draw(zoomed.ctx, eles, 1, extent);
    expect(zoomed.count('arc')).toBe(2);
    expect(texture.count('arc')).toBe(4);
    draw(recorder({ a: 2, b: 0, c: 0, d: 2, e: 0, f: 0 }).ctx, eles, 1, extent);
    expect(texture.count('arc')).toBe(6);
  });

  it('stretches the kept picture while the wheel turns, and draws it again past 1.5 times', () => {
    const { texture, renderer, draw, eles, extent } = panCacheScene();
    draw(recorder().ctx, eles, 1, extent);
    expect(texture.count('arc')).toBe(2);
    renderer.data.wheelZooming = true;
    const wheel = recorder({ a: 1.2, b: 0, c: 0, d: 1.2, e: 0, f: 0 });
    draw(wheel.ctx, eles, 1, extent);
    expect(wheel.count('arc')).toBe(0);
    expect(texture.count('arc')).toBe(2);
    // The picture's corner (-10, -10) at zoom 1.2, stretched to 1.2 times its size (120 x 70 pixels).
    const args = wheel.calls.find(([k]) => k === 'drawImage')?.[1].slice(1) as number[];
    expect(args.map((v) => Math.round(v * 10) / 10)).toEqual([-12, -12, 144, 84]);
    // Zoomed twice as far: drawn again at that zoom, sharp.
    draw(recorder({ a: 2, b: 0, c: 0, d: 2, e: 0, f: 0 }).ctx, eles, 1, extent);
    expect(texture.count('arc')).toBe(4);
    // The wheel stopped: Cytoscape's redraw at the zoom reached uses the picture made there.
    renderer.data.wheelZooming = false;
    const after = recorder({ a: 2, b: 0, c: 0, d: 2, e: 0, f: 0 });
    draw(after.ctx, eles, 1, extent);
    expect(texture.count('arc')).toBe(4);
    expect(after.count('drawImage')).toBe(1);
  });
});
