import { Inject, Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { badInput, newId, type Role } from '@homeward/domain';
import type { NotificationRecord } from '@homeward/teamwork';
import type { IntBounds } from '../../base/args.js';
import type { ClusterBus } from '../../base/cluster.js';
import type { RequestContext } from '../../base/context.js';
import { log } from '../../base/log.js';
import type { AppStores } from '../../base/stores.js';
import { CLUSTER, STORES } from '../../base/tokens.js';
import { AccessService } from '../auth/access.service.js';
import { Revocations } from '../auth/revocations.js';
import { NOTIFICATION_KINDS, type NotificationKind } from './notifications.kinds.js';

/** One page of the inbox. */
export const INBOX_PAGE: IntBounds = { default: 30, min: 1, max: 100 };
/** The Redis channel of inbox changes (several replicas: a user's subscription may be on any of them). */
const CHANNEL = 'notifications';
/** A subscriber that does not read its events is cut off past this many. */
const MAX_QUEUE = 200;
/** Parameters are short strings for a sentence and a link; anything longer is cut. */
const MAX_PARAM = 300;

/** What a feature asks to tell. */
export interface NotifyInput {
  readonly kind: NotificationKind;
  /**
   * The case it is about, or null. Only members of that case are told, and a notification of a case
   * the recipient is no longer a member of is never shown again.
   */
  readonly caseId: string | null;
  readonly recipients: readonly string[];
  /** Who caused it: never told about their own action. */
  readonly actorId?: string | null;
  /** Strings for the sentence and the link (the case's reference and title are added when caseId is set). */
  readonly params?: Readonly<Record<string, string>>;
  /**
   * Told once for good under this key (across replicas and restarts): a second notify with the same
   * key tells nobody. For causes that may be seen again (a mention in the notes redone or re-sent).
   */
  readonly onceKey?: string;
}

export interface NotificationView {
  readonly id: string;
  readonly kind: string;
  readonly caseId: string | null;
  readonly actorName: string | null;
  readonly params: Record<string, string>;
  readonly createdAt: string;
  readonly readAt: string | null;
}

interface BusEvent {
  readonly userId: string;
  readonly notification: NotificationRecord | null;
}

/**
 * Notifications: other features call `notify` (or `notifyCase`) when something happens; users read
 * their inbox and follow it live. Need-to-know holds at every read: the case of a notification is
 * checked against the recipient's cases when the inbox is read, counted or pushed, so one of a case
 * they were removed from disappears (it is kept, and comes back if they are added again).
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnModuleDestroy {
  private readonly bus = new EventEmitter();
  private unlisten: (() => void) | null = null;

  constructor(
    @Inject(STORES) private readonly stores: AppStores,
    private readonly access: AccessService,
    private readonly revocations: Revocations,
    @Optional() @Inject(CLUSTER) private readonly cluster: ClusterBus | null = null,
  ) {
    this.bus.setMaxListeners(0);
  }

  async onModuleInit(): Promise<void> {
    // A member removed from a case: their unread count changes now.
    this.unlisten = this.revocations.onRevoked((r) => {
      if (r.userId) this.bus.emit(r.userId, { userId: r.userId, notification: null } satisfies BusEvent);
    });
    if (!this.cluster) return;
    await this.cluster.subscribe(CHANNEL, (message) => {
      try {
        const e = JSON.parse(message.toString('utf8')) as BusEvent;
        if (typeof e?.userId === 'string') this.bus.emit(e.userId, e);
      } catch {
        log('warn', 'inbox event from another replica dropped: not JSON');
      }
    });
  }

  onModuleDestroy(): void {
    this.unlisten?.();
  }

  private publish(e: BusEvent): void {
    if (!this.cluster) {
      this.bus.emit(e.userId, e);
      return;
    }
    this.cluster.publish(CHANNEL, Buffer.from(JSON.stringify(e))).catch((err: unknown) => {
      // Stored already: the inbox shows it at the next read; only the live push is lost.
      log('error', 'inbox event not published to the replicas', { message: err instanceof Error ? err.message : String(err) });
    });
  }

  /**
   * Tells the recipients (members of the case, when there is one; not the actor; not those who muted
   * the kind). Returns how many were told. Never throws for a recipient who cannot be told.
   */
  async notify(n: NotifyInput): Promise<number> {
    let recipients = [...new Set(n.recipients)].filter((id) => id !== n.actorId);
    const params: Record<string, string> = {};
    if (n.caseId) {
      const c = await this.stores.cases.getCase(n.caseId);
      if (!c) return 0;
      const members = new Set((await this.stores.cases.members(n.caseId)).map((m) => m.id));
      recipients = recipients.filter((id) => members.has(id));
      params.caseReference = c.reference;
      params.caseTitle = c.title;
    }
    for (const [k, v] of Object.entries(n.params ?? {})) params[k] = String(v).slice(0, MAX_PARAM);
    const muted = await Promise.all(recipients.map((id) => this.stores.teamwork.notifications.mutedKinds(id)));
    recipients = recipients.filter((_, i) => !muted[i].includes(n.kind));
    if (recipients.length === 0) return 0;
    const createdAt = new Date().toISOString();
    const records: NotificationRecord[] = recipients.map((recipientId) => ({
      id: newId('ntf'),
      recipientId,
      kind: n.kind,
      caseId: n.caseId,
      actorId: n.actorId ?? null,
      params,
      createdAt,
      readAt: null,
    }));
    if (n.onceKey) {
      if (!(await this.stores.teamwork.notifications.addOnce(n.onceKey, records, createdAt))) return 0;
    } else {
      await this.stores.teamwork.notifications.add(records);
    }
    for (const r of records) this.publish({ userId: r.recipientId, notification: r });
    return records.length;
  }

  /** Tells the members of a case (of the given roles, when given), except the actor and `except`. */
  async notifyCase(
    caseId: string,
    kind: NotificationKind,
    params: Readonly<Record<string, string>> = {},
    opts: { actorId?: string | null; roles?: readonly Role[]; except?: readonly string[] } = {},
  ): Promise<number> {
    const members = await this.stores.cases.members(caseId);
    const recipients = members
      .filter((m) => !m.disabled && (!opts.roles || opts.roles.includes(m.role)) && !(opts.except ?? []).includes(m.id))
      .map((m) => m.id);
    return this.notify({ kind, caseId, recipients, actorId: opts.actorId ?? null, params });
  }

  /**
   * `notify` for side effects of another action: the action has happened and is not undone because
   * telling failed, so a failure is logged (and the inbox misses this one) instead of thrown.
   */
  later(work: () => Promise<unknown>): void {
    void work().catch((err: unknown) =>
      log('error', 'notification not sent', { message: err instanceof Error ? err.message : String(err) }),
    );
  }

  /** The cases a user may see now, read fresh (a removal a moment ago counts). */
  private async visibleCases(userId: string): Promise<string[]> {
    return this.stores.cases.caseIdsOfUser(userId);
  }

  private async views(records: readonly NotificationRecord[]): Promise<NotificationView[]> {
    const actorIds = [...new Set(records.map((r) => r.actorId).filter((id): id is string => !!id))];
    const names = new Map((await this.stores.accounts.getUsers(actorIds)).map((u) => [u.id, u.displayName]));
    return records.map((r) => ({
      id: r.id,
      kind: r.kind,
      caseId: r.caseId,
      actorName: r.actorId ? (names.get(r.actorId) ?? null) : null,
      params: { ...r.params },
      createdAt: r.createdAt,
      readAt: r.readAt,
    }));
  }

  async inbox(ctx: RequestContext, before: string | null, limit: number, unreadOnly: boolean) {
    const p = this.access.principal(ctx);
    const caseIds = await this.visibleCases(p.userId);
    const rows = await this.stores.teamwork.notifications.list(p.userId, { caseIds, limit: limit + 1, beforeId: before, unreadOnly });
    const unreadCount = await this.stores.teamwork.notifications.unreadCount(p.userId, caseIds);
    return { items: await this.views(rows.slice(0, limit)), unreadCount, hasMore: rows.length > limit };
  }

  async markRead(ctx: RequestContext, ids: readonly string[] | 'all'): Promise<number> {
    const p = this.access.principal(ctx);
    if (ids !== 'all' && ids.length > 500) throw badInput('ids', 'at most 500 at once');
    const n = await this.stores.teamwork.notifications.markRead(p.userId, ids, new Date().toISOString());
    if (n > 0) this.publish({ userId: p.userId, notification: null });
    return n;
  }

  async settings(ctx: RequestContext): Promise<{ muted: string[] }> {
    const p = this.access.principal(ctx);
    return { muted: await this.stores.teamwork.notifications.mutedKinds(p.userId) };
  }

  async setSettings(ctx: RequestContext, muted: readonly string[]): Promise<{ muted: string[] }> {
    const p = this.access.principal(ctx);
    muted.forEach((k, i) => {
      if (!(NOTIFICATION_KINDS as readonly string[]).includes(k)) throw badInput(`input.muted.${i}`, `unknown kind ${k}`);
    });
    await this.stores.teamwork.notifications.setMutedKinds(p.userId, muted);
    return this.settings(ctx);
  }

  /**
   * The caller's inbox, live: the unread count at once, then at each change (a new notification, some
   * read elsewhere, a case left) the count again and the new notification if its case is still theirs.
   */
  subscribe(ctx: RequestContext): AsyncIterableIterator<{ inboxChanged: { unreadCount: number; notification: NotificationView | null } }> {
    const userId = this.access.principal(ctx).userId;
    type Out = { inboxChanged: { unreadCount: number; notification: NotificationView | null } };
    const queue: BusEvent[] = [{ userId, notification: null }];
    let wake: (() => void) | null = null;
    let ended = false;
    const onEvent = (e: BusEvent) => {
      if (queue.length >= MAX_QUEUE) return end();
      queue.push(e);
      wake?.();
    };
    const end = () => {
      ended = true;
      this.bus.off(userId, onEvent);
      wake?.();
    };
    this.bus.on(userId, onEvent);
    const iterator: AsyncIterableIterator<Out> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (queue.length === 0 && !ended) await new Promise<void>((r) => (wake = r));
        wake = null;
        const e = queue.shift();
        if (!e || ended) return { value: undefined, done: true };
        const caseIds = await this.visibleCases(userId);
        const unreadCount = await this.stores.teamwork.notifications.unreadCount(userId, caseIds);
        const n = e.notification;
        const shown = n && (n.caseId === null || caseIds.includes(n.caseId)) ? (await this.views([n]))[0] : null;
        return { value: { inboxChanged: { unreadCount, notification: shown } }, done: false };
      },
      return: async () => {
        end();
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }

  /** Asks the case's supervisors (members) to sign off its notes or timeline; returns how many were told. */
  async requestSignOff(ctx: RequestContext, caseId: string, document: string, note: string | null): Promise<number> {
    // Asking for a sign-off is for those who write the document (a read-only member has nothing to hand in).
    const p = await this.access.onCase(ctx, caseId, document === 'NOTES' ? 'notes.edit' : 'timeline.edit');
    const text = (note ?? '').trim();
    if (text.length > 500) throw badInput('note', 'at most 500 characters');
    return this.notifyCase(caseId, 'SIGN_OFF_REQUESTED', { document, note: text }, { actorId: p.userId, roles: ['SUPERVISOR'] });
  }

  /**
   * After entities were added to a case or their identifiers changed: when another case holds one of
   * them, or an entity with the same identifier, the members of both cases are told there is a new
   * cross-case match for their own case, and nothing of the other (no case, no actor's name there).
   */
  async crossCaseMatch(caseId: string, entityIds: readonly string[], actorId: string): Promise<void> {
    const matches = await this.stores.teamwork.accessRequests.matchingCases(caseId, entityIds);
    if (matches.length === 0) return;
    await this.notifyCase(caseId, 'CROSS_CASE_MATCH', { entityId: matches[0].entityId }, { actorId });
    for (const other of new Set(matches.map((m) => m.otherCaseId))) await this.notifyCase(other, 'CROSS_CASE_MATCH', {});
  }
}
