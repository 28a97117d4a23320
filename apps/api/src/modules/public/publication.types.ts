import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PUBLIC_FIELDS, type PublicationRecord } from '@homeward/media';
import { DateTimeScalar } from '../../base/scalars.js';

export const PublicFieldEnum = Object.fromEntries(PUBLIC_FIELDS.map((f) => [f, f])) as Record<(typeof PUBLIC_FIELDS)[number], string>;
registerEnumType(PublicFieldEnum, { name: 'PublicField', description: 'A field of the child’s profile a public page may show.' });

export const PublicationStatusEnum = { PUBLISHED: 'PUBLISHED', TAKEN_DOWN: 'TAKEN_DOWN', EXPIRED: 'EXPIRED' } as const;
registerEnumType(PublicationStatusEnum, {
  name: 'PublicationStatus',
  description: 'PUBLISHED: served; TAKEN_DOWN: by a supervisor or because the case left OPEN; EXPIRED: its review date passed.',
});

@ObjectType()
export class PublicHotline {
  @Field(() => String) country: string;
  @Field(() => String, { nullable: true, description: 'Null: the page tells the reader to call the emergency services.' })
  number: string | null;
}

@ObjectType({ description: 'What the public page shows: the chosen fields only (an unchosen one is null).' })
export class PublicContentView {
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => Int, { nullable: true }) ageYears: number | null;
  @Field(() => Boolean) hasPhoto: boolean;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => String, { nullable: true }) clothing: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) lastSeenAt: string | null;
  @Field(() => String, { nullable: true }) lastSeenPlace: string | null;
  @Field(() => Float, { nullable: true }) lastSeenLatitude: number | null;
  @Field(() => Float, { nullable: true }) lastSeenLongitude: number | null;
  @Field(() => [PublicHotline]) hotlines: PublicHotline[];
}

@ObjectType({ description: 'A missing child published on the public site.' })
export class Publication {
  @Field(() => ID) id: string;
  @Field(() => ID) caseId: string;
  @Field(() => ID) personId: string;
  @Field(() => String) country: string;
  @Field(() => PublicationStatusEnum) status: string;
  @Field(() => [PublicFieldEnum]) fields: string[];
  @Field(() => [String]) languages: string[];
  @Field(() => PublicContentView) content: PublicContentView;
  @Field(() => String, { description: 'The public page’s path on this server (/public/GT/pub_…).' }) path: string;
  @Field(() => ID) publishedBy: string;
  @Field(() => DateTimeScalar) publishedAt: string;
  @Field(() => DateTimeScalar) updatedAt: string;
  @Field(() => DateTimeScalar, { description: 'Past this the page expires until a supervisor publishes again.' }) reviewAt: string;
  @Field(() => DateTimeScalar, { nullable: true }) endedAt: string | null;
  @Field(() => ID, { nullable: true, description: 'Null for an automatic end (the case left OPEN, the review date passed).' })
  endedBy: string | null;
  @Field(() => String, { nullable: true }) endReason: string | null;
}

@InputType()
export class PublicationInput {
  @Field(() => [PublicFieldEnum]) fields: string[];
  @Field(() => [String], { description: 'Languages of the page: en, es, fr, pt.' }) languages: string[];
  @Field(() => ID, { nullable: true, description: 'Another child of the case (default: the missing child).' }) personId?: string | null;
}

export const publicPath = (p: Pick<PublicationRecord, 'country' | 'id'>) => `/public/${p.country}/${p.id}`;

export function toPublication(p: PublicationRecord): Publication {
  const c = p.content;
  return {
    id: p.id,
    caseId: p.caseId,
    personId: p.personId,
    country: p.country,
    status: p.status,
    fields: [...p.fields],
    languages: [...p.languages],
    content: {
      name: c.name,
      ageYears: c.ageYears,
      hasPhoto: c.photoSha256 !== null,
      description: c.description,
      clothing: c.clothing,
      lastSeenAt: c.lastSeenAt,
      lastSeenPlace: c.lastSeenPlace,
      lastSeenLatitude: c.lastSeenPoint?.lat ?? null,
      lastSeenLongitude: c.lastSeenPoint?.lon ?? null,
      hotlines: c.hotlines.map((h) => ({ ...h })),
    },
    path: publicPath(p),
    publishedBy: p.publishedBy,
    publishedAt: p.publishedAt,
    updatedAt: p.updatedAt,
    reviewAt: p.reviewAt,
    endedAt: p.endedAt,
    endedBy: p.endedBy,
    endReason: p.endReason,
  };
}
