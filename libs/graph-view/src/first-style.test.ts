import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { cheapFirstStyle } from './first-style';
import { graphStylesheet } from './styles';

// Fresh objects each time: Cytoscape keeps (and changes) the data objects it is given.
const elements = (): ElementDefinition[] => [
  { group: 'nodes', data: { id: 'a', kind: 'PERSON', display: 'Ana\n(Missing child)', role: 'MISSING_CHILD' }, position: { x: 0, y: 0 } },
  { group: 'nodes', data: { id: 'b', kind: 'VEHICLE', display: 'P-123' }, position: { x: 300, y: 120 } },
  { group: 'nodes', data: { id: 'c', kind: 'PHONE', display: '+502 5555', external: true }, position: { x: -200, y: 260 } },
  // Two links between the same pair: drawn as two curves, whose bounds depend on each other.
  { group: 'edges', data: { id: 'e1', source: 'a', target: 'b', type: 'SEEN_WITH', display: 'seen with' } },
  { group: 'edges', data: { id: 'e2', source: 'b', target: 'a', type: 'OWNS', display: 'owns' } },
  { group: 'edges', data: { id: 'e3', source: 'a', target: 'c', type: 'OWNS', display: 'owns' } },
];
const PROPS = ['width', 'height', 'shape', 'background-color', 'border-width', 'label', 'curve-style', 'line-color', 'z-index', 'opacity'];

function draw(cheap: boolean): { cy: Core; bounds: () => number } {
  const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStylesheet({ large: false, edgeLabels: true }) });
  if (cheap) cheapFirstStyle(cy);
  let bounds = 0;
  cy.on('bounds', () => void bounds++);
  cy.batch(() => cy.add(elements()));
  return { cy, bounds: () => bounds };
}
const picture = (cy: Core) =>
  cy.elements().map((el) => ({
    id: el.id(),
    // pstyle: the parsed value Cytoscape draws with (not in its type declarations).
    style: PROPS.map((p) => String((el as unknown as { pstyle(name: string): { strValue?: unknown } | undefined }).pstyle(p)?.strValue)),
    box: el.boundingBox(),
  }));

describe('cheapFirstStyle', () => {
  it('styles and measures a new drawing as Cytoscape does, without its per-property bounds checks', () => {
    const plain = draw(false);
    const cheap = draw(true);
    expect(picture(cheap.cy)).toEqual(picture(plain.cy));
    // Styling fired bounds events property by property (66 here); the first styling of a new drawing few (12).
    expect(plain.bounds()).toBeGreaterThan(elements().length * 5);
    expect(cheap.bounds()).toBeLessThan(plain.bounds() / 4);
    plain.cy.destroy();
    cheap.cy.destroy();
  });

  it('keeps every check once the first frame is drawn: a later change still moves the bounds it changes', () => {
    const { cy } = draw(true);
    picture(cy);
    cy.emit('render');
    const wide = cy.$id('e1').boundingBox().w;
    // A highlighted path draws its links 5 px wide: the measured bounds must follow.
    cy.$id('e1').addClass('gv-path');
    expect(cy.$id('e1').boundingBox().w).toBeGreaterThan(wide);
    const node = cy.$id('b').boundingBox({ includeLabels: false }).w;
    cy.$id('b').data('role', 'SUSPECT');
    expect(cy.$id('b').boundingBox({ includeLabels: false }).w).toBeGreaterThan(node);
    cy.destroy();
  });

  it('leaves an element already measured to the full checks', () => {
    const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStylesheet({ large: false }) });
    cy.add(elements().slice(0, 2));
    const box = cy.$id('b').boundingBox({ includeLabels: false }).w;
    cheapFirstStyle(cy);
    cy.$id('b').data('role', 'SUSPECT');
    expect(cy.$id('b').boundingBox({ includeLabels: false }).w).toBeGreaterThan(box);
    cy.destroy();
  });
});
