import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { CollabResolver, SignOffResolver, TimelineChangeResolver } from './collab.resolver.js';
import { CollabService } from './collab.service.js';

/** The notes and timeline over GraphQL: the merged timeline, sign-offs and what changed since (the rooms themselves are realtime/). */
@Module({ imports: [NotificationsModule], providers: [CollabService, CollabResolver, SignOffResolver, TimelineChangeResolver] })
export class CollabModule {}
