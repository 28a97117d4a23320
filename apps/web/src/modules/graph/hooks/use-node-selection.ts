import type { Core } from 'cytoscape';
import { useCallback, useEffect, useState } from 'react';

/**
 * The entities selected on the canvas, in the order the user picked them:
 * the path between two selected entities runs from the first to the second.
 * Cytoscape owns the selection; this mirrors it for React and selects through it.
 */
export function useNodeSelection(cy: Core | null) {
  const [selected, setSelected] = useState<readonly string[]>([]);

  useEffect(() => {
    if (!cy) return;
    const onSelect = () => {
      const now = cy.$('node:selected').map((n) => n.id());
      setSelected((prev) => [...prev.filter((x) => now.includes(x)), ...now.filter((x) => !prev.includes(x))]);
    };
    cy.on('select unselect', 'node', onSelect);
    return () => {
      cy.off('select unselect', 'node', onSelect);
    };
  }, [cy]);

  const setNodeSelected = useCallback(
    (id: string, on: boolean) => {
      const n = cy?.getElementById(id);
      if (on) n?.select();
      else n?.unselect();
    },
    [cy],
  );
  const clearSelection = useCallback(() => void cy?.$(':selected').unselect(), [cy]);

  return { selected, setNodeSelected, clearSelection };
}
