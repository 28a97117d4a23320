import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { gql, liveStatus, onLiveStatus, subscribe, type LiveStatus } from '../../../lib/graphql';
import { CASE_GRAPH, GRAPH_CHANGED } from '../graphql/graph.generated';
import type { GEdge, GNode, Subgraph } from '../../../lib/graph.generated';
import { keepOffline } from '../../../lib/offline';

// The last loaded graph of a case stays readable without network (issue 18).
keepOffline(CASE_GRAPH);

export interface CaseGraphState {
  readonly nodes: ReadonlyMap<string, GNode>;
  readonly edges: ReadonlyMap<string, GEdge>;
  readonly loading: boolean;
  readonly error: Error | null;
  /** The live subscription as it is: connecting, connected, reconnecting after a drop, offline, or stopped by the server. */
  readonly live: GraphLive;
  merge(sub: Subgraph): void;
  remove(ids: readonly string[]): void;
  reload(): void;
}

export type GraphLive = LiveStatus | 'stopped';

interface Maps {
  nodes: Map<string, GNode>;
  edges: Map<string, GEdge>;
}

function mergeInto(prev: Maps, sub: Subgraph): Maps {
  const nodes = new Map(prev.nodes);
  const edges = new Map(prev.edges);
  for (const n of sub.nodes) nodes.set(n.id, { ...nodes.get(n.id), ...n });
  for (const e of sub.edges) edges.set(e.id, e);
  return { nodes, edges };
}

function removeFrom(prev: Maps, ids: readonly string[]): Maps {
  const gone = new Set(ids);
  const nodes = new Map([...prev.nodes].filter(([id]) => !gone.has(id)));
  const edges = new Map([...prev.edges].filter(([id, e]) => !gone.has(id) && nodes.has(e.source) && nodes.has(e.target)));
  return { nodes, edges };
}

/** The case's link graph, kept current by the graphChanged subscription. */
export function useCaseGraph(caseId: string): CaseGraphState {
  const [maps, setMaps] = useState<Maps>({ nodes: new Map(), edges: new Map() });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const connection = useSyncExternalStore(onLiveStatus, liveStatus);
  // A subscription the server ended (an error the client does not retry) is not live, whatever the socket says.
  const [ended, setEnded] = useState(false);
  const live: GraphLive = ended ? 'stopped' : connection;
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    gql(CASE_GRAPH, { caseId }).then(
      (d) => {
        if (!alive) return;
        // Changes pushed while the query was in flight were merged already; keep them.
        setMaps((prev) =>
          mergeInto(
            { nodes: new Map(), edges: new Map() },
            { nodes: [...d.caseGraph.nodes, ...prev.nodes.values()], edges: [...d.caseGraph.edges, ...prev.edges.values()] },
          ),
        );
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!alive) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
    return () => {
      alive = false;
    };
  }, [caseId, nonce]);

  useEffect(() => {
    setEnded(false);
    const unsubscribe = subscribe(
      GRAPH_CHANGED,
      { caseId },
      {
        next: (msg) => {
          const ch = msg.data?.graphChanged;
          if (!ch) return;
          if (ch.kind === 'REMOVED') setMaps((prev) => removeFrom(prev, [...ch.nodes.map((n) => n.id), ...ch.edges.map((e) => e.id)]));
          else setMaps((prev) => mergeInto(prev, ch));
        },
        error: () => setEnded(true),
        complete: () => setEnded(true),
      },
    );
    return () => {
      unsubscribe();
    };
  }, [caseId]);

  const merge = useCallback((sub: Subgraph) => setMaps((prev) => mergeInto(prev, sub)), []);
  const remove = useCallback((ids: readonly string[]) => setMaps((prev) => removeFrom(prev, ids)), []);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  return { nodes: maps.nodes, edges: maps.edges, loading, error, live, merge, remove, reload };
}
