import { describe, expect, it } from 'vitest';
import { installFastHitTest } from './hit-test';

function fakeNode(id: string, x: number, y: number, label = '') {
  return {
    id,
    isNode: () => true,
    isParent: () => false,
    outerWidth: () => 20,
    outerHeight: () => 20,
    pstyle: () => ({ strValue: label }),
    _private: { position: { x, y } },
  };
}
const fakeEdge = (id: string) => ({
  id,
  isNode: () => false,
  isParent: () => false,
  outerWidth: () => 0,
  outerHeight: () => 0,
  pstyle: () => ({ strValue: '' }),
  _private: { position: { x: 0, y: 0 } },
});

function fakeCy(eles: unknown[]) {
  const all = Object.assign([...eles], { interactive: [...eles] });
  const seen: string[][] = [];
  interface FakeRenderer {
    getCachedZSortedEles(): typeof all;
    findNearestElements(x: number, y: number, interactiveElementsOnly: boolean, isTouch: boolean): unknown[];
  }
  const renderer: FakeRenderer = {
    getCachedZSortedEles() {
      return all;
    },
    findNearestElements(this: FakeRenderer): unknown[] {
      const checked = this.getCachedZSortedEles().interactive as Array<{ id: string }>;
      seen.push(checked.map((e) => e.id));
      return [];
    },
  };
  const handlers: Array<[string, () => void]> = [];
  const cy = {
    renderer: () => renderer,
    zoom: () => 1,
    on: (events: string, fn: () => void) => events.split(' ').forEach((e) => handlers.push([e, fn])),
    off: (events: string, fn: () => void) =>
      events.split(' ').forEach((e) =>
        handlers.splice(
          handlers.findIndex(([k, f]) => k === e && f === fn),
          1,
        ),
      ),
  };
  return { cy, renderer, seen, handlers };
}

describe('installFastHitTest', () => {
  it('hands Cytoscape only the nodes that could be under the pointer, labelled nodes and edges, in order', () => {
    const { cy, renderer, seen, handlers } = fakeCy([
      fakeEdge('e1'),
      fakeNode('far', 500, 500),
      fakeNode('near', 5, 0),
      fakeNode('edge-of-reach', 12, 12),
      fakeNode('labelled', 900, 900, 'Ana'),
      fakeNode('just-out', 14, 0),
    ]);
    const undo = installFastHitTest(cy as never);
    renderer.findNearestElements(0, 0, true, false);
    // Reach: half of 20 plus 3 px of slack at zoom 1.
    expect(seen[0]).toEqual(['e1', 'near', 'edge-of-reach', 'labelled']);
    // The whole list is back for everything else.
    expect(renderer.getCachedZSortedEles()).toHaveLength(6);
    renderer.findNearestElements(0, 0, true, true);
    expect(seen[1]).toContain('just-out');
    undo();
    expect(handlers).toHaveLength(0);
    renderer.findNearestElements(0, 0, true, false);
    expect(seen[2]).toHaveLength(6);
  });
});
