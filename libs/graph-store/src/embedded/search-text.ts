import type { EntityKind } from '@homeward/graph-schema';
import { searchText } from '@homeward/domain';
import { compactIdentifiers } from '../search-keys';
import type { LightRow } from './rows';

/* Full-text search helpers of the embedded store: the FTS5 query, the indexed text and the ranking. */

export const SEARCH_LIMIT = 50;
export const SEARCH_PAGE = 100;
export const SEARCH_PAGES = 12;

export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** Orders matches for the reader: the label equal to the query, then starting with it, then newest first. */
export function rankByLabel<R extends LightRow>(rows: R[], text: string): R[] {
  const q = fold(text);
  const score = (r: LightRow) => {
    const label = fold(r.label);
    return label === q ? 0 : label.startsWith(q) ? 1 : 2;
  };
  return rows
    .map((r) => ({ r, s: score(r) }))
    .sort((a, b) => a.s - b.s || b.r.rid - a.r.rid)
    .map((x) => x.r);
}

/** Builds an FTS5 query from user text: every word must match, the last one as a prefix (typing as you search). */
export function ftsQuery(text: string): string | null {
  const words = text
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

/** The text indexed for an entity: searchable properties, plus identifiers without separators ("P-512DKL" also as "P512DKL"). */
export function indexText(kind: EntityKind, props: Record<string, unknown>): string {
  return [searchText(kind, props), ...compactIdentifiers(kind, props)].join(' ');
}
