/**
 * Case statistics over the cases a caller may see, and their CSV export.
 * Pure functions: the caller passes only visible cases, so nothing here can
 * count a case outside the caller's scope.
 */

export interface CaseFacts {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly category: string;
  readonly status: string;
  readonly riskLevel: string;
  readonly country: string;
  readonly reportedAt: string;
  /** When the status first left OPEN; null while open (or when not recorded). */
  readonly foundAt: string | null;
  /**
   * Countries the case touches: its own, its places' and sightings', and those
   * of visible cases it shares an entity with.
   */
  readonly countries: readonly string[];
}

export interface Bucket {
  readonly key: string;
  readonly count: number;
}

export interface CaseStatistics {
  readonly total: number;
  readonly byCategory: readonly Bucket[];
  readonly byStatus: readonly Bucket[];
  readonly byRisk: readonly Bucket[];
  readonly byCountry: readonly Bucket[];
  /** Median hours from report to found over the cases with both times; null when none. */
  readonly medianHoursToRecovery: number | null;
  readonly recovered: number;
  readonly openHighRisk: readonly CaseFacts[];
  readonly crossBorder: number;
  /** crossBorder / total, 0 when there is no case. */
  readonly crossBorderShare: number;
}

const HIGH = new Set(['HIGH', 'CRITICAL']);

/** A case is cross-border when it touches more than one country. */
export const isCrossBorder = (c: CaseFacts) => new Set([c.country, ...c.countries]).size > 1;

function buckets(values: readonly string[], order: readonly string[] = []): Bucket[] {
  const counts = new Map<string, number>();
  for (const k of order) counts.set(k, 0);
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const known = order.map((k) => ({ key: k, count: counts.get(k)! }));
  const rest = [...counts]
    .filter(([k]) => !order.includes(k))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, count]) => ({ key, count }));
  return [...known, ...rest];
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function caseStatistics(
  cases: readonly CaseFacts[],
  orders: { categories?: readonly string[]; statuses?: readonly string[]; risks?: readonly string[] } = {},
): CaseStatistics {
  const hours = cases
    .filter((c) => c.status !== 'OPEN' && c.foundAt)
    .map((c) => (Date.parse(c.foundAt!) - Date.parse(c.reportedAt)) / 3_600_000)
    .filter((h) => Number.isFinite(h) && h >= 0);
  const crossBorder = cases.filter(isCrossBorder).length;
  const m = median(hours);
  return {
    total: cases.length,
    byCategory: buckets(
      cases.map((c) => c.category),
      orders.categories,
    ),
    byStatus: buckets(
      cases.map((c) => c.status),
      orders.statuses,
    ),
    byRisk: buckets(
      cases.map((c) => c.riskLevel),
      orders.risks,
    ),
    byCountry: buckets(cases.map((c) => c.country)),
    medianHoursToRecovery: m === null ? null : Math.round(m * 10) / 10,
    recovered: hours.length,
    openHighRisk: cases
      .filter((c) => c.status === 'OPEN' && HIGH.has(c.riskLevel))
      .sort((a, b) => a.reportedAt.localeCompare(b.reportedAt)),
    crossBorder,
    crossBorderShare: cases.length ? crossBorder / cases.length : 0,
  };
}

/**
 * One CSV field: quoted when it holds a separator, quote or line break, and
 * prefixed with an apostrophe when a spreadsheet would read it as a formula
 * (=, +, -, @, tab, carriage return first), so an exported name cannot run
 * anything when opened.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The per-case CSV of the dashboard (what a user can open in a spreadsheet). */
export function casesCsv(cases: readonly CaseFacts[]): string {
  return toCsv(
    ['reference', 'title', 'category', 'status', 'risk', 'country', 'reportedAt', 'foundAt', 'hoursToRecovery', 'crossBorder', 'countries'],
    cases.map((c) => [
      c.reference,
      c.title,
      c.category,
      c.status,
      c.riskLevel,
      c.country,
      c.reportedAt,
      c.foundAt,
      c.foundAt ? Math.round(((Date.parse(c.foundAt) - Date.parse(c.reportedAt)) / 3_600_000) * 10) / 10 : null,
      isCrossBorder(c) ? 'yes' : 'no',
      [...new Set([c.country, ...c.countries])].join(' '),
    ]),
  );
}
