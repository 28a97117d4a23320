import type { Core } from 'cytoscape';

/** The part of Cytoscape's renderer used here (not public API: checked against Cytoscape 3.33). */
interface RendererInternals {
  invalidateContainerClientCoordsCache?: () => void;
}

/**
 * Makes Cytoscape's resize a no-op when the drawing's size has not changed. Cytoscape resizes 100 ms after its
 * container is seen to change (a ResizeObserver, any attribute of the container, the window's resize), and its
 * resize redraws every element whatever the size: on opening a case the drawing, sized when it is put in the
 * page, was drawn a second time right after its first frame (about 30 ms of a 500-node case's open) because
 * the observer reported that same placement. A resize that finds the size and pixel ratio unchanged now only
 * forgets where the container is on the page (it may have moved: pointer events are placed by it).
 * Call it once the drawing is in the page and sized.
 */
export function skipUnchangedResize(cy: Core): void {
  const own = cy.resize.bind(cy);
  const renderer = (cy as unknown as { renderer?: () => RendererInternals | undefined }).renderer?.();
  const internals = cy as unknown as { invalidateSize?: () => void };
  if (typeof internals.invalidateSize !== 'function') return;
  const ratio = () => (typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1);
  const measure = () => {
    internals.invalidateSize!.call(cy);
    return { w: cy.width(), h: cy.height(), ratio: ratio() };
  };
  // The size the drawing has now (call it once it is sized in the page).
  let last = measure();
  cy.resize = function resizeIfChanged() {
    const now = measure();
    if (now.w === last.w && now.h === last.h && now.ratio === last.ratio) {
      renderer?.invalidateContainerClientCoordsCache?.();
      return cy;
    }
    last = now;
    return own();
  };
}
