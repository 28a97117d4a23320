import { FaceMatchResolver } from './faces.resolver.js';
import { FaceMatchService } from './faces.service.js';
import { PhotoController } from './photos.controller.js';
import { PhotoResolver } from './photos.resolver.js';
import { PhotoService, faceAnalyzerProvider, photoFilesProvider, photoStoreProvider } from './photos.service.js';

/** What the photos and face-match feature adds to the application module. */
export const PHOTO_PROVIDERS = [photoStoreProvider, photoFilesProvider, faceAnalyzerProvider, PhotoService, PhotoResolver, FaceMatchService, FaceMatchResolver];
export const PHOTO_CONTROLLERS = [PhotoController];
