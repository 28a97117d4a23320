import { CREDIBILITY_GRADES, RELIABILITY_GRADES } from '@homeward/graph-schema';
import { badInput, type LinkRecord, type Reliability } from '@homeward/domain';

/*
 * Grading of links and paths after the police 5x5x5 / i2 scheme: source
 * reliability A (always reliable) ... E (untested), with the model's F kept as
 * "cannot be judged", and information credibility 1 (known true) ... 5
 * (suspected false). Lower rank is stronger in both.
 *
 * Rules (README "Analysis"):
 * - an ungraded reliability ranks as F, the lowest; an ungraded credibility
 *   ranks below 5 (reported as null);
 * - a path's grade is that of its weakest link in each dimension (the worst
 *   reliability and the worst credibility on it), so "every link of this path
 *   is at least B3" reads straight off the grade; the weakest link itself is
 *   the one with the worst reliability, then the worst credibility;
 * - a minimum grade filters links, not paths: a weaker link is never taken.
 */

/** Rank of a reliability grade: 0 for A ... 5 for F; ungraded ranks as F. */
export function reliabilityRank(r: string | null | undefined): number {
  const i = r ? (RELIABILITY_GRADES as readonly string[]).indexOf(r) : -1;
  return i >= 0 ? i : RELIABILITY_GRADES.length - 1;
}

/** Rank of a credibility grade: 0 for 1 ... 4 for 5; ungraded is 5, below every grade. */
export function credibilityRank(c: number | null | undefined): number {
  const i = typeof c === 'number' ? (CREDIBILITY_GRADES as readonly number[]).indexOf(c) : -1;
  return i >= 0 ? i : CREDIBILITY_GRADES.length;
}

export interface Grade {
  readonly reliability: Reliability;
  /** null: not graded. */
  readonly credibility: number | null;
}

export interface PathGrade extends Grade {
  /** The link that sets the grade (worst reliability, then worst credibility); null for a path without links. */
  readonly weakestLinkId: string | null;
  /** "B3", "F?" (credibility not graded). */
  readonly label: string;
}

export function linkGrade(l: LinkRecord): Grade {
  return {
    reliability: RELIABILITY_GRADES[reliabilityRank(l.provenance.reliability)],
    credibility: credibilityRank(l.provenance.credibility) < CREDIBILITY_GRADES.length ? (l.provenance.credibility as number) : null,
  };
}

export const gradeLabel = (g: Grade) => `${g.reliability}${g.credibility ?? '?'}`;

/** Negative when `a` is the stronger grade: reliability first (the source is judged before the information), then credibility. */
export function compareGrades(a: Grade, b: Grade): number {
  return reliabilityRank(a.reliability) - reliabilityRank(b.reliability) || credibilityRank(a.credibility) - credibilityRank(b.credibility);
}

/** A path's confidence: its weakest link in each dimension. A path of no links is A1 (nothing weakens it). */
export function pathGrade(links: readonly LinkRecord[]): PathGrade {
  let rel = 0;
  let cred = 0;
  let weakest: { id: string; grade: Grade } | null = null;
  for (const l of links) {
    const g = linkGrade(l);
    rel = Math.max(rel, reliabilityRank(g.reliability));
    cred = Math.max(cred, credibilityRank(g.credibility));
    if (!weakest || compareGrades(g, weakest.grade) > 0) weakest = { id: l.id, grade: g };
  }
  const grade: Grade = {
    reliability: RELIABILITY_GRADES[rel],
    credibility: cred < CREDIBILITY_GRADES.length ? CREDIBILITY_GRADES[cred] : null,
  };
  return { ...grade, weakestLinkId: weakest?.id ?? null, label: gradeLabel(grade) };
}

/** Checks a minimum-grade argument; `field` names it in the error. */
export function checkMinReliability(v: string | null | undefined, field: string): Reliability | undefined {
  if (v === null || v === undefined) return undefined;
  if (!(RELIABILITY_GRADES as readonly string[]).includes(v)) throw badInput(field, `must be one of ${RELIABILITY_GRADES.join(', ')}`);
  return v as Reliability;
}

export function checkMinCredibility(v: number | null | undefined, field: string): number | undefined {
  if (v === null || v === undefined) return undefined;
  if (!(CREDIBILITY_GRADES as readonly number[]).includes(v)) throw badInput(field, `must be an integer from 1 to 5`);
  return v;
}
