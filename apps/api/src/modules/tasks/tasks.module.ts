import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { TasksResolver } from './tasks.resolver.js';
import { TasksService } from './tasks.service.js';

/** Tasks of a case: assignment, due times, status and comment threads with mentions. */
@Module({ imports: [NotificationsModule], providers: [TasksService, TasksResolver] })
export class TasksModule {}
