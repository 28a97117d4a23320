import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { DateTime } from '../../../lib/format';
import { useQuery } from '../../../lib/use-query';
import { CO_SIGHTINGS, type CoSightingRow } from '../graphql/cosighting.graphql';

/** Who was seen with whom in this case, how often, with the shared sightings as evidence. */
export default function CoSightingPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const q = useQuery<{ coSightings: CoSightingRow[] }>(CO_SIGHTINGS, { caseId, limit: 50 });
  const rows = q.data?.coSightings ?? [];
  return (
    <section className="card intel-panel" aria-labelledby="intel-cosight-title">
      <h2 id="intel-cosight-title">{t('intel.co.title')}</h2>
      <p className="muted small">{t('intel.co.hint')}</p>
      {q.loading && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
      {q.data && rows.length === 0 && <p className="muted">{t('intel.co.empty')}</p>}
      {rows.length > 0 && (
        <table className="intel-table">
          <caption className="sr-only">{t('intel.co.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('intel.co.pair')}</th>
              <th scope="col">{t('intel.co.count')}</th>
              <th scope="col">{t('intel.co.strength')}</th>
              <th scope="col">{t('intel.co.first')}</th>
              <th scope="col">{t('intel.co.last')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.a.id}-${r.b.id}`}>
                <td>
                  {r.a.label} <span className="muted small">({t(`kind.${r.a.kind}`)})</span> — {r.b.label} <span className="muted small">({t(`kind.${r.b.kind}`)})</span>
                </td>
                <td title={t('intel.co.evidence', { count: r.sightingIds.length })}>{r.count}</td>
                <td>
                  <meter min={0} max={1} value={r.strength} aria-label={t('intel.co.strength')} /> {Math.round(r.strength * 100)} %
                </td>
                <td>
                  <DateTime iso={r.firstSeen} />
                </td>
                <td>
                  <DateTime iso={r.lastSeen} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
