import { useTranslation } from 'react-i18next';
import { OUTPUT_LANGUAGES } from '../constants';

/** The languages a poster or an alert starts with: the reader's own when it is one of them, English otherwise. */
export function firstOutputLanguages(language: string): string[] {
  return [(OUTPUT_LANGUAGES as readonly string[]).includes(language) ? language : 'en'];
}

/** The languages a poster or an alert is made in, a checkbox each; `error` is what the server said of the choice. */
export function OutputLanguagesField({
  value,
  onChange,
  error,
}: {
  value: readonly string[];
  onChange(languages: string[]): void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('child.poster.languages')}</legend>
      {OUTPUT_LANGUAGES.map((l) => (
        <label className="check" key={l}>
          <input
            type="checkbox"
            checked={value.includes(l)}
            onChange={(e) => onChange(e.target.checked ? [...value, l] : value.filter((x) => x !== l))}
          />{' '}
          {t(`child.languageName.${l}`)}
        </label>
      ))}
      {error && <span className="field-error">{error}</span>}
    </fieldset>
  );
}
