import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../../lib/permissions';
import { useReadable } from '../../../lib/use-readable';
import { ErrorNote, Loading } from '../../../app/status';
import { DateTime } from '../../../lib/format';
import { gql } from '../../../lib/graphql';
import { useQuery } from '../../../lib/use-query';
import { AuthImage } from '../../photos';
import { FaceCrop } from './FaceCrop';
import { keyIn } from '../../../i18n/keys';
import { DECIDE_LEAD, FACE_MATCH, FACE_MATCH_LEADS, RUN_FACE_MATCH, SET_FACE_MATCH, type FaceMatchLead } from '../graphql/faces.generated';

const POLL_MS = 1000;

/**
 * Face-match leads of a case: the opt-in, a run with its progress, and the
 * review of each possible match side by side. Wording matters here: a lead
 * is a possible match that needs human review, never an identification.
 */
export default function FaceMatchPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  // The server's checks (policy): opting in changes the case, a run is an analysis, deciding a lead links (or refuses) it.
  const canToggle = usePermission('case.update').allowed;
  const canRun = usePermission('graph.analyse').allowed;
  const canDecide = usePermission('graph.link').allowed;
  const status = useQuery(FACE_MATCH, { caseId });
  const leads = useQuery(FACE_MATCH_LEADS, { caseId });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const s = status.data?.faceMatch;
  const running = s?.job.state === 'RUNNING';
  const listRef = useRef<HTMLDivElement>(null);
  const { reload: reloadStatus } = status;
  const { reload: reloadLeads } = leads;

  // While a run is under way, poll its progress; when it ends, fetch the leads it found.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (running) {
      wasRunning.current = true;
      const timer = setTimeout(reloadStatus, POLL_MS);
      return () => clearTimeout(timer);
    }
    if (wasRunning.current) {
      wasRunning.current = false;
      reloadLeads();
    }
    return undefined;
    // Every answer is a new object, so each one arms the next poll.
  }, [running, s, reloadStatus, reloadLeads]);

  async function act(run: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const toggle = (enabled: boolean) =>
    act(async () => {
      // The switch moves at once; the server's answer confirms it, a refusal puts it back.
      status.setData((prev) => (prev ? { faceMatch: { ...prev.faceMatch, enabled } } : prev));
      try {
        const d = await gql(SET_FACE_MATCH, { caseId, enabled });
        status.setData(() => ({ faceMatch: d.setFaceMatch }));
      } catch (err) {
        status.setData((prev) => (prev ? { faceMatch: { ...prev.faceMatch, enabled: !enabled } } : prev));
        throw err;
      }
    });
  const run = () =>
    act(async () => {
      const d = await gql(RUN_FACE_MATCH, { caseId });
      status.setData(() => ({ faceMatch: d.runFaceMatch }));
    });
  const decide = (lead: FaceMatchLead, accept: boolean, index: number) =>
    act(async () => {
      const d = await gql(DECIDE_LEAD, { caseId, id: lead.id, accept });
      leads.setData((prev) => ({
        faceMatchLeads: (prev?.faceMatchLeads ?? []).map((l) => (l.id === lead.id ? d.decideFaceMatchLead : l)),
      }));
      // Keep the keyboard where the work is: on the next lead still to review.
      requestAnimationFrame(() => listRef.current?.querySelectorAll<HTMLButtonElement>('button[data-accept]')[index]?.focus());
    });

  const all = leads.data?.faceMatchLeads ?? [];
  const pending = all.filter((l) => l.status === 'PENDING');
  const decided = all.filter((l) => l.status !== 'PENDING');

  return (
    <div className="face-match">
      <h2>{t('faces.title')}</h2>
      <p className="muted">{t('faces.explain')}</p>
      {status.loading && !s && <Loading />}
      {status.error && <ErrorNote error={status.error} onRetry={status.reload} />}
      {s && (
        <div className="face-controls">
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={s.enabled}
              disabled={!canToggle || busy}
              onChange={(e) => void toggle(e.target.checked)}
              aria-describedby="face-optin-hint"
            />
            {t('faces.optIn')}
          </label>
          <span id="face-optin-hint" className="muted small">
            {s.enabled ? t('faces.onHint', { threshold: Math.round(s.threshold * 100) }) : t('faces.offHint')}
          </span>
          {s.enabled && canRun && (
            <button type="button" onClick={() => void run()} disabled={busy || running}>
              {running ? t('faces.running') : t('faces.run')}
            </button>
          )}
          {running && (
            <div role="status" aria-live="polite">
              <progress max={Math.max(1, s.job.total)} value={s.job.done} aria-label={t('faces.progressLabel')} />{' '}
              {s.job.total === 0 ? t('faces.comparing') : t('faces.progress', { done: s.job.done, total: s.job.total })}
            </div>
          )}
          {s.job.state === 'DONE' && (
            <p role="status" className="small">
              {s.job.stopped ? t('faces.stopped') : t('faces.done', { count: s.job.newLeads })} <DateTime iso={s.job.finishedAt} />
              {s.job.unreadable > 0 && <> {t('faces.unreadable', { count: s.job.unreadable })}</>}
            </p>
          )}
          {s.job.state === 'FAILED' && (
            <p role="alert" className="error">
              {t('faces.failed', { message: s.job.error ?? '' })}
            </p>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {t('app.error', { message: error })}
        </p>
      )}
      {leads.error && <ErrorNote error={leads.error} onRetry={leads.reload} />}
      {leads.loading && !leads.data && <Loading />}
      <div ref={listRef}>
        <h3>{t('faces.pending', { count: pending.length })}</h3>
        {leads.data && pending.length === 0 && <p className="muted">{s?.enabled ? t('faces.noPending') : t('faces.offEmpty')}</p>}
        {pending.map((l, i) => (
          <LeadCard
            key={l.id}
            lead={l}
            caseId={caseId}
            busy={busy}
            canDecide={canDecide}
            onDecide={(accept) => void decide(l, accept, i)}
          />
        ))}
        {decided.length > 0 && (
          <>
            <h3>{t('faces.decided', { count: decided.length })}</h3>
            {decided.map((l) => (
              <LeadCard key={l.id} lead={l} caseId={caseId} busy={busy} canDecide={false} />
            ))}
          </>
        )}
      </div>
    </div>
  );
}

function LeadCard({
  lead,
  caseId,
  busy,
  canDecide,
  onDecide,
}: {
  lead: FaceMatchLead;
  caseId: string;
  busy: boolean;
  canDecide: boolean;
  onDecide?: (accept: boolean) => void;
}) {
  const { t } = useTranslation();
  const percent = Math.round(lead.similarity * 100);
  const person = lead.person?.label ?? t('faces.unknownPerson');
  const readable = useReadable();
  const sighting = lead.sighting ? readable.label({ ...lead.sighting, kind: 'SIGHTING' }) : t('faces.unknownSighting');
  return (
    <article className={`lead lead-${lead.status.toLowerCase()}`} aria-labelledby={`lead-${lead.id}`}>
      <h4 id={`lead-${lead.id}`}>
        {t('faces.possibleMatch')} <span className="muted small">{t(keyIn('faces.status', lead.status))}</span>
      </h4>
      <div className="lead-photos">
        <figure>
          {lead.referencePhoto && lead.referenceFace && (
            <FaceCrop photo={lead.referencePhoto} box={lead.referenceFace} alt={t('faces.referenceFaceAlt', { person })} />
          )}
          {lead.referencePhoto ? (
            <AuthImage url={lead.referencePhoto.thumbnailUrl} alt={t('faces.referenceAlt', { person })} box={lead.referenceFace} />
          ) : (
            <span className="muted">{t('photos.unavailable')}</span>
          )}
          <figcaption>{t('faces.reference', { person })}</figcaption>
        </figure>
        <figure>
          {lead.sightingPhoto && lead.sightingFace && (
            <FaceCrop photo={lead.sightingPhoto} box={lead.sightingFace} alt={t('faces.sightingFaceAlt', { sighting })} />
          )}
          {lead.sightingPhoto ? (
            <AuthImage url={lead.sightingPhoto.thumbnailUrl} alt={t('faces.sightingAlt', { sighting })} box={lead.sightingFace} />
          ) : (
            <span className="muted">{t('photos.unavailable')}</span>
          )}
          <figcaption>
            {t('faces.sighting', { sighting })}
            {lead.sightingCaseId !== caseId && <span className="badge">{t('faces.otherCase')}</span>}
          </figcaption>
        </figure>
      </div>
      <p>
        <label>
          {t('faces.similarity', { percent })} <meter min={0} max={100} value={percent} low={70} high={90} optimum={100} />
        </label>
      </p>
      {canDecide && onDecide && (
        <div className="lead-actions">
          <button type="button" data-accept onClick={() => onDecide(true)} disabled={busy}>
            {t('faces.accept')}
          </button>
          <button type="button" onClick={() => onDecide(false)} disabled={busy}>
            {t('faces.reject')}
          </button>
        </div>
      )}
      {lead.decidedAt && (
        <p className="small muted">
          {t(keyIn('faces.status', lead.status))} <DateTime iso={lead.decidedAt} />
        </p>
      )}
    </article>
  );
}
