import { Module } from '@nestjs/common';
import { MergePeopleResolver, RejectedPairPeopleResolver } from './merge-people.resolver.js';
import { ResolutionResolver } from './resolution.resolver.js';
import { ResolutionService } from './resolution.service.js';

/** Entity resolution (candidates, rejections, merge and undo); stores, access and graph events come from the global core module. */
@Module({ providers: [ResolutionService, ResolutionResolver, MergePeopleResolver, RejectedPairPeopleResolver] })
export class ResolutionModule {}
