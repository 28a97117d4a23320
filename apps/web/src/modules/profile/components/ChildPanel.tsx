import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../../lib/permissions';
import { FormFooter } from '../../../app/form';
import { ErrorNote, Loading } from '../../../app/status';
import { ApiError, gql } from '../../../lib/graphql';
import { DateTime } from '../../../lib/format';
import { useQuery } from '../../../lib/use-query';
import { CHILD_PROFILE, UPDATE_CHILD_PROFILE, type ChildProfile } from '../graphql/profile.generated';
import { formFromProfile, profileInput, type ProfileForm } from '../state/profile-form';
import { RiskPanel } from './RiskPanel';
import { LastSeenText } from './LastSeenText';
import { AlertDialog, AlertList } from '../../alerts';
import { PublicationPanel } from '../../publish';
import { keyIn } from '../../../i18n/keys';
import { languageList } from '@homeward/domain';
import { regionName } from '../../../lib/readable';

// Dialogs load when opened: pdf making and CAP previews are not part of the case's first paint.
const PosterDialog = lazy(() => import('./PosterDialog'));

const TEXT_FIELDS = ['fullName', 'aliases', 'dateOfBirth', 'sex', 'nationality', 'languagesSpoken'] as const;
const LONG_FIELDS = ['physicalDescription', 'clothing', 'medicalNeeds', 'circumstances'] as const;

