import { Module } from '@nestjs/common';
import { NotificationsResolver } from './notifications.resolver.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Notifications: the inbox, its live count and the muted kinds. Features that tell users something
 * import this module and call NotificationsService.notify (or notifyCase).
 */
@Module({ providers: [NotificationsService, NotificationsResolver], exports: [NotificationsService] })
export class NotificationsModule {}
