import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { useQuery } from '../../../lib/use-query';
import { CHILD_ALERTS } from '../graphql/alerts.generated';
import { downloadBlob } from '../../profile';

/** The case's alerts, oldest first, each with its recipients and its CAP message to download. */
export default function AlertList({ caseId, nonce }: { caseId: string; nonce: number }) {
  const { t } = useTranslation();
  const q = useQuery(CHILD_ALERTS, { caseId });
  const { reload } = q;
  useEffect(() => {
    if (nonce > 0) reload();
  }, [nonce, reload]);
  return (
    <section aria-labelledby="alerts-title" className="card">
      <h2 id="alerts-title">{t('alerts.list')}</h2>
      {q.loading && !q.data && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
      {q.data && q.data.childAlerts.length === 0 && <p className="muted">{t('alerts.none')}</p>}
      {q.data && q.data.childAlerts.length > 0 && (
        <table className="cases">
          <thead>
            <tr>
              <th scope="col">{t('alerts.sent')}</th>
              <th scope="col">{t('alerts.msgType')}</th>
              <th scope="col">{t('child.poster.languages')}</th>
              <th scope="col">{t('alerts.area')}</th>
              <th scope="col">{t('alerts.recipients')}</th>
              <th scope="col">
                <span className="sr-only">CAP</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {q.data.childAlerts.map((a) => (
              <tr key={a.id}>
                <td>{a.sent}</td>
                <td>{t(`alerts.type.${a.msgType}`)}</td>
                <td>{a.languages.join(', ')}</td>
                <td>{a.areaDescription}</td>
                <td>{a.recipients.map((r) => `${r.name} (${r.country})`).join('; ') || t('alerts.noRecipients')}</td>
                <td>
                  <button
                    type="button"
                    className="small"
                    onClick={() => downloadBlob(new Blob([a.xml], { type: 'application/xml' }), `${a.id}.xml`)}
                  >
                    {t('alerts.download')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
