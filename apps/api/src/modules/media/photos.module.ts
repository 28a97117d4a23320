import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { FaceMatchResolver } from './faces.resolver.js';
import { FaceMatchService } from './faces.service.js';
import { PhotoController } from './photos.controller.js';
import { PhotoResolver } from './photos.resolver.js';
import { PHOTO_FILES, PHOTO_STORE, PhotoService, faceAnalyzerProvider, photoFilesProvider, photoStoreProvider } from './photos.service.js';

/** Photos (upload, thumbnails, downloads) and face-match leads; the child module reads photos through the store it exports. */
@Module({
  imports: [NotificationsModule],
  providers: [
    photoStoreProvider,
    photoFilesProvider,
    faceAnalyzerProvider,
    PhotoService,
    PhotoResolver,
    FaceMatchService,
    FaceMatchResolver,
  ],
  controllers: [PhotoController],
  exports: [PHOTO_STORE, PHOTO_FILES],
})
export class PhotosModule {}
