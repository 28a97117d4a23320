// The case's sightings as a tip's merge list offers them: newest first, each said by its date and what was seen.

/** A sighting to merge a tip into: its id and the line the list shows. */
export interface SightingChoice {
  readonly id: string;
  readonly label: string;
}

interface GraphNode {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly props: { readonly [k: string]: unknown };
}

const LABEL_MAX = 90;

/** The graph's SIGHTING entities as choices: "<date> · <description or label>", newest first, undated last. */
export function sightingChoices(nodes: readonly GraphNode[], lang: string): SightingChoice[] {
  const fmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  return nodes
    .filter((n) => n.kind === 'SIGHTING')
    .map((n) => {
      const at = typeof n.props.observedAt === 'string' ? Date.parse(n.props.observedAt) : NaN;
      const what = typeof n.props.description === 'string' && n.props.description.trim() ? n.props.description.trim() : n.label;
      const text = what.length > LABEL_MAX ? `${what.slice(0, LABEL_MAX - 1)}…` : what;
      return { id: n.id, at, label: Number.isNaN(at) ? text : `${fmt.format(at)} · ${text}` };
    })
    .sort((a, b) => (Number.isNaN(a.at) ? 1 : Number.isNaN(b.at) ? -1 : b.at - a.at))
    .map(({ id, label }) => ({ id, label }));
}

/** The graph's places (LOCATION entities) a tip without a position may be accepted at, by name. */
export function placeChoices(nodes: readonly GraphNode[], lang: string): SightingChoice[] {
  const name = (n: GraphNode) => (typeof n.props.name === 'string' && n.props.name.trim() ? n.props.name.trim() : n.label);
  return nodes
    .filter((n) => n.kind === 'LOCATION')
    .map((n) => ({ id: n.id, label: typeof n.props.country === 'string' ? `${name(n)} (${n.props.country})` : name(n) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
}
