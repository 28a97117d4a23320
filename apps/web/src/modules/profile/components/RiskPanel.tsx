import { RISK_LEVELS } from '@homeward/graph-schema';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormFooter } from '../../../app/form';
import { ErrorNote } from '../../../app/status';
import { ApiError, gql } from '../../../lib/graphql';
import { DateTime } from '../../../lib/format';
import { personAndAgency } from '../../../lib/person';
import { useQuery } from '../../../lib/use-query';
import type { RiskLevel } from '../../../generated/schema-types';
import { FLAG_FACTORS } from '../constants';
import {
  CONFIRM_RISK,
  PROPOSE_RISK,
  RISK_HISTORY,
  type ChildProfile,
  type RiskFactors,
  type RiskProposal,
} from '../graphql/profile.generated';
import { keyIn } from '../../../i18n/keys';

/**
 * The structured risk assessment: factors (pre-filled from what the case
 * says), the level the server proposes with its reasons, and the
 * investigator's confirmation. The proposal follows every change of a factor.
 */
export function RiskPanel({
  caseId,
  profile,
  canConfirm,
  onConfirmed,
}: {
  caseId: string;
  profile: ChildProfile;
  canConfirm: boolean;
  onConfirmed: () => void;
}) {
  const { t } = useTranslation();
  const [factors, setFactors] = useState<RiskFactors>(profile.suggestedRiskFactors);
  const [proposal, setProposal] = useState<RiskProposal | null>(null);
  const [proposeError, setProposeError] = useState<Error | null>(null);
  const [level, setLevel] = useState<RiskLevel | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const history = useQuery(RISK_HISTORY, { caseId });

  useEffect(() => {
    let live = true;
    // A short pause so typing a number does not send a request per keystroke.
    const timer = setTimeout(() => {
      gql(PROPOSE_RISK, { caseId, factors }).then(
        (r) => {
          if (!live) return;
          setProposal(r.proposeRisk);
          setProposeError(null);
          setLevel((l) => l || r.proposeRisk.level);
        },
        (e: unknown) => live && setProposeError(e instanceof Error ? e : new Error(String(e))),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [caseId, factors]);

  async function confirm(e: FormEvent) {
    e.preventDefault();
    // No level until the first proposal arrives or one is chosen.
    if (!level) return;
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      await gql(CONFIRM_RISK, { caseId, factors, level, note: note.trim() || null });
      setDone(t('child.risk.confirmed', { level: t(`risk.${level}`) }));
      setNote('');
      history.reload();
      onConfirmed();
    } catch (err) {
      setFieldErrors(err instanceof ApiError ? err.fieldErrors : {});
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const num = (k: 'ageYears' | 'hoursMissing' | 'previousEpisodes', v: string) =>
    setFactors({ ...factors, [k]: v === '' ? (k === 'ageYears' ? null : 0) : Number(v) });
  const differs = proposal && level && level !== proposal.level;

  return (
    <section aria-labelledby="risk-title" className="card">
      <h2 id="risk-title">{t('child.risk.title')}</h2>
      <form className="form" onSubmit={(e) => void confirm(e)} aria-busy={busy}>
        <fieldset>
          <legend>{t('child.risk.factors')}</legend>
          <label className="field">
            <span>{t('child.risk.ageYears')}</span>
            <input
              type="number"
              min={0}
              max={130}
              step={1}
              value={factors.ageYears ?? ''}
              onChange={(e) => num('ageYears', e.target.value)}
              aria-invalid={fieldErrors.ageYears ? true : undefined}
            />
          </label>
          <label className="field">
            <span>{t('child.risk.hoursMissing')}</span>
            <input
              type="number"
              min={0}
              step={0.5}
              value={factors.hoursMissing}
              onChange={(e) => num('hoursMissing', e.target.value)}
              aria-invalid={fieldErrors.hoursMissing ? true : undefined}
            />
          </label>
          <label className="field">
            <span>{t('child.risk.previousEpisodes')}</span>
            <input
              type="number"
              min={0}
              step={1}
              value={factors.previousEpisodes}
              onChange={(e) => num('previousEpisodes', e.target.value)}
              aria-invalid={fieldErrors.previousEpisodes ? true : undefined}
            />
          </label>
          {FLAG_FACTORS.map((k) => (
            <label className="check" key={k}>
              <input type="checkbox" checked={factors[k]} onChange={(e) => setFactors({ ...factors, [k]: e.target.checked })} />{' '}
              {t(`child.risk.factor.${k}`)}
            </label>
          ))}
        </fieldset>
        {proposeError && <ErrorNote error={proposeError} />}
        <div aria-live="polite">
          {proposal && (
            <>
              <p>
                {t('child.risk.proposed')}: <span className={`badge risk-${proposal.level}`}>{t(`risk.${proposal.level}`)}</span>{' '}
                <span className="muted small">{t('child.risk.score', { score: proposal.score })}</span>
              </p>
              {proposal.reasons.length === 0 ? (
                <p className="muted">{t('child.risk.noReason')}</p>
              ) : (
                <ul aria-label={t('child.risk.reasons')}>
                  {proposal.reasons.map((r) => (
                    <li key={r.code}>
                      {t(keyIn('child.risk.reason', r.code))}{' '}
                      <span className="muted small">
                        (+{r.points}
                        {r.floor ? `, ≥ ${t(`risk.${r.floor}`)}` : ''})
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
        {canConfirm ? (
          <>
            <label className="field">
              <span>{t('child.risk.level')}</span>
              <select value={level} onChange={(e) => setLevel(e.target.value as RiskLevel)} required>
                {RISK_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {t(`risk.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            {differs && (
              <label className="field">
                <span>{t('child.risk.note')}</span>
                <textarea
                  rows={2}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  required
                  aria-invalid={fieldErrors.note ? true : undefined}
                />
                {fieldErrors.note && <span className="field-error">{fieldErrors.note}</span>}
              </label>
            )}
            {done && (
              <p role="status" className="muted">
                {done}
              </p>
            )}
            <FormFooter
              error={fieldErrors.note ? null : error}
              submitLabel={busy ? t('app.loading') : t('child.risk.confirm')}
              disabled={busy || !level}
            />
          </>
        ) : (
          <p className="muted">{t('child.risk.readOnly')}</p>
        )}
      </form>
      <h3>{t('child.risk.history')}</h3>
      {history.error && <ErrorNote error={history.error} onRetry={history.reload} />}
      {history.data && history.data.riskAssessments.length === 0 && <p className="muted">{t('child.risk.noHistory')}</p>}
      {history.data && history.data.riskAssessments.length > 0 && (
        <table className="cases">
          <thead>
            <tr>
              <th scope="col">{t('child.risk.when')}</th>
              <th scope="col">{t('child.risk.proposed')}</th>
              <th scope="col">{t('child.risk.level')}</th>
              <th scope="col">{t('child.risk.noteShort')}</th>
              <th scope="col">{t('people.who')}</th>
            </tr>
          </thead>
          <tbody>
            {history.data.riskAssessments.map((a) => (
              <tr key={a.id}>
                <td>
                  <DateTime iso={a.assessedAt} />
                </td>
                <td>{t(`risk.${a.proposedLevel}`)}</td>
                <td>
                  <span className={`badge risk-${a.confirmedLevel}`}>{t(`risk.${a.confirmedLevel}`)}</span>
                </td>
                <td>{a.note ?? ''}</td>
                <td>{personAndAgency(a.assessedByUser, t('field.unknownAccount'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
