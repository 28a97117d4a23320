export interface AgencyRef {
  id: string;
  name: string;
  country: string;
}

export interface TargetAreaView {
  kind: string;
  description: string;
  countries: string[];
  recipients: AgencyRef[];
}

export interface ChildAlert {
  id: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  referencesId: string | null;
  sent: string;
  sender: string;
  languages: string[];
  recipients: AgencyRef[];
  areaDescription: string;
  xml: string;
}

export interface AreaInput {
  kind: 'CIRCLE' | 'CORRIDOR';
  speedKmh: number;
  capKm: number;
  bufferKm: number;
}

export const TARGET_AREA = `query TargetArea($caseId: ID!, $area: TargetAreaInput) { targetArea(caseId: $caseId, area: $area) { kind description countries recipients { id name country } } }`;
export const CHILD_ALERTS = `query ChildAlerts($caseId: ID!) { childAlerts(caseId: $caseId) { id msgType referencesId sent sender languages areaDescription xml recipients { id name country } } }`;
export const ISSUE_ALERT = `mutation IssueAlert($caseId: ID!, $input: IssueAlertInput!) { issueChildAlert(caseId: $caseId, input: $input) { id msgType referencesId sent sender languages areaDescription xml recipients { id name country } } }`;
