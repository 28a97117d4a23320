import { Module } from '@nestjs/common';
import { CoSightingResolver } from './cosighting.resolver.js';
import { CoSightingService } from './cosighting.service.js';

/** Co-sightings; stores and access come from the global core module. */
@Module({ providers: [CoSightingService, CoSightingResolver] })
export class CoSightingModule {}
