import { Module } from '@nestjs/common';
import { CaseResolver } from './case.resolver.js';
import { CaseService } from './case.service.js';

/** Cases and their members. */
@Module({ providers: [CaseService, CaseResolver] })
export class CasesModule {}
