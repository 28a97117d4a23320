import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from './status';

/**
 * A button that opens a short form with one optional message, and sends it: asking a case's owners for access,
 * asking supervisors for a sign-off. `send` gets the trimmed message (or null) and resolves to the sentence the
 * user is shown; a failure is shown under the form, which stays open with what was typed. The message field takes
 * the focus when the form opens, and the button gets it back when the form closes.
 */
export function MessageRequest({
  label,
  explain,
  messageLabel,
  submitLabel,
  maxLength,
  send,
  replaceWhenSent = false,
  className,
}: {
  label: string;
  explain?: ReactNode;
  messageLabel: string;
  submitLabel: string;
  maxLength: number;
  send: (message: string | null) => Promise<string>;
  /** The sentence takes the button's place once sent (a request made once), instead of showing beside it. */
  replaceWhenSent?: boolean;
  className?: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const [sent, setSent] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const wasOpen = useRef(false);

  useEffect(() => {
    if (open) field.current?.focus();
    else if (wasOpen.current) button.current?.focus();
    wasOpen.current = open;
  }, [open]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setSent(await send(message.trim() || null));
      setMessage('');
      setOpen(false);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  if (sent && replaceWhenSent)
    return (
      <span role="status" className={`muted small ${className ?? ''}`}>
        {sent}
      </span>
    );
  return (
    <span className={className}>
      {!open && (
        <button ref={button} type="button" className="small" onClick={() => setOpen(true)}>
          {label}
        </button>
      )}
      {open && (
        <form className="form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {explain && <p className="muted small">{explain}</p>}
          <label>
            {messageLabel}
            <input ref={field} value={message} maxLength={maxLength} onChange={(e) => setMessage(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit" className="primary">
              {submitLabel}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      )}
      {sent && (
        <span role="status" className="request-sent">
          {sent}
        </span>
      )}
      {error && <ErrorNote error={error} />}
    </span>
  );
}
