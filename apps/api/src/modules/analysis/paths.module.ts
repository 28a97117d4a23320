import { Module } from '@nestjs/common';
import { PathsResolver } from './paths.resolver.js';
import { PathsService } from './paths.service.js';

/** Paths (k shortest, all simple, time-respecting) and travel feasibility; stores and access come from the global core module. */
@Module({ providers: [PathsService, PathsResolver] })
export class PathsModule {}
