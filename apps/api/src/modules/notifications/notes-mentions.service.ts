import { Inject, Injectable } from '@nestjs/common';
import { mentionsAdded, type DocumentKind } from '@homeward/collab';
import { log } from '../../base/log.js';
import type { AppStores } from '../../base/stores.js';
import { STORES } from '../../base/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { NotificationsService } from './notifications.service.js';

/** Updates of the notes stored within this long are read together, per case. */
export const MENTION_BATCH_MS = 150;
/** At most this many stored updates wait to be read; past it the oldest are dropped (and said so in the log). */
const MAX_PENDING = 5000;

interface Stored {
  readonly userId: string;
  readonly update: Uint8Array;
}

/**
 * Mentions of members in the case notes (issue 19): the collaboration server hands every update it
 * stored (after it is durable, on the process that stored it, see CollabEvents.onUpdate) to
 * `updateStored`, which only queues it; a moment later the queued updates are read per case
 * (libs/collab mentionsAdded), and each member mentioned is told once ("MENTIONED", about the notes),
 * when they are still a member of the case, have not muted mentions and are not the author. Once is
 * for good: the notification is keyed by case and mention id in the notification store, so a client
 * re-sending its updates, an undo and redo, or another replica never tells twice.
 */
@Injectable()
export class NotesMentionsService {
  private pending = new Map<string, Stored[]>();
  private count = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    @Inject(STORES) private readonly stores: AppStores,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /** Cheap and synchronous: the room's queue goes on at once. */
  updateStored(e: {
    readonly userId: string;
    readonly caseId: string;
    readonly document: DocumentKind;
    readonly update: Uint8Array;
  }): void {
    if (e.document !== 'notes') return;
    if (this.count >= MAX_PENDING) {
      log('warn', 'notes mentions: too many updates waiting, the oldest batch is dropped', { pending: this.count });
      this.pending = new Map();
      this.count = 0;
    }
    let list = this.pending.get(e.caseId);
    if (!list) this.pending.set(e.caseId, (list = []));
    list.push({ userId: e.userId, update: e.update });
    this.count++;
    this.timer ??= setTimeout(() => this.flush(), MENTION_BATCH_MS);
  }

  /** Reads what is queued now and waits for every read so far (the server's shutdown, tests). */
  async drain(): Promise<void> {
    this.flush();
    await this.running;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.count === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.count = 0;
    this.running = this.running.then(async () => {
      for (const [caseId, updates] of batch) {
        await this.tell(caseId, updates).catch((err: unknown) =>
          log('error', 'notes mentions not told', { caseId, message: err instanceof Error ? err.message : String(err) }),
        );
      }
    });
  }

  private async tell(caseId: string, updates: readonly Stored[]): Promise<void> {
    // mention id -> who is mentioned and who wrote it (the first update that added it).
    const found = new Map<string, { userId: string; authorId: string }>();
    for (const u of updates)
      for (const m of mentionsAdded(u.update))
        if (!found.has(m.mentionId)) found.set(m.mentionId, { userId: m.userId, authorId: u.userId });
    if (found.size === 0) return;
    // Read once per case and batch: only members are told (notify checks again, with the mutes).
    const members = new Set((await this.stores.cases.members(caseId)).filter((m) => !m.disabled).map((m) => m.id));
    for (const [mentionId, m] of found) {
      if (m.userId === m.authorId || !members.has(m.userId)) continue;
      const told = await this.notifications.notify({
        kind: 'MENTIONED',
        caseId,
        recipients: [m.userId],
        actorId: m.authorId,
        params: { document: 'NOTES' },
        onceKey: `notes-mention:${caseId}:${mentionId}`,
      });
      if (told === 0) continue;
      await this.audit.record(null, {
        action: 'notes.mention',
        outcome: 'success',
        actorId: m.authorId,
        agencyId: null,
        caseId,
        targetType: 'user',
        targetId: m.userId,
        details: { mentionId },
      });
    }
  }
}
