/**
 * The missing child's profile: what is derived from it (age, the ICMEC
 * definition check) and how its free-text fields are bounded. Pure functions;
 * the profile itself lives on the child's Person entity in the link graph.
 */

/** ICMEC: a missing child is anyone under 18 whose whereabouts are unknown. */
export const CHILD_AGE_LIMIT = 18;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole years between a date of birth (YYYY-MM-DD) and an instant; null when the date is not valid or lies after `at`. */
export function ageAt(dateOfBirth: string | null | undefined, at: Date): number | null {
  if (!dateOfBirth) return null;
  const m = DATE.exec(dateOfBirth);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const born = new Date(Date.UTC(y, mo - 1, d));
  // 2023-02-30 would roll over to March: not a date.
  if (born.getUTCMonth() !== mo - 1 || born.getUTCDate() !== d) return null;
  if (born.getTime() > at.getTime()) return null;
  let age = at.getUTCFullYear() - y;
  const beforeBirthday = at.getUTCMonth() < mo - 1 || (at.getUTCMonth() === mo - 1 && at.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}

export type ProfileWarning = 'NOT_A_CHILD' | 'NO_DATE_OF_BIRTH' | 'NO_LAST_SEEN_PLACE';

/** What the investigator should know about a profile before it goes on a poster or an alert. */
export function profileWarnings(p: { ageAtDisappearance: number | null; lastSeenLocationId: string | null }): ProfileWarning[] {
  const out: ProfileWarning[] = [];
  if (p.ageAtDisappearance === null) out.push('NO_DATE_OF_BIRTH');
  else if (p.ageAtDisappearance >= CHILD_AGE_LIMIT) out.push('NOT_A_CHILD');
  if (!p.lastSeenLocationId) out.push('NO_LAST_SEEN_PLACE');
  return out;
}
