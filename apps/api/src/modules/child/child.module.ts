import { Module } from '@nestjs/common';
import type { AppStores } from '../../base/stores.js';
import { STORES } from '../../base/tokens.js';
import { GraphService } from '../graph/graph.service.js';
import { ChildOutputsService, CHILD_PHOTO_SOURCE, type ChildPhotoSource } from './child-outputs.service.js';
import { ChildStatsService } from './child-stats.service.js';
import { CHILD_RECORDS, POSTER_HOTLINES, hotlinesFromEnv } from './child.records.js';
import { ChildResolver } from './child.resolver.js';
import { ChildService } from './child.service.js';
import { DemoCoverage } from './demo-coverage.js';
import { StoredChildPhotos, publicUrlFromEnv } from './child-photos.js';
import { PHOTO_FILES, PHOTO_STORE, photoFilesProvider, photoStoreProvider } from '../media/photos.service.js';
import type { PhotoFiles, PhotoStore } from '@homeward/media';

@Module({
  providers: [
    // The child records of the one set of stores (base/stores.ts), on the same database as the rest.
    { provide: CHILD_RECORDS, inject: [STORES], useFactory: (stores: AppStores) => stores.childRecords },
    { provide: POSTER_HOTLINES, useFactory: () => hotlinesFromEnv(process.env) },
    // The photo feature's store and files, opened on the same database and directory.
    photoStoreProvider,
    photoFilesProvider,
    {
      provide: CHILD_PHOTO_SOURCE,
      inject: [PHOTO_STORE, PHOTO_FILES],
      useFactory: (store: PhotoStore, files: PhotoFiles): ChildPhotoSource => new StoredChildPhotos(store, files, publicUrlFromEnv(process.env)),
    },
    GraphService,
    ChildService,
    ChildOutputsService,
    ChildStatsService,
    ChildResolver,
    DemoCoverage,
  ],
})
export class ChildModule {}
