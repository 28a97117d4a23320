/**
 * Which mention candidates a typed "@que" offers (issue 18; shared with member mentions). Pure, so that
 * the editor's popup and its tests agree: case, accents and word order do not matter, a name's word that
 * starts with the query comes before one that only contains it, and at most `limit` come back.
 */
export interface MentionItem {
  /** What the mention points at (an entity id, an account id). */
  readonly id: string;
  /** What the mention reads as ("Ana Lucía Pérez Gómez"). */
  readonly label: string;
  /** A second line in the popup ("Person · Missing child"). */
  readonly hint?: string;
  /**
   * 'user' for a member of the case: the mention is written with kind "user" and an id of its own, and
   * the server tells that member (apps/api notes-mentions); an entity otherwise.
   */
  readonly kind?: 'user' | 'entity';
}

export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

export function matchMentions<T extends MentionItem>(items: readonly T[], query: string, limit = 8): T[] {
  const q = fold(query.trim());
  if (!q) return items.slice(0, limit);
  const ranked: Array<{ item: T; rank: number }> = [];
  for (const item of items) {
    const label = fold(item.label);
    const words = label.split(/[\s\-·,.]+/);
    const rank = label.startsWith(q) ? 0 : words.some((w) => w.startsWith(q)) ? 1 : label.includes(q) ? 2 : -1;
    if (rank >= 0) ranked.push({ item, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.item.label.localeCompare(b.item.label));
  return ranked.slice(0, limit).map((r) => r.item);
}
