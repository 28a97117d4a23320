import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { graphStylesheet } from './styles';

describe('graph stylesheet', () => {
  for (const large of [false, true]) {
    it(`keeps the shape of the nodes on a highlighted path (${large ? 'large' : 'normal'} graph) and widens its links`, () => {
      const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStylesheet({ large }) });
      cy.add([
        { group: 'nodes', data: { id: 'a', kind: 'PERSON', display: 'A' } },
        { group: 'nodes', data: { id: 'b', kind: 'VEHICLE', display: 'B' } },
        { group: 'edges', data: { id: 'e', source: 'a', target: 'b', display: 'drives' } },
      ]);
      const size = large ? 16 : 40;
      const before = cy.nodes().map((n) => [n.style('width'), n.style('height')]);
      cy.elements().addClass('gv-path');
      for (const n of cy.nodes().toArray()) {
        expect(parseFloat(n.style('width') as string)).toBe(size);
        expect(parseFloat(n.style('height') as string)).toBe(size);
      }
      expect(cy.nodes().map((n) => [n.style('width'), n.style('height')])).toEqual(before);
      expect(parseFloat(cy.getElementById('e').style('width') as string)).toBe(5);
      cy.destroy();
    });
  }
});
