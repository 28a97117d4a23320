import { useTranslation } from 'react-i18next';

/** The end of a form: its form-level error (field errors sit at their fields), cancel and submit. */
export function FormFooter({
  error,
  onCancel,
  submitLabel,
  disabled = false,
}: {
  error?: string | null;
  onCancel?: () => void;
  submitLabel: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('app.cancel')}
          </button>
        )}
        <button type="submit" className="primary" disabled={disabled}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
