import type { StylesheetJson } from 'cytoscape';

export interface KindLook {
  readonly color: string;
  readonly shape: 'ellipse' | 'round-rectangle' | 'diamond' | 'round-triangle' | 'round-hexagon' | 'round-tag';
  /** Inner SVG drawn white on the node (24x24 viewBox). */
  readonly icon: string;
}

// Colours pass 3:1 against white for the icon; shapes differ too so that
// colour is never the only cue (colour-blind investigators, greyscale prints).
export const KIND_LOOKS: Readonly<Record<string, KindLook>> = {
  PERSON: {
    color: '#1d4ed8',
    shape: 'ellipse',
    icon: '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7z"/>',
  },
  VEHICLE: {
    color: '#b45309',
    shape: 'round-rectangle',
    icon: '<path d="M3 15l2-6h14l2 6v4h-2v-2H5v2H3z"/><circle cx="7" cy="15" r="1.5" fill="#b45309"/><circle cx="17" cy="15" r="1.5" fill="#b45309"/>',
  },
  LOCATION: {
    color: '#047857',
    shape: 'round-triangle',
    icon: '<path d="M12 2a7 7 0 0 0-7 7c0 5 7 13 7 13s7-8 7-13a7 7 0 0 0-7-7z"/><circle cx="12" cy="9" r="2.5" fill="#047857"/>',
  },
  SIGHTING: {
    color: '#7e22ce',
    shape: 'diamond',
    icon: '<path d="M1 12s4-7 11-7 11 7 11 7-4 7-11 7S1 12 1 12z"/><circle cx="12" cy="12" r="3" fill="#7e22ce"/>',
  },
  PHONE: {
    color: '#0e7490',
    shape: 'round-hexagon',
    icon: '<rect x="7" y="2" width="10" height="20" rx="2"/><rect x="9" y="5" width="6" height="11" fill="#0e7490"/>',
  },
  ONLINE_ACCOUNT: {
    color: '#be185d',
    shape: 'round-tag',
    icon: '<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18" stroke="#be185d" stroke-width="1.5" fill="none"/>',
  },
};

const FALLBACK: KindLook = { color: '#475569', shape: 'ellipse', icon: '<circle cx="12" cy="12" r="6"/>' };

export function kindLook(kind: string): KindLook {
  return KIND_LOOKS[kind] ?? FALLBACK;
}

