import type { Core } from 'cytoscape';

/**
 * Marks the shortest chain of links between two drawn nodes, ignoring edge
 * direction (who drove whom matters less here than that they are connected).
 * Returns the ids on the path, or null when none is drawn.
 */
export function highlightShortestPath(cy: Core, fromId: string, toId: string): string[] | null {
  clearHighlight(cy);
  const from = cy.getElementById(fromId);
  const to = cy.getElementById(toId);
  if (from.empty() || to.empty()) return null;
  const visible = cy.elements(':visible');
  const result = visible.aStar({ root: from, goal: to, directed: false });
  if (!result.found) return null;
  cy.batch(() => {
    cy.elements().addClass('gv-dim');
    result.path.removeClass('gv-dim').addClass('gv-path');
  });
  return result.path.map((el) => el.id());
}

/** Marks a path the server computed (it may run through other cases' nodes that are drawn). */
export function highlightIds(cy: Core, ids: readonly string[]): void {
  clearHighlight(cy);
  const set = new Set(ids);
  cy.batch(() => {
    cy.elements().forEach((el) => {
      if (set.has(el.id())) el.addClass('gv-path');
      else el.addClass('gv-dim');
    });
  });
}

export function clearHighlight(cy: Core): void {
  cy.batch(() => {
    cy.elements('.gv-path').removeClass('gv-path');
    cy.elements('.gv-dim').removeClass('gv-dim');
  });
}

/** Brings a node into view and marks it; no animation on big graphs, where it would stutter. */
export function focusNode(cy: Core, id: string, animate: boolean): boolean {
  const node = cy.getElementById(id);
  if (node.empty()) return false;
  cy.elements('.gv-found').removeClass('gv-found');
  node.addClass('gv-found');
  cy.$(':selected').unselect();
  node.select();
  const zoom = Math.max(cy.zoom(), 1.2);
  if (animate) cy.animate({ center: { eles: node }, zoom }, { duration: 300 });
  else {
    cy.zoom(zoom);
    cy.center(node);
  }
  return true;
}

export async function exportPng(cy: Core): Promise<Blob> {
  return cy.png({ output: 'blob-promise', full: true, bg: '#ffffff', scale: 2, maxWidth: 8000, maxHeight: 8000 });
}
