// The module's surface for the rest of the client. Panels shown on demand are lazy, so that
// importing this file does not pull their code into the importer's chunk.
import { lazy } from 'react';

export { AuthImage } from './components/AuthImage';
export type { Photo } from './graphql/photos.generated';
export { usePhotoBlob } from './hooks/use-photo-blob';

export const PhotosPanel = lazy(() => import('./components/PhotosPanel'));
