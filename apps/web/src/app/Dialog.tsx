import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A modal on the native <dialog>: focus trapping and Escape come from the browser; closing returns focus to the opener. */
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  // The control that opened the dialog, read while rendering: the render that opens the dialog may also
  // replace that control (the entity list's "Create link" becomes "Link to…"), and by the effect it is gone.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      // Focus goes back to the opener on close (React removes the <dialog> before this cleanup runs, so the
      // browser's own return of focus does not happen); to the control that took its place when it is gone
      // (marked with the same data-return-focus).
      const key = opener?.dataset['returnFocus'];
      const back = opener?.isConnected
        ? opener
        : key
          ? document.querySelector<HTMLElement>(`[data-return-focus="${CSS.escape(key)}"]`)
          : null;
      back?.focus();
    };
  }, [opener]);
  return (
    <dialog
      ref={ref}
      aria-labelledby="dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id="dialog-title">{title}</h2>
        <button type="button" onClick={onClose} aria-label={t('app.close')}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
