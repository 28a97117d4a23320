import { useTranslation } from 'react-i18next';
import { CREDIBILITY_GRADES, RELIABILITY_GRADES } from '@homeward/graph-schema';
import { keyIn } from '../../../i18n/keys';

/**
 * The two grades of the 5×5×5 system as selects: source reliability (A–F) and
 * information credibility (1–5), each with an empty choice (`noneLabel`).
 * Values are strings ('' for none), as form fields keep them.
 */
export function GradeSelects({
  reliabilityLabel,
  credibilityLabel,
  noneLabel,
  reliability,
  credibility,
  onReliability,
  onCredibility,
}: {
  reliabilityLabel: string;
  credibilityLabel: string;
  noneLabel: string;
  reliability: string;
  credibility: string;
  onReliability(value: string): void;
  onCredibility(value: string): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {reliabilityLabel}
        <select value={reliability} onChange={(e) => onReliability(e.target.value)}>
          <option value="">{noneLabel}</option>
          {RELIABILITY_GRADES.map((r) => (
            <option key={r} value={r}>
              {t(`paths.reliability.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {credibilityLabel}
        <select value={credibility} onChange={(e) => onCredibility(e.target.value)}>
          <option value="">{noneLabel}</option>
          {CREDIBILITY_GRADES.map((c) => (
            <option key={c} value={String(c)}>
              {t(keyIn('paths.credibility', `${c}`))}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
