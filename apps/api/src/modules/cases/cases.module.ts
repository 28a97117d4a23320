import { Module } from '@nestjs/common';
import { CaseResolver } from './case.resolver.js';
import { CaseService } from './case.service.js';
import { CaseStatusEvents } from './case-status.events.js';
import { NotificationsModule } from '../notifications/notifications.module.js';

/** Cases and their members; the case service is shared (the child features read a case's countries through it). */
@Module({
  imports: [NotificationsModule],
  providers: [CaseService, CaseResolver, CaseStatusEvents],
  exports: [CaseService, CaseStatusEvents],
})
export class CasesModule {}
