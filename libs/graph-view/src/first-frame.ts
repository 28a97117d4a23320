import type { Core } from 'cytoscape';

/** The parts of Cytoscape's canvas renderer used here (not public API: checked against Cytoscape 3.33). */
interface Box {
  readonly w: number;
  readonly h: number;
}
interface LabelCache {
  getBoundingBox: (ele: unknown) => Box;
}
interface CanvasRendererInternals {
  readonly data?: {
    readonly lblTxrCache?: LabelCache;
    readonly lyrTxrCache?: { invalidateElements(eles: unknown): void };
  };
  redrawHint(kind: string, on: boolean): void;
  redraw(): void;
}

const NO_BOX: Box = { w: 0, h: 0 };

/** After the first frame, as soon as the browser is idle (at the latest this long after it). */
const LABELS_WITHIN_MS = 250;

/**
 * Draws the first frame of a graph without the node labels, and the labels
 * in a frame of their own right after it, when the browser is idle. On the
 * first frame of a 500-node case every label is painted into a texture of its
 * own and copied onto the canvas (in Chromium without a GPU each copy from a
 * texture canvas just written to is a costly one): a good part of that frame's
 * CPU, and the investigator gets the shape of the case sooner without it.
 * Only drawing is deferred: styles, label sizes and bounding boxes are the
 * final ones from the start, so nothing moves when the labels appear.
 * `onLabels(true)` is called once the frame with the labels is on screen; `onLabels(false)` when the graph is
 * drawn at a zoom where no label is readable (min-zoomed-font-size), so there are none to draw.
 */
export function labelsAfterFirstFrame(cy: Core, onLabels?: (drawn: boolean) => void): void {
  const renderer = (cy as unknown as { renderer?: () => CanvasRendererInternals | undefined }).renderer?.();
  const labels = renderer?.data?.lblTxrCache;
  if (!renderer || !labels || Object.prototype.hasOwnProperty.call(labels, 'gvLabelsDeferred')) return;
  const own = labels.getBoundingBox;
  // Cytoscape skips drawing a label whose box is empty (neither texture nor text).
  labels.getBoundingBox = () => NO_BOX;
  (labels as { gvLabelsDeferred?: boolean }).gvLabelsDeferred = true;
  const restore = () => {
    labels.getBoundingBox = own;
    delete (labels as { gvLabelsDeferred?: boolean }).gvLabelsDeferred;
    if (cy.destroyed()) return;
    // At a zoom where no label reaches its smallest readable size, Cytoscape draws none: what is on screen is
    // already the whole picture, and redrawing it (about 100 ms for a 500-node case) would change nothing.
    if (!anyLabelReadable(cy)) {
      onLabels?.(false);
      return;
    }
    // Layers of the picture Cytoscape may have kept meanwhile were drawn without labels.
    renderer.data?.lyrTxrCache?.invalidateElements(cy.elements());
    renderer.redrawHint('eles', true);
    renderer.redraw();
    // The frame that draws them, then the next one, which starts once it is on screen.
    if (onLabels)
      cy.one('render', () => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => onLabels(true)) : onLabels(true)));
  };
  const onRender = () => {
    if (cy.nodes().empty()) return;
    cy.off('render', onRender);
    if (typeof requestIdleCallback === 'function') requestIdleCallback(restore, { timeout: LABELS_WITHIN_MS });
    else setTimeout(restore, 0);
  };
  cy.on('render', onRender);
  cy.one('destroy', () => cy.off('render', onRender));
}

/** A style value as Cytoscape keeps it once applied. */
interface Styled {
  pstyle(name: string): { readonly value: unknown; readonly strValue?: string; readonly pfValue?: number };
}

/** Whether any shown element's label is drawn at the current zoom: its font at least its min-zoomed-font-size on screen. */
export function anyLabelReadable(cy: Core): boolean {
  const zoom = cy.zoom();
  return cy.elements().some((ele) => {
    const el = ele as unknown as Styled;
    if (!el.pstyle('label').strValue || el.pstyle('display').value === 'none') return false;
    return (el.pstyle('font-size').pfValue ?? 0) * zoom >= (el.pstyle('min-zoomed-font-size').pfValue ?? 0);
  });
}

/** An element's derived drawing state as the canvas renderer keeps it (not public API: checked against Cytoscape 3.33). */
interface RenderedStyleFlags extends Styled {
  readonly _private?: { readonly rstyle?: { clean?: boolean; cleanConnected?: boolean } };
}

/**
 * Keeps what the first frame of a new drawing computed. The first time Cytoscape draws an element it measures
 * the element's bounds on the way, and that fires a `bounds` event, which marks the element's derived drawing
 * state (label place, a link's curve and ends) stale as if it had moved: the next frame drawn, whatever asks
 * for it, computes every element of the drawing again (for a 500-node case about 50 ms of a frame's 80, the
 * curves of all links among them). Nothing can change between the start of a frame and its end but the
 * renderer's own measuring, so once the first frame with nodes is drawn its shown elements are marked as computed.
 * Call it on a new instance, before its first elements are added.
 */
export function keepFirstFrameMeasures(cy: Core): void {
  const onRender = () => {
    if (cy.nodes().empty()) return;
    cy.off('render', onRender);
    cy.elements().forEach((ele) => {
      const el = ele as unknown as RenderedStyleFlags;
      const rstyle = el._private?.rstyle;
      // A hidden element was not computed (Cytoscape skips it): it is when it is shown.
      if (!rstyle || el.pstyle('display').value === 'none') return;
      rstyle.clean = true;
      rstyle.cleanConnected = true;
    });
  };
  cy.on('render', onRender);
  cy.one('destroy', () => cy.off('render', onRender));
}
