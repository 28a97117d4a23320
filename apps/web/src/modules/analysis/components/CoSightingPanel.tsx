import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { DateTime } from '../../../lib/format';
import { useQuery } from '../../../lib/use-query';
import { CO_SIGHTINGS } from '../graphql/cosighting.generated';

/** Who was seen with whom in this case, how often, with the shared sightings as evidence. */
export default function CoSightingPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const all = useQuery(CO_SIGHTINGS, { caseId, limit: 200 });
  // Around one entity: in this case, or in every case the caller may see (the same person seen elsewhere).
  const [focus, setFocus] = useState('');
  const [everywhere, setEverywhere] = useState(false);
  const around = useQuery(CO_SIGHTINGS, { caseId: everywhere ? null : caseId, entityId: focus, limit: 50 }, !focus);
  const q = focus ? around : all;
  const rows = (q.data?.coSightings ?? []).slice(0, 50);
  const seen = useMemo(() => {
    const m = new Map<string, { id: string; label: string; kind: string }>();
    for (const r of all.data?.coSightings ?? []) for (const e of [r.a, r.b]) m.set(e.id, e);
    return [...m.values()].sort((a, b) => a.label.localeCompare(b.label));
  }, [all.data]);
  return (
    <section className="card intel-panel" aria-labelledby="intel-cosight-title">
      <h2 id="intel-cosight-title">{t('intel.co.title')}</h2>
      <p className="muted small">{t('intel.co.hint')}</p>
      {seen.length > 0 && (
        <div className="intel-controls">
          <label>
            {t('intel.co.around')}{' '}
            <select value={focus} onChange={(e) => setFocus(e.target.value)}>
              <option value="">{t('intel.co.everyone')}</option>
              {seen.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.label}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={everywhere} disabled={!focus} onChange={(e) => setEverywhere(e.target.checked)} />
            {t('intel.co.aroundAll')}
          </label>
        </div>
      )}
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
                  {r.a.label} <span className="muted small">({t(`kind.${r.a.kind}`)})</span> — {r.b.label}{' '}
                  <span className="muted small">({t(`kind.${r.b.kind}`)})</span>
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
