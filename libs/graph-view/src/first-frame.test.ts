import cytoscape, { type Core } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { anyLabelReadable, keepFirstFrameMeasures, labelsAfterFirstFrame } from './first-frame';
import { graphStylesheet } from './styles';

/** A stand-in for the parts of a Cytoscape instance and its canvas renderer that first-frame.ts uses. */
function fakeCy(nodes: number) {
  const handlers = new Map<string, Set<() => void>>();
  const box = { w: 40, h: 12 };
  const calls: string[] = [];
  const labels = { getBoundingBox: (): { w: number; h: number } => box };
  const renderer = {
    data: { lblTxrCache: labels, lyrTxrCache: { invalidateElements: () => calls.push('invalidate') } },
    redrawHint: (kind: string) => calls.push(`hint ${kind}`),
    redraw: () => calls.push('redraw'),
  };
  let zoom = 1;
  // One labelled node as Cytoscape's style has it: 11 px, not drawn under 6 px on screen.
  const styles: Record<string, { value?: unknown; strValue?: string; pfValue?: number }> = {
    label: { strValue: 'Ana' },
    display: { value: 'element' },
    'font-size': { pfValue: 11 },
    'min-zoomed-font-size': { pfValue: 6 },
  };
  const cy = {
    renderer: () => renderer,
    nodes: () => ({ empty: () => nodes === 0 }),
    elements: () => [{ pstyle: (name: string) => styles[name]! }],
    zoom: () => zoom,
    destroyed: () => false,
    on: (name: string, fn: () => void) => void (handlers.get(name) ?? handlers.set(name, new Set()).get(name)!).add(fn),
    one: (name: string, fn: () => void) => {
      const once = () => {
        handlers.get(name)?.delete(once);
        fn();
      };
      (handlers.get(name) ?? handlers.set(name, new Set()).get(name)!).add(once);
    },
    off: (name: string, fn: () => void) => void handlers.get(name)?.delete(fn),
    emit: (name: string) => [...(handlers.get(name) ?? [])].forEach((fn) => fn()),
  };
  return { cy, labels, box, calls, setNodes: (n: number) => (nodes = n), setZoom: (z: number) => (zoom = z) };
}
const idle = () => new Promise((ok) => setTimeout(ok, 20));

describe('labelsAfterFirstFrame', () => {
  it('draws no label on the first frame with nodes, then brings them back and redraws', async () => {
    const f = fakeCy(0);
    labelsAfterFirstFrame(f.cy as unknown as Core);
    expect(f.labels.getBoundingBox()).toEqual({ w: 0, h: 0 });
    // A frame before the elements arrive does not count.
    f.cy.emit('render');
    await idle();
    expect(f.labels.getBoundingBox()).toEqual({ w: 0, h: 0 });
    expect(f.calls).toEqual([]);
    f.setNodes(500);
    f.cy.emit('render');
    await idle();
    expect(f.labels.getBoundingBox()).toBe(f.box);
    expect(f.calls).toEqual(['invalidate', 'hint eles', 'redraw']);
    // Later frames change nothing.
    f.cy.emit('render');
    await idle();
    expect(f.calls).toHaveLength(3);
  });

  it('redraws nothing at a zoom where no label is readable, and says there were none to draw', async () => {
    const f = fakeCy(500);
    const told: boolean[] = [];
    labelsAfterFirstFrame(f.cy as unknown as Core, (drawn) => told.push(drawn));
    // 11 px at 0.5 is 5.5 px on screen, under the 6 px below which Cytoscape draws no label.
    f.setZoom(0.5);
    f.cy.emit('render');
    await idle();
    expect(f.labels.getBoundingBox()).toBe(f.box);
    expect(f.calls).toEqual([]);
    expect(told).toEqual([false]);
    f.cy.emit('render');
    expect(told).toEqual([false]);
  });

  it('calls back once the frame with the labels is drawn', async () => {
    const f = fakeCy(500);
    let called = 0;
    labelsAfterFirstFrame(f.cy as unknown as Core, (drawn) => {
      expect(drawn).toBe(true);
      called++;
    });
    f.cy.emit('render');
    await idle();
    // The labels are back and a redraw asked for, not yet drawn.
    expect(f.labels.getBoundingBox()).toBe(f.box);
    expect(called).toBe(0);
    f.cy.emit('render');
    expect(called).toBe(1);
    f.cy.emit('render');
    expect(called).toBe(1);
  });

  it('is not stacked when asked twice before the first frame', async () => {
    const f = fakeCy(10);
    labelsAfterFirstFrame(f.cy as unknown as Core);
    labelsAfterFirstFrame(f.cy as unknown as Core);
    f.cy.emit('render');
    await idle();
    expect(f.labels.getBoundingBox()).toBe(f.box);
    expect(f.calls.filter((c) => c === 'redraw')).toHaveLength(1);
  });
});

