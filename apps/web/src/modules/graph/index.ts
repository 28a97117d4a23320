// The module's surface for the rest of the client. Panels shown on demand are lazy, so that
// importing this file does not pull their code into the importer's chunk.
import { lazy } from 'react';

export { CASE_GRAPH } from './graphql/graph.generated';
export type { Subgraph } from '../../lib/graph.generated';

const loadGraphPanel = () => import('./components/GraphPanel');
export const GraphPanel = lazy(loadGraphPanel);

let preloaded = false;
/**
 * Loads the graph view's code before it is needed (the case list when the browser is idle, a case
 * link hovered or focused): downloading, compiling and running the Cytoscape chunk was the first
 * third of opening a case. Also asks once whether WebGL is worth using, which costs a context, and makes the
 * drawing the next graph view draws into.
 */
export function preloadGraphView(): void {
  if (preloaded) {
    // A drawing made ahead was taken by the last case opened: make the next one (a no-op while one is kept).
    void import('@homeward/graph-view').then((view) => view.prepareDrawing());
    return;
  }
  preloaded = true;
  void loadGraphPanel()
    .then(() => import('@homeward/graph-view'))
    .then((view) => {
      view.webglSupported();
      // The drawing the graph view will draw into, made now rather than after the click (see prepareDrawing).
      return view.prepareDrawing();
    })
    .catch(() => {
      // Offline or a new deployment: the tab loads it when opened, and says so if it cannot.
      preloaded = false;
    });
}

/** The graph of given nodes and edges, read-only (case replay's moment). */
export const GraphSnapshot = lazy(() => import('./components/GraphSnapshot'));
