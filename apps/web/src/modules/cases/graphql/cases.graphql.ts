import type { CASE_CATEGORIES, CASE_STATUSES, RISK_LEVELS } from '@homeward/graph-schema';

export interface CaseMember {
  readonly id: string;
  readonly displayName: string;
  readonly role: string;
  readonly agency: { readonly name: string; readonly country: string };
}

export interface CaseSummary {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly category: (typeof CASE_CATEGORIES)[number];
  readonly status: (typeof CASE_STATUSES)[number];
  readonly riskLevel: (typeof RISK_LEVELS)[number];
  readonly country: string;
  readonly countries: readonly string[];
  readonly reportedAt: string;
  readonly lastSeenAt: string | null;
  readonly members: readonly CaseMember[];
}

const CASE_FIELDS = `id reference title category status riskLevel country countries reportedAt lastSeenAt
  members { id displayName role agency { name country } }`;

export const CASES = `query Cases { cases { ${CASE_FIELDS} } }`;
export const CASE = `query Case($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`;
export const CREATE_CASE = `mutation CreateCase($input: CreateCaseInput!) { createCase(input: $input) { ${CASE_FIELDS} } }`;
