import { foldName, nameTokens, normalisePlate, skeleton, type EntityRecord } from '@homeward/domain';

/** Why two entities may be the same one; shown to the person who decides. */
export type MatchReason = 'SAME_NAME' | 'SIMILAR_NAME' | 'SAME_DATE_OF_BIRTH' | 'SAME_PLATE' | 'SAME_IDENTIFIER';

/** Jaro similarity of two strings, 0 (nothing in common) to 1 (equal). */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aHit = new Array<boolean>(a.length).fill(false);
  const bHit = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(b.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (bHit[j] || a[i] !== b[j]) continue;
      aHit[i] = bHit[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aHit[i]) continue;
    while (!bHit[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  return (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
}

/** Jaro-Winkler: Jaro with a bonus for a common prefix of up to four letters (names differ at the end more often). */
export function jaroWinkler(a: string, b: string, prefixScale = 0.1): number {
  const j = jaro(a, b);
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return j + prefix * prefixScale * (1 - j);
}

/** Average, over the words of the shorter name, of each word's best match among the other name's words. */
function tokenSetSimilarity(a: readonly string[], b: readonly string[], sim: (x: string, y: string) => number): number {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (!short.length) return 0;
  let total = 0;
  for (const s of short) total += Math.max(...long.map((l) => sim(s, l)));
  // Words of the longer name left unmatched weigh a little: "Ana Pérez" is not quite "Ana Pérez López Díaz".
  return (total / short.length) * (0.9 + 0.1 * (short.length / long.length));
}

/**
 * Similarity of two names across scripts, diacritics and word order: the best
 * of Jaro-Winkler over the sorted folded words, a word-by-word match, and the
 * same over consonant skeletons (slightly discounted, being coarser).
 */
export function nameSimilarity(a: string, b: string): number {
  const ta = nameTokens(a);
  const tb = nameTokens(b);
  if (!ta.length || !tb.length) return 0;
  if (ta.join(' ') === tb.join(' ')) return 1;
  const plain = Math.max(jaroWinkler(ta.join(' '), tb.join(' ')), tokenSetSimilarity(ta, tb, jaroWinkler));
  const sa = ta.map(skeleton);
  const sb = tb.map(skeleton);
  const phonetic = tokenSetSimilarity(sa, sb, (x, y) => (x === y ? 1 : jaroWinkler(x, y))) * 0.95;
  return Math.min(1, Math.max(plain, phonetic));
}

export interface CandidateScore {
  readonly score: number;
  readonly reasons: MatchReason[];
}

/** A proposal needs at least this score; with the same date of birth, a weaker name match is enough. */
export const PROPOSE_AT = 0.85;
export const PROPOSE_WITH_BIRTH_DATE_AT = 0.7;

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const personNames = (e: Pick<EntityRecord, 'props'>) =>
  [str(e.props.fullName), ...(Array.isArray(e.props.aliases) ? e.props.aliases.map(str) : [])].filter((n) => n.length > 0);

/** How likely `b` is a duplicate of `a` (same kind), and why; null when not worth proposing. */
export function scoreCandidate(
  a: Pick<EntityRecord, 'kind' | 'props'>,
  b: Pick<EntityRecord, 'kind' | 'props'>,
  sharedKeys: readonly string[] = [],
): CandidateScore | null {
  if (a.kind !== b.kind) return null;
  const reasons: MatchReason[] = [];
  if (a.kind === 'PERSON') {
    let best = 0;
    for (const x of personNames(a)) for (const y of personNames(b)) best = Math.max(best, nameSimilarity(x, y));
    const sameBirth = !!str(a.props.dateOfBirth) && str(a.props.dateOfBirth).slice(0, 10) === str(b.props.dateOfBirth).slice(0, 10);
    const differentBirth = !!str(a.props.dateOfBirth) && !!str(b.props.dateOfBirth) && !sameBirth;
    if (best >= 0.999) reasons.push('SAME_NAME');
    else if (best >= PROPOSE_WITH_BIRTH_DATE_AT) reasons.push('SIMILAR_NAME');
    if (sameBirth) reasons.push('SAME_DATE_OF_BIRTH');
    // Two known, different birth dates count against; the same one for it.
    const score = Math.min(1, best * (differentBirth ? 0.85 : 1) + (sameBirth ? 0.1 : 0));
    if (best >= PROPOSE_AT || (sameBirth && best >= PROPOSE_WITH_BIRTH_DATE_AT)) return { score: round(score), reasons };
    return null;
  }
  if (a.kind === 'VEHICLE') {
    const pa = normalisePlate(str(a.props.plate));
    if (pa && pa === normalisePlate(str(b.props.plate))) return { score: 1, reasons: ['SAME_PLATE'] };
    const va = normalisePlate(str(a.props.vin));
    if (va && va === normalisePlate(str(b.props.vin))) return { score: 1, reasons: ['SAME_IDENTIFIER'] };
    return null;
  }
  if (sharedKeys.some((k) => /^(phone|imei|handle|vin):/.test(k))) return { score: 1, reasons: ['SAME_IDENTIFIER'] };
  return null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export { foldName, normalisePlate, skeleton };
