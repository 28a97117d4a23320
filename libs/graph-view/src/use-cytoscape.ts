import cytoscape, { type Core, type ElementDefinition, type NodeCollection, type NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { useCallback, useEffect, useRef, useState } from 'react';
import { diffElements, type GraphElement } from './elements';
import { placeJoining, type JoiningNode } from './placement';
import { fastLayout } from './fast-layout';
import { iconsDecoded, preloadIcons, seedIcons } from './icon-cache';
import { keepFirstFrameMeasures, labelsAfterFirstFrame } from './first-frame';
import { skipUnchangedResize } from './resize';
import { cheapFirstStyle } from './first-style';
import { installBatchRenderer } from './batch-renderer';
import { installFastHitTest, primeHitTest } from './hit-test';
import { FAST_LAYOUT_NODES, LARGE_GRAPH_NODES, ROLE_RANK, layoutOptions, type LayoutName } from './layouts';
import { coversMost, loadPositions, savePositions, type Positions } from './position-cache';
import { rendererOptions, wantWebgl, type RendererMode } from './renderer';
import { graphStylesheet } from './styles';

// Decoded while the graph view's code is loaded ahead of a case being opened (see icon-cache.ts).
preloadIcons();

let extensionsRegistered = false;
function registerExtensions(): void {
  // cytoscape.use() warns when an extension is registered twice (hot reload, tests).
  if (extensionsRegistered) return;
  cytoscape.use(fcose);
  extensionsRegistered = true;
}

/** The drawing kept for its key when its component unmounted (see `keepAlive`). */
interface KeptGraph {
  readonly key: string;
  readonly large: boolean;
  readonly webgl: boolean;
  /** The box around the element Cytoscape draws into, taken out of the page while kept (see `drawingBox`). */
  readonly shell: HTMLDivElement;
  readonly instance: Core;
  readonly drawn: Map<string, GraphElement>;
  readonly styledWith: boolean | null;
  readonly nodeCount: number;
  readonly uninstall: () => void;
}
let kept: KeptGraph | null = null;

/** Drops the kept drawing, if any (signing out: the next user must not see the last one's graph, even for a frame). */
export function forgetKeptGraph(): void {
  if (!kept) return;
  const k = kept;
  kept = null;
  k.uninstall();
  if (!k.instance.destroyed()) k.instance.destroy();
  k.shell.remove();
}

/**
 * The element Cytoscape draws into, inside a box of its own. Cytoscape destroys its renderer when its
 * element is taken out of its parent, so a drawing kept for later moves with that box instead.
 */
function drawingBox(): { shell: HTMLDivElement; inner: HTMLDivElement } {
  const shell = document.createElement('div');
  const inner = document.createElement('div');
  shell.style.cssText = inner.style.cssText = 'position:absolute;inset:0';
  // Tests find the drawing (and Cytoscape's instance on it) by this class.
  inner.className = 'gv-drawing';
  shell.appendChild(inner);
  return { shell, inner };
}

/** The options every drawing is made with, besides its renderer's and stylesheet's. */
const CORE_OPTIONS = { minZoom: 0.02, maxZoom: 5, boxSelectionEnabled: true } as const;

/** A drawing made ahead for the next graph to draw, with the settings a graph view mounts with (see prepareDrawing). */
interface SpareDrawing {
  readonly shell: HTMLDivElement;
  readonly instance: Core;
}
let spare: SpareDrawing | null = null;
let preparing = false;

/**
 * Makes a drawing ahead of a case being opened (call it while the user is on the case list, once the graph
 * code is loaded): a Cytoscape instance with its stylesheet parsed, its canvases made, its first (empty) frame
 * drawn and the icons handed over, kept out of the page. The next graph view to mount with the settings of a
 * mid-sized canvas graph takes it instead of making one, which on opening a 500-node case was 90 ms of main-
 * thread CPU after the case's graph had arrived. One is kept; a no-op where there is no DOM.
 */
export function prepareDrawing(): Promise<void> {
  if (spare || preparing || typeof document === 'undefined') return Promise.resolve();
  preparing = true;
  return iconsDecoded()
    .then(() => {
      if (spare) return;
      registerExtensions();
      const box = drawingBox();
      const instance = cytoscape({
        container: box.inner,
        style: graphStylesheet({ large: false, edgeLabels: true }),
        // Out of the page it has no size, which Cytoscape's default first layout (a grid of nothing) cannot take.
        layout: { name: 'preset', fit: false },
        ...CORE_OPTIONS,
        ...rendererOptions({ large: false, webgl: false }),
      });
      seedIcons(instance);
      spare = { shell: box.shell, instance };
    })
    .catch(() => undefined)
    .finally(() => {
      preparing = false;
    });
}

/** The drawing made ahead, if it suits these settings (it is made for a mid-sized graph on the canvas). */
function takeSpare(large: boolean, webgl: boolean, edgeLabels: boolean): SpareDrawing | null {
  const s = spare;
  if (!s || large || webgl || !edgeLabels) return null;
  spare = null;
  if (s.instance.destroyed()) return null;
  return s;
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
  /**
   * Where laid-out positions are kept between visits (a case id): a reopened
   * graph is drawn where it was left instead of being laid out again.
   */
  readonly positionsKey?: string;
  /** Canvas or WebGL; `auto` unless a test needs one of them. */
  readonly renderer?: RendererMode;
  /** Called once a layout has run and the frame after it is on screen, with the time since the elements arrived. */
  readonly onDrawn?: (info: DrawnInfo) => void;
  /**
   * Called when a new drawing's node labels are on screen (`drawn` true): they come a frame after its shapes
   * (first-frame.ts), so after onDrawn; or, with `drawn` false, when the graph is drawn at a zoom where no label
   * is readable, so there are none to draw. Not called for a drawing brought back, nor for graphs over 1,000 nodes.
   */
  readonly onLabelsDrawn?: (drawn: boolean) => void;
  /**
   * The node count the rendering settings (cheap styles, WebGL, link labels) are chosen by, when not the current
   * one: a graph whose size swings (case replay) would otherwise restyle or rebuild the instance at each threshold.
   */
  readonly sizeHint?: number;
  /**
   * Keep the drawing when the component unmounts (a case's graph tab: leaving for another tab or the case
   * list), under this key (the case): mounted again with the same key, the same instance comes back as it was
   * left (viewport included) and only what changed meanwhile is drawn. One drawing is kept at a time;
   * `forgetKeptGraph` drops it (signing out).
   */
  readonly keepAlive?: string;
  /** False while the elements are still loading: a drawing brought back is not emptied meanwhile. */
  readonly ready?: boolean;
}

export interface DrawnInfo {
  /** From the elements arriving to the first frame on screen after the layout. */
  readonly ms: number;
  /** Of which the layout itself. */
  readonly layoutMs: number;
  readonly nodes: number;
  readonly layout: LayoutName;
  readonly webgl: boolean;
}

export interface CytoscapeHandle {
  /** Callback ref for the element Cytoscape draws into. */
  readonly containerRef: (el: HTMLElement | null) => void;
  /** The live instance, null before mount and after unmount. */
  readonly cy: Core | null;
  /** Whether the cheap rendering settings are in force. */
  readonly large: boolean;
  /** Whether the WebGL renderer draws the graph. */
  readonly webgl: boolean;
}

function toDefinition(el: GraphElement, at?: { x: number; y: number }): ElementDefinition {
  if (el.group === 'nodes') {
    const position = at ?? el.position;
    return { group: 'nodes', data: { ...el.data }, ...(position ? { position: { ...position } } : {}) };
  }
  return { group: 'edges', data: { ...el.data } };
}

function positionsOf(cy: Core): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  cy.nodes().forEach((n: NodeSingular) => {
    const p = n.position();
    out.set(n.id(), { x: p.x, y: p.y });
  });
  return out;
}

