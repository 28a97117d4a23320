import { Injectable } from '@nestjs/common';
import type { PublicationRecord, TipRecord } from '@homeward/media';
import { NotificationsService } from '../notifications/notifications.service.js';

/** Where the public side tells people about what needs them: a new tip, a page whose review date passed. */
export const PUBLIC_NOTIFIER = Symbol('PUBLIC_NOTIFIER');

export interface PublicNotifier {
  /** A tip arrived (members of the case also see it live in the tips inbox). */
  tipReceived(tip: TipRecord): Promise<void>;
  /** A page expired for review (the publication list shows it as EXPIRED; the audit trail has the record). */
  pageExpired(publication: PublicationRecord): Promise<void>;
}

/**
 * Through the notification service (the members' inbox, live, mutable per kind): a new tip to the
 * case's investigators and supervisors, an expired page to its supervisors. Only members of the
 * case are told (the service checks).
 */
@Injectable()
export class InboxNotifier implements PublicNotifier {
  constructor(private readonly notifications: NotificationsService) {}

  async tipReceived(tip: TipRecord): Promise<void> {
    await this.notifications.notifyCase(
      tip.caseId,
      'TIP_RECEIVED',
      { tipId: tip.id },
      {
        roles: ['INVESTIGATOR', 'SUPERVISOR'],
        actorId: tip.receivedBy,
      },
    );
  }

  async pageExpired(p: PublicationRecord): Promise<void> {
    await this.notifications.notifyCase(p.caseId, 'PUBLIC_PAGE_EXPIRED', { publicationId: p.id }, { roles: ['SUPERVISOR'] });
  }
}
