import type { EntityKind } from '@homeward/graph-schema';

/*
 * A merge keeps the merged entity's spelling: its name (and its own aliases)
 * become aliases of the survivor, so a search for the spelling the merged
 * record used still finds the person. Shared by both stores.
 */

const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Spellings of `merged` the survivor does not already carry (as its name or an alias, ignoring case and spacing). */
export function aliasesFromMerge(kind: EntityKind, survivor: Record<string, unknown>, merged: Record<string, unknown>): string[] {
  if (kind !== 'PERSON') return [];
  const held = new Set([survivor.fullName, ...strings(survivor.aliases)].filter((x): x is string => typeof x === 'string').map(fold));
  const out: string[] = [];
  for (const name of [merged.fullName, ...strings(merged.aliases)]) {
    if (typeof name !== 'string' || !name.trim()) continue;
    const key = fold(name);
    if (held.has(key)) continue;
    held.add(key);
    out.push(name.trim());
  }
  return out;
}

/** The survivor's aliases with the merge's added, or with them taken off again (undo); null when nothing changes. */
export function aliasesAfter(current: Record<string, unknown>, added: readonly string[], undo: boolean): string[] | null {
  if (added.length === 0) return null;
  const now = strings(current.aliases);
  if (!undo) return [...now, ...added];
  const gone = new Set(added);
  const kept = now.filter((a) => !gone.has(a));
  return kept.length === now.length ? null : kept;
}
