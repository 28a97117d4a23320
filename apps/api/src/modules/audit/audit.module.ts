import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver.js';

/** Reading and verifying the audit trail (recording is the core module's AuditService, used by every feature). */
@Module({ providers: [AuditResolver] })
export class AuditModule {}
