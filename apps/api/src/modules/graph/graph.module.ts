import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { GraphResolver } from './graph.resolver.js';
import { GraphService } from './graph.service.js';
import { LinkGradeResolver } from './link-grade.resolver.js';
import { LinkGradeService } from './link-grade.service.js';
import { HandlingMarkingResolver } from './handling-marking.resolver.js';

/** The link graph of cases: entities, links, search, neighbourhoods; other features use its service. */
@Module({
  imports: [NotificationsModule],
  providers: [GraphService, GraphResolver, LinkGradeService, LinkGradeResolver, HandlingMarkingResolver],
  exports: [GraphService],
})
export class GraphModule {}
