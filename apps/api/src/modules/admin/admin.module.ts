import { Module } from '@nestjs/common';
import { AdminResolver } from './admin.resolver.js';

/** Agencies and accounts, for administrators. */
@Module({ providers: [AdminResolver] })
export class AdminModule {}
