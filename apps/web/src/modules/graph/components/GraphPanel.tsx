import { focusNode, forgetKeptGraph, hiddenIds, useCytoscape, type DrawnInfo, type LayoutName } from '@homeward/graph-view';
import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { gql } from '../../../lib/graphql';
import { CentralityPanel, FeasibilityFlags, PathsPanel } from '../../analysis';
import { NEIGHBORHOOD } from '../graphql/graph.generated';
import { usePermission } from '../../../lib/permissions';
import { useReadable } from '../../../lib/use-readable';
import { useConnection } from '../../../lib/offline';
import { navigate, usePath } from '../../../lib/router';
import { SESSION_ENDED } from '../../../lib/session';
import { useCanvasEvents } from '../hooks/use-canvas-events';
import { useCaseGraph } from '../hooks/use-case-graph';
import { useGraphExport } from '../hooks/use-graph-export';
import { nodeTime, useGraphElements, useReadableNodes } from '../hooks/use-graph-elements';
import { useNodeSelection } from '../hooks/use-node-selection';
import { usePathBetween } from '../hooks/use-path-between';
import { TimeFilterNote, narrowest, useTimeFilter, windowOf } from '../../timeline';
import { NO_FILTERS, timeWindow, type GraphFilters } from '../state/graph-filters';
import { AddEntityDialog } from './AddEntityDialog';
import { EntityList } from './EntityList';
import { EntityPanel } from './EntityPanel';
import { GraphFilterPanel } from './GraphFilterPanel';
import { GraphToolbar } from './GraphToolbar';
import { LinkDialog } from './LinkDialog';
import { NodeContextMenu, type NodeMenuAt } from './NodeContextMenu';

// The last case's drawing is kept for a return to it (keepAlive below), never across users.
window.addEventListener(SESSION_ENDED, forgetKeptGraph);

