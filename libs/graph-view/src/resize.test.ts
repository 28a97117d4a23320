import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { skipUnchangedResize } from './resize';

describe('skipUnchangedResize', () => {
  it("lets a resize through only when the drawing's size changed", () => {
    const cy = cytoscape({ headless: true, styleEnabled: true });
    // Headless, the size is Cytoscape's default; the test sets it as a container would.
    let size = { w: 800, h: 600 };
    cy.width = () => size.w;
    cy.height = () => size.h;
    let resized = 0;
    cy.on('resize', () => resized++);
    try {
      skipUnchangedResize(cy);
      cy.resize();
      expect(resized).toBe(0);
      size = { w: 900, h: 600 };
      cy.resize();
      expect(resized).toBe(1);
      // The new size is the one compared with from then on.
      cy.resize();
      expect(resized).toBe(1);
      size = { w: 900, h: 500 };
      cy.resize();
      expect(resized).toBe(2);
    } finally {
      cy.destroy();
    }
  });
});
