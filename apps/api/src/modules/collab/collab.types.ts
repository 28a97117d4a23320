import { Field, ID, ObjectType } from '@nestjs/graphql';
import { CollabDocumentEnum } from '../../base/enums.js';
import { DateTimeScalar, JSONObjectScalar } from '../../base/scalars.js';
import { User } from '../cases/case.types.js';

@ObjectType()
export class TimelineEvent {
  @Field(() => ID) id: string;
  @Field(() => DateTimeScalar, { description: 'As written: a date-time with zone, or a date of lower precision (2026-11, 2026-11-20).' })
  at: string;
  @Field(() => String) title: string;
  @Field(() => [ID], { description: 'Graph entities the event is about.' }) entityIds: string[];
  @Field(() => String, { description: 'EVENT (from the co-edited timeline) or SIGHTING (from the graph).' }) kind: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => JSONObjectScalar, { description: 'Every other field the editor stored (precision, source…).' }) fields: Record<
    string,
    unknown
  >;
}

@ObjectType()
export class TimelineProblem {
  @Field(() => ID, { nullable: true }) id: string | null;
  @Field(() => String) reason: string;
}

@ObjectType({ description: 'The case timeline with what could not be placed on it (a malformed date, say).' })
export class Timeline {
  @Field(() => [TimelineEvent]) events: TimelineEvent[];
  @Field(() => [TimelineProblem]) problems: TimelineProblem[];
}

@ObjectType()
export class SignOff {
  @Field(() => ID) id: string;
  @Field(() => ID) caseId: string;
  @Field(() => CollabDocumentEnum) document: string;
  @Field(() => User) signer: User;
  @Field(() => DateTimeScalar) signedAt: string;
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field(() => String, { description: 'SHA-256 of the signed content.' }) contentHash: string;
  signerId: string;
}

@ObjectType({ description: 'A signed version, read-only.' })
export class SignedVersion {
  @Field(() => SignOff) signOff: SignOff;
  @Field(() => Boolean, { description: 'The stored state still hashes to the signed content hash.' }) verified: boolean;
  @Field(() => [TimelineEvent], { nullable: true }) events: TimelineEvent[] | null;
  @Field(() => String, { nullable: true }) notes: string | null;
  @Field(() => String, { description: 'The Yjs state as signed, base64 (apply to a fresh Y.Doc for a read-only view).' }) state: string;
}

@ObjectType()
export class TimelineChange {
  @Field(() => ID) eventId: string;
  @Field(() => String, { description: 'added, changed or removed' }) change: string;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field(() => [User], { description: 'Who edited it since the last sign-off.' }) by: User[];
  @Field(() => DateTimeScalar, { description: 'Time of the last edit.' }) at: string;
  byIds: string[];
}
