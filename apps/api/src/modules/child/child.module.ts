import { Module } from '@nestjs/common';
import type { StateStores } from '@homeward/graph-store';
import { STORES } from '../../base/tokens.js';
import { GraphService } from '../graph/graph.service.js';
import { ChildOutputsService, CHILD_PHOTO_SOURCE, type ChildPhotoSource } from './child-outputs.service.js';
import { ChildStatsService } from './child-stats.service.js';
import { CHILD_RECORDS, POSTER_HOTLINES, hotlinesFromEnv, openChildRecords } from './child.records.js';
import { ChildResolver } from './child.resolver.js';
import { ChildService } from './child.service.js';
import { DemoCoverage } from './demo-coverage.js';

/** No photo store wired: posters and alerts go without a photo. */
const NO_PHOTOS: ChildPhotoSource = { photoOf: async () => null };

@Module({
  providers: [
    { provide: CHILD_RECORDS, inject: [STORES], useFactory: (stores: StateStores) => openChildRecords(stores) },
    { provide: POSTER_HOTLINES, useFactory: () => hotlinesFromEnv(process.env) },
    { provide: CHILD_PHOTO_SOURCE, useValue: NO_PHOTOS },
    GraphService,
    ChildService,
    ChildOutputsService,
    ChildStatsService,
    ChildResolver,
    DemoCoverage,
  ],
})
export class ChildModule {}
