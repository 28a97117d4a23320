import { useTranslation } from 'react-i18next';
import { usePhotoBlob } from '../hooks/use-photo-blob';

/** A thumbnail or original fetched with the session token; the object URL is released on unmount. */
export function AuthImage({
  url,
  alt,
  className,
  box,
}: {
  url: string;
  alt: string;
  className?: string;
  box?: { x: number; y: number; width: number; height: number } | null;
}) {
  const { t } = useTranslation();
  const { src, failed } = usePhotoBlob(url);

  if (failed) return <span className="photo-missing muted">{t('photos.unavailable')}</span>;
  if (!src)
    return (
      <span className="photo-loading muted" role="status">
        {t('app.loading')}
      </span>
    );
  return (
    <span className={`photo-frame ${className ?? ''}`}>
      <img src={src} alt={alt} />
      {box && (
        <span
          className="face-box"
          aria-hidden="true"
          style={{ left: `${box.x * 100}%`, top: `${box.y * 100}%`, width: `${box.width * 100}%`, height: `${box.height * 100}%` }}
        />
      )}
    </span>
  );
}
