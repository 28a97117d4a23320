import { ENTITY_KINDS, type EntityKind } from '@homeward/graph-schema';
import type { CaseRecord, EntityRecord, LinkRecord } from '@homeward/domain';

/**
 * The evidence bundle's documents (issue 18), as pure functions of what the stores return: the graph as
 * JSON and GraphML, the importer's CSV (docs/import.md; `npm run import` reads it back), the timeline and
 * the notes as Markdown.
 */

export interface Graph {
  readonly nodes: readonly EntityRecord[];
  readonly edges: readonly LinkRecord[];
}

export function graphJson(c: CaseRecord, g: Graph): string {
  return `${JSON.stringify({ case: c, nodes: g.nodes, edges: g.edges }, null, 2)}\n`;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** GraphML (one graph, directed), every property as a string key; lists are JSON. */
export function graphml(c: CaseRecord, g: Graph): string {
  const props = new Set<string>();
  for (const n of g.nodes) for (const k of Object.keys(n.props)) props.add(k);
  const keys = [...props].sort();
  const value = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="role" for="node" attr.name="role" attr.type="string"/>',
    '  <key id="type" for="edge" attr.name="type" attr.type="string"/>',
    '  <key id="source_info" for="all" attr.name="source" attr.type="string"/>',
    '  <key id="reliability" for="all" attr.name="reliability" attr.type="string"/>',
    ...keys.map((k) => `  <key id="p_${xml(k)}" for="node" attr.name="${xml(k)}" attr.type="string"/>`),
    `  <graph id="${xml(c.reference)}" edgedefault="directed">`,
  ];
  for (const n of g.nodes) {
    const role = n.cases.find((m) => m.caseId === c.id)?.role;
    out.push(`    <node id="${xml(n.id)}">`, `      <data key="kind">${n.kind}</data>`, `      <data key="label">${xml(n.label)}</data>`);
    if (role) out.push(`      <data key="role">${xml(role)}</data>`);
    if (n.provenance.source) out.push(`      <data key="source_info">${xml(n.provenance.source)}</data>`);
    if (n.provenance.reliability) out.push(`      <data key="reliability">${xml(n.provenance.reliability)}</data>`);
    for (const k of keys)
      if (n.props[k] !== undefined && n.props[k] !== null) out.push(`      <data key="p_${xml(k)}">${xml(value(n.props[k]))}</data>`);
    out.push('    </node>');
  }
  for (const e of g.edges) {
    out.push(`    <edge id="${xml(e.id)}" source="${xml(e.source)}" target="${xml(e.target)}">`, `      <data key="type">${e.type}</data>`);
    if (e.provenance.source) out.push(`      <data key="source_info">${xml(e.provenance.source)}</data>`);
    if (e.provenance.reliability) out.push(`      <data key="reliability">${xml(e.provenance.reliability)}</data>`);
    out.push('    </edge>');
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = Array.isArray(v) ? v.map(String).join('|') : String(v);
  // Spreadsheet formulas are neutralised only where a value could start one; the importer reads values as text.
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** entities.csv and links.csv in the importer's format: the ids are kept, so a re-import attaches rather than duplicates. */
export function importerCsv(c: CaseRecord, g: Graph): { entities: string; links: string } {
  const props = new Set<string>();
  for (const kind of Object.keys(ENTITY_KINDS) as EntityKind[]) for (const p of Object.keys(ENTITY_KINDS[kind].props)) props.add(p);
  const propCols = [...props];
  const head = ['id', 'case_reference', 'kind', 'role', ...propCols, 'source', 'reliability'];
  const rows = [head.join(',')];
  for (const n of g.nodes) {
    const role = n.cases.find((m) => m.caseId === c.id)?.role ?? '';
    const own = ENTITY_KINDS[n.kind].props as Record<string, unknown>;
    rows.push(
      [
        n.id,
        c.reference,
        n.kind,
        n.kind === 'PERSON' ? role : '',
        ...propCols.map((p) => (p in own ? csvCell(n.props[p]) : '')),
        csvCell(n.provenance.source),
        csvCell(n.provenance.reliability),
      ].join(','),
    );
  }
  const links = ['id,case_reference,type,from_id,to_id,source,reliability'];
  for (const e of g.edges)
    links.push([e.id, c.reference, e.type, e.source, e.target, csvCell(e.provenance.source), csvCell(e.provenance.reliability)].join(','));
  return { entities: `${rows.join('\n')}\n`, links: `${links.join('\n')}\n` };
}

export interface TimelineRow {
  readonly at: string;
  readonly title: string;
  readonly kind: 'EVENT' | 'SIGHTING';
  readonly entityIds: readonly string[];
  readonly description?: string | null;
  readonly source?: string | null;
}

/** The timeline, oldest first, times in UTC (a court reads one zone; the case's country is named at the top). */
export function timelineMarkdown(c: CaseRecord, rows: readonly TimelineRow[], names: ReadonlyMap<string, string>): string {
  const out = [`# Timeline — ${c.title} (${c.reference})`, '', `Case country: ${c.country}. Times in UTC.`, ''];
  for (const r of rows) {
    const when = /T/.test(r.at) ? `${r.at.replace('T', ' ').slice(0, 16)} UTC` : r.at;
    const who = r.entityIds.map((id) => names.get(id) ?? id).join(', ');
    out.push(`- **${when}** — ${r.kind === 'SIGHTING' ? 'Sighting: ' : ''}${r.title}${who ? ` (${who})` : ''}`);
    if (r.description) out.push(`  ${r.description}`);
    if (r.source) out.push(`  Source: ${r.source}`);
  }
  if (rows.length === 0) out.push('No events.');
  return `${out.join('\n')}\n`;
}

/** A node of the notes' XML tree, as much as the Markdown needs (Yjs XmlElement / XmlText, read duck-typed). */
export interface NotesNode {
  readonly nodeName?: string;
  getAttribute?(name: string): unknown;
  toArray?(): NotesNode[];
  toDelta?(): Array<{ insert?: unknown; attributes?: Record<string, unknown> }>;
}

function inline(n: NotesNode): string {
  if (n.toDelta)
    return n
      .toDelta()
      .map((d) => {
        if (typeof d.insert !== 'string') return '';
        let s = d.insert;
        const a = d.attributes ?? {};
        if (a['bold']) s = `**${s}**`;
        if (a['italic']) s = `_${s}_`;
        const link = a['link'] as { href?: string } | undefined;
        if (link?.href) s = `[${s}](${link.href})`;
        return s;
      })
      .join('');
  if (n.nodeName === 'mention') return `@${String(n.getAttribute?.('label') ?? n.getAttribute?.('id') ?? '')}`;
  if (n.nodeName === 'hardBreak') return '  \n';
  return (n.toArray?.() ?? []).map(inline).join('');
}

function block(n: NotesNode, prefix = ''): string[] {
  const kids = n.toArray?.() ?? [];
  switch (n.nodeName) {
    case 'heading':
      return [`${'#'.repeat(Math.min(6, Number(n.getAttribute?.('level') ?? 2)))} ${inline(n)}`, ''];
    case 'paragraph':
      return [`${prefix}${inline(n)}`, ''];
    case 'blockquote':
      return kids.flatMap((k) => block(k, '> ')).map((l) => (l ? l : '>'));
    case 'bulletList':
    case 'orderedList':
      return [
        ...kids.flatMap((li, i) => {
          const lines = (li.toArray?.() ?? []).flatMap((k) => block(k)).filter((l) => l !== '');
          const mark = n.nodeName === 'bulletList' ? '- ' : `${i + 1}. `;
          return lines.map((l, j) => (j === 0 ? `${mark}${l}` : `${' '.repeat(mark.length)}${l}`));
        }),
        '',
      ];
    case 'horizontalRule':
      return ['---', ''];
    case 'codeBlock':
      return ['```', inline(n), '```', ''];
    default:
      return kids.length ? kids.flatMap((k) => block(k, prefix)) : [inline(n), ''];
  }
}

export function notesMarkdown(c: CaseRecord, root: NotesNode): string {
  const body = (root.toArray?.() ?? []).flatMap((n) => block(n));
  return `# Notes — ${c.title} (${c.reference})\n\n${body
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
