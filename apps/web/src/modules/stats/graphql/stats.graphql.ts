export interface Bucket {
  key: string;
  count: number;
}

export interface CaseStatistics {
  total: number;
  byCategory: Bucket[];
  byStatus: Bucket[];
  byRisk: Bucket[];
  byCountry: Bucket[];
  medianHoursToRecovery: number | null;
  recovered: number;
  openHighRisk: Array<{ id: string; reference: string; title: string; riskLevel: string; country: string; reportedAt: string }>;
  crossBorder: number;
  crossBorderShare: number;
  csv: string;
}

export const CASE_STATISTICS = `query CaseStatistics { caseStatistics { total byCategory { key count } byStatus { key count } byRisk { key count } byCountry { key count }
  medianHoursToRecovery recovered openHighRisk { id reference title riskLevel country reportedAt } crossBorder crossBorderShare csv } }`;
