import { Module } from '@nestjs/common';
import { NotificationsModule } from '../modules/notifications/notifications.module.js';
import { RealtimeService } from './realtime.service.js';

/**
 * Websockets on the HTTP port: graphql-ws subscriptions and the collaboration rooms (auth, access and audit come from the core
 * module; mentions in the notes are told through the notifications module).
 */
@Module({ imports: [NotificationsModule], providers: [RealtimeService], exports: [RealtimeService] })
export class RealtimeModule {}
