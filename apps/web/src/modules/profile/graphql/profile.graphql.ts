export interface ProfileLocation {
  id: string;
  name: string;
  country: string;
  latitude: number;
  longitude: number;
}

export interface RiskFactors {
  ageYears: number | null;
  medicalNeeds: boolean;
  vulnerability: boolean;
  onlineGrooming: boolean;
  suspectedAbductor: boolean;
  violenceOrThreats: boolean;
  inMigration: boolean;
  crossBorder: boolean;
  hoursMissing: number;
  previousEpisodes: number;
  outOfCharacter: boolean;
}

export const FLAG_FACTORS = ['medicalNeeds', 'vulnerability', 'onlineGrooming', 'suspectedAbductor', 'violenceOrThreats', 'inMigration', 'crossBorder', 'outOfCharacter'] as const;

export interface ChildProfile {
  caseId: string;
  personId: string | null;
  fullName: string | null;
  aliases: string[];
  dateOfBirth: string | null;
  sex: string | null;
  nationality: string | null;
  physicalDescription: string | null;
  clothing: string | null;
  languagesSpoken: string[];
  medicalNeeds: string | null;
  circumstances: string | null;
  lastSeenAt: string | null;
  lastSeenLocation: ProfileLocation | null;
  ageAtDisappearance: number | null;
  ageNow: number | null;
  warnings: string[];
  suggestedRiskFactors: RiskFactors;
  caseLocations: ProfileLocation[];
}

const FACTORS = 'ageYears medicalNeeds vulnerability onlineGrooming suspectedAbductor violenceOrThreats inMigration crossBorder hoursMissing previousEpisodes outOfCharacter';
const PROFILE_FIELDS = `caseId personId fullName aliases dateOfBirth sex nationality physicalDescription clothing languagesSpoken medicalNeeds circumstances
  lastSeenAt lastSeenLocation { id name country latitude longitude } ageAtDisappearance ageNow warnings
  suggestedRiskFactors { ${FACTORS} } caseLocations { id name country latitude longitude }`;

export const CHILD_PROFILE = `query ChildProfile($caseId: ID!) { childProfile(caseId: $caseId) { ${PROFILE_FIELDS} } }`;
export const UPDATE_CHILD_PROFILE = `mutation UpdateChildProfile($caseId: ID!, $input: ChildProfileInput!) { updateChildProfile(caseId: $caseId, input: $input) { ${PROFILE_FIELDS} } }`;

export interface RiskReason {
  code: string;
  points: number;
  floor: string | null;
  text: string;
}
export interface RiskProposal {
  level: string;
  score: number;
  reasons: RiskReason[];
}
export interface RiskAssessment {
  id: string;
  proposedLevel: string;
  confirmedLevel: string;
  score: number;
  note: string | null;
  assessedBy: string;
  assessedAt: string;
  reasons: RiskReason[];
}

export const PROPOSE_RISK = `query ProposeRisk($caseId: ID!, $factors: RiskFactorsInput!) { proposeRisk(caseId: $caseId, factors: $factors) { level score reasons { code points floor text } } }`;
export const CONFIRM_RISK = `mutation ConfirmRisk($caseId: ID!, $factors: RiskFactorsInput!, $level: RiskLevel!, $note: String) {
  confirmRiskAssessment(caseId: $caseId, factors: $factors, level: $level, note: $note) { id confirmedLevel } }`;
export const RISK_HISTORY = `query RiskHistory($caseId: ID!) { riskAssessments(caseId: $caseId) { id proposedLevel confirmedLevel score note assessedBy assessedAt reasons { code points floor text } } }`;

export interface PosterFile {
  filename: string;
  mimeType: string;
  size: number;
  base64: string;
  hotlines: Array<{ country: string; number: string | null }>;
  withPhoto: boolean;
}
export const CASE_POSTER = `query CasePoster($caseId: ID!, $languages: [String!]!, $paper: PaperSize) {
  casePoster(caseId: $caseId, languages: $languages, paper: $paper) { filename mimeType size base64 hotlines { country number } withPhoto } }`;

/** The languages a poster or alert can be made in (the server's table). */
export const OUTPUT_LANGUAGES = ['en', 'es', 'fr', 'pt'] as const;
