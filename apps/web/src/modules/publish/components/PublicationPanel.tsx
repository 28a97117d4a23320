import { lazy, Suspense, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../app/status';
import { DateTime, useNow } from '../../../lib/format';
import { errorSentence } from '../../../lib/errors';
import { ApiError, gql } from '../../../lib/graphql';
import { usePermission } from '../../../lib/permissions';
import { useQuery } from '../../../lib/use-query';
import { useAuth } from '../../auth';
import { PUBLICATIONS, TAKE_DOWN_PUBLICATION, type PublicationView } from '../graphql/publish.generated';
import {
  FIELDS,
  LANGUAGES,
  checkReason,
  currentPublication,
  placeServerError,
  publicUrl,
  reviewIn,
  type ProfileFacts,
} from '../state/publish-form';

// The dialog loads when opened.
const PublishDialog = lazy(() => import('./PublishDialog'));

/**
 * The case's public page on the Child tab: its state for every member (live, with its link and review date,
 * or ended, with why), and for a supervisor of the lead agency publishing, changing and taking it down.
 */
export default function PublicationPanel({ caseId, personId, profile }: { caseId: string; personId: string; profile: ProfileFacts }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const q = useQuery(PUBLICATIONS, { caseId });
  const mayPublish = usePermission('public.publish').allowed;
  const [dialog, setDialog] = useState<'publish' | 'change' | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const c = q.data?.case ?? null;
  const current = currentPublication(q.data?.publications ?? []);
  const live = current?.status === 'PUBLISHED' ? current : null;
  const isLead = !!c && !!user && user.agency.id === c.leadAgency.id;
  const canPublish = mayPublish && isLead;

  const done = (p: PublicationView, message: string) => {
    q.setData((prev) => (prev ? { ...prev, publications: [p, ...prev.publications.filter((x) => x.id !== p.id)] } : prev));
    setDialog(null);
    setSaid(message);
    requestAnimationFrame(() => heading.current?.focus());
  };

  return (
    <section aria-labelledby="publish-title" className="card publication-panel" data-testid="publication-panel">
      <div className="page-head">
        <h2 id="publish-title" ref={heading} tabIndex={-1}>
          {t('publishPage.title')}
          {current && <span className={`badge publication-${current.status}`}> {t(`publishPage.status.${current.status}`)}</span>}
        </h2>
        {canPublish && c?.status === 'OPEN' && (
          <div className="actions">
            {live ? (
              <button type="button" onClick={() => setDialog('change')}>
                {t('publishPage.change')}
              </button>
            ) : (
              <button type="button" className="primary" onClick={() => setDialog('publish')}>
                {current ? t('publishPage.again') : t('publishPage.open')}
              </button>
            )}
          </div>
        )}
      </div>
      <p role="status" className="sr-only">
        {said ?? ''}
      </p>
      {q.loading && !q.data && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
      {q.data && !current && <p className="muted">{t('publishPage.none')}</p>}
      {q.data && !canPublish && !live && <p className="muted">{t('publishPage.onlyLead')}</p>}
      {canPublish && c && c.status !== 'OPEN' && !live && <p className="muted">{t('publishPage.notOpen')}</p>}
      {live && <LivePage p={live} canTakeDown={canPublish} onTakenDown={(p) => done(p, t('publishPage.takenDown'))} />}
      {current && !live && <EndedPage p={current} />}
      <Suspense fallback={null}>
        {dialog && c && (
          <PublishDialog
            caseId={caseId}
            caseCountry={c.country}
            personId={personId}
            profile={profile}
            existing={dialog === 'change' ? live : null}
            onClose={() => setDialog(null)}
            onDone={(p) => done(p, t('publishPage.published'))}
          />
        )}
      </Suspense>
    </section>
  );
}

function Shows({ p }: { p: PublicationView }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="prop-row">
        <dt>{t('publishPage.shows')}</dt>
        <dd>
          {FIELDS.filter((f) => p.fields.includes(f))
            .map((f) => t(`publishPage.field.${f}`))
            .join(', ')}
        </dd>
      </div>
      <div className="prop-row">
        <dt>{t('publishPage.languages')}</dt>
        <dd>
          {LANGUAGES.filter((l) => p.languages.includes(l))
            .map((l) => t(`publishPage.language.${l}`))
            .join(', ')}
        </dd>
      </div>
    </>
  );
}

function LivePage({
  p,
  canTakeDown,
  onTakenDown,
}: {
  p: PublicationView;
  canTakeDown: boolean;
  onTakenDown: (p: PublicationView) => void;
}) {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const url = publicUrl(window.location.origin, p.path);
  const linkInput = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'copied' | 'failed' | null>(null);
  const review = reviewIn(p.reviewAt, new Date(now));

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopy('copied');
    } catch {
      // No clipboard (an insecure origin, a refused permission): the link is selected for the reader to copy.
      linkInput.current?.select();
      setCopy('failed');
    }
  };

  return (
    <>
      <div className="row publication-link">
        <label htmlFor="publication-url">{t('publishPage.link')}</label>
        <input
          id="publication-url"
          ref={linkInput}
          readOnly
          value={url}
          size={Math.min(60, url.length)}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" onClick={() => void copyLink()}>
          {t('publishPage.copy')}
        </button>
        <a href={p.path} target="_blank" rel="noopener">
          {t('publishPage.openPage')}
        </a>
      </div>
      <p role="status" className={copy === 'failed' ? 'error' : 'muted'}>
        {copy === 'copied' ? t('publishPage.copied') : copy === 'failed' ? t('publishPage.copyFailed') : ''}
      </p>
      <dl className="props">
        <div className="prop-row">
          <dt>{t('publishPage.publishedAt')}</dt>
          <dd>
            <DateTime iso={p.publishedAt} />
          </dd>
        </div>
        <div className="prop-row">
          <dt>{t('publishPage.reviewAt')}</dt>
          <dd>
            <DateTime iso={p.reviewAt} dateOnly /> (
            {review.days >= 0 ? t('publishPage.reviewIn', { count: review.days }) : t('publishPage.reviewPassed')})
            {review.soon && canTakeDown && <span className="muted"> {t('publishPage.reviewSoon')}</span>}
          </dd>
        </div>
        <Shows p={p} />
      </dl>
      {canTakeDown && <TakeDown id={p.id} onTakenDown={onTakenDown} />}
    </>
  );
}

