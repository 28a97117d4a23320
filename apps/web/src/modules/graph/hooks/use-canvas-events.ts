import type { Core, EventObject } from 'cytoscape';
import { useEffect, useRef } from 'react';

export interface CanvasHandlers {
  onTap(id: string): void;
  onContextMenu(id: string, x: number, y: number): void;
  onDoubleTap(id: string): void;
  onBackgroundTap(): void;
}

/**
 * Pointer events on the canvas' entities. The listeners are bound once per
 * Cytoscape instance and call the latest handlers, so a re-render (every
 * graph change) does not unbind and rebind them.
 */
export function useCanvasEvents(cy: Core | null, handlers: CanvasHandlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    if (!cy) return;
    const nodeId = (ev: EventObject) => ev.target.id() as string;
    const onTap = (ev: EventObject) => latest.current.onTap(nodeId(ev));
    const onCxt = (ev: EventObject) => {
      const p = ev.renderedPosition ?? ev.target.renderedPosition();
      latest.current.onContextMenu(nodeId(ev), p.x, p.y);
    };
    const onDbl = (ev: EventObject) => latest.current.onDoubleTap(nodeId(ev));
    const onBg = (ev: EventObject) => {
      if (ev.target === cy) latest.current.onBackgroundTap();
    };
    cy.on('tap', 'node', onTap);
    cy.on('cxttap', 'node', onCxt);
    cy.on('dbltap', 'node', onDbl);
    cy.on('tap', onBg);
    return () => {
      cy.off('tap', 'node', onTap);
      cy.off('cxttap', 'node', onCxt);
      cy.off('dbltap', 'node', onDbl);
      cy.off('tap', onBg);
    };
  }, [cy]);
}
