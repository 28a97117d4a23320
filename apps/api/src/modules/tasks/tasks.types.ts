import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { TASK_PRIORITIES, TASK_SOURCES, TASK_STATUSES } from '@homeward/teamwork';
import { DateTimeScalar } from '../../base/scalars.js';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const TaskStatusEnum = asEnum(TASK_STATUSES);
export const TaskPriorityEnum = asEnum(TASK_PRIORITIES);
export const TaskSourceEnum = asEnum(TASK_SOURCES);
registerEnumType(TaskStatusEnum, { name: 'TaskStatus' });
registerEnumType(TaskPriorityEnum, { name: 'TaskPriority' });
registerEnumType(TaskSourceEnum, { name: 'TaskSource', description: 'Where a task was created from.' });

@ObjectType({ description: 'A member of a case, as tasks and mentions name them.' })
export class TaskPerson {
  @Field(() => ID) id: string;
  @Field(() => String) displayName: string;
}

@ObjectType({ description: 'A comment on a task; its body marks mentions as @[name](user:ID) and @[label](entity:ID).' })
export class TaskComment {
  @Field(() => ID) id: string;
  @Field(() => TaskPerson, { nullable: true }) author: TaskPerson | null;
  @Field(() => String) body: string;
  @Field(() => [ID], { description: 'Members mentioned (each was notified).' }) mentionedUserIds: string[];
  @Field(() => [ID], { description: 'Entities of the case mentioned.' }) mentionedEntityIds: string[];
  @Field(() => DateTimeScalar) createdAt: string;
}

@ObjectType({ description: 'Work to do on a case: assigned to one member, with a due time, a priority and a status.' })
export class Task {
  @Field(() => ID) id: string;
  @Field(() => ID) caseId: string;
  @Field(() => String) caseReference: string;
  @Field(() => String) title: string;
  @Field(() => String) description: string;
  @Field(() => TaskPerson, { nullable: true }) assignee: TaskPerson | null;
  @Field(() => DateTimeScalar, { nullable: true }) due: string | null;
  @Field(() => Boolean, { description: 'Due before now and neither done nor cancelled.' }) overdue: boolean;
  @Field(() => TaskPriorityEnum) priority: string;
  @Field(() => TaskStatusEnum) status: string;
  @Field(() => [ID], { description: 'Entities of the case the task is about.' }) entityIds: string[];
  @Field(() => TaskSourceEnum, { nullable: true }) sourceKind: string | null;
  @Field(() => String, { nullable: true, description: 'The entity or timeline event it was created from.' }) sourceId: string | null;
  @Field(() => TaskPerson, { nullable: true }) createdBy: TaskPerson | null;
  @Field(() => DateTimeScalar) createdAt: string;
  @Field(() => TaskPerson, { nullable: true }) updatedBy: TaskPerson | null;
  @Field(() => DateTimeScalar) updatedAt: string;
}

@ObjectType({ description: "A case's open tasks, for its lead agency's supervisor." })
export class CaseTaskSummary {
  @Field(() => ID) caseId: string;
  @Field(() => String) caseReference: string;
  @Field(() => String) caseTitle: string;
  @Field(() => [Task]) open: Task[];
  @Field(() => Number) overdueCount: number;
}

@InputType()
export class CreateTaskInput {
  @Field(() => ID) caseId: string;
  @Field(() => String) title: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => ID, { nullable: true, description: 'A member of the case.' }) assigneeId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) due?: string | null;
  @Field(() => TaskPriorityEnum, { nullable: true }) priority?: string | null;
  @Field(() => [ID], { nullable: true }) entityIds?: string[] | null;
  @Field(() => TaskSourceEnum, { nullable: true }) sourceKind?: string | null;
  @Field(() => String, { nullable: true }) sourceId?: string | null;
}

@InputType({ description: 'Only the fields given change; assigneeId and due may be set to null.' })
export class UpdateTaskInput {
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => ID, { nullable: true }) assigneeId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) due?: string | null;
  @Field(() => TaskPriorityEnum, { nullable: true }) priority?: string | null;
  @Field(() => [ID], { nullable: true }) entityIds?: string[] | null;
}