export function iconDataUri(kind: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="48" height="48" fill="#ffffff">${kindLook(kind).icon}</svg>`;
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

const iconUrls = new Map<string, string>();

/**
 * The URL the stylesheet gives a kind's icon: in a browser a short blob: URL of the same SVG, made once per
 * page; elsewhere (tests, headless) the data URI. Cytoscape hashes every style value of every element character
 * by character when it styles it, and a data URI of 600 characters per node was a good part of that on the
 * first frame of a 500-node case.
 */
export function iconUrl(kind: string): string {
  let url = iconUrls.get(kind);
  if (url) return url;
  const data = iconDataUri(kind);
  url = data;
  if (typeof document !== 'undefined' && typeof Blob !== 'undefined' && typeof URL.createObjectURL === 'function') {
    try {
      url = URL.createObjectURL(new Blob([decodeURIComponent(data.slice(data.indexOf(',') + 1))], { type: 'image/svg+xml' }));
    } catch {
      url = data;
    }
  }
  iconUrls.set(kind, url);
  return url;
}

/** Roles that matter most to an investigator get a ring that reads at any zoom. */
export const ROLE_RING: Readonly<Record<string, string>> = {
  MISSING_CHILD: '#dc2626',
  ABDUCTOR: '#111827',
  SUSPECT: '#4b5563',
  COMPANION: '#f59e0b',
};

export interface StyleOptions {
  /** Big graphs trade looks for frame time: straight edges, no arrows, labels only when zoomed in. */
  readonly large: boolean;
  /**
   * Link types written along the edges. Off on mid-sized graphs: measuring
   * and placing hundreds of rotated labels cost a third of the first draw of
   * a 500-node case, and at the zoom that fits such a case they are too small
   * to be drawn anyway. The type still shows on a selected link and on a path.
   */
  readonly edgeLabels?: boolean;
}

export function graphStylesheet({ large, edgeLabels = !large }: StyleOptions): StylesheetJson {
  const kinds = Object.keys(KIND_LOOKS).map((kind) => {
    const look = kindLook(kind);
    return {
      selector: `node[kind = "${kind}"]`,
      style: {
        'background-color': look.color,
        shape: look.shape,
        ...(large ? {} : { 'background-image': iconUrl(kind), 'background-width': '60%', 'background-height': '60%' }),
      },
    };
  });
  const rings = Object.entries(ROLE_RING).map(([role, color]) => ({
    selector: `node[role = "${role}"]`,
    style: { 'border-width': role === 'MISSING_CHILD' ? 5 : 3, 'border-color': color },
  }));
  return [
    {
      selector: 'node',
      style: {
        width: large ? 16 : 40,
        height: large ? 16 : 40,
        'background-color': FALLBACK.color,
        // On big graphs measuring thousands of labels costs seconds on the first frame;
        // names appear on the nodes the user selects, finds or follows on a path.
        label: large ? '' : 'data(display)',
        'font-size': 11,
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': '120px',
        color: '#0f172a',
        'text-background-color': '#ffffff',
        'text-background-opacity': large ? 0 : 0.8,
        'text-background-padding': '1px',
        // Below this on-screen size labels are skipped: unreadable anyway and costly to draw.
        'min-zoomed-font-size': large ? 10 : 6,
      },
    },
    ...kinds,
    ...rings,
    {
      selector: 'node[?external]',
      style: { 'border-style': 'dashed', 'border-width': 3, 'border-color': '#64748b', opacity: 0.85 },
    },
    {
      selector: 'edge',
      style: large
        ? // Hit testing measures every interactive element's label box on each press and release
          // (about 100 ms for 6,000 edges); a 1-pixel line in a big graph is not a click target anyway.
          { width: 1, 'line-color': '#94a3b8', 'curve-style': 'haystack', 'haystack-radius': 0, events: 'no' }
        : {
            width: 2,
            'line-color': '#94a3b8',
            'target-arrow-color': '#94a3b8',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            label: edgeLabels ? 'data(display)' : '',
            'font-size': 9,
            color: '#334155',
            'text-rotation': 'autorotate',
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.8,
            'min-zoomed-font-size': 8,
          },
    },
    { selector: '.gv-hidden', style: { display: 'none' } },
    ...(large
      ? [{ selector: 'node:selected, node.gv-found, node.gv-path', style: { label: 'data(display)', 'text-background-opacity': 0.8 } }]
      : []),
    ...(large ? [{ selector: 'edge:selected, edge.gv-path', style: { events: 'yes' } }] : []),
    ...(!large && !edgeLabels ? [{ selector: 'edge:selected, edge.gv-path', style: { label: 'data(display)' } }] : []),
    { selector: '.gv-dim', style: { opacity: 0.2 } },
    // Edges only: a node's width is its size, and 5 px made the nodes of a highlighted path thin slivers.
    {
      selector: 'edge.gv-path',
      style: { 'line-color': '#dc2626', 'target-arrow-color': '#dc2626', width: 5, 'z-index': 10, opacity: 1 },
    },
    {
      selector: 'node.gv-path',
      style: { 'overlay-color': '#dc2626', 'overlay-opacity': 0.25, 'overlay-padding': 6, 'z-index': 10, opacity: 1 },
    },
    { selector: '.gv-found', style: { 'overlay-color': '#2563eb', 'overlay-opacity': 0.3, 'overlay-padding': 10 } },
    { selector: 'node:selected', style: { 'overlay-color': '#2563eb', 'overlay-opacity': 0.25, 'overlay-padding': 8 } },
    { selector: 'edge:selected', style: { 'line-color': '#2563eb', 'target-arrow-color': '#2563eb', width: 4 } },
  ] as StylesheetJson;
}
