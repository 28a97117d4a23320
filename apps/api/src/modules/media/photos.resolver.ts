import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../base/context.js';
import { PhotoService } from './photos.service.js';
import { Photo, toPhoto } from './photos.types.js';

@Resolver(() => Photo)
export class PhotoResolver {
  constructor(private readonly service: PhotoService) {}

  @Query(() => [Photo], { description: 'Photos attached to an entity in a case, oldest first (upload: POST /media/photos).' })
  async photos(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('entityId', { type: () => ID }) entityId: string,
  ): Promise<Photo[]> {
    return (await this.service.list(ctx, caseId, entityId)).map(toPhoto);
  }
}
