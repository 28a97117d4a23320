import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BackToCases } from '../../../app/BackToCases';
import { ErrorNote, Loading } from '../../../app/status';
import { DateTime } from '../../../lib/format';
import { navigate } from '../../../lib/router';
import { useQuery } from '../../../lib/use-query';
import { CASE_STATISTICS, type Bucket } from '../graphql/stats.generated';
import { BarChart } from './BarChart';
import { downloadBlob } from '../../profile';
import { keyIn } from '../../../i18n/keys';

/** The dashboard over the cases the caller may see (the server counts nothing else). */
export default function StatsPage() {
  const { t, i18n } = useTranslation();
  const q = useQuery(CASE_STATISTICS, {});
  const s = q.data?.caseStatistics;
  const pct = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  const num = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });

  return (
    <main id="main" className="page">
      <BackToCases />
      <div className="page-head">
        <h1>{t('stats.title')}</h1>
        {s && s.total > 0 && (
          <button
            type="button"
            onClick={() =>
              downloadBlob(
                new Blob([s.csv], { type: 'text/csv;charset=utf-8' }),
                `homeward-cases-${new Date().toISOString().slice(0, 10)}.csv`,
              )
            }
          >
            {t('stats.csv')}
          </button>
        )}
      </div>
      {q.loading && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
      {s && s.total === 0 && <p>{t('stats.empty')}</p>}
      {s && s.total > 0 && (
        <>
          <p className="muted">{t('stats.scope', { count: s.total })}</p>
          <div className="stat-tiles">
            <div className="card">
              <h2>{t('stats.median')}</h2>
              <p className="stat-value">
                {s.medianHoursToRecovery === null ? '—' : t('stats.hours', { value: num.format(s.medianHoursToRecovery) })}
              </p>
              <p className="muted small">{t('stats.recovered', { count: s.recovered })}</p>
            </div>
            <div className="card">
              <h2>{t('stats.crossBorder')}</h2>
              <p className="stat-value">
                {s.crossBorder} ({pct.format(s.crossBorderShare)})
              </p>
              <p className="muted small">{t('stats.crossBorderHint')}</p>
            </div>
          </div>
          <div className="stat-grid">
            <Breakdown title={t('stats.byCategory')} buckets={s.byCategory} label={(k) => t(keyIn('category', k), { defaultValue: k })} />
            <Breakdown title={t('stats.byStatus')} buckets={s.byStatus} label={(k) => t(keyIn('status', k), { defaultValue: k })} />
            <Breakdown title={t('stats.byRisk')} buckets={s.byRisk} label={(k) => t(keyIn('risk', k), { defaultValue: k })} />
            <Breakdown title={t('stats.byCountry')} buckets={s.byCountry} label={(k) => k} />
          </div>
          <section className="card" aria-labelledby="high-risk-title">
            <h2 id="high-risk-title">{t('stats.openHighRisk')}</h2>
            {s.openHighRisk.length === 0 ? (
              <p className="muted">{t('stats.noneHighRisk')}</p>
            ) : (
              <ul>
                {s.openHighRisk.map((c) => (
                  <li key={c.id}>
                    <a
                      href={`/cases/${c.id}`}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(`/cases/${c.id}`);
                      }}
                    >
                      {c.title}
                    </a>{' '}
                    <span className="muted small">
                      {c.reference}, {c.country}, <DateTime iso={c.reportedAt} />
                    </span>{' '}
                    <span className={`badge risk-${c.riskLevel}`}>{t(`risk.${c.riskLevel}`)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </main>
  );
}

function Breakdown({ title, buckets, label }: { title: string; buckets: readonly Bucket[]; label: (k: string) => string }) {
  const { t } = useTranslation();
  const labels = useMemo(() => buckets.map((b) => label(b.key)), [buckets, label]);
  const values = useMemo(() => buckets.map((b) => b.count), [buckets]);
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <BarChart labels={labels} values={values} label={title} />
      <table className="cases">
        <thead>
          <tr>
            <th scope="col">{title}</th>
            <th scope="col">{t('stats.count')}</th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((b) => (
            <tr key={b.key}>
              <td>{label(b.key)}</td>
              <td>{b.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
