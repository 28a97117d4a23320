import { useTranslation } from 'react-i18next';
import { usePhotoBlob, type Photo } from '../../photos';
import type { FaceBox } from '../graphql/faces.generated';

const SIDE = 160;

/**
 * One face, enlarged from the original (a thumbnail is too coarse to compare
 * a distant face): the image is scaled and shifted so the face, with a margin,
 * fills a square. Fetching the original is audited like any download.
 */
export function FaceCrop({ photo, box, alt }: { photo: Photo; box: FaceBox; alt: string }) {
  const { t } = useTranslation();
  const { src, failed } = usePhotoBlob(photo.originalUrl);

  if (failed) return <span className="face-crop muted">{t('photos.unavailable')}</span>;
  const faceW = box.width * photo.width;
  const faceH = box.height * photo.height;
  const scale = SIDE / (Math.max(faceW, faceH, 1) * 1.4);
  const style = {
    width: photo.width * scale,
    height: photo.height * scale,
    left: SIDE / 2 - (box.x * photo.width + faceW / 2) * scale,
    top: SIDE / 2 - (box.y * photo.height + faceH / 2) * scale,
  };
  return (
    <span className="face-crop" style={{ width: SIDE, height: SIDE }}>
      {src ? (
        <img src={src} alt={alt} style={style} />
      ) : (
        <span className="muted" role="status">
          {t('app.loading')}
        </span>
      )}
    </span>
  );
}
