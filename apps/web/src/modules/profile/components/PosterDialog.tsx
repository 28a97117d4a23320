import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../app/Dialog';
import { FormFooter } from '../../../app/form';
import { gql } from '../../../lib/graphql';
import { CASE_POSTER, type PosterFile } from '../graphql/profile.generated';
import { base64ToBlob, downloadBlob } from '../state/download';
import { firstOutputLanguages, OutputLanguagesField } from './OutputLanguages';

/** Choose languages and paper; the server makes the PDF, the browser saves it. */
export default function PosterDialog({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [languages, setLanguages] = useState<string[]>(() => firstOutputLanguages(i18n.language));
  const [paper, setPaper] = useState<'A4' | 'LETTER'>('A4');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<PosterFile | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (languages.length === 0) return setError(t('child.poster.needLanguage'));
    setBusy(true);
    setError(null);
    try {
      const r = await gql(CASE_POSTER, { caseId, languages, paper });
      setMade(r.casePoster);
      downloadBlob(base64ToBlob(r.casePoster.base64, r.casePoster.mimeType), r.casePoster.filename);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('child.poster.title')} onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)} aria-busy={busy}>
        <OutputLanguagesField value={languages} onChange={setLanguages} />
        <fieldset>
          <legend>{t('child.poster.paper')}</legend>
          {(['A4', 'LETTER'] as const).map((p) => (
            <label className="check" key={p}>
              <input type="radio" name="paper" value={p} checked={paper === p} onChange={() => setPaper(p)} /> {t(`child.poster.${p}`)}
            </label>
          ))}
        </fieldset>
        {busy && (
          <p role="status" className="muted">
            {t('child.poster.making')}
          </p>
        )}
        {made && (
          <div role="status">
            <p>{t('child.poster.done', { name: made.filename })}</p>
            <p className="muted small">{made.withPhoto ? t('child.poster.photo') : t('child.poster.noPhoto')}</p>
            <p>{t('child.poster.hotlines')}:</p>
            <ul>
              {made.hotlines.map((h) => (
                <li key={h.country}>
                  {h.country}: {h.number ?? t('child.poster.noHotline')}
                </li>
              ))}
            </ul>
          </div>
        )}
        <FormFooter error={error} onCancel={onClose} submitLabel={t('child.poster.download')} disabled={busy} />
      </form>
    </Dialog>
  );
}
