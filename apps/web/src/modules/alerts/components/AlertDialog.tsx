import { Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../app/Dialog';
import { FormFooter } from '../../../app/form';
import { ErrorNote, Loading } from '../../../app/status';
import { ApiError, gql } from '../../../lib/graphql';
import { useQuery } from '../../../lib/use-query';
import type { AlertMsgType, AlertStatus, TargetAreaInput } from '../../../generated/schema-types';
import {
  CHILD_ALERTS,
  ISSUE_ALERT,
  PREVIEW_ALERT,
  TARGET_AREA,
  type ChildAlert,
  type PreviewAlertQuery,
} from '../graphql/alerts.generated';
import { firstOutputLanguages, OutputLanguagesField } from '../../profile';
import { keyIn } from '../../../i18n/keys';
// Leaflet and the base map load with the dialog's map only.
import { AreaMap } from '../../map';

/** The area as the form edits it: the schema's input, every field set (the form shows them all). */
type AreaForm = Required<Pick<TargetAreaInput, 'kind' | 'speedKmh' | 'capKm' | 'bufferKm'>>;

type Preview = PreviewAlertQuery['previewChildAlert'];

/**
 * A supervisor issues a CAP alert in two steps: the alert composed by the server exactly as it would be
 * sent (each language, the area, the recipients), then a confirmation. Any change to the form discards
 * the preview, so what is confirmed is what was read.
 */
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
  const [languages, setLanguages] = useState<string[]>(() => firstOutputLanguages(i18n.language));
  const [area, setArea] = useState<AreaForm>({ kind: 'CIRCLE', speedKmh: 30, capKm: 500, bufferKm: 20 });
  const [status, setStatus] = useState<AlertStatus>('Actual');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [issued, setIssued] = useState<ChildAlert | null>(null);
  const [previewed, setPreviewed] = useState<Preview | null>(null);
  // One id per alert the supervisor confirms, sent again with every retry of it: the server issues it once,
  // so a retry after a lost answer returns the alert already issued instead of sending a second one.
  const requestId = useRef<string | null>(null);
  const preview = useQuery(TARGET_AREA, {
    caseId,
    area: { kind: area.kind, speedKmh: area.speedKmh, capKm: area.capKm, bufferKm: area.bufferKm },
  });

  useEffect(() => {
    if (msgType !== 'Alert' && !referencesId && live[0]) setReferencesId(live[live.length - 1]!.id);
  }, [msgType, referencesId, live]);
  useEffect(() => setPreviewed(null), [msgType, referencesId, languages, area, status]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const input = { msgType, status, languages, area, referencesId: msgType === 'Alert' ? null : referencesId || null };
      if (!previewed) {
        const p = await gql(PREVIEW_ALERT, { caseId, input });
        setPreviewed(p.previewChildAlert);
        // getRandomValues, not randomUUID: the latter exists only on https or localhost.
        requestId.current = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
        return;
      }
      const r = await gql(ISSUE_ALERT, { caseId, input: { ...input, requestId: requestId.current } });
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
        <OutputLanguagesField value={languages} onChange={setLanguages} error={fieldErrors.languages} />
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
        {/* Outside the live region: the map's drawing is not read out, its description above is. */}
        {preview.data && (
          <Suspense fallback={null}>
            <AreaMap area={preview.data.targetArea} description={preview.data.targetArea.description} />
          </Suspense>
        )}
        {previewed && !issued && <AlertPreviewView preview={previewed} onChange={() => setPreviewed(null)} />}
        {/* Once issued, the dialog shows the result and cannot send the same alert again by a second click. */}
        {issued && <p role="status">{t('alerts.issued', { type: t(`alerts.type.${issued.msgType}`), count: issued.recipients.length })}</p>}
        <FormFooter
          error={Object.keys(fieldErrors).length ? null : error}
          onCancel={onClose}
          submitLabel={
            issued
              ? t('alerts.issue')
              : !previewed
                ? busy
                  ? t('alertPreview.previewing')
                  : t('alertPreview.preview')
                : busy
                  ? t('alerts.issuing')
                  : t('alertPreview.confirm')
          }
          disabled={busy || languages.length === 0 || issued !== null}
        />
      </form>
    </Dialog>
  );
}

/** The composed alert, one block per language in that language, with the area and recipients. */
function AlertPreviewView({ preview, onChange }: { preview: Preview; onChange: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  // Keyboard and screen-reader users land on what they are about to confirm.
  useEffect(() => ref.current?.focus(), []);
  return (
    <section className="alert-preview card" aria-labelledby="alert-preview-title" tabIndex={-1} ref={ref}>
      <h3 id="alert-preview-title">{t('alertPreview.heading')}</h3>
      <p>
        <strong>{t('alertPreview.status', { status: t(`alerts.statusValue.${preview.status}`) })}</strong>
        {' · '}
        {t(`alerts.type.${preview.msgType}`)}
      </p>
      {preview.status === 'Actual' && (
        <p className="error" role="note">
          {t('alertPreview.actualWarning')}
        </p>
      )}
      {preview.infos.map((i) => (
        <article key={i.language} lang={i.language} data-testid="alert-preview-info">
          <h4>{t(keyIn('child.languageName', i.language))}</h4>
          <p>
            <strong>{i.headline}</strong>
          </p>
          <p style={{ whiteSpace: 'pre-wrap' }}>{i.description}</p>
          {i.instruction && <p>{i.instruction}</p>}
          {i.contact && <p>{i.contact}</p>}
        </article>
      ))}
      <p>
        {t('alertPreview.area')}: {preview.areaDescription}
      </p>
      <p>
        {t('alerts.recipients')}:{' '}
        {preview.recipients.length ? preview.recipients.map((r) => `${r.name} (${r.country})`).join(', ') : t('alerts.noRecipients')}
      </p>
      <button type="button" onClick={onChange}>
        {t('alertPreview.change')}
      </button>
    </section>
  );
}
