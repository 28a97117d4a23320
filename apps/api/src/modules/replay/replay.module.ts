import { Module } from '@nestjs/common';
import { ReplayResolver } from './replay.resolver.js';
import { ReplayService } from './replay.service.js';

/** Case replay (the graph journal, the notes and timeline update logs); stores and access come from the global core module. */
@Module({ providers: [ReplayService, ReplayResolver] })
export class ReplayModule {}
