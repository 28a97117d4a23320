import { useTranslation } from 'react-i18next';
import { errorSentence } from '../lib/errors';
import { ApiError } from '../lib/graphql';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="muted">
      {t('app.loading')}
    </p>
  );
}

/** What the last action did, as a status line, or why it failed (the state `useAction` keeps). */
export function ActionOutcome({ done, error }: { done: string | null; error: Error | null }) {
  return (
    <>
      {done && (
        <p role="status" className="muted">
          {done}
        </p>
      )}
      {error && <ErrorNote error={error} />}
    </>
  );
}

export function ErrorNote({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  // An error from the server is said as a sentence in the reader's language (lib/errors.ts), not as the server wrote it.
  const message = error instanceof ApiError ? errorSentence(t, i18n, error) : error.message;
  return (
    <div role="alert" className="error">
      {t('app.error', { message })}{' '}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}
