import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DomainError, ErrorCode, badInput, newId, type CaseRecord, type UserRecord } from '@homeward/domain';
import {
  TASK_PRIORITIES,
  TASK_SOURCES,
  TASK_STATUSES,
  type TaskPatch,
  type TaskPriority,
  type TaskRecord,
  type TaskSourceKind,
  type TaskStatus,
} from '@homeward/teamwork';
import type { RequestContext } from '../../base/context.js';
import { log } from '../../base/log.js';
import type { AppStores } from '../../base/stores.js';
import { STORES } from '../../base/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { AccessService } from '../auth/access.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { CreateTaskInput, UpdateTaskInput } from './tasks.types.js';

/** How long before its due time the assignee is told a task is due soon. */
export const DUE_SOON_MS = 24 * 3600_000;
/** How often the due times are looked at (one store query for all tasks). */
const DUE_CHECK_EVERY_MS = 60_000;
const MAX_TITLE = 200;
const MAX_TEXT = 4000;
const MAX_ENTITIES = 50;

/** A mention in a comment: `@[Ana Pérez](user:usr_…)` or `@[Toyota P-512DKL](entity:ent_…)` (apps/web/src/lib/mentions.ts writes them). */
const MENTION = /@\[([^\]\n]{1,200})\]\((user|entity):([a-z]{1,8}_[0-9a-z]{6,40})\)/g;

export function mentionsIn(body: string): { userIds: string[]; entityIds: string[] } {
  const userIds = new Set<string>();
  const entityIds = new Set<string>();
  for (const m of body.matchAll(MENTION)) (m[2] === 'user' ? userIds : entityIds).add(m[3]);
  return { userIds: [...userIds], entityIds: [...entityIds] };
}

export interface TaskView extends Omit<TaskRecord, 'assigneeId' | 'createdBy' | 'updatedBy' | 'dueNotifiedAt'> {
  readonly caseReference: string;
  readonly overdue: boolean;
  readonly assignee: { id: string; displayName: string } | null;
  readonly createdBy: { id: string; displayName: string } | null;
  readonly updatedBy: { id: string; displayName: string } | null;
}

const OPEN: readonly TaskStatus[] = ['OPEN', 'IN_PROGRESS'];

export function isOverdue(t: Pick<TaskRecord, 'due' | 'status'>, now: number): boolean {
  return t.due !== null && Date.parse(t.due) < now && OPEN.includes(t.status);
}

/** "My work" order: overdue first, then open before finished, then by due time (none last), then newest. */
export function workOrder(now: number) {
  return (a: TaskRecord, b: TaskRecord): number => {
    const rank = (t: TaskRecord) => (isOverdue(t, now) ? 0 : OPEN.includes(t.status) ? 1 : 2);
    const due = (t: TaskRecord) => (t.due ? Date.parse(t.due) : Number.POSITIVE_INFINITY);
    return rank(a) - rank(b) || due(a) - due(b) || b.id.localeCompare(a.id);
  };
}

/**
 * Tasks of a case: investigators and supervisors create, assign and edit them; the assignee (or a
 * supervisor of the case) changes their status; any member who edits documents comments. Every change
 * is audited with what changed, and the people concerned are notified.
 */
