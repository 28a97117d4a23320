import { focusNode, loadPositions, savePositions, useCytoscape, type DrawnInfo, type LayoutRequest } from '@homeward/graph-view';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, usePath } from '../../../lib/router';
import type { GEdge, GNode } from '../../../lib/graph.generated';
import { nodeTime, useGraphElements, useReadableNodes } from '../hooks/use-graph-elements';
import { useGraphExport } from '../hooks/use-graph-export';

export interface GraphSnapshotProps {
  readonly caseId: string;
  readonly nodes: ReadonlyMap<string, GNode>;
  readonly edges: ReadonlyMap<string, GEdge>;
  /** A line under each entity of the list (who added it and when, in replay). */
  readonly describe?: (id: string) => ReactNode;
  /** The PNG's file name, without extension. */
  readonly exportName: string;
  readonly exportLabel: string;
  /** The most entities the graph will hold (replay: the case's whole history): rendering settings stay fixed. */
  readonly sizeHint?: number;
  /** Every entity and link the graph will show at some point (replay: the whole history, last known): drawn once, hidden when absent. */
  readonly all?: { readonly nodes: ReadonlyMap<string, GNode>; readonly edges: ReadonlyMap<string, GEdge> };
}

const LAYOUT: LayoutRequest = { name: 'fcose', key: 0 };
/** Below this many entities the list starts open. */
const OPEN_UP_TO = 60;

/**
 * The case graph drawn read-only from given nodes and edges (replay's moment): the live view's drawing, labels
 * and layout, no editing. Entities keep the place they have in the live view.
 */
export default function GraphSnapshot({ caseId, nodes: raw, edges, describe, exportName, exportLabel, sizeHint, all }: GraphSnapshotProps) {
  const { t, i18n } = useTranslation();
  const key = `replay:${caseId}`;
  // Start from where the live view last drew the case (its own saved positions), not a new layout.
  useState(() => {
    const live = loadPositions(`case:${caseId}`);
    if (live && !loadPositions(key)) savePositions(key, live);
    return null;
  });
  // Every entity of the history is drawn once and those absent at the moment hidden: a move of the slider
  // toggles classes rather than adding and removing elements (and an entity comes back where it was).
  const union = useMemo(() => {
    if (!all) return { nodes: raw, edges };
    const n = new Map(all.nodes);
    for (const [id, x] of raw) n.set(id, x);
    const e = new Map(all.edges);
    for (const [id, x] of edges) e.set(id, x);
    return { nodes: n, edges: e };
  }, [all, raw, edges]);
  const readableAll = useReadableNodes(union.nodes, union.edges);
  const nodes = useMemo(() => {
    if (!all) return readableAll;
    const out = new Map<string, GNode>();
    for (const id of raw.keys()) out.set(id, readableAll.get(id)!);
    return out;
  }, [all, raw, readableAll]);
  const hidden = useMemo(() => {
    if (!all) return undefined;
    const out = new Set<string>();
    for (const id of union.nodes.keys()) if (!raw.has(id)) out.add(id);
    for (const id of union.edges.keys()) if (!edges.has(id)) out.add(id);
    return out;
  }, [all, union, raw, edges]);
  const elements = useGraphElements(readableAll, union.edges, caseId);
  const [drawnMs, setDrawnMs] = useState<number | null>(null);
  const onDrawn = useCallback((info: DrawnInfo) => {
    performance.mark('homeward:graph-drawn', { detail: { nodes: info.nodes, layout: info.layout, webgl: info.webgl, ms: info.ms } });
    setDrawnMs(Math.round(info.ms));
  }, []);
  const { containerRef, cy, large } = useCytoscape({ elements, layout: LAYOUT, hidden, onDrawn, positionsKey: key, sizeHint });
  // A mention clicked in the notes of the moment sends the reader here to see its entity (?focus=<id>).
  const path = usePath();
  useEffect(() => {
    const focus = new URLSearchParams(path.split('?')[1] ?? '').get('focus');
    if (!focus || !cy || !nodes.has(focus)) return;
    focusNode(cy, focus, !large);
    navigate(`/cases/${caseId}/graph`, true);
  }, [path, cy, nodes, large, caseId]);
  const [error, setError] = useState<string | null>(null);
  const [toggled, setToggled] = useState<boolean | null>(null);
  const open = toggled ?? nodes.size <= OPEN_UP_TO;

  const sorted = useMemo(
    () =>
      open
        ? [...nodes.values()].sort(
            (a, b) =>
              a.kind.localeCompare(b.kind) || (nodeTime(a) ?? 0) - (nodeTime(b) ?? 0) || a.label.localeCompare(b.label, i18n.language),
          )
        : [],
    [nodes, open, i18n.language],
  );

  // The same footer as the live graph's export (marking, case, when, who): a replayed moment leaves the system too.
  const exportGraph = useGraphExport(caseId, cy, exportName);
  async function exportImage() {
    setError(null);
    const failed = await exportGraph();
    if (failed) setError(failed);
  }

  return (
    <div className="graph-layout">
      <div className="graph-status" aria-live="polite">
        <span data-testid="replay-graph-summary">{t('graph.summary', { nodes: nodes.size, links: edges.size })}</span>
        {drawnMs !== null && (
          <span className="muted small" data-testid="graph-drawn-ms">
            {' '}
            · {drawnMs} ms
          </span>
        )}{' '}
        <button type="button" className="small" onClick={() => void exportImage()}>
          {exportLabel}
        </button>
        {error && <span role="alert"> · {error}</span>}
      </div>
      <div className="graph-main">
        <div className="graph-canvas-wrap">
          <div ref={containerRef} className="graph-canvas" data-testid="graph-canvas" role="img" aria-label={t('graph.canvas')} />
        </div>
        <div className="graph-side">
          <details
            className="entity-list"
            open={open}
            onToggle={(e) => {
              const now = e.currentTarget.open;
              if (toggled !== null || now !== open) setToggled(now);
            }}
          >
            <summary>
              {t('graph.list')} ({nodes.size})
            </summary>
            <ul>
              {sorted.map((n) => (
                <li key={n.id} data-testid="replay-entity">
                  <button type="button" className="link" onClick={() => cy && focusNode(cy, n.id, !large)}>
                    {n.label}
                  </button>{' '}
                  <span className="muted small">
                    {t(`kind.${n.kind}`)}
                    {n.role ? ` · ${t(`role.${n.role}`)}` : ''}
                  </span>
                  {describe && <div className="muted small">{describe(n.id)}</div>}
                </li>
              ))}
            </ul>
          </details>
        </div>
      </div>
    </div>
  );
}
