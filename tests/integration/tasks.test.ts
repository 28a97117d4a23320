import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTeam, gql, startServer, type RunningServer } from './harness';

let server: RunningServer;
const team = demoTeam(['investigator.gt', 'investigator.mx', 'supervisor.gt', 'analyst.mx', 'ngo.es']);
const { tokens, ids, ok } = team;

beforeAll(async () => {
  server = await startServer({ startTimeoutMs: 120_000 });
  await team.signIn(server.url);
}, 150_000);
afterAll(async () => {
  await server?.stop();
});

/** A fresh case made by investigator.gt with the given members. */
const caseWith = (members: string[], title = 'Tasks case') => team.createCase({ title, category: 'RUNAWAY' }, members);

const TASK =
  'id caseId caseReference title description assignee { id displayName } due overdue priority status ' +
  'entityIds ' +
  'sourceKind sourceId createdBy { id } updatedBy { id }';

async function createTask(input: Record<string, unknown>, who = 'investigator.gt') {
  return gql(server.url, `mutation($i:CreateTaskInput!){ createTask(input:$i){ ${TASK} } }`, { i: input }, tokens[who]);
}

async function notificationsOf(who: string) {
  return (await ok('{ notifications(limit: 100){ items { kind caseId actorName params } } }', {}, who)).notifications.items as Array<{
    kind: string;
    caseId: string;
    actorName: string | null;
    params: Record<string, string>;
  }>;
}

async function waitForNotification(who: string, pred: (n: { kind: string; params: Record<string, string> }) => boolean) {
  await expect.poll(async () => (await notificationsOf(who)).some(pred), { timeout: 10_000, interval: 100 }).toBe(true);
  return (await notificationsOf(who)).find(pred)!;
}

async function auditOf(caseId: string, action: string) {
  return (
    await ok(
      'query($c:ID!,$a:String){ auditRecords(caseId:$c, action:$a){ action actorId targetId details } }',
      { c: caseId, a: action },
      'supervisor.gt',
    )
  ).auditRecords as Array<{ action: string; actorId: string; targetId: string; details: Record<string, unknown> }>;
}

