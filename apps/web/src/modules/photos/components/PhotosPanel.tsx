import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../../../lib/permissions';
import { ErrorNote, Loading } from '../../../app/status';
import { DateTime } from '../../../lib/format';
import { useQuery } from '../../../lib/use-query';
import { PHOTOS, type Photo } from '../graphql/photos.generated';
import { ACCEPTED_TYPES, UploadError, photoBlobUrl, uploadPhoto } from '../state/photo-http';
import { AuthImage } from './AuthImage';

/** Photos of one entity of a case: thumbnails, the original on request, its SHA-256, and an upload form with progress. */
export default function PhotosPanel({ caseId, entityId, label }: { caseId: string; entityId: string; label: string }) {
  const { t } = useTranslation();
  // Uploading adds to the case's record: the roles that add entities (policy graph.addEntity), as the server checks.
  const canUpload = usePermission('graph.addEntity').allowed;
  const q = useQuery(PHOTOS, { caseId, entityId });
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [caption, setCaption] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const photos = q.data?.photos ?? [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setError(t('photos.errors.NO_FILE'));
      return;
    }
    setError(null);
    setProgress(0);
    try {
      const photo = await uploadPhoto(caseId, entityId, file, caption, setProgress);
      q.setData((prev) => ({ photos: [...(prev?.photos ?? []), photo] }));
      setCaption('');
      if (fileRef.current) fileRef.current.value = '';
    } catch (err) {
      setError(t(`photos.errors.${err instanceof UploadError ? err.failure : 'UNKNOWN'}`));
    } finally {
      setProgress(null);
    }
  }

  async function openOriginal(p: Photo) {
    // Opened before the fetch, so the browser does not treat it as an unrequested pop-up.
    const win = window.open('', '_blank');
    try {
      const url = await photoBlobUrl(p.originalUrl);
      if (win) win.location.href = url;
      else window.location.assign(url);
    } catch (err) {
      win?.close();
      setError(t(`photos.errors.${err instanceof UploadError ? err.failure : 'UNKNOWN'}`));
    }
  }

  return (
    <section className="photos-panel" aria-labelledby={`photos-${entityId}`}>
      <h3 id={`photos-${entityId}`}>{t('photos.title')}</h3>
      {q.loading && <Loading />}
      {q.error && <ErrorNote error={q.error} onRetry={q.reload} />}
      {!q.loading && !q.error && photos.length === 0 && <p className="muted">{t('photos.empty')}</p>}
      <ul className="photo-list">
        {photos.map((p) => (
          <li key={p.id}>
            <AuthImage url={p.thumbnailUrl} alt={p.caption ?? t('photos.alt', { label })} />
            <div className="photo-meta small">
              {p.caption && <div>{p.caption}</div>}
              <div>
                {p.width}×{p.height} · {t('photos.size', { kb: Math.max(1, Math.round(p.size / 1024)) })} · <DateTime iso={p.uploadedAt} />
              </div>
              <div>
                {t('photos.sha256')}:{' '}
                <code className="hash" title={p.sha256}>
                  {p.sha256}
                </code>
              </div>
              <button type="button" onClick={() => void openOriginal(p)}>
                {t('photos.viewOriginal')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {canUpload && (
        <form className="photo-upload" onSubmit={(e) => void submit(e)}>
          <label>
            {t('photos.file')}
            <input
              ref={fileRef}
              type="file"
              accept={ACCEPTED_TYPES}
              disabled={progress !== null}
              aria-describedby={`photo-hint-${entityId}`}
            />
          </label>
          <span id={`photo-hint-${entityId}`} className="muted small">
            {t('photos.hint')}
          </span>
          <label>
            {t('photos.caption')}
            <input type="text" value={caption} maxLength={500} onChange={(e) => setCaption(e.target.value)} disabled={progress !== null} />
          </label>
          <button type="submit" disabled={progress !== null}>
            {progress === null ? t('photos.upload') : t('photos.uploading')}
          </button>
          {progress !== null && (
            <progress max={1} value={progress} aria-label={t('photos.progress')}>
              {Math.round(progress * 100)}%
            </progress>
          )}
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