/** The missing child at the centre of the case: profile, risk, posters and alerts. */
export default function ChildPanel({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const q = useQuery(CHILD_PROFILE, { caseId });
  const p = q.data?.childProfile ?? null;
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<'poster' | 'alert' | null>(null);
  const [alertsNonce, setAlertsNonce] = useState(0);
  const canEdit = usePermission('graph.editEntity').allowed;
  // An alert is a supervisor's decision (policy alert.issue), on this case: a narrower case role is not offered it.
  const isSupervisor = usePermission('alert.issue').allowed;

  if (q.loading && !p) return <Loading />;
  if (q.error) return <ErrorNote error={q.error} onRetry={q.reload} />;
  if (!p) return null;

  return (
    <div className="child-panel">
      <section aria-labelledby="child-profile-title" className="card">
        <div className="page-head">
          <h2 id="child-profile-title">{t('child.title')}</h2>
          <div className="actions">
            {canEdit && !editing && (
              <button type="button" onClick={() => setEditing(true)}>
                {p.personId ? t('child.edit') : t('child.create')}
              </button>
            )}
            {p.personId && (
              <button type="button" onClick={() => setDialog('poster')}>
                {t('child.poster.open')}
              </button>
            )}
            {p.personId && isSupervisor && (
              <button type="button" onClick={() => setDialog('alert')}>
                {t('alerts.open')}
              </button>
            )}
          </div>
        </div>
        {p.warnings.length > 0 && (
          <ul className="warnings" aria-label={t('child.warningsLabel')}>
            {p.warnings.map((w) => (
              <li key={w} className="error">
                {t(keyIn('child.warnings', w))}
              </li>
            ))}
          </ul>
        )}
        {editing ? (
          <ProfileEditor
            caseId={caseId}
            profile={p}
            onDone={(next) => {
              if (next) q.setData(() => ({ childProfile: next }));
              setEditing(false);
            }}
          />
        ) : p.personId ? (
          <ProfileView p={p} />
        ) : (
          <p>{t('child.none')}</p>
        )}
      </section>
      {p.personId && <RiskPanel caseId={caseId} profile={p} canConfirm={canEdit} onConfirmed={q.reload} />}
      {p.personId && (
        <Suspense fallback={<Loading />}>
          <AlertList caseId={caseId} nonce={alertsNonce} />
        </Suspense>
      )}
      {p.personId && (
        <Suspense fallback={<Loading />}>
          <PublicationPanel caseId={caseId} personId={p.personId} profile={p} />
        </Suspense>
      )}
      <Suspense fallback={null}>
        {dialog === 'poster' && <PosterDialog caseId={caseId} onClose={() => setDialog(null)} />}
        {dialog === 'alert' && (
          <AlertDialog
            caseId={caseId}
            onClose={() => setDialog(null)}
            onIssued={() => {
              setAlertsNonce((n) => n + 1);
            }}
          />
        )}
      </Suspense>
    </div>
  );
}

function ProfileView({ p }: { p: ChildProfile }) {
  const { t, i18n } = useTranslation();
  const none = <span className="muted">{t('child.unknown')}</span>;
  const row = (label: string, value: React.ReactNode) => (
    <div className="prop-row" key={label}>
      <dt>{label}</dt>
      <dd>{value ?? none}</dd>
    </div>
  );
  return (
    <dl className="props">
      {row(t('prop.fullName'), p.fullName)}
      {p.aliases.length > 0 && row(t('child.aliases'), p.aliases.join(', '))}
      {row(t('prop.dateOfBirth'), p.dateOfBirth)}
      {row(t('child.age'), p.ageAtDisappearance !== null ? t('child.years', { count: p.ageAtDisappearance }) : null)}
      {row(t('child.ageNow'), p.ageNow !== null ? t('child.years', { count: p.ageNow }) : null)}
      {p.sex && row(t('prop.sex'), t(keyIn('enumValue', p.sex)))}
      {/* Stored as a country code ('GT'), read as the country's name in the reader's language. */}
      {p.nationality &&
        row(t('prop.nationality'), (/^[A-Z]{2}$/i.test(p.nationality) && regionName(p.nationality, i18n.language)) || p.nationality)}
      {row(t('prop.physicalDescription'), p.physicalDescription)}
      {row(t('prop.clothing'), p.clothing)}
      {/* Stored as codes ('es', 'kek'), read as names in the reader's language; the code on hover. */}
      {row(
        t('a11y.languagesSpoken'),
        p.languagesSpoken.length ? (
          <span title={p.languagesSpoken.join(', ')} data-testid="languages-spoken">
            {languageList(p.languagesSpoken, i18n.language)}
          </span>
        ) : null,
      )}
      {row(t('prop.medicalNeeds'), p.medicalNeeds)}
      {row(t('prop.circumstances'), p.circumstances)}
      {row(t('lastSeen.label'), <LastSeenText value={p.lastSeen} label={false} />)}
      {row(
        t('lastSeen.reported'),
        p.lastSeenAt || p.lastSeenLocation ? (
          <>
            {p.lastSeenAt ? <DateTime iso={p.lastSeenAt} /> : t('lastSeen.unknown')}
            {p.lastSeenLocation && `, ${p.lastSeenLocation.name} (${p.lastSeenLocation.country})`}
          </>
        ) : null,
      )}
    </dl>
  );
}

function ProfileEditor({ caseId, profile, onDone }: { caseId: string; profile: ChildProfile; onDone: (p: ChildProfile | null) => void }) {
  const { t } = useTranslation();
  const [before] = useState(() => formFromProfile(profile.personId ? profile : null));
  const [form, setForm] = useState(before);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  useEffect(() => setError(null), [form]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input = profileInput(form, before);
    if (Object.keys(input).length === 0) return onDone(null);
    setBusy(true);
    try {
      const r = await gql(UPDATE_CHILD_PROFILE, { caseId, input: { personId: profile.personId, ...input } });
      onDone(r.updateChildProfile);
    } catch (err) {
      setFieldErrors(err instanceof ApiError ? err.fieldErrors : {});
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  // The last-seen place is a select of its own, with its own label.
  const field = (k: Exclude<keyof ProfileForm, 'lastSeenLocationId'>, input: React.ReactNode) => (
    <label className="field" key={k}>
      <span>{t(k === 'lastSeenAt' ? 'child.lastSeenAt' : `prop.${k}`)}</span>
      {input}
      {fieldErrors[k] && (
        <span className="field-error" id={`err-${k}`}>
          {fieldErrors[k]}
        </span>
      )}
    </label>
  );
  const set = (k: keyof ProfileForm) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const invalid = (k: keyof ProfileForm) => ({
    'aria-invalid': fieldErrors[k] ? true : undefined,
    'aria-describedby': fieldErrors[k] ? `err-${k}` : undefined,
  });

  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-busy={busy}>
      {TEXT_FIELDS.map((k) =>
        field(
          k,
          k === 'sex' ? (
            <select value={form.sex} onChange={set('sex')} {...invalid(k)}>
              <option value="">—</option>
              {['FEMALE', 'MALE', 'OTHER', 'UNKNOWN'].map((s) => (
                <option key={s} value={s}>
                  {t(keyIn('enumValue', s))}
                </option>
              ))}
            </select>
          ) : (
            <input
              type={k === 'dateOfBirth' ? 'date' : 'text'}
              value={form[k]}
              onChange={set(k)}
              required={k === 'fullName'}
              {...invalid(k)}
            />
          ),
        ),
      )}
      {LONG_FIELDS.map((k) => field(k, <textarea rows={3} value={form[k]} onChange={set(k)} {...invalid(k)} />))}
      {field('lastSeenAt', <input type="datetime-local" value={form.lastSeenAt} onChange={set('lastSeenAt')} {...invalid('lastSeenAt')} />)}
      <label className="field">
        <span>{t('child.lastSeenPlace')}</span>
        <select value={form.lastSeenLocationId} onChange={set('lastSeenLocationId')} {...invalid('lastSeenLocationId')}>
          <option value="">{t('child.noPlace')}</option>
          {profile.caseLocations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name} ({l.country})
            </option>
          ))}
        </select>
        {profile.caseLocations.length === 0 && <span className="muted small">{t('child.noLocations')}</span>}
        {fieldErrors.lastSeenLocationId && <span className="field-error">{fieldErrors.lastSeenLocationId}</span>}
      </label>
      <FormFooter
        error={Object.keys(fieldErrors).length ? null : error}
        onCancel={() => onDone(null)}
        submitLabel={busy ? t('app.loading') : t('child.save')}
        disabled={busy}
      />
    </form>
  );
}
