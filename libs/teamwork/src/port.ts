/**
 * What a team keeps beside the link graph while it works a case: notifications
 * (with each user's muted kinds), tasks with their comment threads, and access
 * requests between cases of different agencies. One port, an embedded (SQLite)
 * and a Neo4j adapter, one contract suite.
 */

/** A notification as stored: what happened (kind and parameters), for whom, about which case. */
export interface NotificationRecord {
  readonly id: string;
  readonly recipientId: string;
  readonly kind: string;
  /**
   * The case it is about. Read-time rule: a notification about a case the recipient is no
   * longer a member of is not shown (null: about no case).
   */
  readonly caseId: string | null;
  readonly actorId: string | null;
  /** Small strings to render the sentence and the link (a case reference, a task title, an entity id). */
  readonly params: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface NotificationPage {
  /** Among the visible cases (and those about no case); newest first. */
  readonly caseIds: readonly string[];
  readonly limit: number;
  /** Only those created before this one (the id of the last one of the previous page). */
  readonly beforeId?: string | null;
  readonly unreadOnly?: boolean;
}

export interface NotificationStore {
  add(records: readonly NotificationRecord[]): Promise<void>;
  /**
   * Adds the records only if nobody has claimed `key` before (ever, from any process), and claims it,
   * atomically: true when added. For what must be told once however often its cause is seen again
   * (a mention in the notes, keyed by case and mention id, re-sent by a reconnecting client or redone).
   */
  addOnce(key: string, records: readonly NotificationRecord[], at: string): Promise<boolean>;
  list(recipientId: string, page: NotificationPage): Promise<NotificationRecord[]>;
  unreadCount(recipientId: string, caseIds: readonly string[]): Promise<number>;
  /** Marks the recipient's notifications read (the given ids, or every one); returns how many changed. */
  markRead(recipientId: string, ids: readonly string[] | 'all', at: string): Promise<number>;
  mutedKinds(userId: string): Promise<string[]>;
  setMutedKinds(userId: string, kinds: readonly string[]): Promise<void>;
}

export const TASK_STATUSES = ['OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
/** Where a task was created from: an entity of the graph, a timeline event, or nowhere in particular. */
export const TASK_SOURCES = ['ENTITY', 'TIMELINE_EVENT'] as const;
export type TaskSourceKind = (typeof TASK_SOURCES)[number];

export interface TaskRecord {
  readonly id: string;
  readonly caseId: string;
  readonly title: string;
  readonly description: string;
  readonly assigneeId: string | null;
  /** ISO 8601, or null for no due time. */
  readonly due: string | null;
  readonly priority: TaskPriority;
  readonly status: TaskStatus;
  readonly entityIds: readonly string[];
  readonly sourceKind: TaskSourceKind | null;
  readonly sourceId: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
  /** When its assignee was told it is due soon (once per due time). */
  readonly dueNotifiedAt: string | null;
}

export type TaskPatch = Partial<Pick<TaskRecord, 'title' | 'description' | 'assigneeId' | 'due' | 'priority' | 'status' | 'entityIds'>>;

/** A task after a change, the same for every adapter: a new due time is told again when it comes near. */
export function nextTask(before: TaskRecord, patch: TaskPatch, by: string, at: string): TaskRecord {
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as TaskPatch;
  return {
    ...before,
    ...set,
    updatedBy: by,
    updatedAt: at,
    dueNotifiedAt: set.due !== undefined && set.due !== before.due ? null : before.dueNotifiedAt,
  };
}

export interface TaskComment {
  readonly id: string;
  readonly taskId: string;
  readonly caseId: string;
  readonly authorId: string;
  readonly body: string;
  readonly mentionedUserIds: readonly string[];
  readonly mentionedEntityIds: readonly string[];
  readonly createdAt: string;
}

export interface TaskStore {
  create(t: TaskRecord): Promise<TaskRecord>;
  get(id: string): Promise<TaskRecord | null>;
  /** Applies the patch if the task exists; returns it as it is now (null when there is none). Clears dueNotifiedAt when the due time moves. */
  update(id: string, patch: TaskPatch, by: string, at: string): Promise<TaskRecord | null>;
  ofCase(caseId: string): Promise<TaskRecord[]>;
  /** Tasks assigned to a user in the given cases, open and in progress first; due soonest first. */
  assignedTo(userId: string, caseIds: readonly string[]): Promise<TaskRecord[]>;
  /** Open and in-progress tasks of the given cases. */
  openIn(caseIds: readonly string[]): Promise<TaskRecord[]>;
  /** Open or in-progress tasks with an assignee, due before `before`, not yet told: each is marked told (returned once). */
  claimDueSoon(before: string, at: string): Promise<TaskRecord[]>;
  addComment(c: TaskComment): Promise<TaskComment>;
  comments(taskId: string): Promise<TaskComment[]>;
}

export const ACCESS_REQUEST_STATUSES = ['PENDING', 'GRANTED', 'DECLINED'] as const;
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

export interface AccessRequestRecord {
  readonly id: string;
  /** The requester's case, the one that matched. */
  readonly fromCaseId: string;
  /** The case asked for (never shown to the requester before a grant). */
  readonly toCaseId: string;
  readonly requesterId: string;
  readonly reason: 'SAME_ENTITY' | 'SAME_IDENTIFIER';
  /** For SAME_IDENTIFIER: the kind of identifier (plate, vin, phone, imei, handle), never its value. */
  readonly identifierKind: string | null;
  readonly message: string;
  readonly status: AccessRequestStatus;
  readonly createdAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionReason: string | null;
  readonly grantedRole: string | null;
}

/** A case outside the caller's scope matching one of the case's entities (server-side only: never sent as is). */
export interface HiddenCaseMatch {
  readonly entityId: string;
  readonly otherCaseId: string;
  readonly reason: 'SAME_ENTITY' | 'SAME_IDENTIFIER';
  /** The identifier kind for SAME_IDENTIFIER (plate, vin, phone, imei, handle). */
  readonly identifierKind: string | null;
}

export interface AccessRequestStore {
  /**
   * Inserts the request unless one for the same pair of cases was made after `notBefore`;
   * returns null in that case (the pair's limit), the request otherwise.
   */
  create(r: AccessRequestRecord, notBefore: string): Promise<AccessRequestRecord | null>;
  get(id: string): Promise<AccessRequestRecord | null>;
  /** Requests asking for the given cases (incoming), newest first. */
  toCases(caseIds: readonly string[]): Promise<AccessRequestRecord[]>;
  /** Requests a user made, newest first. */
  byRequester(userId: string): Promise<AccessRequestRecord[]>;
  /** Decides a pending request (conditionally: a second decision returns null). */
  decide(
    id: string,
    d: { status: 'GRANTED' | 'DECLINED'; decidedBy: string; decidedAt: string; reason: string | null; grantedRole: string | null },
  ): Promise<AccessRequestRecord | null>;
  /**
   * Cases other than `caseId` holding one of the entities of `caseId` (or, when given, one of
   * `entityIds`), or an entity with the same identifier (plate, VIN, phone number, IMEI, handle).
   * Server-side only: these ids are never sent to a user who is not a member of those cases.
   */
  matchingCases(caseId: string, entityIds?: readonly string[] | null): Promise<HiddenCaseMatch[]>;
}

export interface TeamworkStore {
  readonly notifications: NotificationStore;
  readonly tasks: TaskStore;
  readonly accessRequests: AccessRequestStore;
}