export default function GraphPanel({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  // Hubs and groups are an analysis (policy graph.analyse): not offered to a role that may not run one.
  const mayAnalyse = usePermission('graph.analyse').allowed;
  const graph = useCaseGraph(caseId);
  const { merge } = graph;
  const readable = useReadable();
  const connection = useConnection();
  const nodes = useReadableNodes(graph.nodes, graph.edges);
  const [layout, setLayout] = useState<{ name: LayoutName; key: number }>({ name: 'fcose', key: 0 });
  const [filters, setFilters] = useState<GraphFilters>(NO_FILTERS);
  const [manualHidden, setManualHidden] = useState<ReadonlySet<string>>(new Set());
  const [details, setDetails] = useState<string | null>(null);
  const [menu, setMenu] = useState<NodeMenuAt | null>(null);
  const [linkFrom, setLinkFrom] = useState<string | null>(null);
  const [linkPair, setLinkPair] = useState<[string, string] | null>(null);
  const [adding, setAdding] = useState(false);
  const [pathsOpen, setPathsOpen] = useState(false);
  /** A find or export that did not work, said in the status line. */
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<Error | null>(null);
  /** What an action from the list or the panel did (an expand), said politely in the status line. */
  const [said, setSaid] = useState<string | null>(null);
  const [drawnMs, setDrawnMs] = useState<number | null>(null);

  const elements = useGraphElements(nodes, graph.edges, caseId);
  // The time filter set on the timeline's axis (shared with the timeline's list and the map), with the panel's own dates.
  const sharedTime = useTimeFilter(caseId);

  const hidden = useMemo(
    () =>
      hiddenIds(elements, {
        kinds: filters.kinds,
        linkTypes: filters.linkTypes,
        hidden: manualHidden,
        ...narrowest(timeWindow(filters), windowOf(sharedTime)),
      }),
    [elements, filters, manualHidden, sharedTime],
  );
  const roots = useMemo(() => [...nodes.values()].filter((n) => n.role === 'MISSING_CHILD').map((n) => n.id), [nodes]);
  const onDrawn = useCallback((info: DrawnInfo) => {
    // A user-timing mark, so that a trace or the perf benchmark can see when the graph was on screen.
    performance.mark('homeward:graph-drawn', { detail: { nodes: info.nodes, layout: info.layout, webgl: info.webgl, ms: info.ms } });
    setDrawnMs(Math.round(info.ms));
  }, []);
  // The names on the nodes come a frame after the shapes (graph-view's first-frame.ts): marked for the benchmark
  // too, with whether there were any to draw at the zoom the graph is drawn at.
  const onLabelsDrawn = useCallback((drawn: boolean) => performance.mark('homeward:graph-labels', { detail: { drawn } }), []);
  // Kept when the tab or the case is left: coming back shows it as it was, without drawing it anew.
  const { containerRef, cy, large } = useCytoscape({
    elements,
    layout,
    hidden,
    roots,
    onDrawn,
    onLabelsDrawn,
    positionsKey: `case:${caseId}`,
    keepAlive: caseId,
    ready: !graph.loading,
  });

  const { selected, setNodeSelected, clearSelection } = useNodeSelection(cy);
  const path = usePathBetween(cy, selected, merge);
  const onPath = useMemo(() => new Set(path?.state === 'shown' ? path.ids : []), [path]);

  const expand = useCallback(
    async (id: string) => {
      try {
        const d = await gql(NEIGHBORHOOD, { ids: [id], depth: 1 });
        merge(d.neighborhood);
        // Said in the status line (polite), so a reader who expanded from the list or the panel hears what came.
        const added = d.neighborhood.nodes.filter((n) => !graph.nodes.has(n.id)).length;
        const label = nodes.get(id)?.label ?? '';
        setSaid(added ? t('a11y.expanded', { count: added, label }) : t('a11y.expandedNone', { label }));
      } catch (err) {
        setActionError(err instanceof Error ? err : new Error(String(err)));
      }
    },
    [merge, graph.nodes, nodes, t],
  );
  const hide = useCallback((id: string) => setManualHidden((s) => new Set([...s, id])), []);
  const unhide = useCallback(
    (id: string) =>
      setManualHidden((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      }),
    [],
  );

  const show = (id: string) => {
    setDetails(id);
    if (cy) focusNode(cy, id, !large);
  };
  const linkTo = (from: string, to: string) => {
    setLinkPair([from, to]);
    setLinkFrom(null);
  };

  // Another view sent the reader here to see one entity (a mention in the notes: ?focus=<id>).
  const path_ = usePath();
  useEffect(() => {
    const focus = new URLSearchParams(path_.split('?')[1] ?? '').get('focus');
    if (!focus || !cy || !nodes.has(focus)) return;
    setDetails(focus);
    focusNode(cy, focus, !large);
    navigate(`/cases/${caseId}/graph`, true);
  }, [path_, cy, nodes, large, caseId]);

  useCanvasEvents(cy, {
    onTap: (id) => {
      setMenu(null);
      if (linkFrom && linkFrom !== id) linkTo(linkFrom, id);
      else setDetails(id);
    },
    onContextMenu: (id, x, y) => setMenu({ id, x, y }),
    onDoubleTap: (id) => void expand(id),
    onBackgroundTap: () => setMenu(null),
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setLinkFrom(null);
        setMenu(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  function find(text: string) {
    const needle = text.trim().toLocaleLowerCase();
    if (!cy) return;
    const hit = [...nodes.values()].find((n) => n.label.toLocaleLowerCase().includes(needle));
    if (!hit) {
      setNotice(t('graph.notFound', { text }));
      return;
    }
    setNotice(null);
    focusNode(cy, hit.id, !large);
    setDetails(hit.id);
  }

  const exportGraph = useGraphExport(caseId, cy);
  async function exportImage() {
    const failed = await exportGraph();
    if (failed) setNotice(failed);
  }

  const menuNode = menu ? nodes.get(menu.id) : undefined;
  const labels = useMemo(() => new Map([...nodes.values()].map((n) => [n.id, n.label])), [nodes]);
  const sortedNodes = useMemo(() => {
    // Sightings in time order (their labels start alike), everything else by name. One collator for the sort:
    // localeCompare with a language makes one per comparison (thousands for a 500-entity case as it opens).
    const byName = new Intl.Collator(i18n.language).compare;
    return [...nodes.values()].sort(
      (a, b) => a.kind.localeCompare(b.kind) || (nodeTime(a) ?? 0) - (nodeTime(b) ?? 0) || byName(a.label, b.label),
    );
  }, [nodes, i18n.language]);
  const pathLinks = path?.state === 'shown' ? path.ids.filter((id) => graph.edges.has(id)).length : 0;
  const linkNodes = linkPair && ([nodes.get(linkPair[0]), nodes.get(linkPair[1])] as const);

  return (
    <div className="graph-layout">
      <GraphToolbar
        layout={layout.name}
        onLayout={(name) => setLayout((l) => ({ name, key: l.key + 1 }))}
        onRelayout={() => setLayout((l) => ({ ...l, key: l.key + 1 }))}
        names={sortedNodes}
        onFind={find}
        onAdd={() => setAdding(true)}
        onExport={() => void exportImage()}
        pathsOpen={pathsOpen}
        onTogglePaths={() => setPathsOpen((o) => !o)}
        hiddenCount={manualHidden.size}
        onShowHidden={() => setManualHidden(new Set())}
        live={graph.live}
      />
      <GraphFilterPanel value={filters} onChange={setFilters} />
      <TimeFilterNote caseId={caseId} view="graph" />
      <Suspense fallback={null}>{mayAnalyse && <CentralityPanel caseId={caseId} cy={cy} />}</Suspense>
      <div className="graph-status" aria-live="polite">
        <span>{t('graph.summary', { nodes: nodes.size, links: graph.edges.size })}</span>
        {drawnMs !== null && (
          <span className="muted small" data-testid="graph-drawn-ms">
            {' '}
            · {drawnMs} ms
          </span>
        )}
        {linkFrom && <strong> · {t('graph.linkPick', { label: nodes.get(linkFrom)?.label ?? '' })}</strong>}
        {path ? (
          <strong data-testid="path-message">
            {' '}
            · {path.state === 'shown' ? t('graph.pathShown', { count: pathLinks }) : t('graph.pathNone')}
          </strong>
        ) : (
          <span className="muted"> · {t('graph.pathHint')}</span>
        )}
        {path?.state === 'shown' && (
          <button type="button" className="small" onClick={clearSelection}>
            {t('graph.clearPath')}
          </button>
        )}
        {notice && <span role="alert"> · {notice}</span>}
        {said && <span data-testid="graph-said"> · {said}</span>}
        <FeasibilityFlags caseId={caseId} cy={cy} names={labels} version={graph.nodes} onFocus={show} />
      </div>
      {!connection.online && (
        <p className="offline-banner" role="status" data-testid="graph-offline">
          {connection.servedAt
            ? t('field.offline.graph', { when: readable.when(new Date(connection.servedAt).toISOString()) })
            : t('field.offline.graphLive')}
        </p>
      )}
      {graph.error && <ErrorNote error={graph.error} onRetry={graph.reload} />}
      {actionError && <ErrorNote error={actionError} />}
      <div className="graph-main">
        <div className="graph-canvas-wrap">
          <div ref={containerRef} className="graph-canvas" data-testid="graph-canvas" role="img" aria-label={t('graph.canvas')} />
          {menu && menuNode && (
            <NodeContextMenu
              at={menu}
              label={menuNode.label}
              onClose={() => setMenu(null)}
              actions={{
                linkFrom: setLinkFrom,
                details: setDetails,
                expand: (id) => void expand(id),
                hide,
              }}
            />
          )}
        </div>
        <div className="graph-side">
          {pathsOpen && (
            <div id="paths-panel">
              <Suspense fallback={<Loading />}>
                <PathsPanel selected={selected} nodes={nodes} cy={cy} onMerge={merge} onClose={() => setPathsOpen(false)} />
              </Suspense>
            </div>
          )}
          {details && nodes.has(details) ? (
            <EntityPanel
              key={details}
              caseId={caseId}
              id={details}
              nodes={nodes}
              edges={graph.edges}
              onChanged={(n) => merge({ nodes: [n], edges: [] })}
              onRemoved={(ids) => {
                graph.remove(ids);
                if (ids.includes(details)) setDetails(null);
              }}
              onFocus={show}
              onClose={() => setDetails(null)}
              hidden={manualHidden.has(details)}
              onExpand={(id) => void expand(id)}
              onHide={hide}
              onShow={unhide}
            />
          ) : (
            <p className="muted">{t('entity.empty')}</p>
          )}
          <EntityList
            caseId={caseId}
            nodes={sortedNodes}
            selected={selected}
            onPath={onPath}
            linkFrom={linkFrom}
            onSelect={setNodeSelected}
            onOpen={show}
            onLinkFrom={setLinkFrom}
            onLinkTo={(id) => linkFrom && linkTo(linkFrom, id)}
            hidden={manualHidden}
            onExpand={(id) => void expand(id)}
            onHide={hide}
            onShow={unhide}
          />
        </div>
      </div>
      {adding && (
        <AddEntityDialog
          caseId={caseId}
          nodes={nodes}
          onClose={() => setAdding(false)}
          onCreated={(n) => {
            merge({ nodes: [n], edges: [] });
            setAdding(false);
            setDetails(n.id);
          }}
        />
      )}
      {linkNodes && linkNodes[0] && linkNodes[1] && (
        <LinkDialog
          caseId={caseId}
          from={linkNodes[0]}
          to={linkNodes[1]}
          onClose={() => setLinkPair(null)}
          onCreated={(e) => {
            merge({ nodes: [], edges: [e] });
            setLinkPair(null);
          }}
        />
      )}
    </div>
  );
}
