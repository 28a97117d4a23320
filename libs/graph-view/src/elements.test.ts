import { describe, expect, it } from 'vitest';
import { diffElements, indexElements, placeNear, type GraphElement } from './elements';
import { hiddenIds } from './filters';
import { layoutOptions } from './layouts';
import { graphStylesheet, iconDataUri } from './styles';

const node = (id: string, extra: Record<string, string> = {}): GraphElement => ({
  group: 'nodes',
  data: { id, kind: 'PERSON', display: id, ...extra },
});
const edge = (id: string, source: string, target: string, type = 'SEEN_WITH'): GraphElement => ({
  group: 'edges',
  data: { id, source, target, type, display: type },
});

describe('diffElements', () => {
  it('adds everything to an empty graph, nodes before edges', () => {
    const d = diffElements(new Map(), [edge('e1', 'a', 'b'), node('a'), node('b')]);
    expect(d.added.map((e) => e.data.id)).toEqual(['a', 'b', 'e1']);
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([]);
  });

  it('reports nothing when the same elements come again as new objects', () => {
    const els = [node('a'), node('b'), edge('e1', 'a', 'b')];
    const d = diffElements(
      indexElements(els),
      els.map((e) => structuredClone(e)),
    );
    expect(d).toEqual({ added: [], removed: [], changed: [] });
  });

  it('finds removed and changed elements by id', () => {
    const before = indexElements([node('a'), node('b', { role: 'WITNESS' }), node('c'), edge('e1', 'a', 'b')]);
    const d = diffElements(before, [node('a'), node('b', { role: 'SUSPECT' }), edge('e1', 'a', 'b')]);
    expect(d.removed).toEqual(['c']);
    expect(d.changed.map((e) => e.data.id)).toEqual(['b']);
    expect(d.added).toEqual([]);
  });

  it('replaces an edge whose endpoints moved', () => {
    const before = indexElements([node('a'), node('b'), node('c'), edge('e1', 'a', 'b')]);
    const d = diffElements(before, [node('a'), node('b'), node('c'), edge('e1', 'a', 'c')]);
    expect(d.removed).toEqual(['e1']);
    expect(d.added.map((e) => e.data.id)).toEqual(['e1']);
  });

  it('drops edges whose endpoints are not drawn', () => {
    const d = diffElements(new Map(), [node('a'), edge('e1', 'a', 'ghost')]);
    expect(d.added.map((e) => e.data.id)).toEqual(['a']);
  });

  it('compares list values by content', () => {
    const a: GraphElement = { group: 'nodes', data: { id: 'a', kind: 'PERSON', display: 'a', caseIds: ['c1', 'c2'] } };
    const b: GraphElement = { group: 'nodes', data: { id: 'a', kind: 'PERSON', display: 'a', caseIds: ['c1', 'c2'] } };
    const c: GraphElement = { group: 'nodes', data: { id: 'a', kind: 'PERSON', display: 'a', caseIds: ['c1'] } };
    expect(diffElements(indexElements([a]), [b]).changed).toEqual([]);
    expect(diffElements(indexElements([a]), [c]).changed).toHaveLength(1);
  });
});

describe('placeNear', () => {
  it('puts a node near the centre of its neighbours, the same way every time', () => {
    const p = placeNear(
      [
        { x: 0, y: 0 },
        { x: 100, y: 0 },
      ],
      'n1',
      { x: 0, y: 0 },
    );
    expect(Math.hypot(p.x - 50, p.y)).toBeLessThan(101);
    expect(
      placeNear(
        [
          { x: 0, y: 0 },
          { x: 100, y: 0 },
        ],
        'n1',
        { x: 0, y: 0 },
      ),
    ).toEqual(p);
  });
});

describe('hiddenIds', () => {
  const els = [
    node('a'),
    { group: 'nodes', data: { id: 's', kind: 'SIGHTING', display: 's', time: 2000 } } as GraphElement,
    { group: 'nodes', data: { id: 'v', kind: 'VEHICLE', display: 'v' } } as GraphElement,
    edge('e1', 'a', 's', 'SIGHTING_OF'),
    edge('e2', 'a', 'v', 'DRIVES'),
  ];
  it('hides kinds not chosen, and their edges', () => {
    const h = hiddenIds(els, { kinds: new Set(['PERSON', 'SIGHTING']), linkTypes: new Set(), hidden: new Set() });
    expect([...h].sort()).toEqual(['e2', 'v']);
  });
  it('hides link types not chosen', () => {
    const h = hiddenIds(els, { kinds: new Set(), linkTypes: new Set(['DRIVES']), hidden: new Set() });
    expect([...h]).toEqual(['e1']);
  });
  it('hides timed nodes outside the range, keeps untimed ones', () => {
    const h = hiddenIds(els, { kinds: new Set(), linkTypes: new Set(), hidden: new Set(), from: 3000, to: null });
    expect([...h].sort()).toEqual(['e1', 's']);
  });
  it('hides what the user hid', () => {
    const h = hiddenIds(els, { kinds: new Set(), linkTypes: new Set(), hidden: new Set(['a']) });
    expect([...h].sort()).toEqual(['a', 'e1', 'e2']);
  });
});

describe('layouts and styles', () => {
  it('uses the fCoSE draft for big graphs and never animates', () => {
    const small = layoutOptions('fcose', { nodeCount: 50 }) as unknown as Record<string, unknown>;
    const big = layoutOptions('fcose', { nodeCount: 5000 }) as unknown as Record<string, unknown>;
    expect(small['quality']).toBe('default');
    expect(big['quality']).toBe('draft');
    expect(small['animate']).toBe(false);
    expect(big['animate']).toBe(false);
  });
  it('draws big graphs with haystack edges and no icons', () => {
    const big = JSON.stringify(graphStylesheet({ large: true }));
    const small = JSON.stringify(graphStylesheet({ large: false }));
    expect(big).toContain('haystack');
    expect(big).not.toContain('background-image');
    expect(small).toContain('background-image');
  });
  it('makes an SVG icon per kind', () => {
    expect(decodeURIComponent(iconDataUri('VEHICLE'))).toContain('<svg');
  });
});
