import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
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

@ObjectType({ description: 'One field of a timeline event before and after, as text to show (linked entities by their names).' })
export class ReviewFieldChange {
  @Field(() => String, { description: 'title, at, description, entityIds, or another field the editor stored.' }) field: string;
  @Field(() => String, { nullable: true, description: 'Null where the field (or the event) did not exist.' }) before: string | null;
  @Field(() => String, { nullable: true }) after: string | null;
}

@ObjectType({ description: "One person's change to a timeline event (their edits within a few minutes of each other)." })
export class TimelineEventEdit {
  @Field(() => User, { nullable: true, description: 'Null for an account since removed.' }) by: User | null;
  @Field(() => DateTimeScalar, { description: 'The first edit of this change.' }) from: string;
  @Field(() => DateTimeScalar, { description: 'The last edit of this change.' }) at: string;
  @Field(() => String, { description: 'added, changed or removed' }) change: string;
  @Field(() => [ReviewFieldChange]) fields: ReviewFieldChange[];
}

@ObjectType({ description: 'A timeline event that differs from the signed timeline.' })
export class TimelineEventDiff {
  @Field(() => ID) eventId: string;
  @Field(() => String, { description: 'added, changed or removed' }) change: string;
  @Field(() => String, { nullable: true, description: 'The title now (as signed, for a removed event).' }) title: string | null;
  @Field(() => [ReviewFieldChange], { description: 'Signed value -> value now, for each field that differs.' }) fields: ReviewFieldChange[];
  @Field(() => [TimelineEventEdit], { description: 'Each change since the sign-off, oldest first, with its author and time.' })
  edits: TimelineEventEdit[];
}

@ObjectType({ description: 'A run of the notes: as signed, inserted or deleted since (with who and when).' })
export class NotesDiffRun {
  @Field(() => String, { description: 'same, added or removed' }) kind: string;
  @Field(() => String) text: string;
  @Field(() => User, { nullable: true }) by: User | null;
  @Field(() => DateTimeScalar, { nullable: true }) at: string | null;
}

@ObjectType({ description: 'What changed in a case document since its last sign-off (since it began, when never signed).' })
export class ReviewDiff {
  @Field(() => CollabDocumentEnum) document: string;
  @Field(() => SignOff, { nullable: true, description: 'The sign-off compared with.' }) since: SignOff | null;
  @Field(() => [TimelineEventDiff], { nullable: true, description: 'Timeline: the events that differ, by their last change.' })
  events: TimelineEventDiff[] | null;
  @Field(() => [NotesDiffRun], { nullable: true, description: 'Notes: the whole text as runs.' }) notes: NotesDiffRun[] | null;
  @Field(() => Int, { description: 'Events added, or characters inserted in the notes.' }) added: number;
  @Field(() => Int, { description: 'Events removed, or characters deleted from the notes.' }) removed: number;
  @Field(() => Int, { description: 'Events changed (0 for the notes).' }) changed: number;
}
