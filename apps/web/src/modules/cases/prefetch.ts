import { ahead, prefetchQueries } from '../../lib/prefetch';
import { CASE_GRAPH, preloadGraphView } from '../graph';
import { CASE } from './graphql/cases.generated';

/**
 * What opening a case needs, asked for as soon as the user rests on its link (hover, focus; see
 * prefetchOnIntent) or at the latest on the click, while the workspace's code loads: the case and its link graph in one request.
 * The workspace's own queries then take these answers (lib/graphql.ts) instead of waiting for the
 * code first and asking afterwards. The server records the graph read in the audit trail when it
 * answers, as for any read: the data has reached the browser.
 */
export function prefetchCaseOpen(caseId: string): void {
  // A click before the resting time is up: fetch now, and not again when the timer would have.
  if (intent) clearTimeout(intent.timer);
  intent = null;
  if (preloadingOff()) return;
  preloadGraphView();
  prefetchQueries([ahead(CASE, { id: caseId }), ahead(CASE_GRAPH, { caseId })]);
}

/**
 * How long the pointer (or keyboard focus) rests on a case link before its case is fetched ahead: a
 * pointer crossing the list on its way elsewhere, or tabbing through it, fetches nothing (each fetch
 * reads a whole case graph and is audited).
 */
export const INTENT_MS = 120;
let intent: { caseId: string; timer: ReturnType<typeof setTimeout> } | null = null;

/** Handlers for a case link: fetch ahead once the user rests on it, never for a link merely crossed. */
export function prefetchOnIntent(caseId: string) {
  const start = () => {
    if (intent?.caseId === caseId) return;
    if (intent) clearTimeout(intent.timer);
    intent = { caseId, timer: setTimeout(() => prefetchCaseOpen(caseId), INTENT_MS) };
  };
  const stop = () => {
    if (intent?.caseId !== caseId) return;
    clearTimeout(intent.timer);
    intent = null;
  };
  return { onPointerEnter: start, onFocus: start, onPointerLeave: stop, onBlur: stop };
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
