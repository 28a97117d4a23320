import { Module } from '@nestjs/common';
import { CentralityResolver } from './centrality.resolver.js';
import { CentralityService } from './centrality.service.js';

/** Centrality and communities; stores and access come from the global core module. */
@Module({ providers: [CentralityService, CentralityResolver] })
export class CentralityModule {}
