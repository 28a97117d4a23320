import { registerEnumType } from '@nestjs/graphql';

/**
 * Every kind of notification, in one list. A feature that tells users about something adds its kind
 * here (and its sentence in the web client's `notifications.kind` texts), then calls
 * NotificationsService.notify. Users mute kinds one by one.
 */
export const NOTIFICATION_KINDS = [
  'CASE_ADDED',
  'SIGHTING_ADDED',
  'FACE_LEADS',
  'CROSS_CASE_MATCH',
  'SIGN_OFF_REQUESTED',
  'SIGN_OFF_GIVEN',
  'TASK_ASSIGNED',
  'TASK_DUE_SOON',
  'TASK_STATUS',
  'MENTIONED',
  'ACCESS_REQUESTED',
  'ACCESS_GRANTED',
  'ACCESS_DECLINED',
  // The public side (modules/public): a tip from the public or a hotline call; a published page due for review.
  'TIP_RECEIVED',
  'PUBLIC_PAGE_EXPIRED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NotificationKindEnum = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, k])) as { [K in NotificationKind]: K };
registerEnumType(NotificationKindEnum, {
  name: 'NotificationKind',
  description: 'What a notification tells: each kind can be muted in the settings.',
});
