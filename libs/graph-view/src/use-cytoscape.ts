import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { useCallback, useEffect, useRef, useState } from 'react';
import { diffElements, placeNear, type GraphElement } from './elements';
import { LARGE_GRAPH_NODES, layoutOptions, type LayoutName } from './layouts';
import { graphStylesheet } from './styles';

let extensionsRegistered = false;
function registerExtensions(): void {
  // cytoscape.use() warns when an extension is registered twice (hot reload, tests).
  if (extensionsRegistered) return;
  cytoscape.use(fcose);
  extensionsRegistered = true;
}

export interface LayoutRequest {
  readonly name: LayoutName;
  /** Change it to run the layout again; nothing else re-runs a layout once the graph is drawn. */
  readonly key: number;
}

export interface UseCytoscapeOptions {
  readonly elements: readonly GraphElement[];
  readonly layout: LayoutRequest;
  /** Ids drawn as hidden (filters, "hide" from the context menu). */
  readonly hidden?: ReadonlySet<string>;
  /** Ids breadth-first and concentric layouts start from. */
  readonly roots?: readonly string[];
  /** Called once a layout has run and the frame after it is on screen, with the time since the elements arrived. */
  readonly onDrawn?: (info: { ms: number; nodes: number; layout: LayoutName }) => void;
}

export interface CytoscapeHandle {
  /** Callback ref for the element Cytoscape draws into. */
  readonly containerRef: (el: HTMLElement | null) => void;
  /** The live instance, null before mount and after unmount. */
  readonly cy: Core | null;
  /** Whether the cheap rendering settings are in force. */
  readonly large: boolean;
}

function toDefinition(el: GraphElement): ElementDefinition {
  if (el.group === 'nodes') {
    return { group: 'nodes', data: { ...el.data }, ...(el.position ? { position: { ...el.position } } : {}) };
  }
  return { group: 'edges', data: { ...el.data } };
}

export function useCytoscape({ elements, layout, hidden, roots, onDrawn }: UseCytoscapeOptions): CytoscapeHandle {
  const [container, setContainer] = useState<HTMLElement | null>(null);
  const [cy, setCy] = useState<Core | null>(null);
  const drawn = useRef<Map<string, GraphElement>>(new Map());
  const lastLayout = useRef<LayoutRequest | null>(null);
  const onDrawnRef = useRef(onDrawn);
  onDrawnRef.current = onDrawn;
  const rootsRef = useRef(roots);
  rootsRef.current = roots;

  let nodeCount = 0;
  for (const el of elements) if (el.group === 'nodes') nodeCount++;
  // Renderer options are fixed at construction, so crossing the threshold rebuilds the instance.
  const large = nodeCount > LARGE_GRAPH_NODES;

  const containerRef = useCallback((el: HTMLElement | null) => setContainer(el), []);

  useEffect(() => {
    if (!container) return;
    registerExtensions();
    const instance = cytoscape({
      container,
      style: graphStylesheet({ large }),
      minZoom: 0.02,
      maxZoom: 5,
      boxSelectionEnabled: true,
      textureOnViewport: large,
      hideEdgesOnViewport: large,
      hideLabelsOnViewport: large,
      motionBlur: false,
      pixelRatio: large ? 1 : 'auto',
    });
    drawn.current = new Map();
    lastLayout.current = null;
    setCy(instance);
    return () => {
      setCy(null);
      instance.destroy();
    };
  }, [container, large]);

  useEffect(() => {
    if (!cy) return;
    const started = performance.now();
    const wasEmpty = drawn.current.size === 0;
    const diff = diffElements(drawn.current, elements);
    const layoutAsked =
      lastLayout.current === null ? nodeCount > 0 : lastLayout.current.key !== layout.key || lastLayout.current.name !== layout.name;
    const runLayout = layoutAsked || (wasEmpty && nodeCount > 0);

    if (diff.added.length + diff.removed.length + diff.changed.length > 0) {
      cy.batch(() => {
        for (const id of diff.removed) {
          const el = cy.getElementById(id);
          if (el.nonempty()) cy.remove(el);
        }
        for (const el of diff.changed) cy.getElementById(el.data.id).data({ ...el.data });
        const added = cy.add(diff.added.map(toDefinition));
        if (!runLayout) {
          const extent = cy.extent();
          const centre = { x: (extent.x1 + extent.x2) / 2, y: (extent.y1 + extent.y2) / 2 };
          added.nodes().forEach((n: NodeSingular) => {
            const placed = n
              .neighborhood()
              .nodes()
              .filter((m) => !added.contains(m))
              .map((m) => (m as NodeSingular).position());
            n.position(placeNear(placed, n.id(), centre));
          });
        }
      });
      const next = new Map(drawn.current);
      for (const id of diff.removed) next.delete(id);
      for (const el of [...diff.added, ...diff.changed]) next.set(el.data.id, el);
      drawn.current = next;
    }

    if (runLayout && nodeCount > 0) {
      lastLayout.current = layout;
      const allPreset = layout.name === 'preset' || elements.every((el) => el.group !== 'nodes' || el.position !== undefined);
      const name: LayoutName = allPreset ? 'preset' : layout.name;
      const l = cy.layout(layoutOptions(name, { nodeCount, roots: rootsRef.current }));
      l.one('layoutstop', () => {
        // Two frames: the first paints, the second starts after it is composited.
        requestAnimationFrame(() =>
          requestAnimationFrame(() => onDrawnRef.current?.({ ms: performance.now() - started, nodes: nodeCount, layout: name })),
        );
      });
      l.run();
    } else if (lastLayout.current === null) {
      lastLayout.current = layout;
    }
  }, [cy, elements, layout, nodeCount]);

  useEffect(() => {
    if (!cy) return;
    cy.batch(() => {
      cy.elements('.gv-hidden').removeClass('gv-hidden');
      if (hidden && hidden.size > 0) {
        cy.elements().forEach((el) => {
          if (hidden.has(el.id())) el.addClass('gv-hidden');
        });
      }
    });
  }, [cy, hidden, elements]);

  return { containerRef, cy, large };
}
