import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { GraphResolver } from './graph.resolver.js';
import { GraphService } from './graph.service.js';

/** The link graph of cases: entities, links, search, neighbourhoods; other features use its service. */
@Module({ imports: [NotificationsModule], providers: [GraphService, GraphResolver], exports: [GraphService] })
export class GraphModule {}
