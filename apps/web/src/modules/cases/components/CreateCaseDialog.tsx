import { CASE_CATEGORIES, RISK_LEVELS } from '@homeward/graph-schema';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../app/Dialog';
import { fromLocalInput } from '../../../lib/format';
import type { CaseCategory, RiskLevel } from '../../../generated/schema-types';
import { ApiError, gql } from '../../../lib/graphql';
import { CREATE_CASE, type CaseSummary } from '../graphql/cases.generated';
import { FormFooter } from '../../../app/form';
import { errorSentence, fieldSentences } from '../../../lib/errors';

export function CreateCaseDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (c: CaseSummary) => void }) {
  const { t, i18n } = useTranslation();
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<CaseCategory>('UNKNOWN');
  const [risk, setRisk] = useState<RiskLevel>('HIGH');
  const [country, setCountry] = useState('');
  const [lastSeen, setLastSeen] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setGeneral(null);
    try {
      const input = {
        title: title.trim(),
        category,
        riskLevel: risk,
        country: country.trim().toUpperCase(),
        lastSeenAt: fromLocalInput(lastSeen),
      };
      const d = await gql(CREATE_CASE, { input });
      onCreated(d.createCase);
    } catch (err) {
      const sentences = err instanceof ApiError ? fieldSentences(t, i18n, err) : {};
      if (Object.keys(sentences).length > 0) setErrors(sentences);
      else setGeneral(errorSentence(t, i18n, err));
    }
  }

  const fieldError = (name: string) =>
    errors[name] ? (
      <span id={`cc-${name}-error`} className="field-error" role="alert">
        {errors[name]}
      </span>
    ) : null;

  return (
    <Dialog title={t('cases.new')} onClose={onClose}>
      <form onSubmit={submit} className="form">
        <label>
          {t('cases.caseTitle')}
          <input
            required
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            aria-invalid={!!errors['title']}
            aria-describedby={errors['title'] ? 'cc-title-error' : undefined}
          />
          {fieldError('title')}
        </label>
        <label>
          {t('cases.category')}
          <select value={category} onChange={(e) => setCategory(e.target.value as CaseCategory)}>
            {CASE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('cases.risk')}
          <select value={risk} onChange={(e) => setRisk(e.target.value as RiskLevel)}>
            {RISK_LEVELS.map((c) => (
              <option key={c} value={c}>
                {t(`risk.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('cases.country')}
          <input
            required
            maxLength={2}
            value={country}
            onChange={(e) => setCountry(e.target.value)}
            aria-invalid={!!errors['country']}
            aria-describedby={errors['country'] ? 'cc-country-error' : undefined}
          />
          {fieldError('country')}
        </label>
        <label>
          {t('cases.lastSeenAt')}
          <input
            type="datetime-local"
            value={lastSeen}
            onChange={(e) => setLastSeen(e.target.value)}
            aria-invalid={!!errors['lastSeenAt']}
          />
          {fieldError('lastSeenAt')}
        </label>
        <FormFooter error={general} onCancel={onClose} submitLabel={t('cases.create')} />
      </form>
    </Dialog>
  );
}
