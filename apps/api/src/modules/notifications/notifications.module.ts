import { Module } from '@nestjs/common';
import { NotificationsResolver } from './notifications.resolver.js';
import { NotesMentionsService } from './notes-mentions.service.js';
import { NotificationsService } from './notifications.service.js';

/**
 * Notifications: the inbox, its live count and the muted kinds. Features that tell users something
 * import this module and call NotificationsService.notify (or notifyCase). NotesMentionsService tells
 * members mentioned in the case notes (fed by the collaboration server's stored updates).
 */
@Module({
  providers: [NotificationsService, NotificationsResolver, NotesMentionsService],
  exports: [NotificationsService, NotesMentionsService],
})
export class NotificationsModule {}
