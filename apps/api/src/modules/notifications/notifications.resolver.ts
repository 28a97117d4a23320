import { Args, Context, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { IntArg } from '../../base/args.js';
import type { RequestContext } from '../../base/context.js';
import { CollabDocumentEnum } from '../../base/enums.js';
import { INBOX_PAGE, NotificationsService } from './notifications.service.js';
import { InboxEvent, NotificationPage, NotificationSettings, NotificationSettingsInput } from './notifications.types.js';

@Resolver()
export class NotificationsResolver {
  constructor(private readonly service: NotificationsService) {}

  @Query(() => NotificationPage, { description: "The caller's notifications, newest first, of cases they may see now." })
  notifications(
    @Context() ctx: RequestContext,
    @Args('before', { type: () => ID, nullable: true, description: 'The last id of the previous page.' }) before: string | null,
    @IntArg('limit', INBOX_PAGE) limit: number,
    @Args('unreadOnly', { type: () => Boolean, nullable: true }) unreadOnly: boolean | null,
  ) {
    return this.service.inbox(ctx, before ?? null, limit, unreadOnly ?? false);
  }

  @Query(() => NotificationSettings)
  notificationSettings(@Context() ctx: RequestContext) {
    return this.service.settings(ctx);
  }

  @Mutation(() => NotificationSettings, { description: 'Which kinds of notification the caller is not told about.' })
  setNotificationSettings(
    @Context() ctx: RequestContext,
    @Args('input', { type: () => NotificationSettingsInput }) input: NotificationSettingsInput,
  ) {
    return this.service.setSettings(ctx, input.muted);
  }

  @Mutation(() => Int, { description: 'Marks notifications of the caller read (the given ones); returns how many changed.' })
  markNotificationsRead(@Context() ctx: RequestContext, @Args('ids', { type: () => [ID] }) ids: string[]) {
    return this.service.markRead(ctx, ids);
  }

  @Mutation(() => Int, { description: 'Marks every notification of the caller read; returns how many changed.' })
  markAllNotificationsRead(@Context() ctx: RequestContext) {
    return this.service.markRead(ctx, 'all');
  }

  @Mutation(() => Int, { description: "Asks the case's supervisors to sign off its notes or timeline; returns how many were told." })
  requestSignOff(
    @Context() ctx: RequestContext,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('document', { type: () => CollabDocumentEnum }) document: string,
    @Args('note', { type: () => String, nullable: true }) note: string | null,
  ) {
    return this.service.requestSignOff(ctx, caseId, document, note);
  }

  @Subscription(() => InboxEvent, { description: "The caller's unread count at once and at each change, with each new notification." })
  inboxChanged(@Context() ctx: RequestContext) {
    return this.service.subscribe(ctx);
  }
}