function EndedPage({ p }: { p: PublicationView }) {
  const { t } = useTranslation();
  return (
    <dl className="props">
      <div className="prop-row">
        <dt>{t('publishPage.endedAt')}</dt>
        <dd>
          <DateTime iso={p.endedAt ?? p.reviewAt} />
        </dd>
      </div>
      {p.endReason && (
        <div className="prop-row">
          <dt>{t('publishPage.endReason')}</dt>
          <dd>{p.endReason}</dd>
        </div>
      )}
      <Shows p={p} />
    </dl>
  );
}

/** "Take down…" opens a reason field and its confirmation in place; Escape folds it again. */
function TakeDown({ id, onTakenDown }: { id: string; onTakenDown: (p: PublicationView) => void }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);

  const close = () => {
    setOpen(false);
    setProblem(null);
    requestAnimationFrame(() => opener.current?.focus());
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = checkReason(reason);
    if (local) return setProblem(t(`publishPage.problem.${local}`));
    setBusy(true);
    setProblem(null);
    try {
      onTakenDown((await gql(TAKE_DOWN_PUBLICATION, { id, reason: reason.trim() })).takeDownPublication);
    } catch (err) {
      const item = err instanceof ApiError ? err.errors[0] : undefined;
      if (item?.extensions?.code === 'BAD_USER_INPUT')
        setProblem(t(`publishPage.problem.${placeServerError(item.extensions.field, item.message).problem}`));
      else setProblem(errorSentence(t, i18n, err));
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <div className="actions">
        <button ref={opener} type="button" className="danger" onClick={() => setOpen(true)}>
          {t('publishPage.takeDown')}
        </button>
      </div>
    );
  return (
    <form className="take-down" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && close()} noValidate>
      <label htmlFor="take-down-reason">{t('publishPage.takeDownReason')}</label>
      <textarea
        id="take-down-reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={500}
        rows={2}
        autoFocus
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'take-down-error' : undefined}
      />
      {problem && (
        <p id="take-down-error" role="alert" className="error">
          {problem}
        </p>
      )}
      {busy && (
        <p role="status" className="muted">
          {t('publishPage.takingDown')}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={close} disabled={busy}>
          {t('app.cancel')}
        </button>
        <button type="submit" className="danger" disabled={busy}>
          {t('publishPage.takeDownConfirm')}
        </button>
      </div>
    </form>
  );
}
