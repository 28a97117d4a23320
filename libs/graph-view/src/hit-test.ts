import type { Core, NodeCollection } from 'cytoscape';
import { RESTYLE_EVENTS } from './batch-renderer';

/**
 * Cytoscape's hit test (findNearestElements, on each press, release and
 * hover) checks every interactive element in turn: for a node, its shape,
 * then its label box through ele.boundingBox(), which allocates and hashes
 * even when the box is cached. For 5,000 nodes that is 20 to 30 ms per mouse
 * event in Chromium without a GPU, so a press or release alone could push a
 * frame over budget. Big graphs get the same test over a short list instead:
 * the nodes whose outline could reach the pointer, every node with a label
 * (labels stick out of the outline; big graphs label only the few selected,
 * found or on a path) and every interactive edge (on big graphs only the
 * selected ones and those on a path), in Cytoscape's order, so the answer is
 * the one Cytoscape would give.
 *
 * It wraps a method of the renderer instance (not public API: checked against
 * Cytoscape 3.34; the browser tests would show a regression).
 */

/** The parts of an element used here. */
interface HitEle {
  isNode(): boolean;
  isParent(): boolean;
  outerWidth(): number;
  outerHeight(): number;
  pstyle(name: string): { readonly strValue: string };
  readonly _private: { readonly position: { readonly x: number; readonly y: number } };
}

type Eles = HitEle[] & { interactive?: HitEle[] };

interface HitRenderer {
  findNearestElements(x: number, y: number, interactiveOnly: boolean, isTouch: boolean): unknown[];
  getCachedZSortedEles(forceRecalc?: boolean): Eles;
}

/** How far from a node's centre a press can still hit it, or Infinity when it must always be checked. */
interface Reach {
  readonly version: number;
  readonly radius: Float64Array;
}

function reachOf(eles: readonly HitEle[], version: number): Reach {
  const radius = new Float64Array(eles.length);
  for (let i = 0; i < eles.length; i++) {
    const ele = eles[i]!;
    radius[i] =
      !ele.isNode() || ele.isParent() || ele.pstyle('label').strValue ? Infinity : Math.max(ele.outerWidth(), ele.outerHeight()) / 2;
  }
  return { version, radius };
}

/** Narrows Cytoscape's hit test to the elements near the pointer; returns a function that undoes it. */
export function installFastHitTest(cy: Core): () => void {
  const r = (cy as unknown as { renderer(): HitRenderer }).renderer();
  const original = r.findNearestElements;
  let version = 0;
  const restyled = () => void version++;
  cy.on(RESTYLE_EVENTS, restyled);
  const reaches = new WeakMap<readonly HitEle[], Reach>();
  r.findNearestElements = function (this: HitRenderer, x, y, interactiveOnly, isTouch) {
    const all = r.getCachedZSortedEles();
    const eles = interactiveOnly && all.interactive ? all.interactive : all;
    let reach = reaches.get(eles);
    if (!reach || reach.version !== version) reaches.set(eles, (reach = reachOf(eles, version)));
    // Cytoscape's own slack around an outline (2 or 8 screen pixels), and a pixel more.
    const slack = ((isTouch ? 8 : 2) + 1) / cy.zoom();
    const near: Eles = [];
    for (let i = 0; i < eles.length; i++) {
      const ele = eles[i]!;
      const d = reach.radius[i]! + slack;
      const { x: ex, y: ey } = ele._private.position;
      if (d === Infinity || (Math.abs(ex - x) <= d && Math.abs(ey - y) <= d)) near.push(ele);
    }
    near.interactive = near;
    const own = Object.prototype.hasOwnProperty.call(r, 'getCachedZSortedEles');
    const saved = r.getCachedZSortedEles;
    r.getCachedZSortedEles = () => near;
    try {
      return original.call(this, x, y, interactiveOnly, isTouch);
    } finally {
      if (own) r.getCachedZSortedEles = saved;
      else delete (r as Partial<HitRenderer>).getCachedZSortedEles;
    }
  };
  return () => {
    cy.off(RESTYLE_EVENTS, restyled);
    r.findNearestElements = original;
  };
}

/**
 * Works out these nodes' bounding boxes now, before the frame that shows them.
 * Cytoscape's hover hit test (run on every mouse move over the graph) asks
 * each node it checks for its bounding box and computes the ones it does not
 * have. Cytoscape's own drawing computes them as it draws; the batch renderer
 * never needs them, so the first mouse move over a freshly drawn big graph
 * computed all 5,000 (100 to 180 ms) and, because computing one marks the
 * node's rendered style stale, made the next frame recompute the rendered
 * style of every node and link (another 150 to 250 ms): the 200 to 400 ms
 * "first press" (measured with a Chromium trace). Called in the task that
 * positioned the nodes, that staleness folds into the recomputation the first
 * frame does anyway, so the first draw pays for the boxes only, once.
 */
export function primeHitTest(nodes: NodeCollection): void {
  if (nodes.nonempty()) nodes.boundingBox();
}
