import { CASE_CATEGORIES, CASE_STATUSES, RISK_LEVELS } from '@homeward/graph-schema';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { DateTime, MissingFor } from '../../../lib/format';
import { navigate } from '../../../lib/router';
import { useQuery } from '../../../lib/use-query';
import { CASES } from '../graphql/cases.generated';
import { prefetchCaseOpen, prefetchOnIntent, preloadWhenIdle } from '../prefetch';
import { CreateCaseDialog } from './CreateCaseDialog';

const RISK_ORDER: Record<string, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

export function CaseListPage() {
  const { t } = useTranslation();
  const q = useQuery(CASES, {});
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const [category, setCategory] = useState('');
  const [risk, setRisk] = useState('');
  const [country, setCountry] = useState('');
  const [creating, setCreating] = useState(false);
  useEffect(() => preloadWhenIdle(), []);

  const all = useMemo(() => q.data?.cases ?? [], [q.data]);
  const countries = useMemo(() => [...new Set(all.flatMap((c) => (c.countries.length ? c.countries : [c.country])))].sort(), [all]);
  const shown = useMemo(() => {
    const needle = text.trim().toLocaleLowerCase();
    return all
      .filter(
        (c) =>
          (!needle || c.title.toLocaleLowerCase().includes(needle) || c.reference.toLocaleLowerCase().includes(needle)) &&
          (!status || c.status === status) &&
          (!category || c.category === category) &&
          (!risk || c.riskLevel === risk) &&
          (!country || c.country === country || c.countries.includes(country)),
      )
      .sort((a, b) => (RISK_ORDER[a.riskLevel] ?? 9) - (RISK_ORDER[b.riskLevel] ?? 9) || b.reportedAt.localeCompare(a.reportedAt));
  }, [all, text, status, category, risk, country]);

  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>{t('cases.title')}</h1>
        <a
          href="/stats"
          onClick={(e) => {
            e.preventDefault();
            navigate('/stats');
          }}
        >
          {t('stats.open')}
        </a>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('cases.new')}
        </button>
      </div>
      <div className="filters" role="search">
        <label>
          <span className="sr-only">{t('cases.search')}</span>
          <input type="search" placeholder={t('cases.search')} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <Select label={t('cases.status')} value={status} onChange={setStatus} options={CASE_STATUSES.map((s) => [s, t(`status.${s}`)])} />
        <Select
          label={t('cases.category')}
          value={category}
          onChange={setCategory}
          options={CASE_CATEGORIES.map((s) => [s, t(`category.${s}`)])}
        />
        <Select label={t('cases.risk')} value={risk} onChange={setRisk} options={RISK_LEVELS.map((s) => [s, t(`risk.${s}`)])} />
        <Select label={t('cases.countries')} value={country} onChange={setCountry} options={countries.map((c) => [c, c])} />
      </div>
      {q.loading && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
      {q.data && (
        <>
          <p className="muted" aria-live="polite">
            {t('cases.count', { count: shown.length, total: all.length })}
          </p>
          {shown.length === 0 ? (
            <p>{t('cases.none')}</p>
          ) : (
            <table className="cases">
              <thead>
                <tr>
                  <th scope="col">{t('cases.caseTitle')}</th>
                  <th scope="col">{t('cases.status')}</th>
                  <th scope="col">{t('cases.category')}</th>
                  <th scope="col">{t('cases.risk')}</th>
                  <th scope="col">{t('cases.countries')}</th>
                  <th scope="col">{t('cases.missing')}</th>
                  <th scope="col">{t('cases.reportedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((c) => (
                  <tr key={c.id} data-testid="case-row">
                    <td>
                      <a
                        href={`/cases/${c.id}/graph`}
                        {...prefetchOnIntent(c.id)}
                        onClick={(e) => {
                          e.preventDefault();
                          prefetchCaseOpen(c.id);
                          navigate(`/cases/${c.id}/graph`);
                        }}
                      >
                        {c.title}
                      </a>
                      <div className="muted small">{c.reference}</div>
                    </td>
                    <td>
                      <span className={`badge status-${c.status}`}>{t(`status.${c.status}`)}</span>
                    </td>
                    <td>{t(`category.${c.category}`)}</td>
                    <td>
                      <span className={`badge risk-${c.riskLevel}`}>{t(`risk.${c.riskLevel}`)}</span>
                    </td>
                    <td>{(c.countries.length ? c.countries : [c.country]).join(', ')}</td>
                    <td>{c.status === 'OPEN' ? <MissingFor since={c.lastSeenAt ?? c.reportedAt} /> : '—'}</td>
                    <td>
                      <DateTime iso={c.reportedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {creating && (
        <CreateCaseDialog
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            navigate(`/cases/${c.id}/graph`);
          }}
        />
      )}
    </main>
  );
}

function Select({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly (readonly [string, string])[];
}) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('cases.all')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}
