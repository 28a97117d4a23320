import { ahead, prefetchQueries } from '../../lib/prefetch';
import { CASE_GRAPH, preloadGraphView } from '../graph';
import { CASE } from './graphql/cases.generated';

/**
 * What opening a case needs, asked for as soon as the user points at it (hover, focus) or at the
 * latest on the click, while the workspace's code loads: the case and its link graph in one request.
 * The workspace's own queries then take these answers (lib/graphql.ts) instead of waiting for the
 * code first and asking afterwards. The server records the graph read in the audit trail when it
 * answers, as for any read: the data has reached the browser.
 */
export function prefetchCaseOpen(caseId: string): void {
  if (preloadingOff()) return;
  preloadGraphView();
  prefetchQueries([ahead(CASE, { id: caseId }), ahead(CASE_GRAPH, { caseId })]);
}

/** The graph view's code, once the case list is on screen and the browser has nothing else to do. */
export function preloadWhenIdle(): () => void {
  if (preloadingOff()) return () => {};
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(() => preloadGraphView(), { timeout: 3000 });
    return () => window.cancelIdleCallback(id);
  }
  const timer = setTimeout(() => preloadGraphView(), 1500);
  return () => clearTimeout(timer);
}

/**
 * `sessionStorage['homeward.preload'] = 'off'` turns both off for this tab, so that what they save can be
 * measured against the same build under the same load (`AB=1 npm run perf:web`).
 */
function preloadingOff(): boolean {
  try {
    return sessionStorage.getItem('homeward.preload') === 'off';
  } catch {
    return false;
  }
}
