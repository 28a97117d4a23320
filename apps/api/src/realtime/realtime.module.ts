import { Module } from '@nestjs/common';
import { RealtimeService } from './realtime.service.js';

/** Websockets on the HTTP port: graphql-ws subscriptions and the collaboration rooms (auth, access and audit come from the core module). */
@Module({ providers: [RealtimeService], exports: [RealtimeService] })
export class RealtimeModule {}
