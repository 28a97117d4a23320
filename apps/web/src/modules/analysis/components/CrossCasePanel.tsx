import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { navigate } from '../../../lib/router';
import { useQuery } from '../../../lib/use-query';
import { CROSS_CASE_LINKS } from '../graphql/crosscase.generated';
import { AskAccessButton } from '../../access';

/** What this case shares with other cases, which cases are near, and where another agency holds a match ("ask its owner"). */
export default function CrossCasePanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [maxDistance, setMaxDistance] = useState(1);
  const q = useQuery(CROSS_CASE_LINKS, { caseId, maxDistance });
  const r = q.data?.crossCaseLinks;
  const refOf = new Map((r?.near ?? []).map((n) => [n.caseId, n.reference]));
  const open = (id: string) => navigate(`/cases/${id}/graph`);
  return (
    <section className="card intel-panel" aria-labelledby="intel-cross-title">
      <h2 id="intel-cross-title">{t('intel.cross.title')}</h2>
      <label>
        {t('intel.cross.distance')}{' '}
        <select value={maxDistance} onChange={(e) => setMaxDistance(Number(e.target.value))}>
          {[0, 1, 2, 3].map((k) => (
            <option key={k} value={k}>
              {k === 0 ? t('intel.cross.sameEntity') : t('intel.cross.links', { count: k })}
            </option>
          ))}
        </select>
      </label>
      {q.loading && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
      {r && (
        <>
          <h3>{t('intel.cross.notices')}</h3>
          {r.notices.length === 0 ? (
            <p className="muted">{t('intel.cross.noticesEmpty')}</p>
          ) : (
            <ul className="intel-notices">
              {r.notices.map((n) => (
                <li key={`${n.entityId}-${n.agencyName}-${n.reason}`}>
                  {t('intel.cross.notice', { label: n.entityLabel, agency: n.agencyName })}{' '}
                  <span className="muted small">({t(`intel.cross.reason.${n.reason}`)})</span>{' '}
                  <AskAccessButton caseId={caseId} entityId={n.entityId} agencyName={n.agencyName} />
                </li>
              ))}
            </ul>
          )}
          <h3>{t('intel.cross.shared')}</h3>
          {r.shared.length === 0 ? (
            <p className="muted">{t('intel.cross.sharedEmpty')}</p>
          ) : (
            <ul>
              {r.shared.map((s) => (
                <li key={s.entity.id}>
                  {s.entity.label} <span className="muted small">({t(`kind.${s.entity.kind}`)})</span>:{' '}
                  {s.otherCaseIds.map((c) => refOf.get(c) ?? c).join(', ')}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('intel.cross.near')}</h3>
          {r.near.length === 0 ? (
            <p className="muted">{t('intel.cross.nearEmpty')}</p>
          ) : (
            <ul>
              {r.near.map((n) => (
                <li key={n.caseId}>
                  <button type="button" className="link" onClick={() => open(n.caseId)}>
                    {n.reference} · {n.title}
                  </button>{' '}
                  <span className="muted small">
                    {n.distance === 0 ? t('intel.cross.sameEntity') : t('intel.cross.links', { count: n.distance })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h3>{t('intel.cross.identifiers')}</h3>
          {r.identifiers.length === 0 ? (
            <p className="muted">{t('intel.cross.identifiersEmpty')}</p>
          ) : (
            <ul>
              {r.identifiers.map((m) => (
                <li key={`${m.entityId}-${m.other.id}`}>
                  {t('intel.cross.identifier', { label: m.entityLabel, other: m.other.label, key: m.key.replace(/^[a-z]+:/, '') })}{' '}
                  <span className="muted small">{m.other.caseIds.map((c) => refOf.get(c) ?? c).join(', ')}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
