import { Module } from '@nestjs/common';
import { PhotosModule } from '../media/photos.module.js';
import { ExportController } from './export.controller.js';
import { ExportService } from './export.service.js';

/** The case's evidence bundle (issue 18): reads the graph, documents, photos and audit trail; writes one audit record. */
@Module({ imports: [PhotosModule], providers: [ExportService], controllers: [ExportController] })
export class ExportModule {}
