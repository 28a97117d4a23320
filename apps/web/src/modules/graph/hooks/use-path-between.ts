import { clearHighlight, highlightIds, highlightShortestPath } from '@homeward/graph-view';
import type { Core } from 'cytoscape';
import { useEffect, useRef, useState } from 'react';
import { gql } from '../../../lib/graphql';
import { SHORTEST_PATH } from '../graphql/graph.generated';
import type { Subgraph } from '../../../lib/graph.generated';

/** `shown` with the ids of the path's entities and links, `none` when there is no path, null when not asked. */
export type PathBetween = { readonly state: 'shown'; readonly ids: readonly string[] } | { readonly state: 'none' } | null;

/**
 * Two selected entities: highlight the shortest chain between them, drawn from
 * this case if it connects them, else from the server, which searches every
 * case the user may see (the chain is then merged into the drawing).
 */
export function usePathBetween(cy: Core | null, selected: readonly string[], merge: (sub: Subgraph) => void): PathBetween {
  const [path, setPath] = useState<PathBetween>(null);
  // Whether this hook drew the current highlight: other panels (paths, centrality) draw their own, which a
  // selection change must not wipe.
  const drawn = useRef(false);

  useEffect(() => {
    if (!cy) return;
    if (selected.length !== 2) {
      if (drawn.current) {
        clearHighlight(cy);
        drawn.current = false;
      }
      setPath(null);
      return;
    }
    const [a, b] = selected as [string, string];
    const local = highlightShortestPath(cy, a, b);
    if (local) {
      drawn.current = true;
      setPath({ state: 'shown', ids: local });
      return;
    }
    let alive = true;
    gql(SHORTEST_PATH, { fromId: a, toId: b }).then(
      (d) => {
        if (!alive) return;
        const p = d.shortestPath;
        if (!p || p.edges.length === 0) {
          setPath({ state: 'none' });
          return;
        }
        merge(p);
        const ids = [...p.nodes.map((n) => n.id), ...p.edges.map((e) => e.id)];
        drawn.current = true;
        setPath({ state: 'shown', ids });
        // The merged entities are drawn on the next frame; highlight them then.
        requestAnimationFrame(() => highlightIds(cy, ids));
      },
      () => alive && setPath({ state: 'none' }),
    );
    return () => {
      alive = false;
    };
  }, [cy, selected, merge]);

  return path;
}
