import type BetterSqlite3 from 'better-sqlite3';
import {
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
  nextTask,
} from './port';
import { IDENTIFIER_PREFIXES, identifierKindOf } from './identifiers';

type Db = BetterSqlite3.Database;

export const TEAMWORK_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS notification (
  id TEXT PRIMARY KEY,
  recipient_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  case_id TEXT,
  actor_id TEXT,
  params TEXT NOT NULL CHECK (json_valid(params)),
  created_at TEXT NOT NULL,
  read_at TEXT
)`,
  // The inbox reads a recipient's newest first; ids sort by creation time (libs/domain newId).
  'CREATE INDEX IF NOT EXISTS notification_by_recipient ON notification (recipient_id, id)',
  // Keys of what is told once (NotificationStore.addOnce), kept for good: a mention redone a year later is not told again.
  `CREATE TABLE IF NOT EXISTS notification_once (
  key TEXT PRIMARY KEY,
  at TEXT NOT NULL
)`,
  `CREATE TABLE IF NOT EXISTS notification_mute (
  user_id TEXT PRIMARY KEY,
  kinds TEXT NOT NULL CHECK (json_valid(kinds))
)`,
  `CREATE TABLE IF NOT EXISTS task (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  assignee_id TEXT,
  due TEXT,
  priority TEXT NOT NULL,
  status TEXT NOT NULL,
  entity_ids TEXT NOT NULL CHECK (json_valid(entity_ids)),
  source_kind TEXT,
  source_id TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  due_notified_at TEXT
)`,
  'CREATE INDEX IF NOT EXISTS task_by_case ON task (case_id, id)',
  'CREATE INDEX IF NOT EXISTS task_by_assignee ON task (assignee_id, status)',
  `CREATE TABLE IF NOT EXISTS task_comment (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  task_id TEXT NOT NULL REFERENCES task(id) ON DELETE CASCADE,
  case_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  body TEXT NOT NULL,
  mentioned_user_ids TEXT NOT NULL CHECK (json_valid(mentioned_user_ids)),
  mentioned_entity_ids TEXT NOT NULL CHECK (json_valid(mentioned_entity_ids)),
  created_at TEXT NOT NULL
)`,
  'CREATE INDEX IF NOT EXISTS task_comment_by_task ON task_comment (task_id, seq)',
  `CREATE TABLE IF NOT EXISTS access_request (
  id TEXT PRIMARY KEY,
  from_case_id TEXT NOT NULL,
  to_case_id TEXT NOT NULL,
  requester_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  identifier_kind TEXT,
  message TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  decided_by TEXT,
  decided_at TEXT,
  decision_reason TEXT,
  granted_role TEXT
)`,
  'CREATE INDEX IF NOT EXISTS access_request_pair ON access_request (from_case_id, to_case_id, created_at)',
  'CREATE INDEX IF NOT EXISTS access_request_to ON access_request (to_case_id)',
  'CREATE INDEX IF NOT EXISTS access_request_by ON access_request (requester_id)',
];

interface NotificationRow {
  id: string;
  recipient_id: string;
  kind: string;
  case_id: string | null;
  actor_id: string | null;
  params: string;
  created_at: string;
  read_at: string | null;
}
interface TaskRow {
  id: string;
  case_id: string;
  title: string;
  description: string;
  assignee_id: string | null;
  due: string | null;
  priority: string;
  status: string;
  entity_ids: string;
  source_kind: string | null;
  source_id: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  due_notified_at: string | null;
}
interface CommentRow {
  id: string;
  task_id: string;
  case_id: string;
  author_id: string;
  body: string;
  mentioned_user_ids: string;
  mentioned_entity_ids: string;
  created_at: string;
}
interface RequestRow {
  id: string;
  from_case_id: string;
  to_case_id: string;
  requester_id: string;
  reason: string;
  identifier_kind: string | null;
  message: string;
  status: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  granted_role: string | null;
}

const toNotification = (r: NotificationRow): NotificationRecord => ({
  id: r.id,
  recipientId: r.recipient_id,
  kind: r.kind,
  caseId: r.case_id,
  actorId: r.actor_id,
  params: JSON.parse(r.params) as Record<string, string>,
  createdAt: r.created_at,
  readAt: r.read_at,
});

const toTask = (r: TaskRow): TaskRecord => ({
  id: r.id,
  caseId: r.case_id,
  title: r.title,
  description: r.description,
  assigneeId: r.assignee_id,
  due: r.due,
  priority: r.priority as TaskRecord['priority'],
  status: r.status as TaskRecord['status'],
  entityIds: JSON.parse(r.entity_ids) as string[],
  sourceKind: r.source_kind as TaskRecord['sourceKind'],
  sourceId: r.source_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
  dueNotifiedAt: r.due_notified_at,
});

const toComment = (r: CommentRow): TaskComment => ({
  id: r.id,
  taskId: r.task_id,
  caseId: r.case_id,
  authorId: r.author_id,
  body: r.body,
  mentionedUserIds: JSON.parse(r.mentioned_user_ids) as string[],
  mentionedEntityIds: JSON.parse(r.mentioned_entity_ids) as string[],
  createdAt: r.created_at,
});

const toRequest = (r: RequestRow): AccessRequestRecord => ({
  id: r.id,
  fromCaseId: r.from_case_id,
  toCaseId: r.to_case_id,
  requesterId: r.requester_id,
  reason: r.reason as AccessRequestRecord['reason'],
  identifierKind: r.identifier_kind,
  message: r.message,
  status: r.status as AccessRequestRecord['status'],
  createdAt: r.created_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  decisionReason: r.decision_reason,
  grantedRole: r.granted_role,
});

const json = (v: unknown) => JSON.stringify(v);

class EmbeddedNotifications implements NotificationStore {
  private readonly q;
  constructor(private readonly db: Db) {
    this.q = {
      insert: db.prepare(
        `INSERT INTO notification (id, recipient_id, kind, case_id, actor_id, params, created_at, read_at)
         VALUES (@id, @recipientId, @kind, @caseId, @actorId, @params, @createdAt, @readAt)`,
      ),
      claim: db.prepare<[string, string]>('INSERT INTO notification_once (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
      list: db.prepare<[{ recipientId: string; caseIds: string; beforeId: string | null; unread: number; limit: number }], NotificationRow>(
        `SELECT * FROM notification WHERE recipient_id = @recipientId
           AND (case_id IS NULL OR case_id IN (SELECT value FROM json_each(@caseIds)))
           AND (@beforeId IS NULL OR id < @beforeId) AND (@unread = 0 OR read_at IS NULL)
         ORDER BY id DESC LIMIT @limit`,
      ),
      unread: db.prepare<[string, string], { n: number }>(
        `SELECT count(*) AS n FROM notification WHERE recipient_id = ? AND read_at IS NULL
           AND (case_id IS NULL OR case_id IN (SELECT value FROM json_each(?)))`,
      ),
      readSome: db.prepare<[string, string, string]>(
        'UPDATE notification SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL AND id IN (SELECT value FROM json_each(?))',
      ),
      readAll: db.prepare<[string, string]>('UPDATE notification SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL'),
      muted: db.prepare<[string], { kinds: string }>('SELECT kinds FROM notification_mute WHERE user_id = ?'),
      setMuted: db.prepare<[string, string]>(
        'INSERT INTO notification_mute (user_id, kinds) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET kinds = excluded.kinds',
      ),
    };
  }

  async add(records: readonly NotificationRecord[]): Promise<void> {
    this.db.transaction(() => {
      for (const r of records) this.q.insert.run({ ...r, params: json(r.params) });
    })();
  }

  async addOnce(key: string, records: readonly NotificationRecord[], at: string): Promise<boolean> {
    if (records.length === 0) return false;
    return this.db.transaction(() => {
      if (this.q.claim.run(key, at).changes === 0) return false;
      for (const r of records) this.q.insert.run({ ...r, params: json(r.params) });
      return true;
    })();
  }

  async list(recipientId: string, page: NotificationPage): Promise<NotificationRecord[]> {
    const rows = this.q.list.all({
      recipientId,
      caseIds: json(page.caseIds),
      beforeId: page.beforeId ?? null,
      unread: page.unreadOnly ? 1 : 0,
      limit: page.limit,
    });
    return rows.map(toNotification);
  }

  async unreadCount(recipientId: string, caseIds: readonly string[]): Promise<number> {
    return this.q.unread.get(recipientId, json(caseIds))?.n ?? 0;
  }

  async markRead(recipientId: string, ids: readonly string[] | 'all', at: string): Promise<number> {
    return ids === 'all' ? this.q.readAll.run(at, recipientId).changes : this.q.readSome.run(at, recipientId, json(ids)).changes;
  }

  async mutedKinds(userId: string): Promise<string[]> {
    const r = this.q.muted.get(userId);
    return r ? (JSON.parse(r.kinds) as string[]) : [];
  }

  async setMutedKinds(userId: string, kinds: readonly string[]): Promise<void> {
    this.q.setMuted.run(userId, json([...new Set(kinds)].sort()));
  }
}

class EmbeddedTasks implements TaskStore {
  private readonly q;
  constructor(private readonly db: Db) {
    this.q = {
      insert: db.prepare(
        `INSERT INTO task (id, case_id, title, description, assignee_id, due, priority, status, entity_ids, source_kind, source_id,
           created_by, created_at, updated_by, updated_at, due_notified_at)
         VALUES (@id, @caseId, @title, @description, @assigneeId, @due, @priority, @status, @entityIds, @sourceKind, @sourceId,
           @createdBy, @createdAt, @updatedBy, @updatedAt, @dueNotifiedAt)`,
      ),
      get: db.prepare<[string], TaskRow>('SELECT * FROM task WHERE id = ?'),
      ofCase: db.prepare<[string], TaskRow>('SELECT * FROM task WHERE case_id = ? ORDER BY id'),
      assigned: db.prepare<[string, string], TaskRow>(
        'SELECT * FROM task WHERE assignee_id = ? AND case_id IN (SELECT value FROM json_each(?)) ORDER BY id',
      ),
      open: db.prepare<[string], TaskRow>(
        "SELECT * FROM task WHERE case_id IN (SELECT value FROM json_each(?)) AND status IN ('OPEN', 'IN_PROGRESS') ORDER BY id",
      ),
      dueSoon: db.prepare<[string], TaskRow>(
        `SELECT * FROM task WHERE assignee_id IS NOT NULL AND due IS NOT NULL AND due < ? AND due_notified_at IS NULL
           AND status IN ('OPEN', 'IN_PROGRESS') ORDER BY due`,
      ),
      markDue: db.prepare<[string, string]>('UPDATE task SET due_notified_at = ? WHERE id = ?'),
      insertComment: db.prepare(
        `INSERT INTO task_comment (id, task_id, case_id, author_id, body, mentioned_user_ids, mentioned_entity_ids, created_at)
         VALUES (@id, @taskId, @caseId, @authorId, @body, @mentionedUserIds, @mentionedEntityIds, @createdAt)`,
      ),
      comments: db.prepare<[string], CommentRow>('SELECT * FROM task_comment WHERE task_id = ? ORDER BY seq'),
      update: db.prepare(
        `UPDATE task SET title = @title, description = @description, assignee_id = @assigneeId, due = @due, priority = @priority,
           status = @status, entity_ids = @entityIds, updated_by = @updatedBy, updated_at = @updatedAt, due_notified_at = @dueNotifiedAt
         WHERE id = @id`,
      ),
    };
  }

  async create(t: TaskRecord): Promise<TaskRecord> {
    this.q.insert.run({ ...t, entityIds: json(t.entityIds) });
    return t;
  }

  async get(id: string): Promise<TaskRecord | null> {
    const r = this.q.get.get(id);
    return r ? toTask(r) : null;
  }

  async update(id: string, patch: TaskPatch, by: string, at: string): Promise<TaskRecord | null> {
    return this.db.transaction(() => {
      const row = this.q.get.get(id);
      if (!row) return null;
      const next = nextTask(toTask(row), patch, by, at);
      this.q.update.run({
        id,
        title: next.title,
        description: next.description,
        assigneeId: next.assigneeId,
        due: next.due,
        priority: next.priority,
        status: next.status,
        entityIds: json(next.entityIds),
        updatedBy: by,
        updatedAt: at,
        dueNotifiedAt: next.dueNotifiedAt,
      });
      return next;
    })();
  }

  async ofCase(caseId: string): Promise<TaskRecord[]> {
    return this.q.ofCase.all(caseId).map(toTask);
  }

  async assignedTo(userId: string, caseIds: readonly string[]): Promise<TaskRecord[]> {
    return this.q.assigned.all(userId, json(caseIds)).map(toTask);
  }

  async openIn(caseIds: readonly string[]): Promise<TaskRecord[]> {
    return this.q.open.all(json(caseIds)).map(toTask);
  }

  async claimDueSoon(before: string, at: string): Promise<TaskRecord[]> {
    return this.db.transaction(() => {
      const rows = this.q.dueSoon.all(before);
      for (const r of rows) this.q.markDue.run(at, r.id);
      return rows.map((r) => ({ ...toTask(r), dueNotifiedAt: at }));
    })();
  }

  async addComment(c: TaskComment): Promise<TaskComment> {
    this.q.insertComment.run({ ...c, mentionedUserIds: json(c.mentionedUserIds), mentionedEntityIds: json(c.mentionedEntityIds) });
    return c;
  }

  async comments(taskId: string): Promise<TaskComment[]> {
    return this.q.comments.all(taskId).map(toComment);
  }
}

class EmbeddedAccessRequests implements AccessRequestStore {
  private readonly q;
  constructor(private readonly db: Db) {
    this.q = {
      recent: db.prepare<[string, string, string], { id: string }>(
        'SELECT id FROM access_request WHERE from_case_id = ? AND to_case_id = ? AND created_at > ? LIMIT 1',
      ),
      insert: db.prepare(
        `INSERT INTO access_request (id, from_case_id, to_case_id, requester_id, reason, identifier_kind, message, status, created_at,
           decided_by, decided_at, decision_reason, granted_role)
         VALUES (@id, @fromCaseId, @toCaseId, @requesterId, @reason, @identifierKind, @message, @status, @createdAt,
           @decidedBy, @decidedAt, @decisionReason, @grantedRole)`,
      ),
      get: db.prepare<[string], RequestRow>('SELECT * FROM access_request WHERE id = ?'),
      to: db.prepare<[string], RequestRow>(
        'SELECT * FROM access_request WHERE to_case_id IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, id DESC',
      ),
      by: db.prepare<[string], RequestRow>('SELECT * FROM access_request WHERE requester_id = ? ORDER BY created_at DESC, id DESC'),
      decide: db.prepare(
        `UPDATE access_request SET status = @status, decided_by = @decidedBy, decided_at = @decidedAt, decision_reason = @reason,
           granted_role = @grantedRole WHERE id = @id AND status = 'PENDING'`,
      ),
      sameEntity: db.prepare<[{ caseId: string; filter: string | null }], { entity_id: string; other_case_id: string }>(
        `SELECT DISTINCT e.id AS entity_id, c2.id AS other_case_id
         FROM case_file c
         JOIN entity_case ec ON ec.case_rid = c.rid
         JOIN entity e ON e.rid = ec.entity_rid
         JOIN entity_case ec2 ON ec2.entity_rid = ec.entity_rid AND ec2.case_rid <> c.rid
         JOIN case_file c2 ON c2.rid = ec2.case_rid
         WHERE c.id = @caseId AND (@filter IS NULL OR e.id IN (SELECT value FROM json_each(@filter)))
         ORDER BY e.id, c2.id`,
      ),
      sameIdentifier: db.prepare<[{ caseId: string; filter: string | null }], { entity_id: string; other_case_id: string; key: string }>(
        `SELECT DISTINCT e.id AS entity_id, c2.id AS other_case_id, k.key AS key
         FROM case_file c
         JOIN entity_case ec ON ec.case_rid = c.rid
         JOIN entity e ON e.rid = ec.entity_rid
         JOIN entity_key k ON k.entity_rid = ec.entity_rid
         JOIN entity_key k2 ON k2.key = k.key AND k2.entity_rid <> k.entity_rid
         JOIN entity_case ec2 ON ec2.entity_rid = k2.entity_rid AND ec2.case_rid <> c.rid
         JOIN case_file c2 ON c2.rid = ec2.case_rid
         WHERE c.id = @caseId AND (@filter IS NULL OR e.id IN (SELECT value FROM json_each(@filter)))
           AND (${IDENTIFIER_PREFIXES.map((p) => `k.key LIKE '${p}%'`).join(' OR ')})
         ORDER BY e.id, c2.id`,
      ),
    };
  }

  async create(r: AccessRequestRecord, notBefore: string): Promise<AccessRequestRecord | null> {
    return this.db.transaction(() => {
      if (this.q.recent.get(r.fromCaseId, r.toCaseId, notBefore)) return null;
      this.q.insert.run({ ...r });
      return r;
    })();
  }

  async get(id: string): Promise<AccessRequestRecord | null> {
    const r = this.q.get.get(id);
    return r ? toRequest(r) : null;
  }

  async toCases(caseIds: readonly string[]): Promise<AccessRequestRecord[]> {
    return this.q.to.all(json(caseIds)).map(toRequest);
  }

  async byRequester(userId: string): Promise<AccessRequestRecord[]> {
    return this.q.by.all(userId).map(toRequest);
  }

  async decide(
    id: string,
    d: { status: 'GRANTED' | 'DECLINED'; decidedBy: string; decidedAt: string; reason: string | null; grantedRole: string | null },
  ): Promise<AccessRequestRecord | null> {
    if (this.q.decide.run({ id, ...d }).changes !== 1) return null;
    return this.get(id);
  }

  async matchingCases(caseId: string, entityIds?: readonly string[] | null): Promise<HiddenCaseMatch[]> {
    const filter = entityIds ? json(entityIds) : null;
    const out: HiddenCaseMatch[] = this.q.sameEntity
      .all({ caseId, filter })
      .map((r) => ({ entityId: r.entity_id, otherCaseId: r.other_case_id, reason: 'SAME_ENTITY', identifierKind: null }));
    for (const r of this.q.sameIdentifier.all({ caseId, filter })) {
      out.push({ entityId: r.entity_id, otherCaseId: r.other_case_id, reason: 'SAME_IDENTIFIER', identifierKind: identifierKindOf(r.key) });
    }
    return dedupeMatches(out);
  }
}

/** One row per entity, other case, reason and identifier kind (two keys of one kind are one match). */
export function dedupeMatches(rows: readonly HiddenCaseMatch[]): HiddenCaseMatch[] {
  const seen = new Map<string, HiddenCaseMatch>();
  for (const r of rows) seen.set(`${r.entityId}\u0000${r.otherCaseId}\u0000${r.reason}\u0000${r.identifierKind ?? ''}`, r);
  return [...seen.values()].sort(
    (a, b) =>
      a.entityId.localeCompare(b.entityId) ||
      a.otherCaseId.localeCompare(b.otherCaseId) ||
      a.reason.localeCompare(b.reason) ||
      (a.identifierKind ?? '').localeCompare(b.identifierKind ?? ''),
  );
}

/** The team's records in the server's SQLite file, beside the graph (whose tables the cross-case lookup reads). */
export function openEmbeddedTeamwork(db: Db): TeamworkStore {
  db.transaction(() => {
    for (const s of TEAMWORK_DDL) db.exec(s);
  })();
  return { notifications: new EmbeddedNotifications(db), tasks: new EmbeddedTasks(db), accessRequests: new EmbeddedAccessRequests(db) };
}
