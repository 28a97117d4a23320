import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { PhotoRecord } from '@homeward/media';
import { DateTimeScalar } from '../../base/scalars.js';

@ObjectType({ description: 'A photo attached to an entity of a case. The original is kept unchanged; its SHA-256 is its evidence hash.' })
export class Photo {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'SHA-256 (hex) of the original bytes as uploaded.' }) sha256: string;
  @Field(() => ID) caseId: string;
  @Field(() => ID) entityId: string;
  @Field(() => String) entityKind: string;
  @Field(() => String) mime: string;
  @Field(() => Int, { description: 'Bytes of the original.' }) size: number;
  @Field(() => Int) width: number;
  @Field(() => Int) height: number;
  @Field(() => ID) uploadedBy: string;
  @Field(() => DateTimeScalar) uploadedAt: string;
  @Field(() => String, { nullable: true }) caption: string | null;
  @Field(() => String, { description: 'Where the thumbnail is served (Bearer token required; each view is audited).' })
  thumbnailUrl: string;
  @Field(() => String, { description: 'Where the original is served (Bearer token required; each download is audited).' })
  originalUrl: string;
}

export function toPhoto(p: PhotoRecord): Photo {
  return {
    ...p,
    thumbnailUrl: `/media/photos/${encodeURIComponent(p.id)}/thumbnail`,
    originalUrl: `/media/photos/${encodeURIComponent(p.id)}/original`,
  };
}
