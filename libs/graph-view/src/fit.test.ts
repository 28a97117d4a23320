import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { graphStylesheet } from './styles';
import { fitTo } from './use-cytoscape';

describe('fitTo', () => {
  it('fits the view without restyling the elements, and again on a resize while nobody moved it', () => {
    const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStylesheet({ large: false }) });
    cy.add([
      { group: 'nodes', data: { id: 'a', kind: 'PERSON', display: 'A' }, position: { x: 0, y: 0 } },
      { group: 'nodes', data: { id: 'b', kind: 'VEHICLE', display: 'B' }, position: { x: 400, y: 200 } },
      { group: 'edges', data: { id: 'e', source: 'a', target: 'b', display: '' } },
    ]);
    // Every restyle goes through the collections' updateStyle; setting cy.scratch() restyled all elements.
    const proto = Object.getPrototypeOf(cy.collection()) as { updateStyle: (...args: unknown[]) => unknown };
    const original = proto.updateStyle;
    let restyled = 0;
    proto.updateStyle = function (this: { length: number }, ...args: unknown[]) {
      restyled += this.length;
      return original.apply(this, args);
    };
    try {
      const positions = new Map([
        ['a', { x: 0, y: 0 }],
        ['b', { x: 400, y: 200 }],
      ]);
      fitTo(cy, positions, 30);
      const zoom = cy.zoom();
      expect(zoom).not.toBe(1);
      cy.emit('resize');
      expect(cy.zoom()).toBe(zoom);
      expect(restyled).toBe(0);
    } finally {
      proto.updateStyle = original;
      cy.destroy();
    }
  });
});