/** The built-in layout over the elements about to be added. */
function fastPositions(added: readonly GraphElement[]): Map<string, { x: number; y: number }> {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const rank: number[] = [];
  for (const el of added) {
    if (el.group !== 'nodes') continue;
    index.set(el.data.id, ids.length);
    ids.push(el.data.id);
    rank.push(ROLE_RANK[String(el.data['role'])] ?? 0);
  }
  const edges: [number, number][] = [];
  for (const el of added) {
    if (el.group !== 'edges') continue;
    const a = index.get(el.data.source);
    const b = index.get(el.data.target);
    if (a !== undefined && b !== undefined) edges.push([a, b]);
  }
  const { x, y } = fastLayout({ ids, edges, rank });
  const out = new Map<string, { x: number; y: number }>();
  ids.forEach((id, i) => out.set(id, { x: x[i]!, y: y[i]! }));
  return out;
}

/**
 * Fits the viewport to positions already known. cy.fit() would measure every
 * label for the bounding box, which on a first draw costs as much as drawing.
 */
export function fitTo(cy: Core, positions: Positions, margin: number): void {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of positions.values()) {
    x1 = Math.min(x1, p.x);
    y1 = Math.min(y1, p.y);
    x2 = Math.max(x2, p.x);
    y2 = Math.max(y2, p.y);
  }
  if (!Number.isFinite(x1)) return;
  const w = cy.width();
  const h = cy.height();
  const zoom = Math.min(
    cy.maxZoom(),
    Math.max(cy.minZoom(), Math.min((w - 2 * margin) / Math.max(1, x2 - x1), (h - 2 * margin) / Math.max(1, y2 - y1))),
  );
  const pan = { x: w / 2 - zoom * ((x1 + x2) / 2), y: h / 2 - zoom * ((y1 + y2) / 2) };
  cy.viewport({ zoom, pan });
  // The page around the graph may still settle after the first draw (a header line wrapping, a panel opening):
  // while nobody has moved the view since, a resized container gets the same fit again, not an off-centre picture.
  // Kept here, not in cy.scratch(): setting the instance's scratch restyles every element (Cytoscape 3.33), which
  // cost a full restyle and redraw of a 500-node graph at each fit and at each resize after it.
  const refit = lastFit.has(cy);
  lastFit.set(cy, { zoom, pan, positions, margin });
  if (!refit) {
    cy.on('resize', () => {
      const last = lastFit.get(cy);
      const now = cy.pan();
      if (last && cy.zoom() === last.zoom && now.x === last.pan.x && now.y === last.pan.y) fitTo(cy, last.positions, last.margin);
    });
  }
}

