import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AccessRequestsResolver } from './access-requests.resolver.js';
import { AccessRequestsService } from './access-requests.service.js';

/** Access requests across agencies, from the cross-case notice. */
@Module({ imports: [NotificationsModule], providers: [AccessRequestsService, AccessRequestsResolver] })
export class AccessRequestsModule {}
