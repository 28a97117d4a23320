import { Module } from '@nestjs/common';
import { CrossCaseResolver } from './crosscase.resolver.js';
import { CrossCaseService } from './crosscase.service.js';

/** Cross-case links and notices of matches elsewhere; stores and access come from the global core module. */
@Module({ providers: [CrossCaseService, CrossCaseResolver] })
export class CrossCaseModule {}
