import { describe, expect, it } from 'vitest';
import { caseStatistics, casesCsv, csvField, median, type CaseFacts } from './stats';

const base: CaseFacts = {
  id: 'c',
  reference: 'R',
  title: 'T',
  category: 'RUNAWAY',
  status: 'OPEN',
  riskLevel: 'LOW',
  country: 'GT',
  reportedAt: '2026-01-01T00:00:00Z',
  foundAt: null,
  countries: ['GT'],
};

describe('statistics', () => {
  const cases: CaseFacts[] = [
    { ...base, id: 'a', riskLevel: 'CRITICAL' },
    { ...base, id: 'b', status: 'FOUND_SAFE', foundAt: '2026-01-01T10:00:00Z', country: 'MX', countries: ['MX', 'GT'] },
    { ...base, id: 'c', status: 'CLOSED', foundAt: '2026-01-03T00:00:00Z', category: 'MISSING_MIGRANT' },
    { ...base, id: 'd', status: 'FOUND_SAFE', foundAt: null, riskLevel: 'HIGH' },
  ];
  const s = caseStatistics(cases, { statuses: ['OPEN', 'FOUND_SAFE', 'FOUND_HARMED', 'FOUND_DECEASED', 'CLOSED'] });

  it('counts by category, status (in the given order, zeros kept), risk and country', () => {
    expect(s.total).toBe(4);
    expect(s.byStatus).toEqual([
      { key: 'OPEN', count: 1 },
      { key: 'FOUND_SAFE', count: 2 },
      { key: 'FOUND_HARMED', count: 0 },
      { key: 'FOUND_DECEASED', count: 0 },
      { key: 'CLOSED', count: 1 },
    ]);
    expect(s.byCategory).toEqual([
      { key: 'RUNAWAY', count: 3 },
      { key: 'MISSING_MIGRANT', count: 1 },
    ]);
    expect(s.byCountry).toEqual([
      { key: 'GT', count: 3 },
      { key: 'MX', count: 1 },
    ]);
  });

  it('median time to recovery over cases with a found time only (10 h and 48 h)', () => {
    expect(s.medianHoursToRecovery).toBe(29);
    expect(s.recovered).toBe(2);
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
  });

  it('open high-risk cases and the cross-border share', () => {
    expect(s.openHighRisk.map((c) => c.id)).toEqual(['a']);
    expect(s.crossBorder).toBe(1);
    expect(s.crossBorderShare).toBe(0.25);
    expect(caseStatistics([]).crossBorderShare).toBe(0);
  });
});

describe('CSV', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(3.5)).toBe('3.5');
  });

  it('guards against formula injection', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('plain')).toBe('plain');
  });

  it('exports one row per case with CRLF line ends', () => {
    const csv = casesCsv([{ ...base, title: '=cmd|calc', status: 'FOUND_SAFE', foundAt: '2026-01-01T12:00:00Z' }]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('reference,title,category,status,risk,country,reportedAt,foundAt,hoursToRecovery,crossBorder,countries');
    expect(lines[1]).toBe("R,'=cmd|calc,RUNAWAY,FOUND_SAFE,LOW,GT,2026-01-01T00:00:00Z,2026-01-01T12:00:00Z,12,no,GT");
    expect(lines[2]).toBe('');
  });
});