describe('keepFirstFrameMeasures', () => {
  const rstyle = (cy: Core) =>
    cy.elements().map((el) => (el as unknown as { _private: { rstyle: { clean?: boolean; cleanConnected?: boolean } } })._private.rstyle);

  it("marks the first frame's elements as computed, once, when it has nodes", () => {
    const cy = cytoscape({ headless: true, styleEnabled: true, style: [{ selector: '.hidden', style: { display: 'none' } }] });
    try {
      keepFirstFrameMeasures(cy);
      // A frame before the elements arrive does not count.
      cy.emit('render');
      cy.add([
        { group: 'nodes', data: { id: 'a' } },
        { group: 'nodes', data: { id: 'b' } },
        { group: 'edges', data: { id: 'e', source: 'a', target: 'b' } },
      ]);
      // What Cytoscape's renderer does when it first measures an element's bounds while drawing it.
      for (const r of rstyle(cy)) Object.assign(r, { clean: false, cleanConnected: false });
      cy.add({ group: 'nodes', data: { id: 'h' }, classes: 'hidden' });
      (cy.$id('h') as unknown as { _private: { rstyle: object } })._private.rstyle = { clean: false, cleanConnected: false };
      cy.emit('render');
      expect(rstyle(cy)).toEqual([
        ...[0, 1, 2].map(() => expect.objectContaining({ clean: true, cleanConnected: true })),
        // Not drawn, so not computed: it is when it is shown.
        { clean: false, cleanConnected: false },
      ]);
      // Later frames are Cytoscape's own: a real change after the first frame is computed again.
      for (const r of rstyle(cy)) Object.assign(r, { clean: false, cleanConnected: false });
      cy.emit('render');
      expect(rstyle(cy).every((r) => r.clean === false && r.cleanConnected === false)).toBe(true);
    } finally {
      cy.destroy();
    }
  });
});

describe('anyLabelReadable', () => {
  it("follows Cytoscape's min-zoomed-font-size on the graph's own stylesheet", () => {
    const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStylesheet({ large: false, edgeLabels: false }) });
    try {
      cy.add([
        { group: 'nodes', data: { id: 'a', kind: 'PERSON', display: 'Ana' } },
        { group: 'nodes', data: { id: 'b', kind: 'VEHICLE', display: 'P-123' } },
        { group: 'edges', data: { id: 'e', source: 'a', target: 'b', display: 'drives' } },
      ]);
      cy.zoom(1);
      expect(anyLabelReadable(cy)).toBe(true);
      // Node names are 11 px and not drawn under 6 px on screen.
      cy.zoom(0.5);
      expect(anyLabelReadable(cy)).toBe(false);
      cy.zoom(0.6);
      expect(anyLabelReadable(cy)).toBe(true);
      // Hidden nodes' names do not count.
      cy.nodes().addClass('gv-hidden');
      expect(anyLabelReadable(cy)).toBe(false);
    } finally {
      cy.destroy();
    }
  });
});
