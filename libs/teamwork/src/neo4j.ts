import { randomUUID } from 'node:crypto';
import { DriverRunner, int, type Row, type TxRunner } from '@homeward/neo4j-kit';
import type { Driver } from 'neo4j-driver';
import { dedupeMatches } from './embedded';
import { IDENTIFIER_PREFIXES, identifierKindOf } from './identifiers';
import {
  nextTask,
  type AccessRequestRecord,
  type AccessRequestStore,
  type HiddenCaseMatch,
  type NotificationPage,
  type NotificationRecord,
  type NotificationStore,
  type TaskComment,
  type TaskPatch,
  type TaskRecord,
  type TaskStore,
  type TeamworkStore,
} from './port';
import { CYPHER, type TeamworkCypherName } from './cypher';

/** The store's transactions: the shared runner of @homeward/neo4j-kit. */
export type TeamworkRunner = TxRunner<TeamworkCypherName>;

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

const toNotification = (x: Row): NotificationRecord => ({
  id: str(x.id),
  recipientId: str(x.recipientId),
  kind: str(x.kind),
  caseId: strOrNull(x.caseId),
  actorId: strOrNull(x.actorId),
  params: JSON.parse(str(x.params ?? '{}')) as Record<string, string>,
  createdAt: str(x.createdAt),
  readAt: strOrNull(x.readAt),
});

const toTask = (x: Row): TaskRecord => ({
  id: str(x.id),
  caseId: str(x.caseId),
  title: str(x.title),
  description: str(x.description ?? ''),
  assigneeId: strOrNull(x.assigneeId),
  due: strOrNull(x.due),
  priority: str(x.priority) as TaskRecord['priority'],
  status: str(x.status) as TaskRecord['status'],
  entityIds: strings(x.entityIds),
  sourceKind: strOrNull(x.sourceKind) as TaskRecord['sourceKind'],
  sourceId: strOrNull(x.sourceId),
  createdBy: str(x.createdBy),
  createdAt: str(x.createdAt),
  updatedBy: str(x.updatedBy),
  updatedAt: str(x.updatedAt),
  dueNotifiedAt: strOrNull(x.dueNotifiedAt),
});

const toComment = (x: Row): TaskComment => ({
  id: str(x.id),
  taskId: str(x.taskId),
  caseId: str(x.caseId),
  authorId: str(x.authorId),
  body: str(x.body),
  mentionedUserIds: strings(x.mentionedUserIds),
  mentionedEntityIds: strings(x.mentionedEntityIds),
  createdAt: str(x.createdAt),
});

const toRequest = (x: Row): AccessRequestRecord => ({
  id: str(x.id),
  fromCaseId: str(x.fromCaseId),
  toCaseId: str(x.toCaseId),
  requesterId: str(x.requesterId),
  reason: str(x.reason) as AccessRequestRecord['reason'],
  identifierKind: strOrNull(x.identifierKind),
  message: str(x.message ?? ''),
  status: str(x.status) as AccessRequestRecord['status'],
  createdAt: str(x.createdAt),
  decidedBy: strOrNull(x.decidedBy),
  decidedAt: strOrNull(x.decidedAt),
  decisionReason: strOrNull(x.decisionReason),
  grantedRole: strOrNull(x.grantedRole),
});

/** Neo4j properties hold no maps: a notification's parameters are a JSON string. */
class Neo4jNotifications implements NotificationStore {
  constructor(private readonly db: TeamworkRunner) {}

  async add(records: readonly NotificationRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((r) => ({ ...r, params: JSON.stringify(r.params) }));
    await this.db.write((tx) => tx.run('addNotifications', { rows }));
  }

  async addOnce(key: string, records: readonly NotificationRecord[], at: string): Promise<boolean> {
    if (records.length === 0) return false;
    const rows = records.map((r) => ({ ...r, params: JSON.stringify(r.params) }));
    const run = randomUUID();
    const [row] = await this.db.write((tx) => tx.run('addNotificationsOnce', { key, run, at, rows }));
    return Number(row?.n ?? 0) > 0;
  }

  async list(recipientId: string, page: NotificationPage): Promise<NotificationRecord[]> {
    const rows = await this.db.read((tx) =>
      tx.run('listNotifications', {
        recipientId,
        caseIds: [...page.caseIds],
        beforeId: page.beforeId ?? null,
        unreadOnly: page.unreadOnly ?? false,
        limit: int(page.limit),
      }),
    );
    return rows.map((r) => toNotification(r.n as Row));
  }

  async unreadCount(recipientId: string, caseIds: readonly string[]): Promise<number> {
    const [row] = await this.db.read((tx) => tx.run('unreadCount', { recipientId, caseIds: [...caseIds] }));
    return Number(row?.n ?? 0);
  }

  async markRead(recipientId: string, ids: readonly string[] | 'all', at: string): Promise<number> {
    const [row] = await this.db.write((tx) =>
      tx.run('markRead', { recipientId, all: ids === 'all', ids: ids === 'all' ? [] : [...ids], at }),
    );
    return Number(row?.n ?? 0);
  }

  async mutedKinds(userId: string): Promise<string[]> {
    const [row] = await this.db.read((tx) => tx.run('mutedKinds', { userId }));
    return strings(row?.kinds);
  }

