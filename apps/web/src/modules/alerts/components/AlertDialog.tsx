import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../app/Dialog';
import { FormFooter } from '../../../app/form';
import { ErrorNote, Loading } from '../../../app/status';
import { ApiError, gql } from '../../../lib/graphql';
import { useQuery } from '../../../lib/use-query';
import type { AlertMsgType, AlertStatus, TargetAreaInput } from '../../../generated/schema-types';
import { CHILD_ALERTS, ISSUE_ALERT, TARGET_AREA, type ChildAlert } from '../graphql/alerts.generated';
import { OUTPUT_LANGUAGES } from '../../profile';

/** The area as the form edits it: the schema's input, every field set (the form shows them all). */
type AreaForm = Required<Pick<TargetAreaInput, 'kind' | 'speedKmh' | 'capKm' | 'bufferKm'>>;

/** A supervisor issues a CAP alert: area and recipients previewed before anything is sent. */
export default function AlertDialog({
  caseId,
  onClose,
  onIssued,
}: {
  caseId: string;
  onClose: () => void;
  onIssued: (a: ChildAlert) => void;
}) {
  const { t, i18n } = useTranslation();
  const alerts = useQuery(CHILD_ALERTS, { caseId });
  const originals = (alerts.data?.childAlerts ?? []).filter((a) => a.msgType === 'Alert');
  const cancelled = new Set((alerts.data?.childAlerts ?? []).filter((a) => a.msgType === 'Cancel').map((a) => a.referencesId));
  const live = originals.filter((a) => !cancelled.has(a.id));
  const [msgType, setMsgType] = useState<AlertMsgType>('Alert');
  const [referencesId, setReferencesId] = useState('');
  const [languages, setLanguages] = useState<string[]>(() => [
    (OUTPUT_LANGUAGES as readonly string[]).includes(i18n.language) ? i18n.language : 'en',
  ]);
  const [area, setArea] = useState<AreaForm>({ kind: 'CIRCLE', speedKmh: 30, capKm: 500, bufferKm: 20 });
  const [status, setStatus] = useState<AlertStatus>('Actual');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [issued, setIssued] = useState<ChildAlert | null>(null);
  const preview = useQuery(TARGET_AREA, {
    caseId,
    area: { kind: area.kind, speedKmh: area.speedKmh, capKm: area.capKm, bufferKm: area.bufferKm },
  });

  useEffect(() => {
    if (msgType !== 'Alert' && !referencesId && live[0]) setReferencesId(live[live.length - 1]!.id);
  }, [msgType, referencesId, live]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const input = { msgType, status, languages, area, referencesId: msgType === 'Alert' ? null : referencesId || null };
      const r = await gql(ISSUE_ALERT, { caseId, input });
      setIssued(r.issueChildAlert);
      onIssued(r.issueChildAlert);
      alerts.reload();
    } catch (err) {
      setFieldErrors(err instanceof ApiError ? err.fieldErrors : {});
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const numField = (k: 'speedKmh' | 'capKm' | 'bufferKm', label: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        type="number"
        min={k === 'bufferKm' ? 0.1 : 0}
        step="any"
        value={area[k]}
        onChange={(e) => setArea({ ...area, [k]: Number(e.target.value) })}
        aria-invalid={fieldErrors[k] ? true : undefined}
      />
      {fieldErrors[k] && <span className="field-error">{fieldErrors[k]}</span>}
    </label>
  );

  return (
    <Dialog title={t('alerts.title')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)} aria-busy={busy}>
        <fieldset>
          <legend>{t('alerts.msgType')}</legend>
          {(['Alert', 'Update', 'Cancel'] as const).map((m) => (
            <label className="check" key={m}>
              <input
                type="radio"
                name="msgType"
                value={m}
                checked={msgType === m}
                disabled={m !== 'Alert' && live.length === 0}
                onChange={() => setMsgType(m)}
              />{' '}
              {t(`alerts.type.${m}`)}
            </label>
          ))}
          {live.length === 0 && <p className="muted small">{t('alerts.noneToUpdate')}</p>}
        </fieldset>
        {msgType !== 'Alert' && (
          <label className="field">
            <span>{t('alerts.references')}</span>
            <select
              value={referencesId}
              onChange={(e) => setReferencesId(e.target.value)}
              required
              aria-invalid={fieldErrors.referencesId ? true : undefined}
            >
              {live.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.sent} — {a.id}
                </option>
              ))}
            </select>
            {fieldErrors.referencesId && <span className="field-error">{fieldErrors.referencesId}</span>}
          </label>
        )}
        <fieldset>
          <legend>{t('child.poster.languages')}</legend>
          {OUTPUT_LANGUAGES.map((l) => (
            <label className="check" key={l}>
              <input
                type="checkbox"
                checked={languages.includes(l)}
                onChange={(e) => setLanguages(e.target.checked ? [...languages, l] : languages.filter((x) => x !== l))}
              />{' '}
              {t(`child.languageName.${l}`)}
            </label>
          ))}
          {fieldErrors.languages && <span className="field-error">{fieldErrors.languages}</span>}
        </fieldset>
        <fieldset>
          <legend>{t('alerts.area')}</legend>
          {(['CIRCLE', 'CORRIDOR'] as const).map((k) => (
            <label className="check" key={k}>
              <input type="radio" name="areaKind" value={k} checked={area.kind === k} onChange={() => setArea({ ...area, kind: k })} />{' '}
              {t(`alerts.kind.${k}`)}
            </label>
          ))}
          {area.kind === 'CIRCLE' ? (
            <>
              {numField('speedKmh', t('alerts.speed'))}
              {numField('capKm', t('alerts.cap'))}
            </>
          ) : (
            numField('bufferKm', t('alerts.buffer'))
          )}
        </fieldset>
        <label className="field">
          <span>{t('alerts.status')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            {(['Actual', 'Exercise', 'Test'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`alerts.statusValue.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <section aria-live="polite" aria-labelledby="recipients-title">
          <h3 id="recipients-title">{t('alerts.recipients')}</h3>
          {preview.loading && <Loading />}
          {preview.error && <ErrorNote error={preview.error} onRetry={preview.reload} />}
          {preview.data && (
            <>
              <p className="muted small">{preview.data.targetArea.description}</p>
              {preview.data.targetArea.recipients.length === 0 ? (
                <p>{t('alerts.noRecipients')}</p>
              ) : (
                <ul>
                  {preview.data.targetArea.recipients.map((r) => (
                    <li key={r.id}>
                      {r.name} ({r.country})
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </section>
        {/* Once issued, the dialog shows the result and cannot send the same alert again by a second click. */}
        {issued && <p role="status">{t('alerts.issued', { type: t(`alerts.type.${issued.msgType}`), count: issued.recipients.length })}</p>}
        <FormFooter
          error={Object.keys(fieldErrors).length ? null : error}
          onCancel={onClose}
          submitLabel={busy ? t('alerts.issuing') : t('alerts.issue')}
          disabled={busy || languages.length === 0 || issued !== null}
        />
      </form>
    </Dialog>
  );
}
