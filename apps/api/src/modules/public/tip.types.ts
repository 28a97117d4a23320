import { Field, Float, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { TipRecord } from '@homeward/media';
import { DateTimeScalar } from '../../base/scalars.js';

export const TipStatusEnum = { NEW: 'NEW', ACCEPTED: 'ACCEPTED', MERGED: 'MERGED', DISMISSED: 'DISMISSED' } as const;
registerEnumType(TipStatusEnum, {
  name: 'TipStatus',
  description: 'NEW: unverified; ACCEPTED: became a sighting; MERGED: joined to an existing sighting; DISMISSED: with a reason.',
});
export const TipChannelEnum = { PUBLIC: 'PUBLIC', HOTLINE: 'HOTLINE' } as const;
registerEnumType(TipChannelEnum, { name: 'TipChannel', description: 'The public page’s form, or a hotline call taken by a member.' });

@ObjectType({ description: 'Information from the public about a case: unverified until an investigator decides.' })
export class Tip {
  @Field(() => ID) id: string;
  @Field(() => ID) caseId: string;
  @Field(() => ID, { nullable: true }) publicationId: string | null;
  @Field(() => TipChannelEnum) channel: string;
  @Field(() => TipStatusEnum) status: string;
  @Field(() => DateTimeScalar) receivedAt: string;
  @Field(() => Boolean, { description: 'Sent after the page was taken down (tips are taken for 7 more days).' }) late: boolean;
  @Field(() => String) what: string;
  @Field(() => DateTimeScalar, { nullable: true }) seenAt: string | null;
  @Field(() => String, { nullable: true }) place: string | null;
  @Field(() => Float, { nullable: true }) latitude: number | null;
  @Field(() => Float, { nullable: true }) longitude: number | null;
  @Field(() => String, { nullable: true }) contact: string | null;
  @Field(() => Boolean) hasPhoto: boolean;
  @Field(() => Float, { nullable: true, description: 'Where the photo’s EXIF said it was taken (removed from the stored photo).' })
  photoLatitude: number | null;
  @Field(() => Float, { nullable: true }) photoLongitude: number | null;
  @Field(() => String, { nullable: true }) callerPhone: string | null;
  @Field(() => String, { nullable: true }) hotline: string | null;
  @Field(() => ID, { nullable: true }) receivedBy: string | null;
  @Field(() => ID, { nullable: true }) decidedBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt: string | null;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => ID, { nullable: true }) sightingId: string | null;
}

@ObjectType({ description: 'A tip arrived or was decided in the case: read caseTips again.' })
export class TipsChanged {
  @Field(() => ID) caseId: string;
  @Field(() => ID) tipId: string;
}

@InputType()
export class AcceptTipInput {
  @Field(() => ID, { nullable: true, description: 'A place of the case; otherwise a new place is made from the position.' })
  locationId?: string | null;
  @Field(() => Float, { nullable: true, description: 'Default: the tip’s position, else its photo’s.' }) latitude?: number | null;
  @Field(() => Float, { nullable: true }) longitude?: number | null;
  @Field(() => String, { nullable: true }) placeName?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Default: when the tip says, else when it arrived.' })
  observedAt?: string | null;
}

@InputType({ description: 'A hotline call’s information, taken by a signed-in call-taker.' })
export class HotlineTipInput {
  @Field(() => String) what: string;
  @Field(() => DateTimeScalar, { nullable: true }) seenAt?: string | null;
  @Field(() => String, { nullable: true }) place?: string | null;
  @Field(() => Float, { nullable: true }) latitude?: number | null;
  @Field(() => Float, { nullable: true }) longitude?: number | null;
  @Field(() => String, { nullable: true, description: 'How to reach the caller again, if they agree.' }) contact?: string | null;
  @Field(() => String) callerPhone: string;
  @Field(() => String, { description: 'The hotline that took the call: 116 000, or a national number.' }) hotline: string;
}

export function toTip(t: TipRecord): Tip {
  const c = t.content;
  return {
    id: t.id,
    caseId: t.caseId,
    publicationId: t.publicationId,
    channel: t.channel,
    status: t.status,
    receivedAt: t.receivedAt,
    late: t.late,
    what: c.what,
    seenAt: c.seenAt,
    place: c.place,
    latitude: c.latitude,
    longitude: c.longitude,
    contact: c.contact,
    hasPhoto: c.photo !== null,
    photoLatitude: c.photoLocation?.lat ?? null,
    photoLongitude: c.photoLocation?.lon ?? null,
    callerPhone: c.callerPhone,
    hotline: c.hotline,
    receivedBy: t.receivedBy,
    decidedBy: t.decidedBy,
    decidedAt: t.decidedAt,
    reason: t.reason,
    sightingId: t.sightingId,
  };
}
