import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../app/Dialog';
import { ApiError, gql } from '../../../lib/graphql';
import { DateTime } from '../../../lib/format';
import { errorSentence } from '../../../lib/errors';
import { useQuery } from '../../../lib/use-query';
import { AuthImage } from '../../photos';
import { PUBLISH_CHILD, PUBLISH_PHOTOS, UPDATE_PUBLICATION, type PublicationView } from '../graphql/publish.generated';
import {
  FIELDS,
  LANGUAGES,
  checkChoice,
  choiceInput,
  defaultChoice,
  placeServerError,
  preview,
  type Choice,
  type Problem,
  type ProblemPlace,
  type ProfileFacts,
} from '../state/publish-form';
import type { PublicField } from '../../../generated/schema-types';

interface Props {
  caseId: string;
  caseCountry: string;
  personId: string;
  profile: ProfileFacts;
  /** The live page to change; null to publish anew. */
  existing: PublicationView | null;
  onClose: () => void;
  onDone: (p: PublicationView) => void;
}

/**
 * The supervisor's publish dialog: choose the fields and languages, see what will be public, confirm.
 * Problems are said at their fieldset (before sending, and the server's after); Escape closes.
 */
export default function PublishDialog({ caseId, caseCountry, personId, profile, existing, onClose, onDone }: Props) {
  const { t, i18n } = useTranslation();
  const photos = useQuery(PUBLISH_PHOTOS, { caseId, entityId: personId });
  const newest = [...(photos.data?.photos ?? [])].sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt))[0] ?? null;
  const hasPhoto = newest !== null;
  const [choice, setChoice] = useState<Choice | null>(() =>
    existing ? { fields: new Set(existing.fields), languages: new Set(existing.languages) } : null,
  );
  // The default takes the photo once the photos are known.
  const current: Choice | null = choice ?? (photos.data || photos.error ? defaultChoice(i18n.language, hasPhoto) : null);
  const [step, setStep] = useState<'choose' | 'preview'>('choose');
  const [problems, setProblems] = useState<Partial<Record<ProblemPlace, Problem>>>({});
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const toggle = (kind: 'fields' | 'languages', value: string) => {
    if (!current) return;
    const next = new Set<string>(current[kind]);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    setChoice({ ...current, [kind]: next } as Choice);
    setProblems({});
  };

  const toPreview = (e: FormEvent) => {
    e.preventDefault();
    if (!current) return;
    const found = checkChoice(current, hasPhoto);
    setProblems(found);
    if (Object.keys(found).length === 0) setStep('preview');
    else requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"] input')?.focus());
  };

  const confirm = async () => {
    if (!current) return;
    setBusy(true);
    setProblems({});
    setFormError(null);
    try {
      const input = choiceInput(current);
      const p = existing
        ? (await gql(UPDATE_PUBLICATION, { id: existing.id, input })).updatePublication
        : (await gql(PUBLISH_CHILD, { caseId, input })).publishChild;
      onDone(p);
    } catch (err) {
      const item = err instanceof ApiError ? err.errors[0] : undefined;
      if (item?.extensions?.code === 'BAD_USER_INPUT') {
        const placed = placeServerError(item.extensions.field, item.message);
        setProblems({ [placed.place]: placed.problem });
        if (placed.place !== 'form') setStep('choose');
      } else {
        // Refused for another reason (the role, the network): said as the app says every server error.
        setFormError(errorSentence(t, i18n, err));
      }
    } finally {
      setBusy(false);
    }
  };
  const title = existing ? t('publishPage.dialogTitleChange') : t('publishPage.dialogTitle', { name: profile.fullName ?? '' });
  const problemText = (place: ProblemPlace) => {
    const p = problems[place];
    return p ? t(`publishPage.problem.${p}`) : null;
  };

  if (!current)
    return (
      <Dialog title={title} onClose={onClose}>
        <p role="status" className="muted">
          {t('app.loading')}
        </p>
      </Dialog>
    );

  const formProblem = formError ?? problemText('form');

  return (
    <Dialog title={title} onClose={onClose}>
      {step === 'choose' ? (
        <form className="publish-form" onSubmit={toPreview} noValidate>
          <fieldset
            aria-invalid={problems.fields ? true : undefined}
            aria-describedby={problems.fields ? 'publish-fields-error' : undefined}
          >
            <legend>{t('publishPage.fieldsLegend')}</legend>
            {FIELDS.map((f) => (
              <label key={f} className="check">
                <input type="checkbox" checked={current.fields.has(f)} onChange={() => toggle('fields', f)} /> {t(`publishPage.field.${f}`)}
                {f === 'PHOTO' && !hasPhoto && photos.data && <span className="muted"> — {t('publishPage.noPhotoYet')}</span>}
              </label>
            ))}
            {problems.fields && (
              <p id="publish-fields-error" role="alert" className="error">
                {problemText('fields')}
              </p>
            )}
          </fieldset>
          <fieldset
            aria-invalid={problems.languages ? true : undefined}
            aria-describedby={problems.languages ? 'publish-languages-error' : undefined}
          >
            <legend>{t('publishPage.languagesLegend')}</legend>
            {LANGUAGES.map((l) => (
              <label key={l} className="check">
                <input type="checkbox" checked={current.languages.has(l)} onChange={() => toggle('languages', l)} />{' '}
                {t(`publishPage.language.${l}`)}
              </label>
            ))}
            {problems.languages && (
              <p id="publish-languages-error" role="alert" className="error">
                {problemText('languages')}
              </p>
            )}
          </fieldset>
          {formProblem && (
            <p role="alert" className="error">
              {formProblem}
            </p>
          )}
          <div className="actions">
            <button type="button" onClick={onClose}>
              {t('app.cancel')}
            </button>
            <button type="submit" className="primary">
              {t('publishPage.previewButton')}
            </button>
          </div>
        </form>
      ) : (
        <section aria-labelledby="publish-preview-title" className="publish-preview">
          <h3 id="publish-preview-title">{t('publishPage.previewTitle')}</h3>
          <Preview choice={current} profile={profile} caseCountry={caseCountry} photoUrl={newest?.thumbnailUrl ?? null} />
          <p>
            {t('publishPage.languages')}:{' '}
            {choiceInput(current)
              .languages.map((l) => t(`publishPage.language.${l as (typeof LANGUAGES)[number]}`))
              .join(', ')}
          </p>
          <p className="muted">{t('publishPage.previewNote')}</p>
          {formProblem && (
            <p role="alert" className="error">
              {formProblem}
            </p>
          )}
          {busy && (
            <p role="status" className="muted">
              {t('publishPage.publishing')}
            </p>
          )}
          <div className="actions">
            <button type="button" onClick={() => setStep('choose')} disabled={busy}>
              {t('publishPage.back')}
            </button>
            <button type="button" className="primary" onClick={() => void confirm()} disabled={busy} autoFocus>
              {existing ? t('publishPage.confirmChange') : t('publishPage.confirm')}
            </button>
          </div>
        </section>
      )}
    </Dialog>
  );
}

function Preview({
  choice,
  profile,
  caseCountry,
  photoUrl,
}: {
  choice: Choice;
  profile: ProfileFacts;
  caseCountry: string;
  photoUrl: string | null;
}) {
  const { t } = useTranslation();
  const missing = <span className="muted">{t('publishPage.missing')}</span>;
  const label = (f: PublicField) => t(`publishPage.field.${f}`);
  return (
    <dl className="props">
      {preview(choice, profile, caseCountry).map((line) => (
        <div className="prop-row" key={line.field}>
          <dt>{label(line.field)}</dt>
          <dd>
            {line.field === 'PHOTO' ? (
              photoUrl ? (
                <AuthImage url={photoUrl} alt={t('publishPage.photoAlt', { name: profile.fullName ?? '' })} className="publish-photo" />
              ) : (
                missing
              )
            ) : line.field === 'LAST_SEEN' ? (
              line.value || line.at ? (
                <>
                  {line.value}
                  {line.value && line.at && ', '}
                  {line.at && <DateTime iso={line.at} />}
                </>
              ) : (
                missing
              )
            ) : (
              (line.value ?? missing)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
