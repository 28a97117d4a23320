import { ENTITY_KINDS, type EntityKind, type EntityKindDef } from '@homeward/graph-schema';

/** The exact-match (indexed) properties of a kind: plates, VINs, numbers, handles. */
const identifierProps = (kind: EntityKind): string[] =>
  Object.entries((ENTITY_KINDS[kind] as EntityKindDef).props)
    .filter(([, p]) => 'indexed' in p && p.indexed)
    .map(([name]) => name);

/**
 * The identifiers of an entity without separators ("P-512DKL" as "P512DKL"),
 * for the full-text index of either backend: the tokenizers split at the dash,
 * and someone typing the plate from memory leaves it out. Only the forms that
 * differ from the stored value: the value itself is indexed already.
 */
export function compactIdentifiers(kind: EntityKind, props: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const name of identifierProps(kind)) {
    const v = props[name];
    if (typeof v !== 'string') continue;
    const compact = v.replace(/[^\p{L}\p{N}]+/gu, '');
    if (compact !== v && compact.length > 0) out.push(compact);
  }
  return out;
}
