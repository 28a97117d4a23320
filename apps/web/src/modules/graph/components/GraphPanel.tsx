import { LINK_TYPE_NAMES } from '@homeward/graph-schema';
import {
  LAYOUT_NAMES,
  clearHighlight,
  exportPng,
  focusNode,
  hiddenIds,
  highlightIds,
  highlightShortestPath,
  useCytoscape,
  type DrawnInfo,
  type GraphElement,
  type LayoutName,
} from '@homeward/graph-view';
import type { EventObject } from 'cytoscape';
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { gql } from '../../../lib/graphql';
import { NEIGHBORHOOD, RECORD_EXPORT, SHORTEST_PATH, type GNode, type Subgraph } from '../graphql/graph.graphql';
import { useCaseGraph } from '../hooks/use-case-graph';
import { AddEntityDialog } from './AddEntityDialog';
import { EntityPanel } from './EntityPanel';
import { LinkDialog } from './LinkDialog';
import FeasibilityFlags from '../../analysis/components/FeasibilityFlags';

// Opened on demand: kept out of the graph view's own chunk.
const PathsPanel = lazy(() => import('../../analysis/components/PathsPanel'));
const CentralityPanel = lazy(() => import('../../analysis/components/CentralityPanel'));

const KINDS = ['PERSON', 'VEHICLE', 'LOCATION', 'SIGHTING', 'PHONE', 'ONLINE_ACCOUNT'] as const;