@Injectable()
export class TasksService implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(STORES) private readonly stores: AppStores,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.tellDueSoon(), DUE_CHECK_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Tells each assignee once when their task comes within DUE_SOON_MS of its due time (each replica may run this: a task is claimed once). */
  async tellDueSoon(now = Date.now()): Promise<number> {
    try {
      const due = await this.stores.teamwork.tasks.claimDueSoon(new Date(now + DUE_SOON_MS).toISOString(), new Date(now).toISOString());
      for (const t of due) {
        await this.notifications.notify({
          kind: 'TASK_DUE_SOON',
          caseId: t.caseId,
          recipients: [t.assigneeId!],
          params: { taskId: t.id, taskTitle: t.title, due: t.due ?? '' },
        });
      }
      return due.length;
    } catch (err) {
      log('error', 'due-soon check failed', { message: err instanceof Error ? err.message : String(err) });
      return 0;
    }
  }

  private async people(ids: readonly (string | null)[]): Promise<Map<string, UserRecord>> {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))];
    return new Map((await this.stores.accounts.getUsers(wanted)).map((u) => [u.id, u]));
  }

  private async views(tasks: readonly TaskRecord[]): Promise<TaskView[]> {
    const users = await this.people(tasks.flatMap((t) => [t.assigneeId, t.createdBy, t.updatedBy]));
    const refs = new Map<string, string>();
    for (const caseId of new Set(tasks.map((t) => t.caseId))) refs.set(caseId, (await this.stores.cases.getCase(caseId))?.reference ?? '');
    const person = (id: string | null) => {
      const u = id ? users.get(id) : undefined;
      return u ? { id: u.id, displayName: u.displayName } : null;
    };
    const now = Date.now();
    return tasks.map((t) => ({
      ...t,
      caseReference: refs.get(t.caseId) ?? '',
      overdue: isOverdue(t, now),
      assignee: person(t.assigneeId),
      createdBy: person(t.createdBy),
      updatedBy: person(t.updatedBy),
    }));
  }

  async view(t: TaskRecord): Promise<TaskView> {
    return (await this.views([t]))[0];
  }

  /** The task, after checking the caller may see its case (a task of another case is "not found"). */
  private async load(ctx: RequestContext, id: string): Promise<TaskRecord> {
    const t = await this.stores.teamwork.tasks.get(id);
    const scope = await this.access.scope(ctx);
    if (!t || !scope.caseIds.has(t.caseId)) throw new DomainError(ErrorCode.NotFound, `task ${id} not found`, 'id');
    return t;
  }

  private async checkAssignee(caseId: string, assigneeId: string, field: string): Promise<void> {
    if (!(await this.stores.cases.isMember(caseId, assigneeId))) throw badInput(field, 'must be a member of the case');
    const u = await this.stores.accounts.getUser(assigneeId);
    if (!u || u.disabled || u.role === 'ADMIN') throw badInput(field, 'must be a member of the case who works on it');
  }

  private async checkEntities(ctx: RequestContext, caseId: string, ids: readonly string[], field: string): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length > MAX_ENTITIES) throw badInput(field, `at most ${MAX_ENTITIES} entities`);
    if (unique.length === 0) return [];
    const found = new Set((await this.stores.graph.getEntities(unique, { caseIds: new Set([caseId]) })).map((e) => e.id));
    unique.forEach((id, i) => {
      if (!found.has(id)) throw badInput(`${field}.${i}`, `entity ${id} is not in this case`);
    });
    return unique;
  }

  private static text(v: string | null | undefined, field: string, max: number, required: boolean): string {
    const s = (v ?? '').trim();
    if (required && !s) throw badInput(field, 'must not be empty');
    if (s.length > max) throw badInput(field, `at most ${max} characters`);
    return s;
  }

  private static due(v: string | null | undefined, field: string): string | null {
    if (v === null || v === undefined) return null;
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) throw badInput(field, 'must be a date and time (ISO 8601)');
    return new Date(ms).toISOString();
  }

  private static oneOf<T extends string>(v: string | null | undefined, values: readonly T[], field: string, fallback: T): T {
    if (v === null || v === undefined) return fallback;
    if (!(values as readonly string[]).includes(v)) throw badInput(field, `must be one of ${values.join(', ')}`);
    return v as T;
  }

  async create(ctx: RequestContext, input: CreateTaskInput): Promise<TaskView> {
    const p = await this.access.onCase(ctx, input.caseId, 'task.manage');
    const title = TasksService.text(input.title, 'input.title', MAX_TITLE, true);
    const description = TasksService.text(input.description, 'input.description', MAX_TEXT, false);
    const due = TasksService.due(input.due, 'input.due');
    const priority = TasksService.oneOf<TaskPriority>(input.priority, TASK_PRIORITIES, 'input.priority', 'NORMAL');
    const sourceKind = input.sourceKind
      ? TasksService.oneOf<TaskSourceKind>(input.sourceKind, TASK_SOURCES, 'input.sourceKind', 'ENTITY')
      : null;
    const sourceId = sourceKind ? TasksService.text(input.sourceId, 'input.sourceId', 200, true) : null;
    if (input.assigneeId) await this.checkAssignee(input.caseId, input.assigneeId, 'input.assigneeId');
    let entityIds = await this.checkEntities(ctx, input.caseId, input.entityIds ?? [], 'input.entityIds');
    // A task made from an entity is about that entity.
    if (sourceKind === 'ENTITY' && sourceId) {
      const [found] = await this.stores.graph.getEntities([sourceId], { caseIds: new Set([input.caseId]) });
      if (!found) throw badInput('input.sourceId', `entity ${sourceId} is not in this case`);
      if (!entityIds.includes(sourceId)) entityIds = [sourceId, ...entityIds];
    }
    const now = new Date().toISOString();
    const t = await this.stores.teamwork.tasks.create({
      id: newId('tsk'),
      caseId: input.caseId,
      title,
      description,
      assigneeId: input.assigneeId ?? null,
      due,
      priority,
      status: 'OPEN',
      entityIds,
      sourceKind,
      sourceId,
      createdBy: p.userId,
      createdAt: now,
      updatedBy: p.userId,
      updatedAt: now,
      dueNotifiedAt: null,
    });
    await this.audit.record(ctx, {
      action: 'task.created',
      outcome: 'success',
      caseId: t.caseId,
      targetType: 'task',
      targetId: t.id,
      details: { assigneeId: t.assigneeId ?? '', due: t.due ?? '', priority, sourceKind: sourceKind ?? '', sourceId: sourceId ?? '' },
    });
    if (t.assigneeId) this.tellAssigned(t, p.userId);
    // A task due within a day is due soon from the start: told now, not at the next minute's check.
    if (t.assigneeId && t.due) this.notifications.later(() => this.tellDueSoon());
    return this.view(t);
  }

  private tellAssigned(t: TaskRecord, actorId: string): void {
    this.notifications.later(() =>
      this.notifications.notify({
        kind: 'TASK_ASSIGNED',
        caseId: t.caseId,
        recipients: [t.assigneeId!],
        actorId,
        params: { taskId: t.id, taskTitle: t.title },
      }),
    );
  }

  async update(ctx: RequestContext, id: string, input: UpdateTaskInput): Promise<TaskView> {
    const before = await this.load(ctx, id);
    const p = await this.access.onCase(ctx, before.caseId, 'task.manage');
    const patch: { -readonly [K in keyof TaskPatch]: TaskPatch[K] } = {};
    if (input.title !== undefined) patch.title = TasksService.text(input.title, 'input.title', MAX_TITLE, true);
    if (input.description !== undefined) patch.description = TasksService.text(input.description, 'input.description', MAX_TEXT, false);
    if (input.due !== undefined) patch.due = TasksService.due(input.due, 'input.due');
    if (input.priority !== undefined)
      patch.priority = TasksService.oneOf<TaskPriority>(input.priority, TASK_PRIORITIES, 'input.priority', before.priority);
    if (input.entityIds !== undefined)
      patch.entityIds = await this.checkEntities(ctx, before.caseId, input.entityIds ?? [], 'input.entityIds');
    if (input.assigneeId !== undefined) {
      if (input.assigneeId) await this.checkAssignee(before.caseId, input.assigneeId, 'input.assigneeId');
      patch.assigneeId = input.assigneeId ?? null;
    }
    const after = await this.stores.teamwork.tasks.update(id, patch, p.userId, new Date().toISOString());
    if (!after) throw new DomainError(ErrorCode.NotFound, `task ${id} not found`, 'id');
    const changed = Object.keys(patch).filter(
      (k) => JSON.stringify(before[k as keyof TaskRecord]) !== JSON.stringify(after[k as keyof TaskRecord]),
    );
    await this.audit.record(ctx, {
      action: 'task.updated',
      outcome: 'success',
      caseId: after.caseId,
      targetType: 'task',
      targetId: id,
      details: {
        changed: changed.join(','),
        ...(changed.includes('assigneeId') ? { fromAssigneeId: before.assigneeId ?? '', assigneeId: after.assigneeId ?? '' } : {}),
        ...(changed.includes('due') ? { due: after.due ?? '' } : {}),
      },
    });
    if (after.assigneeId && after.assigneeId !== before.assigneeId) this.tellAssigned(after, p.userId);
    if (after.assigneeId && after.due) this.notifications.later(() => this.tellDueSoon());
    return this.view(after);
  }

  async setStatus(ctx: RequestContext, id: string, status: string): Promise<TaskView> {
    const before = await this.load(ctx, id);
    const p = this.access.principal(ctx);
    const next = TasksService.oneOf<TaskStatus>(status, TASK_STATUSES, 'status', before.status);
    // The assignee moves their own task along; a supervisor of the case may too (someone left, a task is void).
    // (A supervisor given a narrower case role on this case is not its supervisor.)
    const caseRole = await this.access.caseRole(ctx, before.caseId);
    const isSupervisor = p.role === 'SUPERVISOR' && (caseRole == null || caseRole === 'SUPERVISOR');
    if (before.assigneeId !== p.userId && !isSupervisor) {
      throw new DomainError(ErrorCode.Forbidden, "only the task's assignee or a supervisor of the case may change its status");
    }
    await this.access.onCase(ctx, before.caseId, 'case.read');
    const after = await this.stores.teamwork.tasks.update(id, { status: next }, p.userId, new Date().toISOString());
    if (!after) throw new DomainError(ErrorCode.NotFound, `task ${id} not found`, 'id');
    await this.audit.record(ctx, {
      action: 'task.status',
      outcome: 'success',
      caseId: after.caseId,
      targetType: 'task',
      targetId: id,
      details: { from: before.status, to: next },
    });
    if (before.status !== next)
      this.notifications.later(() =>
        this.notifications.notify({
          kind: 'TASK_STATUS',
          caseId: after.caseId,
          recipients: [after.createdBy],
          actorId: p.userId,
          params: { taskId: id, taskTitle: after.title, status: next },
        }),
      );
    return this.view(after);
  }

  async get(ctx: RequestContext, id: string): Promise<TaskView> {
    return this.view(await this.load(ctx, id));
  }

  async ofCase(ctx: RequestContext, caseId: string): Promise<TaskView[]> {
    await this.access.onCase(ctx, caseId, 'case.read');
    return this.views([...(await this.stores.teamwork.tasks.ofCase(caseId))].sort(workOrder(Date.now())));
  }

  /** My tasks across the cases I may see now: overdue first. */
  async mine(ctx: RequestContext): Promise<TaskView[]> {
    const p = this.access.principal(ctx);
    const caseIds = [...(await this.access.scope(ctx)).caseIds];
    return this.views([...(await this.stores.teamwork.tasks.assignedTo(p.userId, caseIds))].sort(workOrder(Date.now())));
  }

  /** A supervisor's view: the open tasks of the cases their agency leads (those they are a member of), per case. */
  async agency(ctx: RequestContext) {
    const p = this.access.principal(ctx);
    if (p.role !== 'SUPERVISOR') throw new DomainError(ErrorCode.Forbidden, "only a supervisor sees their agency's tasks");
    const cases = (await this.stores.cases.casesOfUser(p.userId)).filter((c: CaseRecord) => c.leadAgencyId === p.agencyId);
    const open = await this.stores.teamwork.tasks.openIn(cases.map((c) => c.id));
    const views = await this.views([...open].sort(workOrder(Date.now())));
    return cases
      .map((c) => {
        const mine = views.filter((t) => t.caseId === c.id);
        return {
          caseId: c.id,
          caseReference: c.reference,
          caseTitle: c.title,
          open: mine,
          overdueCount: mine.filter((t) => t.overdue).length,
        };
      })
      .filter((s) => s.open.length > 0)
      .sort((a, b) => b.overdueCount - a.overdueCount || b.open.length - a.open.length);
  }

  async comments(ctx: RequestContext, taskId: string) {
    const t = await this.load(ctx, taskId);
    const list = await this.stores.teamwork.tasks.comments(t.id);
    const users = await this.people(list.map((c) => c.authorId));
    return list.map((c) => {
      const u = users.get(c.authorId);
      return { ...c, author: u ? { id: u.id, displayName: u.displayName } : null };
    });
  }

  async comment(ctx: RequestContext, taskId: string, body: string) {
    const t = await this.load(ctx, taskId);
    const p = await this.access.onCase(ctx, t.caseId, 'task.comment');
    const text = TasksService.text(body, 'body', MAX_TEXT, true);
    const found = mentionsIn(text);
    // Only members of the case and entities of the case are mentions; anything else stays plain text.
    const members = new Set((await this.stores.cases.members(t.caseId)).map((m) => m.id));
    const userIds = found.userIds.filter((id) => members.has(id));
    const entityIds = found.entityIds.length
      ? (await this.stores.graph.getEntities(found.entityIds, { caseIds: new Set([t.caseId]) })).map((e) => e.id)
      : [];
    const c = await this.stores.teamwork.tasks.addComment({
      id: newId('tcm'),
      taskId,
      caseId: t.caseId,
      authorId: p.userId,
      body: text,
      mentionedUserIds: userIds,
      mentionedEntityIds: entityIds,
      createdAt: new Date().toISOString(),
    });
    await this.audit.record(ctx, {
      action: 'task.comment',
      outcome: 'success',
      caseId: t.caseId,
      targetType: 'task',
      targetId: taskId,
      details: { commentId: c.id, mentionedUserIds: userIds.join(','), mentionedEntityIds: entityIds.join(',') },
    });
    if (userIds.length)
      this.notifications.later(() =>
        this.notifications.notify({
          kind: 'MENTIONED',
          caseId: t.caseId,
          recipients: userIds,
          actorId: p.userId,
          params: { taskId, taskTitle: t.title, commentId: c.id },
        }),
      );
    return { ...c, author: { id: p.userId, displayName: p.displayName } };
  }
}
