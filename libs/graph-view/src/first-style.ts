import type { Core } from 'cytoscape';

/** The parts of Cytoscape's style engine used here (not public API: checked against Cytoscape 3.33). */
interface ElementPrivate {
  appliedInitStyle?: boolean;
  bbCache?: unknown;
  styleCache?: unknown;
}
interface StyledElement {
  readonly _private: ElementPrivate;
}
interface StyleInternals {
  checkTriggers(ele: StyledElement, name: string, fromValue: unknown, toValue: unknown): void;
  checkZOrderTrigger(ele: StyledElement, name: string, fromValue: unknown, toValue: unknown): void;
  gvFirstStyle?: boolean;
}

/**
 * Makes the first styling of a new drawing cheaper. When Cytoscape applies a style property to an element
 * it checks, property by property, whether the change moves anything already measured: the element's own
 * bounds (firing a `bounds` event each time), those of the links at a node (a new collection of them per
 * property, twice: their bounds and their cached derived state) and those of parallel links (another collection). An element styled for the first time has
 * nothing measured yet, nor, in a drawing whose every element is new, has anything around it: on the first
 * frame of a 500-node case those checks were about a sixth of the frame's CPU (Chromium profile), for no
 * effect. Until the first frame is drawn, an element on its first styling with no bounds measured gets only
 * the checks that matter then (its own style cache and the drawing order); any other keeps all of them, as does
 * every element of a graph with compound nodes.
 * Call it on a new instance, before its first elements are added.
 */
export function cheapFirstStyle(cy: Core): void {
  const style = (cy as unknown as { style?: () => unknown }).style?.() as StyleInternals | undefined;
  if (!style || typeof style.checkTriggers !== 'function' || typeof style.checkZOrderTrigger !== 'function' || style.gvFirstStyle) return;
  const full = style.checkTriggers;
  const compound = () => (cy as unknown as { hasCompoundNodes(): boolean }).hasCompoundNodes();
  style.gvFirstStyle = true;
  // An own property over the prototype's method, deleted after the first frame.
  style.checkTriggers = function firstStyleTriggers(this: StyleInternals, ele, name, fromValue, toValue) {
    const p = ele._private;
    if (p.appliedInitStyle || p.bbCache != null || compound()) {
      full.call(this, ele, name, fromValue, toValue);
      return;
    }
    // Cytoscape also drops the cached derived state (visible, takes up space) of the links at a node here: a
    // link reads its ends' style, which is applied before it is read, so a link's cache is never older than
    // its ends' first styling.
    p.styleCache = null;
    this.checkZOrderTrigger(ele, name, fromValue, toValue);
  };
  const restore = () => {
    delete (style as Partial<StyleInternals>).checkTriggers;
    delete style.gvFirstStyle;
  };
  const onRender = () => {
    if (cy.nodes().empty()) return;
    cy.off('render', onRender);
    restore();
  };
  cy.on('render', onRender);
  cy.one('destroy', () => cy.off('render', onRender));
}