function nodeTime(n: GNode): number | null {
  const v = n.props?.['observedAt'];
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

interface Menu {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

export default function GraphPanel({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const graph = useCaseGraph(caseId);
  const [layout, setLayout] = useState<{ name: LayoutName; key: number }>({ name: 'fcose', key: 0 });
  const [kinds, setKinds] = useState<ReadonlySet<string>>(new Set());
  const [linkTypes, setLinkTypes] = useState<ReadonlySet<string>>(new Set());
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [manualHidden, setManualHidden] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string[]>([]);
  const [pathMsg, setPathMsg] = useState<string | null>(null);
  const [pathIds, setPathIds] = useState<string[]>([]);
  const [details, setDetails] = useState<string | null>(null);
  const [menu, setMenu] = useState<Menu | null>(null);
  const [linkFrom, setLinkFrom] = useState<string | null>(null);
  const [linkPair, setLinkPair] = useState<[string, string] | null>(null);
  const [adding, setAdding] = useState(false);
  const [pathsOpen, setPathsOpen] = useState(false);
  const [find, setFind] = useState('');
  const [findMsg, setFindMsg] = useState<string | null>(null);
  const [actionError, setActionError] = useState<Error | null>(null);
  /** Null until the user opens or closes the entity list; small cases start with it open. */
  const [listToggled, setListToggled] = useState<boolean | null>(null);

  const elements = useMemo<GraphElement[]>(() => {
    const out: GraphElement[] = [];
    for (const n of graph.nodes.values()) {
      const role = n.role ? t(`role.${n.role}`) : '';
      out.push({
        group: 'nodes',
        data: {
          id: n.id,
          kind: n.kind,
          label: n.label,
          display: role ? `${n.label}\n(${role})` : n.label,
          role: n.role ?? null,
          external: !n.caseIds.includes(caseId),
          time: nodeTime(n),
        },
      });
    }
    for (const e of graph.edges.values()) {
      out.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, type: e.type, display: t(`link.${e.type}`) } });
    }
    return out;
  }, [graph.nodes, graph.edges, caseId, t]);

  const hidden = useMemo(
    () =>
      hiddenIds(elements, {
        kinds,
        linkTypes,
        hidden: manualHidden,
        from: from ? Date.parse(from) : null,
        to: to ? Date.parse(to) + 86_399_999 : null,
      }),
    [elements, kinds, linkTypes, manualHidden, from, to],
  );

  const roots = useMemo(() => [...graph.nodes.values()].filter((n) => n.role === 'MISSING_CHILD').map((n) => n.id), [graph.nodes]);
  const [drawnMs, setDrawnMs] = useState<number | null>(null);
  const onDrawn = useCallback((info: DrawnInfo) => {
    // A user-timing mark, so that a trace or the perf benchmark can see when the graph was on screen.
    performance.mark('homeward:graph-drawn', { detail: { nodes: info.nodes, layout: info.layout, webgl: info.webgl, ms: info.ms } });
    setDrawnMs(Math.round(info.ms));
  }, []);
  const { containerRef, cy, large } = useCytoscape({ elements, layout, hidden, roots, onDrawn, positionsKey: `case:${caseId}` });

  const nodesRef = useRef(graph.nodes);
  nodesRef.current = graph.nodes;
  const linkFromRef = useRef(linkFrom);
  linkFromRef.current = linkFrom;

  const expand = useCallback(
    async (id: string) => {
      try {
        const d = await gql<{ neighborhood: Subgraph }>(NEIGHBORHOOD, { ids: [id], depth: 1 });
        graph.merge(d.neighborhood);
      } catch (err) {
        setActionError(err instanceof Error ? err : new Error(String(err)));
      }
    },
    [graph],
  );

  useEffect(() => {
    if (!cy) return;
    const onTap = (ev: EventObject) => {
      const id = ev.target.id() as string;
      setMenu(null);
      const pending = linkFromRef.current;
      if (pending && pending !== id) {
        setLinkPair([pending, id]);
        setLinkFrom(null);
        return;
      }
      setDetails(id);
    };
    const onCxt = (ev: EventObject) => {
      const p = ev.renderedPosition ?? ev.target.renderedPosition();
      setMenu({ id: ev.target.id() as string, x: p.x, y: p.y });
    };
    const onDbl = (ev: EventObject) => void expand(ev.target.id() as string);
    const onBg = (ev: EventObject) => {
      if (ev.target === cy) setMenu(null);
    };
    const onSelect = () => {
      // Keep the order the user picked them in: the path goes from the first to the second.
      const now = cy.$('node:selected').map((n) => n.id());
      setSelected((prev) => [...prev.filter((x) => now.includes(x)), ...now.filter((x) => !prev.includes(x))]);
    };
    cy.on('tap', 'node', onTap);
    cy.on('cxttap', 'node', onCxt);
    cy.on('dbltap', 'node', onDbl);
    cy.on('tap', onBg);
    cy.on('select unselect', 'node', onSelect);
    return () => {
      cy.off('tap', 'node', onTap);
      cy.off('cxttap', 'node', onCxt);
      cy.off('dbltap', 'node', onDbl);
      cy.off('tap', onBg);
      cy.off('select unselect', 'node', onSelect);
    };
  }, [cy, expand]);

  // Two selected entities: show the shortest chain between them.
  useEffect(() => {
    if (!cy) return;
    if (selected.length !== 2) {
      if (pathIds.length > 0) {
        clearHighlight(cy);
        setPathIds([]);
        setPathMsg(null);
      }
      return;
    }
    const [a, b] = selected as [string, string];
    const local = highlightShortestPath(cy, a, b);
    if (local) {
      setPathIds(local);
      setPathMsg(t('graph.pathShown', { count: local.filter((id) => graph.edges.has(id)).length }));
      return;
    }
    // Not connected within this case's drawing: ask the server, which searches every case we may see.
    let alive = true;
    gql<{ shortestPath: Subgraph | null }>(SHORTEST_PATH, { fromId: a, toId: b }).then(
      (d) => {
        if (!alive) return;
        const p = d.shortestPath;
        if (!p || p.edges.length === 0) {
          setPathIds([]);
          setPathMsg(t('graph.pathNone'));
          return;
        }
        graph.merge(p);
        const ids = [...p.nodes.map((n) => n.id), ...p.edges.map((e) => e.id)];
        setPathIds(ids);
        setPathMsg(t('graph.pathShown', { count: p.edges.length }));
        requestAnimationFrame(() => highlightIds(cy, ids));
      },
      () => alive && setPathMsg(t('graph.pathNone')),
    );
    return () => {
      alive = false;
    };
  }, [cy, selected]);

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

  function toggleSelect(id: string, on: boolean) {
    if (!cy) return;
    const n = cy.getElementById(id);
    if (on) n.select();
    else n.unselect();
  }

  function doFind(e: FormEvent) {
    e.preventDefault();
    const needle = find.trim().toLocaleLowerCase();
    if (!needle || !cy) return;
    const hit = [...graph.nodes.values()].find((n) => n.label.toLocaleLowerCase().includes(needle));
    if (!hit) {
      setFindMsg(t('graph.notFound', { text: find }));
      return;
    }
    setFindMsg(null);
    focusNode(cy, hit.id, !large);
    setDetails(hit.id);
  }

  async function doExport() {
    if (!cy) return;
    try {
      await gql(RECORD_EXPORT, { caseId, format: 'png' });
    } catch {
      setFindMsg(t('graph.exportFailed'));
      return;
    }
    const blob = await exportPng(cy);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `case-${caseId}-graph.png`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  function toggle(set: ReadonlySet<string>, v: string, all: readonly string[]): Set<string> {
    // Empty means "all shown"; unticking one from "all" keeps the others.
    const base = set.size === 0 ? new Set(all) : new Set(set);
    if (base.has(v)) base.delete(v);
    else base.add(v);
    return base.size === all.length ? new Set() : base;
  }

  const menuNode = menu ? graph.nodes.get(menu.id) : undefined;
  const labels = useMemo(() => new Map([...graph.nodes.values()].map((n) => [n.id, n.label])), [graph.nodes]);
  const listOpen = listToggled ?? graph.nodes.size <= 60;
  const sortedNodes = useMemo(() => [...graph.nodes.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label, i18n.language)), [graph.nodes, i18n.language]);

  return (
    <div className="graph-layout">
      <div className="graph-toolbar" role="toolbar" aria-label={t('graph.toolbar')}>
        <label>
          {t('graph.layout')}
          <select value={layout.name} onChange={(e) => setLayout((l) => ({ name: e.target.value as LayoutName, key: l.key + 1 }))}>
            {LAYOUT_NAMES.map((n) => (
              <option key={n} value={n}>
                {t(`graph.layouts.${n}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setLayout((l) => ({ ...l, key: l.key + 1 }))}>
          {t('graph.relayout')}
        </button>
        <form onSubmit={doFind} role="search" className="inline">
          <label>
            <span className="sr-only">{t('graph.find')}</span>
            <input type="search" placeholder={t('graph.find')} value={find} onChange={(e) => setFind(e.target.value)} list="graph-node-names" />
          </label>
          <datalist id="graph-node-names">
            {sortedNodes.slice(0, 500).map((n) => (
              <option key={n.id} value={n.label} />
            ))}
          </datalist>
          <button type="submit">{t('graph.findButton')}</button>
        </form>
        <button type="button" onClick={() => setAdding(true)}>
          {t('graph.add')}
        </button>
        <button type="button" onClick={doExport}>
          {t('graph.exportPng')}
        </button>
        <button type="button" aria-pressed={pathsOpen} aria-controls={pathsOpen ? 'paths-panel' : undefined} onClick={() => setPathsOpen((o) => !o)}>
          {t('paths.open')}
        </button>
        {manualHidden.size > 0 && (
          <button type="button" onClick={() => setManualHidden(new Set())}>
            {t('graph.showHidden', { count: manualHidden.size })}
          </button>
        )}
        <span className={`live ${graph.live ? 'on' : 'off'}`} role="status">
          {graph.live ? t('graph.live') : t('app.connecting')}
        </span>
      </div>
      <details className="graph-filters">
        <summary>
          {t('graph.kinds')} · {t('graph.links')} · {t('graph.from')}/{t('graph.to')}
        </summary>
        <fieldset>
          <legend>{t('graph.kinds')}</legend>
          {KINDS.map((k) => (
            <label key={k} className="check">
              <input type="checkbox" checked={kinds.size === 0 || kinds.has(k)} onChange={() => setKinds((s) => toggle(s, k, KINDS))} />
              {t(`kind.${k}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('graph.links')}</legend>
          {LINK_TYPE_NAMES.map((k) => (
            <label key={k} className="check">
              <input type="checkbox" checked={linkTypes.size === 0 || linkTypes.has(k)} onChange={() => setLinkTypes((s) => toggle(s, k, LINK_TYPE_NAMES))} />
              {t(`link.${k}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>
            {t('graph.from')} / {t('graph.to')}
          </legend>
          <label>
            {t('graph.from')}
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            {t('graph.to')}
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
        </fieldset>
      </details>
      <Suspense fallback={null}>
        <CentralityPanel caseId={caseId} cy={cy} />
      </Suspense>
      <div className="graph-status" aria-live="polite">
        <span>{t('graph.summary', { nodes: graph.nodes.size, links: graph.edges.size })}</span>
        {drawnMs !== null && <span className="muted small" data-testid="graph-drawn-ms"> · {drawnMs} ms</span>}
        {linkFrom && <strong> · {t('graph.linkPick', { label: graph.nodes.get(linkFrom)?.label ?? '' })}</strong>}
        {pathMsg ? <strong data-testid="path-message"> · {pathMsg}</strong> : <span className="muted"> · {t('graph.pathHint')}</span>}
        {pathMsg && pathIds.length > 0 && (
          <button type="button" className="small" onClick={() => cy?.$(':selected').unselect()}>
            {t('graph.clearPath')}
          </button>
        )}
        {findMsg && <span role="alert"> · {findMsg}</span>}
        <FeasibilityFlags
          caseId={caseId}
          cy={cy}
          names={labels}
          version={graph.nodes}
          onFocus={(id) => {
            setDetails(id);
            if (cy) focusNode(cy, id, !large);
          }}
        />
      </div>
      {graph.error && <ErrorNote error={graph.error} onRetry={graph.reload} />}
      {actionError && <ErrorNote error={actionError} />}
      <div className="graph-main">
        <div className="graph-canvas-wrap">
          <div ref={containerRef} className="graph-canvas" data-testid="graph-canvas" role="img" aria-label={t('graph.canvas')} />
          {menu && menuNode && (
            <ul className="context-menu" role="menu" aria-label={t('graph.actions', { label: menuNode.label })} style={{ left: menu.x, top: menu.y }}>
              <MenuItem
                label={t('graph.linkTo')}
                onClick={() => {
                  setLinkFrom(menu.id);
                  setMenu(null);
                }}
              />
              <MenuItem
                label={t('graph.details')}
                onClick={() => {
                  setDetails(menu.id);
                  setMenu(null);
                }}
              />
              <MenuItem
                label={t('graph.expand')}
                onClick={() => {
                  void expand(menu.id);
                  setMenu(null);
                }}
              />
              <MenuItem
                label={t('graph.hide')}
                onClick={() => {
                  setManualHidden((s) => new Set([...s, menu.id]));
                  setMenu(null);
                }}
              />
            </ul>
          )}
        </div>
        <div className="graph-side">
          {pathsOpen && (
            <div id="paths-panel">
              <Suspense fallback={<Loading />}>
                <PathsPanel selected={selected} nodes={graph.nodes} cy={cy} onMerge={graph.merge} onClose={() => setPathsOpen(false)} />
              </Suspense>
            </div>
          )}
          {details && graph.nodes.has(details) ? (
            <EntityPanel
              key={details}
              caseId={caseId}
              id={details}
              nodes={graph.nodes}
              edges={graph.edges}
              onChanged={(n) => graph.merge({ nodes: [n], edges: [] })}
              onRemoved={(ids) => {
                graph.remove(ids);
                if (ids.includes(details)) setDetails(null);
              }}
              onFocus={(id) => {
                setDetails(id);
                if (cy) focusNode(cy, id, !large);
              }}
              onClose={() => setDetails(null)}
            />
          ) : (
            <p className="muted">{t('entity.empty')}</p>
          )}
          <details className="entity-list" open={listOpen} onToggle={(e) => {
              // React setting `open` fires toggle too; only a change away from the default is the user's.
              const open = e.currentTarget.open;
              if (listToggled !== null || open !== graph.nodes.size <= 60) setListToggled(open);
            }}>
            <summary>
              {t('graph.list')} ({graph.nodes.size})
            </summary>
            <ul>
              {/* Rows of a closed list are not rendered: on a big case they cost as much as the first frame of the graph. */}
              {(listOpen ? sortedNodes.slice(0, 1000) : []).map((n) => (
                <li key={n.id} data-testid="entity-row">
                  <input
                    type="checkbox"
                    id={`sel-${n.id}`}
                    checked={selected.includes(n.id)}
                    onChange={(e) => toggleSelect(n.id, e.target.checked)}
                    aria-label={n.label}
                  />
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      setDetails(n.id);
                      if (cy) focusNode(cy, n.id, !large);
                    }}
                  >
                    {n.label}
                  </button>{' '}
                  <span className="muted small">
                    {t(`kind.${n.kind}`)}
                    {n.role ? ` · ${t(`role.${n.role}`)}` : ''}
                    {!n.caseIds.includes(caseId) ? ` · ${t('graph.external')}` : ''}
                    {pathIds.includes(n.id) ? ' · ★' : ''}
                  </span>
                  {linkFrom && linkFrom !== n.id && (
                    <button
                      type="button"
                      className="small"
                      onClick={() => {
                        setLinkPair([linkFrom, n.id]);
                        setLinkFrom(null);
                      }}
                    >
                      {t('graph.createLink')}
                    </button>
                  )}
                  {!linkFrom && (
                    <button type="button" className="small" onClick={() => setLinkFrom(n.id)} aria-label={`${t('graph.linkTo')} ${n.label}`}>
                      {t('graph.linkTo')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </details>
        </div>
      </div>
      {adding && (
        <AddEntityDialog
          caseId={caseId}
          nodes={graph.nodes}
          onClose={() => setAdding(false)}
          onCreated={(n) => {
            graph.merge({ nodes: [n], edges: [] });
            setAdding(false);
            setDetails(n.id);
          }}
        />
      )}
      {linkPair && graph.nodes.get(linkPair[0]) && graph.nodes.get(linkPair[1]) && (
        <LinkDialog
          caseId={caseId}
          from={graph.nodes.get(linkPair[0])!}
          to={graph.nodes.get(linkPair[1])!}
          onClose={() => setLinkPair(null)}
          onCreated={(e) => {
            graph.merge({ nodes: [], edges: [e] });
            setLinkPair(null);
          }}
        />
      )}
    </div>
  );
}

function MenuItem({ label, onClick }: { label: string; onClick(): void }) {
  return (
    <li role="none">
      <button type="button" role="menuitem" onClick={onClick}>
        {label}
      </button>
    </li>
  );
}
