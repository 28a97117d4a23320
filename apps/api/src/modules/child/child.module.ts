import { Module } from '@nestjs/common';
import type { AppStores } from '../../base/stores.js';
import { STORES } from '../../base/tokens.js';
import { CasesModule } from '../cases/cases.module.js';
import { GraphModule } from '../graph/graph.module.js';
import { CaseLastSeenResolver } from './case-last-seen.resolver.js';
import { RiskPeopleResolver } from './risk-people.resolver.js';
import { ChildOutputsService } from './child-outputs.service.js';
import { ChildStatsService } from './child-stats.service.js';
import { CHILD_RECORDS, POSTER_HOTLINES, hotlinesFromEnv } from './child.records.js';
import { ChildResolver } from './child.resolver.js';
import { ChildService } from './child.service.js';
import { DemoCoverage } from './demo-coverage.js';
import { CHILD_PHOTO_SOURCE, StoredChildPhotos, publicUrlFromEnv, type ChildPhotoSource } from './child-photos.js';
import { PhotosModule } from '../media/photos.module.js';
import { PHOTO_FILES, PHOTO_STORE } from '../media/photos.service.js';
import type { PhotoFiles, PhotoStore } from '@homeward/media';

/** The missing child: profile, risk, posters, alerts and statistics, on the graph and photo features' services. */
@Module({
  imports: [GraphModule, PhotosModule, CasesModule],
  providers: [
    // The child records of the one set of stores (base/stores.ts), on the same database as the rest.
    { provide: CHILD_RECORDS, inject: [STORES], useFactory: (stores: AppStores) => stores.childRecords },
    { provide: POSTER_HOTLINES, useFactory: () => hotlinesFromEnv(process.env) },
    {
      provide: CHILD_PHOTO_SOURCE,
      inject: [PHOTO_STORE, PHOTO_FILES],
      useFactory: (store: PhotoStore, files: PhotoFiles): ChildPhotoSource =>
        new StoredChildPhotos(store, files, publicUrlFromEnv(process.env)),
    },
    ChildService,
    ChildOutputsService,
    ChildStatsService,
    ChildResolver,
    CaseLastSeenResolver,
    RiskPeopleResolver,
    DemoCoverage,
  ],
  // The public side publishes from the profile, with the same hotlines and photos.
  exports: [ChildService, POSTER_HOTLINES, CHILD_PHOTO_SOURCE],
})
export class ChildModule {}