  async setMutedKinds(userId: string, kinds: readonly string[]): Promise<void> {
    await this.db.write((tx) => tx.run('setMutedKinds', { userId, kinds: [...new Set(kinds)].sort() }));
  }
}

class Neo4jTasks implements TaskStore {
  constructor(private readonly db: TeamworkRunner) {}

  async create(t: TaskRecord): Promise<TaskRecord> {
    await this.db.write((tx) => tx.run('createTask', { ...t, entityIds: [...t.entityIds] }));
    return t;
  }

  async get(id: string): Promise<TaskRecord | null> {
    const [row] = await this.db.read((tx) => tx.run('getTask', { id }));
    return row ? toTask(row.t as Row) : null;
  }

  async update(id: string, patch: TaskPatch, by: string, at: string): Promise<TaskRecord | null> {
    return this.db.write(async (tx) => {
      const [row] = await tx.run('getTask', { id });
      if (!row) return null;
      const next = nextTask(toTask(row.t as Row), patch, by, at);
      await tx.run('updateTask', {
        id,
        title: next.title,
        description: next.description,
        assigneeId: next.assigneeId,
        due: next.due,
        priority: next.priority,
        status: next.status,
        entityIds: [...next.entityIds],
        updatedBy: by,
        updatedAt: at,
        dueNotifiedAt: next.dueNotifiedAt,
      });
      return next;
    });
  }

  async ofCase(caseId: string): Promise<TaskRecord[]> {
    return (await this.db.read((tx) => tx.run('tasksOfCase', { caseId }))).map((r) => toTask(r.t as Row));
  }

  async assignedTo(userId: string, caseIds: readonly string[]): Promise<TaskRecord[]> {
    return (await this.db.read((tx) => tx.run('tasksAssigned', { userId, caseIds: [...caseIds] }))).map((r) => toTask(r.t as Row));
  }

  async openIn(caseIds: readonly string[]): Promise<TaskRecord[]> {
    return (await this.db.read((tx) => tx.run('openTasks', { caseIds: [...caseIds] }))).map((r) => toTask(r.t as Row));
  }

  async claimDueSoon(before: string, at: string): Promise<TaskRecord[]> {
    return (await this.db.write((tx) => tx.run('claimDueSoon', { before, at }))).map((r) => toTask(r.t as Row));
  }

  async addComment(c: TaskComment): Promise<TaskComment> {
    await this.db.write((tx) =>
      tx.run('addComment', { ...c, mentionedUserIds: [...c.mentionedUserIds], mentionedEntityIds: [...c.mentionedEntityIds] }),
    );
    return c;
  }

  async comments(taskId: string): Promise<TaskComment[]> {
    return (await this.db.read((tx) => tx.run('comments', { taskId }))).map((r) => toComment(r.c as Row));
  }
}

class Neo4jAccessRequests implements AccessRequestStore {
  constructor(private readonly db: TeamworkRunner) {}

  async create(r: AccessRequestRecord, notBefore: string): Promise<AccessRequestRecord | null> {
    const rows = await this.db.write((tx) => tx.run('createRequest', { ...r, notBefore }));
    return rows.length === 1 ? r : null;
  }

  async get(id: string): Promise<AccessRequestRecord | null> {
    const [row] = await this.db.read((tx) => tx.run('getRequest', { id }));
    return row ? toRequest(row.r as Row) : null;
  }

  async toCases(caseIds: readonly string[]): Promise<AccessRequestRecord[]> {
    return (await this.db.read((tx) => tx.run('requestsTo', { caseIds: [...caseIds] }))).map((r) => toRequest(r.r as Row));
  }

  async byRequester(userId: string): Promise<AccessRequestRecord[]> {
    return (await this.db.read((tx) => tx.run('requestsBy', { userId }))).map((r) => toRequest(r.r as Row));
  }

  async decide(
    id: string,
    d: { status: 'GRANTED' | 'DECLINED'; decidedBy: string; decidedAt: string; reason: string | null; grantedRole: string | null },
  ): Promise<AccessRequestRecord | null> {
    const [row] = await this.db.write((tx) => tx.run('decideRequest', { id, ...d }));
    return row ? toRequest(row.r as Row) : null;
  }

  async matchingCases(caseId: string, entityIds?: readonly string[] | null): Promise<HiddenCaseMatch[]> {
    const ids = entityIds ? [...entityIds] : null;
    return this.db.read(async (tx) => {
      const out: HiddenCaseMatch[] = (await tx.run('sameEntityCases', { caseId, entityIds: ids })).map((r) => ({
        entityId: str(r.entityId),
        otherCaseId: str(r.otherCaseId),
        reason: 'SAME_ENTITY',
        identifierKind: null,
      }));
      for (const r of await tx.run('sameIdentifierCases', { caseId, entityIds: ids, prefixes: [...IDENTIFIER_PREFIXES] })) {
        out.push({
          entityId: str(r.entityId),
          otherCaseId: str(r.otherCaseId),
          reason: 'SAME_IDENTIFIER',
          identifierKind: identifierKindOf(str(r.key)),
        });
      }
      return dedupeMatches(out);
    });
  }
}

export function openNeo4jTeamwork(driver: Driver, database?: string): TeamworkStore {
  const db = new DriverRunner(driver, CYPHER, { database });
  return { notifications: new Neo4jNotifications(db), tasks: new Neo4jTasks(db), accessRequests: new Neo4jAccessRequests(db) };
}
