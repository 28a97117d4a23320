import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { gql } from '../../../lib/graphql';
import { errorSentence } from '../../../lib/errors';
import { deniedProps, usePermission } from '../../../lib/permissions';
import { REGRADE_LINK } from '../graphql/link-grade.generated';

export const RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const CREDIBILITY = [1, 2, 3, 4, 5] as const;

export interface Grade {
  readonly reliability: string | null;
  readonly credibility: number | null;
}

/**
 * A link's grade ("B3"; "?" where a part is not graded, explained on hover) and, for a role that may
 * link, an editor to regrade it: the server keeps who regraded and the grade before and after.
 */
export function LinkGrade({
  caseId,
  linkId,
  linkName,
  grade,
  onSaved,
}: {
  caseId: string;
  linkId: string;
  /** What the link joins, for the editor's accessible name ("Seen with Carlos Méndez"). */
  linkName: string;
  grade: Grade | null;
  onSaved(g: Grade): void;
}) {
  const { t, i18n } = useTranslation();
  const may = usePermission('graph.link');
  const reasonId = useId();
  const [editing, setEditing] = useState(false);
  const [reliability, setReliability] = useState('');
  const [credibility, setCredibility] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const text = grade ? `${grade.reliability ?? '?'}${grade.credibility ?? '?'}` : '…';

  function open() {
    if (!may.allowed) return;
    setReliability(grade?.reliability ?? '');
    setCredibility(grade?.credibility ? String(grade.credibility) : '');
    setError(null);
    setEditing(true);
  }
  function close() {
    setEditing(false);
  }
  // Closing the editor returns focus to the control that opened it (once it is back on the page).
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && !editing) opener.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const r = await gql(REGRADE_LINK, {
        caseId,
        id: linkId,
        reliability: reliability || null,
        credibility: credibility ? Number(credibility) : null,
      });
      onSaved({ reliability: r.regradeLink.reliability ?? null, credibility: r.regradeLink.credibility ?? null });
      close();
    } catch (err) {
      setError(errorSentence(t, i18n, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="link-grade">
      <abbr className="badge grade" title={t('linkGrade.explain')} data-testid="link-grade">
        {text}
      </abbr>
      {!editing && (
        <button
          ref={opener}
          type="button"
          className="small"
          onClick={open}
          aria-label={`${t('linkGrade.edit')}: ${linkName}`}
          {...deniedProps(may, reasonId)}
        >
          {t('linkGrade.edit')}
        </button>
      )}
      {!may.allowed && (
        <span id={reasonId} hidden>
          {may.reason}
        </span>
      )}
      {editing && (
        <form className="link-grade-form" onSubmit={save} aria-label={`${t('linkGrade.edit')}: ${linkName}`}>
          <label>
            <span>{t('linkGrade.reliability')}</span>
            <select value={reliability} onChange={(e) => setReliability(e.target.value)} autoFocus>
              <option value="">{t('linkGrade.notGraded')}</option>
              {RELIABILITY.map((r) => (
                <option key={r} value={r}>
                  {`${r}: ${t(`linkGrade.r.${r}`)}`}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('linkGrade.credibility')}</span>
            <select value={credibility} onChange={(e) => setCredibility(e.target.value)}>
              <option value="">{t('linkGrade.notGraded')}</option>
              {CREDIBILITY.map((c) => (
                <option key={c} value={String(c)}>
                  {`${c}: ${t(`linkGrade.c${c}`)}`}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy}>
            {t('app.save')}
          </button>
          <button type="button" onClick={close}>
            {t('app.cancel')}
          </button>
          {error && (
            <span role="alert" className="error">
              {error}
            </span>
          )}
        </form>
      )}
    </span>
  );
}
