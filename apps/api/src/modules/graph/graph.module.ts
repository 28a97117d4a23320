import { Module } from '@nestjs/common';
import { GraphResolver } from './graph.resolver.js';
import { GraphService } from './graph.service.js';

/** The link graph of cases: entities, links, search, neighbourhoods; other features use its service. */
@Module({ providers: [GraphService, GraphResolver], exports: [GraphService] })
export class GraphModule {}
