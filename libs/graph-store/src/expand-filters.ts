import { CREDIBILITY_GRADES, RELIABILITY_GRADES } from '@homeward/graph-schema';
import type { ExpandFilters } from './port';

/**
 * The grades a step may take under `filters`, as explicit lists so both adapters filter alike
 * (SQL and Cypher compare with `IN`); null: no filter on that grade. An ungraded link's reliability
 * counts as F ("cannot be judged", the lowest), so a minimum of F filters nothing and any other
 * minimum refuses ungraded links. An ungraded credibility ranks below 5: any minimum refuses it.
 */
export function acceptedGrades(filters: ExpandFilters | undefined): { reliabilities: string[] | null; credibilities: number[] | null } {
  const r = filters?.minReliability ? RELIABILITY_GRADES.indexOf(filters.minReliability) : -1;
  const c = filters?.minCredibility;
  return {
    reliabilities: r >= 0 && r < RELIABILITY_GRADES.length - 1 ? RELIABILITY_GRADES.slice(0, r + 1) : null,
    credibilities: typeof c === 'number' ? CREDIBILITY_GRADES.filter((g) => g <= c) : null,
  };
}
