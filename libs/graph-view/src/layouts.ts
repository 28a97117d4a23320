import type { LayoutOptions } from 'cytoscape';

/** `fast` is the built-in radial-and-forces layout (fast-layout.ts), used first on big graphs. */
export type LayoutName = 'fcose' | 'concentric' | 'breadthfirst' | 'preset' | 'fast';

export const LAYOUT_NAMES: readonly LayoutName[] = ['fcose', 'concentric', 'breadthfirst'];

/** Above this many nodes the renderer and the layout switch to their cheap settings. */
export const LARGE_GRAPH_NODES = 1000;
/** Above this, force-directed refinement costs more than it gives: fCoSE's spectral draft only. */
export const DRAFT_LAYOUT_NODES = 300;
/**
 * Above this, a graph is first drawn with the built-in fast layout: fCoSE
 * needs about a second at 300 nodes on a slow machine. The investigator can
 * still ask for fCoSE (re-layout), which is then run as asked.
 */
export const FAST_LAYOUT_NODES = 150;

export const ROLE_RANK: Readonly<Record<string, number>> = { MISSING_CHILD: 4, ABDUCTOR: 3, SUSPECT: 3, COMPANION: 2 };

export interface LayoutContext {
  readonly nodeCount: number;
  /** Ids of nodes that breadth-first and concentric put in the middle. */
  readonly roots?: readonly string[];
}

/**
 * Layout options for a graph of this size. Nothing is animated: an animation
 * delays the moment the investigator can read the graph and, on big graphs,
 * costs more frames than the layout itself.
 */
export function layoutOptions(name: LayoutName, ctx: LayoutContext): LayoutOptions {
  switch (name) {
    case 'preset':
    case 'fast':
      return { name: 'preset', fit: true, padding: 30 };
    case 'concentric':
      return {
        name: 'concentric',
        animate: false,
        fit: true,
        padding: 30,
        minNodeSpacing: ctx.nodeCount > LARGE_GRAPH_NODES ? 4 : 20,
        concentric: (node) => (ROLE_RANK[String(node.data('role'))] ?? 0) * 1000 + node.degree(false),
        levelWidth: () => 1000,
      } as LayoutOptions;
    case 'breadthfirst':
      return {
        name: 'breadthfirst',
        animate: false,
        fit: true,
        padding: 30,
        directed: false,
        spacingFactor: ctx.nodeCount > LARGE_GRAPH_NODES ? 0.6 : 1.1,
        ...(ctx.roots && ctx.roots.length > 0 ? { roots: ctx.roots.map((id) => `#${cssEscape(id)}`).join(',') } : {}),
      } as LayoutOptions;
    case 'fcose':
    default: {
      const draft = ctx.nodeCount > DRAFT_LAYOUT_NODES;
      return {
        name: 'fcose',
        quality: draft ? 'draft' : 'default',
        randomize: true,
        animate: false,
        fit: true,
        padding: 30,
        nodeDimensionsIncludeLabels: false,
        packComponents: false,
        numIter: ctx.nodeCount > 150 ? 1000 : 2500,
        nodeRepulsion: () => 6000,
        idealEdgeLength: () => 80,
        tile: true,
      } as LayoutOptions;
    }
  }
}

/** Ids come from the server; escape them before they go into a selector. */
export function cssEscape(id: string): string {
  return id.replace(/([^a-zA-Z0-9_-])/g, '\\$1');
}
