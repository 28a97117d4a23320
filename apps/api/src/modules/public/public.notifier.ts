import type { PublicationRecord, TipRecord } from '@homeward/media';

/** Where the public side tells people about what needs them: a new tip, a page whose review date passed. */
export const PUBLIC_NOTIFIER = Symbol('PUBLIC_NOTIFIER');

export interface PublicNotifier {
  /** A tip arrived (members of the case also see it live in the tips inbox). */
  tipReceived(tip: TipRecord): Promise<void>;
  /** A page expired for review (the publication list shows it as EXPIRED; the audit trail has the record). */
  pageExpired(publication: PublicationRecord): Promise<void>;
}

/**
 * The notifier until a notification service exists to deliver these: the
 * events are already visible where members look (the live tips inbox, the
 * publication's status, the audit trail), so this adds nothing. The public
 * module provides PUBLIC_NOTIFIER with it; a notification module replaces
 * that one provider.
 */
export class InboxOnlyNotifier implements PublicNotifier {
  async tipReceived(): Promise<void> {}
  async pageExpired(): Promise<void> {}
}
