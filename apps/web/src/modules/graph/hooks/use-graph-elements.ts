import type { GraphElement } from '@homeward/graph-view';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { GEdge, GNode } from '../../../lib/graph.generated';
import { useReadable } from '../../../lib/use-readable';

export function nodeTime(n: GNode): number | null {
  const v = n.props?.['observedAt'];
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

/** The nodes as a person reads them: a sighting by what, where and when, never its stored ISO instant. */
export function useReadableNodes(nodes: ReadonlyMap<string, GNode>, edges: ReadonlyMap<string, GEdge>): ReadonlyMap<string, GNode> {
  const readable = useReadable();
  // A node relabelled the same way as last time keeps its object, so that what is built from it can be kept too.
  const cache = useRef(new WeakMap<GNode, GNode>());
  return useMemo(() => {
    const labels = readable.labels(nodes.values(), edges.values());
    const out = new Map<string, GNode>();
    for (const [id, n] of nodes) {
      const label = labels.get(id) ?? n.label;
      if (label === n.label) {
        out.set(id, n);
        continue;
      }
      const kept = cache.current.get(n);
      const relabelled = kept?.label === label ? kept : { ...n, label };
      cache.current.set(n, relabelled);
      out.set(id, relabelled);
    }
    return out;
  }, [nodes, edges, readable]);
}

/**
 * What Cytoscape draws for the case's nodes and edges (the live graph and replay's graph of a moment alike).
 * `positionOf` gives a node drawn before the place it had, so that one shown again comes back where it was.
 */
export function useGraphElements(
  nodes: ReadonlyMap<string, GNode>,
  edges: ReadonlyMap<string, GEdge>,
  caseId: string,
  positionOf?: (id: string) => { x: number; y: number } | undefined,
): GraphElement[] {
  const { t } = useTranslation();
  // The element made for a node object, while the language and the case stay: an unchanged node gives the same
  // element, which the diff against the drawing passes over at once (replay's moments share most of theirs).
  const made = useRef<{ t: unknown; caseId: string; cache: WeakMap<GNode | GEdge, GraphElement> } | null>(null);
  if (made.current?.t !== t || made.current.caseId !== caseId) made.current = { t, caseId, cache: new WeakMap() };
  const cache = made.current.cache;
  return useMemo<GraphElement[]>(() => {
    // A few roles and link types, each asked of i18next once: a call costs tens of microseconds (language code
    // checks, interpolation), and a 500-node case asked for 600 link names and 70 roles while it opened.
    const said = new Map<string, string>();
    const say = (key: string, translate: () => string) => {
      let text = said.get(key);
      if (text === undefined) said.set(key, (text = translate()));
      return text;
    };
    const out: GraphElement[] = [];
    for (const n of nodes.values()) {
      const position = positionOf?.(n.id);
      const kept = position ? undefined : cache.get(n);
      if (kept) {
        out.push(kept);
        continue;
      }
      const role = n.role ? say(`role.${n.role}`, () => t(`role.${n.role!}`)) : '';
      const el: GraphElement = {
        group: 'nodes',
        data: {
          id: n.id,
          kind: n.kind,
          label: n.label,
          // A sighting's "what · where · when" on lines of its own: the canvas label stays narrow.
          display: n.kind === 'SIGHTING' ? n.label.split(' · ').join('\n') : role ? `${n.label}\n(${role})` : n.label,
          role: n.role ?? null,
          external: !n.caseIds.includes(caseId),
          time: nodeTime(n),
        },
        ...(position ? { position } : {}),
      };
      if (!position) cache.set(n, el);
      out.push(el);
    }
    for (const e of edges.values()) {
      let el = cache.get(e);
      if (!el) {
        el = {
          group: 'edges',
          data: { id: e.id, source: e.source, target: e.target, type: e.type, display: say(`link.${e.type}`, () => t(`link.${e.type}`)) },
        };
        cache.set(e, el);
      }
      out.push(el);
    }
    return out;
  }, [nodes, edges, caseId, t, positionOf, cache]);
}
