import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar, JSONObjectScalar } from '../../base/scalars.js';
import { NotificationKindEnum } from './notifications.kinds.js';

@ObjectType({ description: 'Something that happened that the recipient may want to act on; it links to the thing itself.' })
export class Notification {
  @Field(() => ID) id: string;
  @Field(() => NotificationKindEnum) kind: string;
  @Field(() => ID, { nullable: true, description: 'The case it is about (always one the recipient is a member of now).' })
  caseId: string | null;
  @Field(() => String, { nullable: true, description: 'Who caused it, by name.' }) actorName: string | null;
  @Field(() => JSONObjectScalar, {
    description: 'Strings the sentence and the link are made of: caseReference, caseTitle, taskId, taskTitle, entityId, document…',
  })
  params: Record<string, string>;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => DateTimeScalar, { nullable: true }) readAt: string | null;
}

@ObjectType()
export class NotificationPage {
  @Field(() => [Notification]) items: Notification[];
  @Field(() => Int, { description: 'Unread notifications of cases the caller may see.' }) unreadCount: number;
  @Field(() => Boolean, { description: 'More, older ones follow (ask again with before: the last id).' }) hasMore: boolean;
}

@ObjectType({ description: 'A live change of the inbox: the unread count now and, for a new one, the notification.' })
export class InboxEvent {
  @Field(() => Int) unreadCount: number;
  @Field(() => Notification, { nullable: true }) notification: Notification | null;
}

@ObjectType()
export class NotificationSettings {
  @Field(() => [NotificationKindEnum], { description: 'Kinds the caller does not want to be told about.' }) muted: string[];
}

@InputType()
export class NotificationSettingsInput {
  @Field(() => [NotificationKindEnum]) muted: string[];
}