/** The last fit of each instance, while nobody has moved its view since (see fitTo). */
const lastFit = new WeakMap<Core, { zoom: number; pan: { x: number; y: number }; positions: Positions; margin: number }>();

/**
 * Cytoscape 3.34 records a WebGL instance's extra canvas layer on the shared
 * renderer prototype, so every instance built afterwards would also make a
 * WebGL context it never uses (and browsers allow only a few). The instance
 * keeps its own count; the shared one goes back to the canvas default.
 */
function undoSharedLayerCount(instance: Core): void {
  const renderer: unknown = (instance as unknown as { renderer?: () => unknown }).renderer?.();
  if (typeof renderer !== 'object' || renderer === null) return;
  const proto: unknown = Object.getPrototypeOf(renderer);
  if (typeof proto === 'object' && proto !== null && 'CANVAS_LAYERS' in proto) {
    (proto as { CANVAS_LAYERS: number }).CANVAS_LAYERS = 3;
  }
}

export function useCytoscape({
  elements,
  layout,
  hidden,
  roots,
  positionsKey,
  renderer = 'auto',
  onDrawn,
  onLabelsDrawn,
  sizeHint,
  keepAlive,
  ready = true,
}: UseCytoscapeOptions): CytoscapeHandle {
  const [container, setContainer] = useState<HTMLElement | null>(null);
  const [cy, setCy] = useState<Core | null>(null);
  const drawn = useRef<Map<string, GraphElement>>(new Map());
  const lastLayout = useRef<LayoutRequest | null>(null);
  const onDrawnRef = useRef(onDrawn);
  onDrawnRef.current = onDrawn;
  const onLabelsRef = useRef(onLabelsDrawn);
  onLabelsRef.current = onLabelsDrawn;
  const rootsRef = useRef(roots);
  rootsRef.current = roots;
  const keyRef = useRef(positionsKey);
  keyRef.current = positionsKey;
  /** Positions of an instance rebuilt for other renderer settings, so the picture does not change under the user. */
  const carried = useRef<Positions | null>(null);
  /** Whether the instance's stylesheet writes edge labels. */
  const styledWith = useRef<boolean | null>(null);
  /** Nodes placed with no link to anything drawn, not moved by the user since: their first links bring them near. */
  const floating = useRef<Set<string>>(new Set());
  const keepRef = useRef(keepAlive);
  keepRef.current = keepAlive;
  /**
   * The node count of a kept drawing just brought back (null otherwise): it sizes the rendering settings while the
   * elements load, and its first frame is reported once the elements are checked against it.
   */
  const revived = useRef<number | null>(null);
  /** Set by the unmount's cleanup, which runs before the instance's: only an unmount keeps the drawing, not a rebuild. */
  const unmounting = useRef(false);
  useEffect(() => {
    unmounting.current = false;
    return () => {
      unmounting.current = true;
    };
  }, []);

  let nodeCount = 0;
  for (const el of elements) if (el.group === 'nodes') nodeCount++;
  // Renderer options are fixed at construction, so crossing the threshold rebuilds the instance.
  // While the elements of a drawing brought back (or about to be) are loading, its own size sets the renderer
  // settings: sized by the empty list, it would be restyled (or rebuilt) twice, costing what keeping it saves.
  let keptNodes = 0;
  if (!ready && keepAlive && nodeCount === 0) keptNodes = (kept?.key === keepAlive ? kept.nodeCount : revived.current) ?? 0;
  const sized = sizeHint ?? Math.max(nodeCount, keptNodes);
  const large = sized > LARGE_GRAPH_NODES;
  const webgl = wantWebgl(renderer, sized);
  /** Whether the batch renderer draws the graph (and hit-test bounds must be primed, see primeHitTest). */
  const batched = large && !webgl;
  const edgeLabels = sized <= FAST_LAYOUT_NODES;
  const edgeLabelsRef = useRef(edgeLabels);
  edgeLabelsRef.current = edgeLabels;

  const containerRef = useCallback((el: HTMLElement | null) => setContainer(el), []);

  useEffect(() => {
    if (!container) return;
    registerExtensions();
    let instance: Core;
    let shell: HTMLDivElement;
    let uninstall: () => void;
    const key = keepRef.current;
    if (key && kept && kept.key === key && kept.large === large && kept.webgl === webgl) {
      // The drawing left here comes back as it was: no instance, style, layout or first frame to make.
      ({ instance, shell, uninstall } = kept);
      drawn.current = kept.drawn;
      styledWith.current = kept.styledWith;
      revived.current = kept.nodeCount;
      kept = null;
      container.appendChild(shell);
      // What the last visit's panels set (selection, a highlighted path, flags) is theirs to set again.
      // Only those elements are touched: a class change restyles the element.
      instance.batch(() => {
        instance.$(':selected').unselect();
        instance
          .elements()
          .filter((el) => el.classes().length > 0)
          .classes([]);
      });
      instance.resize();
    } else {
      if (key) forgetKeptGraph();
      // A drawing made ahead (prepareDrawing) when it suits, else a new one.
      const made = takeSpare(large, webgl, edgeLabelsRef.current);
      if (made) {
        ({ shell, instance } = made);
        container.appendChild(shell);
        instance.resize();
      } else {
        const box = drawingBox();
        shell = box.shell;
        container.appendChild(shell);
        instance = cytoscape({
          container: box.inner,
          style: graphStylesheet({ large, edgeLabels: edgeLabelsRef.current }),
          ...CORE_OPTIONS,
          ...rendererOptions({ large, webgl }),
        });
      }
      if (webgl) undoSharedLayerCount(instance);
      else if (!large) seedIcons(instance);
      skipUnchangedResize(instance);
      const uninstallBatch = large && !webgl ? installBatchRenderer(instance) : null;
      const uninstallHitTest = large && !webgl ? installFastHitTest(instance) : null;
      uninstall = () => {
        uninstallBatch?.();
        uninstallHitTest?.();
      };
      styledWith.current = edgeLabelsRef.current;
      drawn.current = new Map();
      revived.current = null;
    }
    lastLayout.current = null;
    let saveTimer: ReturnType<typeof setTimeout> | undefined;
    const saveNow = () => {
      saveTimer = undefined;
      const k = keyRef.current;
      if (k) savePositions(k, positionsOf(instance));
    };
    const save = () => {
      if (!keyRef.current) return;
      clearTimeout(saveTimer);
      // Off the frame that shows the result: serialising thousands of positions is not free.
      saveTimer = setTimeout(saveNow, 500);
    };
    floating.current = new Set();
    const settled = () => floating.current.clear();
    const dragged = (e: cytoscape.EventObject) => void floating.current.delete((e.target as NodeSingular).id());
    instance.on('layoutstop', settled);
    instance.on('dragfree', 'node', dragged);
    instance.on('layoutstop dragfree', save);
    instance.on('gv-positioned', save);
    setCy(instance);
    return () => {
      if (saveTimer !== undefined) {
        clearTimeout(saveTimer);
        saveNow();
      }
      instance.off('layoutstop', settled);
      instance.off('dragfree', 'node', dragged);
      instance.off('layoutstop dragfree', save);
      instance.off('gv-positioned', save);
      setCy(null);
      const keepAs = keepRef.current;
      if (unmounting.current && keepAs && !instance.destroyed() && instance.nodes().nonempty()) {
        forgetKeptGraph();
        shell.remove();
        kept = {
          key: keepAs,
          large,
          webgl,
          shell,
          instance,
          drawn: drawn.current,
          styledWith: styledWith.current,
          nodeCount: instance.nodes().length,
          uninstall,
        };
        return;
      }
      if (instance.nodes().nonempty()) carried.current = positionsOf(instance);
      uninstall();
      instance.destroy();
      shell.remove();
    };
  }, [container, large, webgl]);

  // The effects below also run in the commit that rebuilds the instance (the
  // graph crossing LARGE_GRAPH_NODES, e.g. a big case's elements arriving at
  // once), before the new instance reaches state: `cy` is then the one just
  // destroyed, whose renderer is gone (cy.batch threw and blanked the page).
  // They run again with the new instance on the next render.

  // Declared before the elements effect so that a first draw is styled once, not twice.
  useEffect(() => {
    if (!cy || cy.destroyed()) return;
    if (styledWith.current === edgeLabels) return;
    styledWith.current = edgeLabels;
    cy.style(graphStylesheet({ large, edgeLabels }));
  }, [cy, large, edgeLabels]);

  useEffect(() => {
    if (!cy || cy.destroyed()) return;
    // A drawing brought back is not emptied while the case's elements are still on their way.
    if (revived.current !== null && !ready) return;
    const started = performance.now();
    const wasEmpty = drawn.current.size === 0;
    const diff = diffElements(drawn.current, elements);
    const userAsked = lastLayout.current !== null && (lastLayout.current.key !== layout.key || lastLayout.current.name !== layout.name);
    const runLayout = userAsked || (wasEmpty && nodeCount > 0);

    // A first draw may skip the layout (positions from the last visit) or use the fast one.
    let preset: Positions | null = null;
    let name: LayoutName = layout.name;
    if (runLayout && !userAsked && wasEmpty) {
      const nodeIds: string[] = [];
      for (const el of diff.added) if (el.group === 'nodes') nodeIds.push(el.data.id);
      const known = carried.current ?? (keyRef.current ? loadPositions(keyRef.current) : null);
      carried.current = null;
      if (known && coversMost(known, nodeIds)) {
        preset = known;
        name = 'preset';
      } else if (layout.name === 'fcose' && nodeCount > FAST_LAYOUT_NODES) {
        preset = fastPositions(diff.added);
        name = 'fast';
      }
    }
    const layoutMs = preset && name === 'fast' ? performance.now() - started : 0;

    /** Nodes added or changed here: their bounds are stale. */
    let touched: NodeCollection = cy.collection();
    /** Whether nodes were placed beside the drawn graph (their places are saved like a layout's). */
    let placedNew = false;
    if (diff.added.length + diff.removed.length + diff.changed.length > 0) {
      // A first drawing's labels come a frame after its shapes (see first-frame.ts); big graphs have their own renderer.
      // Its first styling skips Cytoscape's checks of what a property change moves: nothing is measured yet.
      if (wasEmpty && !large && !webgl) {
        labelsAfterFirstFrame(cy, (drawn) => onLabelsRef.current?.(drawn));
        cheapFirstStyle(cy);
        keepFirstFrameMeasures(cy);
      }
      cy.batch(() => {
        for (const id of diff.removed) {
          const el = cy.getElementById(id);
          if (el.nonempty()) cy.remove(el);
        }
        for (const el of diff.changed) cy.getElementById(el.data.id).data({ ...el.data });
        const added = cy.add(diff.added.map((el) => toDefinition(el, preset?.get(el.data.id))));
        touched = added.nodes();
        if (batched && diff.changed.length > 0) {
          const changed = new Set(diff.changed.map((el) => el.data.id));
          touched = touched.union(cy.nodes().filter((n) => changed.has(n.id())));
        }
        if (!runLayout || preset) {
          const extent = cy.extent();
          const centre = { x: (extent.x1 + extent.x2) / 2, y: (extent.y1 + extent.y2) / 2 };
          // A node that comes with its own position (shown again where it was drawn before) keeps it, as does
          // one with a saved position; every other node added goes next to what it is linked to, on a free spot,
          // and nothing drawn moves (placement.ts).
          const ownPosition = new Set<string>();
          for (const el of diff.added) if (el.group === 'nodes' && el.position) ownPosition.add(el.data.id);
          const joining: JoiningNode[] = [];
          added.nodes().forEach((n: NodeSingular) => {
            if (preset?.has(n.id()) || ownPosition.has(n.id())) return;
            joining.push({
              id: n.id(),
              neighbours: n
                .neighborhood()
                .nodes()
                .map((m) => m.id()),
            });
          });
          // An entity with no link yet (just added) whose first links arrive a moment later (a sighting's place and
          // who was seen, a link just made to it) moves next to them then, unless the investigator moved it first.
          const addedIds = new Set(added.nodes().map((n) => n.id()));
          added.edges().forEach((e) => {
            for (const end of [e.source(), e.target()]) {
              if (floating.current.has(end.id()) && !addedIds.has(end.id())) {
                floating.current.delete(end.id());
                joining.push({
                  id: end.id(),
                  neighbours: end
                    .neighborhood()
                    .nodes()
                    .map((m) => m.id()),
                });
              }
            }
          });
          for (const j of joining) if (j.neighbours.length === 0) floating.current.add(j.id);
          if (joining.length > 0) {
            const waiting = new Set(joining.map((j) => j.id));
            const fixed = new Map<string, { x: number; y: number }>();
            cy.nodes().forEach((n: NodeSingular) => {
              if (!waiting.has(n.id())) fixed.set(n.id(), n.position());
            });
            const placed = placeJoining(fixed, joining, { fallback: centre, gap: large ? 30 : 75 });
            for (const [id, p] of placed) cy.getElementById(id).position(p);
            placedNew = true;
          }
        }
      });
      const next = new Map(drawn.current);
      for (const id of diff.removed) next.delete(id);
      for (const el of [...diff.added, ...diff.changed]) next.set(el.data.id, el);
      drawn.current = next;
      // A layout still to run moves them: primed after it instead.
      if (batched && (!runLayout || preset)) primeHitTest(touched);
      // Kept with the case's saved positions, so a reopened case draws them where they were placed.
      if (placedNew && !runLayout) cy.emit('gv-positioned');
    }

    const finished = (layoutMs: number, used: LayoutName) =>
      // Two frames: the first paints, the second starts after it is composited.
      requestAnimationFrame(() =>
        requestAnimationFrame(() =>
          onDrawnRef.current?.({ ms: performance.now() - started, layoutMs, nodes: nodeCount, layout: used, webgl }),
        ),
      );

    if (revived.current !== null) {
      // Brought back: positions, viewport and layout are the kept ones; its frame is on screen at the next paint.
      revived.current = null;
      if (lastLayout.current === null) lastLayout.current = layout;
      if (!userAsked) {
        finished(0, 'preset');
        return;
      }
    }
    if (runLayout && nodeCount > 0) {
      lastLayout.current = layout;
      if (preset) {
        fitTo(cy, preset, 30);
        if (name === 'fast') cy.emit('gv-positioned');
        finished(layoutMs, name);
        return;
      }
      const allPreset = layout.name === 'preset' || elements.every((el) => el.group !== 'nodes' || el.position !== undefined);
      const used: LayoutName = allPreset ? 'preset' : layout.name;
      if (used === 'fast') {
        const t = performance.now();
        const pos = fastPositions([...drawn.current.values()]);
        cy.batch(() => cy.nodes().forEach((n: NodeSingular) => void n.position(pos.get(n.id()) ?? n.position())));
        fitTo(cy, pos, 30);
        if (batched) primeHitTest(cy.nodes());
        cy.emit('gv-positioned');
        finished(performance.now() - t, used);
        return;
      }
      const l = cy.layout(layoutOptions(used, { nodeCount, roots: rootsRef.current }));
      const layoutStarted = performance.now();
      l.one('layoutstop', () => {
        if (batched) primeHitTest(cy.nodes());
        finished(performance.now() - layoutStarted, used);
      });
      l.run();
    } else if (lastLayout.current === null) {
      lastLayout.current = layout;
    }
  }, [cy, elements, layout, nodeCount, large, webgl, batched, ready]);

  useEffect(() => {
    if (!cy || cy.destroyed()) return;
    // Only what changes side is touched, each side as one collection (one class change and one event for all of
    // them): restyling every hidden element on each change cost a frame's worth on a big graph whose hidden set
    // moves a little at a time (case replay).
    const toShow = cy.elements('.gv-hidden').filter((el) => !hidden?.has(el.id()));
    const toHide =
      hidden && hidden.size > 0 ? cy.elements().filter((el) => hidden.has(el.id()) && !el.hasClass('gv-hidden')) : cy.collection();
    if (toShow.empty() && toHide.empty()) return;
    cy.batch(() => {
      toShow.removeClass('gv-hidden');
      toHide.addClass('gv-hidden');
    });
    // Nodes shown again have stale bounds, which the next mouse move would measure.
    if (batched) primeHitTest(toShow.nodes());
  }, [cy, hidden, elements, batched]);

  return { containerRef, cy, large, webgl };
}
