/**
 * Structured risk assessment of a missing child. The function proposes a
 * level and says why; an investigator confirms it (the confirmed level is
 * the case's riskLevel). The weights follow the usual shape of police
 * missing-person risk matrices: youth, medical dependency, a third party
 * (abductor, groomer) and exposure (migration, time missing) raise the risk,
 * and some single factors are enough on their own for a minimum level.
 */

export const RISK_LEVEL_ORDER = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskLevelName = (typeof RISK_LEVEL_ORDER)[number];

export interface RiskFactors {
  /** Age at disappearance in whole years; null when unknown. */
  readonly ageYears: number | null;
  /** Needs medication or care the child does not have with them. */
  readonly medicalNeeds: boolean;
  /** Disability, mental-health condition or other particular vulnerability. */
  readonly vulnerability: boolean;
  readonly onlineGrooming: boolean;
  readonly suspectedAbductor: boolean;
  /** Threats, violence or a weapon reported around the disappearance. */
  readonly violenceOrThreats: boolean;
  /** The child is on a migration route, unaccompanied or with smugglers. */
  readonly inMigration: boolean;
  /** Signs the child was or will be taken across a border. */
  readonly crossBorder: boolean;
  /** Hours since the child was last seen. */
  readonly hoursMissing: number;
  /** Earlier times the child went missing. */
  readonly previousEpisodes: number;
  /** Going missing is out of character for this child. */
  readonly outOfCharacter: boolean;
}

export type RiskReasonCode =
  | 'AGE_UNDER_6'
  | 'AGE_UNDER_13'
  | 'AGE_UNKNOWN'
  | 'ADULT'
  | 'MEDICAL_NEEDS'
  | 'VULNERABILITY'
  | 'ONLINE_GROOMING'
  | 'SUSPECTED_ABDUCTOR'
  | 'VIOLENCE_OR_THREATS'
  | 'IN_MIGRATION'
  | 'CROSS_BORDER'
  | 'MISSING_OVER_24H'
  | 'MISSING_OVER_72H'
  | 'PREVIOUS_EPISODES'
  | 'REPEATED_EPISODES'
  | 'OUT_OF_CHARACTER';

export interface RiskReason {
  readonly code: RiskReasonCode;
  /** What the factor adds to the score. */
  readonly points: number;
  /** The level this factor alone requires, when it does. */
  readonly floor: RiskLevelName | null;
  /** English wording for logs and the audit trail; the client translates the code. */
  readonly text: string;
}

export interface RiskProposal {
  readonly level: RiskLevelName;
  readonly score: number;
  readonly reasons: readonly RiskReason[];
}

/** Score thresholds of each level (a floor from a single factor can raise it further). */
export const RISK_THRESHOLDS: Readonly<Record<RiskLevelName, number>> = { LOW: 0, MEDIUM: 3, HIGH: 6, CRITICAL: 10 };

const rank = (l: RiskLevelName) => RISK_LEVEL_ORDER.indexOf(l);
const max = (a: RiskLevelName, b: RiskLevelName) => (rank(a) >= rank(b) ? a : b);

/** Refuses factors that are not what the fields say (the message names the field). */
export function checkRiskFactors(f: RiskFactors): string | null {
  if (f.ageYears !== null && (!Number.isInteger(f.ageYears) || f.ageYears < 0 || f.ageYears > 130))
    return 'ageYears: must be a whole number of years between 0 and 130';
  if (!Number.isFinite(f.hoursMissing) || f.hoursMissing < 0) return 'hoursMissing: must be zero or more';
  if (!Number.isInteger(f.previousEpisodes) || f.previousEpisodes < 0 || f.previousEpisodes > 1000)
    return 'previousEpisodes: must be a whole number between 0 and 1000';
  return null;
}

/** Proposes a risk level with every reason that contributed to it, strongest first. */
export function proposeRisk(f: RiskFactors): RiskProposal {
  const reasons: RiskReason[] = [];
  const add = (code: RiskReasonCode, points: number, floor: RiskLevelName | null, text: string) =>
    reasons.push({ code, points, floor, text });

  if (f.ageYears === null) add('AGE_UNKNOWN', 2, null, 'age unknown');
  else if (f.ageYears < 6) add('AGE_UNDER_6', 5, 'HIGH', `${f.ageYears} years old: under 6`);
  else if (f.ageYears < 13) add('AGE_UNDER_13', 3, 'MEDIUM', `${f.ageYears} years old: under 13`);
  else if (f.ageYears >= 18) add('ADULT', 0, null, `${f.ageYears} years old: not a child by the ICMEC definition`);
  if (f.medicalNeeds) add('MEDICAL_NEEDS', 4, 'HIGH', 'needs medication or care');
  if (f.vulnerability) add('VULNERABILITY', 3, 'MEDIUM', 'disability or particular vulnerability');
  if (f.onlineGrooming) add('ONLINE_GROOMING', 4, 'HIGH', 'signs of online grooming');
  if (f.suspectedAbductor) add('SUSPECTED_ABDUCTOR', 5, 'HIGH', 'a suspected abductor');
  if (f.violenceOrThreats) add('VIOLENCE_OR_THREATS', 5, 'HIGH', 'threats or violence reported');
  if (f.inMigration) add('IN_MIGRATION', 3, 'MEDIUM', 'on a migration route');
  if (f.crossBorder) add('CROSS_BORDER', 2, null, 'may have been taken across a border');
  if (f.hoursMissing >= 72) add('MISSING_OVER_72H', 3, null, `missing for ${Math.floor(f.hoursMissing)} hours`);
  else if (f.hoursMissing >= 24) add('MISSING_OVER_24H', 2, null, `missing for ${Math.floor(f.hoursMissing)} hours`);
  if (f.previousEpisodes >= 3) add('REPEATED_EPISODES', 2, null, `${f.previousEpisodes} earlier episodes: a pattern of exposure`);
  else if (f.previousEpisodes > 0) add('PREVIOUS_EPISODES', 1, null, `${f.previousEpisodes} earlier episode(s)`);
  if (f.outOfCharacter) add('OUT_OF_CHARACTER', 2, null, 'out of character');

  const score = reasons.reduce((s, r) => s + r.points, 0);
  let level: RiskLevelName = 'LOW';
  for (const l of RISK_LEVEL_ORDER) if (score >= RISK_THRESHOLDS[l]) level = l;
  for (const r of reasons) if (r.floor) level = max(level, r.floor);
  // A third party who means harm together with a very young or dependent child is the textbook emergency.
  const thirdParty = f.suspectedAbductor || f.violenceOrThreats || f.onlineGrooming;
  if (thirdParty && ((f.ageYears !== null && f.ageYears < 13) || f.medicalNeeds)) level = 'CRITICAL';
  reasons.sort((a, b) => b.points - a.points);
  return { level, score, reasons };
}
