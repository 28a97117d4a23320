import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../../base/context.js';
import { TasksService, type TaskView } from './tasks.service.js';
import { CaseTaskSummary, CreateTaskInput, Task, TaskComment, TaskStatusEnum, UpdateTaskInput } from './tasks.types.js';

@Resolver(() => Task)
export class TasksResolver {
  constructor(private readonly tasks: TasksService) {}

  @Query(() => [Task], { description: "A case's tasks: overdue first, then open ones by due time, then finished ones." })
  caseTasks(@Context() ctx: RequestContext, @Args('caseId', { type: () => ID }) caseId: string) {
    return this.tasks.ofCase(ctx, caseId);
  }

  @Query(() => Task)
  task(@Context() ctx: RequestContext, @Args('id', { type: () => ID }) id: string) {
    return this.tasks.get(ctx, id);
  }

  @Query(() => [Task], { description: 'Tasks assigned to the caller across the cases they may see, overdue first.' })
  myTasks(@Context() ctx: RequestContext) {
    return this.tasks.mine(ctx);
  }

  @Query(() => [CaseTaskSummary], {
    description:
      'For a supervisor: the open tasks of the cases their agency leads (and they are a member of), per case, most overdue first.',
  })
  agencyTasks(@Context() ctx: RequestContext) {
    return this.tasks.agency(ctx);
  }

  @Mutation(() => Task, { description: 'Investigators and supervisors of the case; the assignee is notified.' })
  createTask(@Context() ctx: RequestContext, @Args('input', { type: () => CreateTaskInput }) input: CreateTaskInput) {
    return this.tasks.create(ctx, input);
  }

  @Mutation(() => Task, { description: 'Changes the fields given (reassigning notifies the new assignee).' })
  updateTask(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateTaskInput }) input: UpdateTaskInput,
  ) {
    return this.tasks.update(ctx, id, input);
  }

  @Mutation(() => Task, { description: 'The assignee (or a supervisor of the case) moves a task along; its creator is notified.' })
  setTaskStatus(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('status', { type: () => TaskStatusEnum }) status: string,
  ) {
    return this.tasks.setStatus(ctx, id, status);
  }

  @Mutation(() => TaskComment, { description: 'Mentioned members (@[name](user:ID)) are notified; entity mentions link to the graph.' })
  addTaskComment(
    @Context() ctx: RequestContext,
    @Args('id', { type: () => ID }) id: string,
    @Args('body', { type: () => String }) body: string,
  ) {
    return this.tasks.comment(ctx, id, body);
  }

  @ResolveField(() => [TaskComment])
  comments(@Context() ctx: RequestContext, @Parent() t: TaskView) {
    return this.tasks.comments(ctx, t.id);
  }
}