describe('tasks', () => {
  it('creates and assigns a task to a member, who is notified; the creation is audited with who did it', async () => {
    const c = await caseWith(['investigator.mx', 'supervisor.gt']);
    const r = await createTask({
      caseId: c.id,
      title: 'Request CCTV',
      description: 'Petrol station',
      assigneeId: ids['investigator.mx'],
      priority: 'HIGH',
    });
    expect(r.errors).toBeUndefined();
    const t = r.data!.createTask;
    expect(t).toMatchObject({
      caseId: c.id,
      caseReference: c.reference,
      title: 'Request CCTV',
      status: 'OPEN',
      priority: 'HIGH',
      assignee: { id: ids['investigator.mx'] },
      createdBy: { id: ids['investigator.gt'] },
      overdue: false,
    });
    const n = await waitForNotification('investigator.mx', (x) => x.kind === 'TASK_ASSIGNED' && x.params.taskId === t.id);
    expect(n.params).toMatchObject({ taskTitle: 'Request CCTV', caseReference: c.reference });
    const audit = await auditOf(c.id, 'task.created');
    expect(audit).toEqual([expect.objectContaining({ actorId: ids['investigator.gt'], targetId: t.id })]);
    expect(audit[0].details).toMatchObject({ assigneeId: ids['investigator.mx'], priority: 'HIGH' });
  });

  it('refuses an analyst creating a task, an assignee outside the case, bad input by field, and hides tasks from non-members', async () => {
    const c = await caseWith(['analyst.mx']);
    const byAnalyst = await createTask({ caseId: c.id, title: 'x' }, 'analyst.mx');
    expect(byAnalyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const outsider = await createTask({ caseId: c.id, title: 'x', assigneeId: ids['ngo.es'] });
    expect(outsider.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.assigneeId' });
    const empty = await createTask({ caseId: c.id, title: '   ' });
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    const badDue = await createTask({ caseId: c.id, title: 'x', due: 'tomorrow' });
    expect(badDue.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const t = (await createTask({ caseId: c.id, title: 'Secret task' })).data!.createTask;
    const seen = await gql(server.url, 'query($id:ID!){ task(id:$id){ title } }', { id: t.id }, tokens['ngo.es']);
    expect(seen.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(seen)).not.toContain('Secret task');
    const list = await gql(server.url, 'query($c:ID!){ caseTasks(caseId:$c){ id } }', { c: c.id }, tokens['ngo.es']);
    expect(list.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('lets the assignee (not another investigator) change the status, tells the creator, and audits from and to', async () => {
    const c = await caseWith(['investigator.mx', 'analyst.mx', 'supervisor.gt']);
    const t = (await createTask({ caseId: c.id, title: 'Call the school', assigneeId: ids['analyst.mx'] })).data!.createTask;
    const SET = 'mutation($id:ID!,$s:TaskStatus!){ setTaskStatus(id:$id, status:$s){ status updatedBy { id } } }';
    const other = await gql(server.url, SET, { id: t.id, s: 'DONE' }, tokens['investigator.mx']);
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const mine = await ok(SET, { id: t.id, s: 'IN_PROGRESS' }, 'analyst.mx');
    expect(mine.setTaskStatus).toEqual({ status: 'IN_PROGRESS', updatedBy: { id: ids['analyst.mx'] } });
    const n = await waitForNotification('investigator.gt', (x) => x.kind === 'TASK_STATUS' && x.params.taskId === t.id);
    expect(n.params.status).toBe('IN_PROGRESS');
    // A supervisor of the case may close it too.
    expect((await ok(SET, { id: t.id, s: 'CANCELLED' }, 'supervisor.gt')).setTaskStatus.status).toBe('CANCELLED');
    const audit = await auditOf(c.id, 'task.status');
    expect(audit.map((a) => a.details)).toEqual([
      expect.objectContaining({ from: 'OPEN', to: 'IN_PROGRESS' }),
      expect.objectContaining({ from: 'IN_PROGRESS', to: 'CANCELLED' }),
    ]);
  });

  it('lists my tasks across cases overdue first, and a supervisor’s agency view per case', async () => {
    const a = await caseWith(['investigator.mx', 'supervisor.gt'], 'Case A');
    const b = await caseWith(['investigator.mx', 'supervisor.gt'], 'Case B');
    const later = (await createTask({ caseId: a.id, title: 'Later', assigneeId: ids['investigator.mx'], due: '2099-01-01T00:00:00Z' }))
      .data!.createTask;
    const none = (await createTask({ caseId: b.id, title: 'No due', assigneeId: ids['investigator.mx'] })).data!.createTask;
    const late = (await createTask({ caseId: b.id, title: 'Late', assigneeId: ids['investigator.mx'], due: '2020-01-01T00:00:00Z' })).data!
      .createTask;
    expect(late.overdue).toBe(true);
    const mine = (await ok(`{ myTasks { ${TASK} } }`, {}, 'investigator.mx')).myTasks as Array<{ id: string }>;
    const order = mine.map((t) => t.id).filter((id) => [later.id, none.id, late.id].includes(id));
    expect(order).toEqual([late.id, later.id, none.id]);
    const agency = (await ok('{ agencyTasks { caseId caseReference overdueCount open { id overdue } } }', {}, 'supervisor.gt'))
      .agencyTasks as Array<{
      caseId: string;
      overdueCount: number;
      open: Array<{ id: string }>;
    }>;
    const ofB = agency.find((s) => s.caseId === b.id)!;
    expect(ofB.overdueCount).toBe(1);
    expect(ofB.open.map((t) => t.id)).toEqual([late.id, none.id]);
    expect(agency.find((s) => s.caseId === a.id)!.open.map((t) => t.id)).toEqual([later.id]);
    const refused = await gql(server.url, '{ agencyTasks { caseId } }', {}, tokens['investigator.mx']);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('makes a task from an entity of the graph and from a timeline event', async () => {
    const c = await caseWith([]);
    const place = (
      await ok(
        'mutation($c:ID!){ addLocation(caseId:$c, input:{name:"Bus terminal", country:"GT", latitude:14.6, longitude:-90.5}){ id } }',
        { c: c.id },
        'investigator.gt',
      )
    ).addLocation.id;
    const fromEntity = (await createTask({ caseId: c.id, title: 'Request CCTV for this location', sourceKind: 'ENTITY', sourceId: place }))
      .data!.createTask;
    expect(fromEntity).toMatchObject({ sourceKind: 'ENTITY', sourceId: place, entityIds: [place] });
    const fromEvent = (await createTask({ caseId: c.id, title: 'Check this call', sourceKind: 'TIMELINE_EVENT', sourceId: 'ev-12' })).data!
      .createTask;
    expect(fromEvent).toMatchObject({ sourceKind: 'TIMELINE_EVENT', sourceId: 'ev-12', entityIds: [] });
    const foreign = await createTask({ caseId: c.id, title: 'x', sourceKind: 'ENTITY', sourceId: 'ent_0000000000000000000' });
    expect(foreign.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.sourceId' });
  });

  it('reassigns and moves the due time (audited), and tells an assignee when a task is due soon', async () => {
    const c = await caseWith(['investigator.mx', 'analyst.mx', 'supervisor.gt']);
    const t = (await createTask({ caseId: c.id, title: 'Interview the driver', assigneeId: ids['investigator.mx'] })).data!.createTask;
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const u = await ok(
      `mutation($id:ID!,$i:UpdateTaskInput!){ updateTask(id:$id, input:$i){ ${TASK} } }`,
      { id: t.id, i: { assigneeId: ids['analyst.mx'], due: soon } },
      'investigator.gt',
    );
    expect(u.updateTask).toMatchObject({ assignee: { id: ids['analyst.mx'] }, title: 'Interview the driver' });
    await waitForNotification('analyst.mx', (x) => x.kind === 'TASK_ASSIGNED' && x.params.taskId === t.id);
    await waitForNotification('analyst.mx', (x) => x.kind === 'TASK_DUE_SOON' && x.params.taskId === t.id);
    const audit = await auditOf(c.id, 'task.updated');
    expect(audit[0].details).toMatchObject({ fromAssigneeId: ids['investigator.mx'], assigneeId: ids['analyst.mx'] });
    expect(String(audit[0].details.changed).split(',').sort()).toEqual(['assigneeId', 'due']);
  });

  it('keeps a comment thread; mentioning a member notifies them, only members and entities of the case count as mentions', async () => {
    const c = await caseWith(['investigator.mx', 'analyst.mx']);
    const van = (await ok('mutation($c:ID!){ addVehicle(caseId:$c, input:{plate:"P-777XYZ"}){ id } }', { c: c.id }, 'investigator.gt'))
      .addVehicle.id;
    const t = (await createTask({ caseId: c.id, title: 'Trace the van' })).data!.createTask;
    const body =
      `@[Iván](user:${ids['analyst.mx']}) please check @[P-777XYZ](entity:${van}); ` +
      `cc @[Marta](user:${ids['ngo.es']}) and @[ghost](entity:ent_0000000000000000000)`;
    const added = await ok(
      'mutation($id:ID!,$b:String!){ addTaskComment(id:$id, body:$b){ id body author { id } mentionedUserIds mentionedEntityIds } }',
      { id: t.id, b: body },
      'investigator.gt',
    );
    expect(added.addTaskComment).toMatchObject({
      body,
      author: { id: ids['investigator.gt'] },
      mentionedUserIds: [ids['analyst.mx']],
      mentionedEntityIds: [van],
    });
    const n = await waitForNotification('analyst.mx', (x) => x.kind === 'MENTIONED' && x.params.taskId === t.id);
    expect(n.params.taskTitle).toBe('Trace the van');
    await new Promise((r) => setTimeout(r, 300));
    expect((await notificationsOf('investigator.mx')).filter((x) => x.kind === 'MENTIONED' && x.params.taskId === t.id)).toEqual([]);
    // The outsider named in the text is not told anything.
    expect((await notificationsOf('ngo.es')).filter((x) => x.caseId === c.id)).toEqual([]);
    await ok('mutation($id:ID!){ addTaskComment(id:$id, body:"on it"){ id } }', { id: t.id }, 'analyst.mx');
    const thread = await ok('query($id:ID!){ task(id:$id){ comments { body author { id } } } }', { id: t.id }, 'investigator.mx');
    expect(thread.task.comments.map((x: { body: string }) => x.body)).toEqual([body, 'on it']);
    const outside = await gql(server.url, 'mutation($id:ID!){ addTaskComment(id:$id, body:"hi"){ id } }', { id: t.id }, tokens['ngo.es']);
    expect(outside.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
