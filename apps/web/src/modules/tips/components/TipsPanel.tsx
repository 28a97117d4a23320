import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { gql, subscribe } from '../../../lib/graphql';
import { usePermission } from '../../../lib/permissions';
import { useQuery } from '../../../lib/use-query';
import { ACCEPT_TIP, CASE_TIPS, DISMISS_TIP, TIPS_CHANGED, type TipView } from '../graphql/tips.generated';
import { AuthImage } from '../../photos';
import HotlineForm from './HotlineForm';
import { AcceptAtPlace, MergeTip, useCaseChoices, type CaseChoices } from './MergeTip';

/** Reloads the inbox whenever a tip of the case arrives or is decided (the server checks membership per event). */
function useLiveTips(caseId: string, reload: () => void): string | null {
  const [announce, setAnnounce] = useState<string | null>(null);
  useEffect(
    () =>
      subscribe(
        TIPS_CHANGED,
        { caseId },
        {
          next: (m) => {
            if (!m.data?.tipsChanged) return;
            setAnnounce(m.data.tipsChanged.tipId);
            reload();
          },
          error: () => undefined,
          complete: () => undefined,
        },
      ),
    [caseId, reload],
  );
  return announce;
}

function TipItem({ tip, choices, onDone }: { tip: TipView; choices: CaseChoices | null; onDone: () => void }) {
  const { t } = useTranslation();
  const canDecide = usePermission('tips.decide');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      onDone();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const lat = tip.latitude ?? tip.photoLatitude;
  const lon = tip.longitude ?? tip.photoLongitude;
  return (
    <li className="card tip-item" data-tip-id={tip.id}>
      <p>
        <strong>{t(`publicSide.status.${tip.status}`)}</strong> · {t(`publicSide.channel.${tip.channel}`)}
        {tip.late && <> · {t('publicSide.late')}</>} · <time dateTime={tip.receivedAt}>{new Date(tip.receivedAt).toLocaleString()}</time>
      </p>
      <p className="tip-what">{tip.what}</p>
      {tip.hasPhoto && (
        // Fetched with the session token as a blob: the token never goes in an address.
        <AuthImage
          url={`/media/tips/${encodeURIComponent(tip.id)}/photo`}
          alt={t('publishPage.tipPhotoAlt', { when: new Date(tip.receivedAt).toLocaleString() })}
          className="tip-photo"
        />
      )}
      <dl className="facts">
        {tip.seenAt && (
          <>
            <dt>{t('publicSide.seenAt')}</dt>
            <dd>{new Date(tip.seenAt).toLocaleString()}</dd>
          </>
        )}
        {tip.place && (
          <>
            <dt>{t('publicSide.place')}</dt>
            <dd>{tip.place}</dd>
          </>
        )}
        {lat !== null && lon !== null && (
          <>
            <dt>{tip.latitude !== null ? t('publicSide.position') : t('publicSide.photoPosition')}</dt>
            <dd>
              {lat.toFixed(5)}, {lon.toFixed(5)}
            </dd>
          </>
        )}
        {tip.contact && (
          <>
            <dt>{t('publicSide.contact')}</dt>
            <dd>{tip.contact}</dd>
          </>
        )}
        {tip.callerPhone && (
          <>
            <dt>{t('publicSide.callerPhone')}</dt>
            <dd>
              {tip.callerPhone} ({tip.hotline})
            </dd>
          </>
        )}
        {tip.reason && (
          <>
            <dt>{t('publicSide.reason')}</dt>
            <dd>{tip.reason}</dd>
          </>
        )}
      </dl>
      {tip.status === 'MERGED' && tip.sightingId && (
        <p className="muted">
          {t('publishPage.mergedInto', { sighting: choices?.sightings.find((x) => x.id === tip.sightingId)?.label ?? tip.sightingId })}
        </p>
      )}
      {tip.status === 'NEW' && canDecide.allowed && (
        <div className="row">
          <button type="button" disabled={busy || lat === null} onClick={() => act(() => gql(ACCEPT_TIP, { id: tip.id }))}>
            {t('publicSide.accept')}
          </button>
          {lat === null && <span className="muted">{t('publicSide.needsPosition')}</span>}
          <label>
            <span className="sr-only">{t('publicSide.reason')}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('publicSide.reason')} maxLength={500} />
          </label>
          <button
            type="button"
            disabled={busy || !reason.trim()}
            onClick={() => act(() => gql(DISMISS_TIP, { id: tip.id, reason: reason.trim() }))}
          >
            {t('publicSide.dismiss')}
          </button>
        </div>
      )}
      {tip.status === 'NEW' && canDecide.allowed && lat === null && choices && (
        <AcceptAtPlace tipId={tip.id} places={choices.places} busy={busy} onAccept={(accept) => act(accept)} />
      )}
      {tip.status === 'NEW' && canDecide.allowed && (
        <MergeTip tipId={tip.id} sightings={choices?.sightings ?? null} busy={busy} onMerge={(merge) => act(merge)} />
      )}
      {busy && <p role="status">{t('publicSide.working')}</p>}
      {error && <ErrorNote error={error} />}
    </li>
  );
}

/** The case's tips inbox: tips from the public page and hotline calls, newest first, live. */
export default function TipsPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const q = useQuery(CASE_TIPS, { caseId });
  const live = useLiveTips(caseId, q.reload);
  const choices = useCaseChoices(caseId, q.data);
  const tips = q.data?.caseTips ?? [];
  const fresh = tips.filter((x) => x.status === 'NEW').length;
  return (
    <div className="tips">
      <section aria-labelledby="tips-title" className="card">
        <h2 id="tips-title">{t('publicSide.inbox', { count: fresh })}</h2>
        <p className="sr-only" aria-live="polite">
          {live ? t('publicSide.arrived') : ''}
        </p>
        {q.loading && !q.data && <Loading />}
        {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
        {q.data && tips.length === 0 && <p className="muted">{t('publicSide.empty')}</p>}
        {tips.length > 0 && (
          <ul className="tip-list" aria-label={t('publicSide.inbox', { count: fresh })}>
            {tips.map((tip) => (
              <TipItem key={tip.id} tip={tip} choices={choices} onDone={q.reload} />
            ))}
          </ul>
        )}
      </section>
      <HotlineForm caseId={caseId} onTaken={q.reload} />
    </div>
  );
}
