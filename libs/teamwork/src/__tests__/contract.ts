import { afterEach, describe, expect, it } from 'vitest';
import type { StateStores } from '@homeward/graph-store';
import { newId } from '@homeward/domain';
import type { AccessRequestRecord, NotificationRecord, TaskRecord, TeamworkStore } from '../port';

/** What a contract run needs: the state stores (cases, entities) and the teamwork store beside them. */
export interface TeamworkUnderTest {
  readonly stores: StateStores;
  readonly teamwork: TeamworkStore;
  close(): Promise<void>;
}

const meta = (actorId: string) => ({ actorId });

/**
 * The behaviour every TeamworkStore adapter must have: run against the embedded
 * store always, and against Neo4j when NEO4J_URI is set.
 */
export function teamworkContract(name: string, open: () => Promise<TeamworkUnderTest>): void {
  describe(`teamwork contract: ${name}`, () => {
    let t: TeamworkUnderTest | null = null;

    async function setup() {
      t = await open();
      const tag = Math.random().toString(36).slice(2, 10);
      const ids = { agency: `agy_${tag}`, user: `usr_${tag}`, other: `usr_${tag}b`, a: `case_${tag}a`, b: `case_${tag}b` };
      await t.stores.accounts.createAgency({ id: ids.agency, name: `Contract ${tag}`, country: 'GT', kind: 'LAW_ENFORCEMENT' });
      for (const id of [ids.user, ids.other]) {
        await t.stores.accounts.createUser({
          id,
          email: `${id}@contract.test`,
          displayName: id,
          role: 'INVESTIGATOR',
          agencyId: ids.agency,
          passwordHash: 'x',
        });
      }
      for (const [i, id] of [ids.a, ids.b].entries()) {
        await t.stores.cases.createCase({
          id,
          reference: `GT-2099-${tag}${i}`,
          title: 'T',
          category: 'RUNAWAY',
          status: 'OPEN',
          riskLevel: 'LOW',
          country: 'GT',
          reportedAt: '2026-01-01T00:00:00Z',
          lastSeenAt: null,
          leadAgencyId: ids.agency,
          createdBy: ids.user,
        });
      }
      return { ...ids, tag, tw: t.teamwork, stores: t.stores };
    }

    afterEach(async () => {
      await t?.close();
      t = null;
    });

    const note = (recipientId: string, caseId: string | null, kind = 'CASE_ADDED'): NotificationRecord => ({
      id: newId('ntf'),
      recipientId,
      kind,
      caseId,
      actorId: null,
      params: { caseReference: 'GT-1', 'odd key': 'ünïcode' },
      createdAt: new Date().toISOString(),
      readAt: null,
    });

    it('lists a recipient’s notifications newest first, only of the cases given (and none), and pages by id', async () => {
      const { user, other, a, b, tw } = await setup();
      const n1 = note(user, a);
      await new Promise((r) => setTimeout(r, 3));
      const n2 = note(user, b);
      await new Promise((r) => setTimeout(r, 3));
      const n3 = note(user, null);
      await tw.notifications.add([n1, n2, n3, note(other, a)]);
      const all = await tw.notifications.list(user, { caseIds: [a, b], limit: 10 });
      expect(all.map((n) => n.id)).toEqual([n3.id, n2.id, n1.id]);
      expect(all[2]).toEqual(n1);
      // Removed from case b: its notification is no longer listed nor counted.
      expect((await tw.notifications.list(user, { caseIds: [a], limit: 10 })).map((n) => n.id)).toEqual([n3.id, n1.id]);
      expect(await tw.notifications.unreadCount(user, [a])).toBe(2);
      expect(await tw.notifications.unreadCount(user, [a, b])).toBe(3);
      const page2 = await tw.notifications.list(user, { caseIds: [a, b], limit: 2, beforeId: n2.id });
      expect(page2.map((n) => n.id)).toEqual([n1.id]);
      expect(await tw.notifications.list(user, { caseIds: [a, b], limit: 1 })).toHaveLength(1);
    });

    it('adds what is keyed once only once, even when several callers race for the key', async () => {
      const { user, other, a, tag, tw } = await setup();
      const key = `mention:${a}:m_${tag}`;
      const at = new Date().toISOString();
      const tries = await Promise.all([0, 1, 2, 3].map(() => tw.notifications.addOnce(key, [note(user, a, 'MENTIONED')], at)));
      expect(tries.filter(Boolean)).toHaveLength(1);
      // Later, with other records: still nothing (the key is claimed for good).
      expect(await tw.notifications.addOnce(key, [note(user, a, 'MENTIONED'), note(other, a, 'MENTIONED')], at)).toBe(false);
      expect(await tw.notifications.list(user, { caseIds: [a], limit: 10 })).toHaveLength(1);
      expect(await tw.notifications.list(other, { caseIds: [a], limit: 10 })).toHaveLength(0);
      // Another key is another mention; an empty list claims nothing.
      expect(await tw.notifications.addOnce(`${key}x`, [], at)).toBe(false);
      expect(await tw.notifications.addOnce(`${key}x`, [note(other, a, 'MENTIONED')], at)).toBe(true);
      expect(await tw.notifications.list(other, { caseIds: [a], limit: 10 })).toHaveLength(1);
    });

    it('marks some or all read, only the recipient’s own, and lists unread only on request', async () => {
      const { user, other, a, tw } = await setup();
      const mine = [note(user, a), note(user, a), note(user, a)];
      const theirs = note(other, a);
      await tw.notifications.add([...mine, theirs]);
      expect(await tw.notifications.markRead(user, [mine[0].id, theirs.id], '2026-02-01T00:00:00.000Z')).toBe(1);
      expect(await tw.notifications.unreadCount(other, [a])).toBe(1);
      expect(await tw.notifications.unreadCount(user, [a])).toBe(2);
      const unread = await tw.notifications.list(user, { caseIds: [a], limit: 10, unreadOnly: true });
      expect(unread.map((n) => n.id).sort()).toEqual([mine[1].id, mine[2].id].sort());
      const read = (await tw.notifications.list(user, { caseIds: [a], limit: 10 })).find((n) => n.id === mine[0].id);
      expect(read?.readAt).toBe('2026-02-01T00:00:00.000Z');
      expect(await tw.notifications.markRead(user, 'all', '2026-02-02T00:00:00.000Z')).toBe(2);
      expect(await tw.notifications.unreadCount(user, [a])).toBe(0);
      expect(await tw.notifications.markRead(user, 'all', '2026-02-02T00:00:00.000Z')).toBe(0);
    });

    it('keeps each user’s muted kinds', async () => {
      const { user, other, tw } = await setup();
      expect(await tw.notifications.mutedKinds(user)).toEqual([]);
      await tw.notifications.setMutedKinds(user, ['SIGHTING_ADDED', 'FACE_LEADS', 'SIGHTING_ADDED']);
      expect(await tw.notifications.mutedKinds(user)).toEqual(['FACE_LEADS', 'SIGHTING_ADDED']);
      expect(await tw.notifications.mutedKinds(other)).toEqual([]);
      await tw.notifications.setMutedKinds(user, []);
      expect(await tw.notifications.mutedKinds(user)).toEqual([]);
    });

    const task = (caseId: string, by: string, patch: Partial<TaskRecord> = {}): TaskRecord => ({
      id: newId('tsk'),
      caseId,
      title: 'Request CCTV',
      description: 'From the petrol station',
      assigneeId: null,
      due: null,
      priority: 'NORMAL',
      status: 'OPEN',
      entityIds: [],
      sourceKind: null,
      sourceId: null,
      createdBy: by,
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedBy: by,
      updatedAt: '2026-03-01T10:00:00.000Z',
      dueNotifiedAt: null,
      ...patch,
    });

    it('creates, reads and updates a task, keeping who changed it last', async () => {
      const { user, other, a, tw } = await setup();
      const t1 = await tw.tasks.create(task(a, user, { entityIds: ['ent_x', 'ent_y'], sourceKind: 'ENTITY', sourceId: 'ent_x' }));
      expect(await tw.tasks.get(t1.id)).toEqual(t1);
      expect(await tw.tasks.get('tsk_missing')).toBeNull();
      const u = await tw.tasks.update(
        t1.id,
        { assigneeId: other, status: 'IN_PROGRESS', title: undefined },
        other,
        '2026-03-02T00:00:00.000Z',
      );
      expect(u).toMatchObject({ assigneeId: other, status: 'IN_PROGRESS', title: 'Request CCTV', updatedBy: other });
      expect(await tw.tasks.get(t1.id)).toEqual(u);
      expect(await tw.tasks.update('tsk_missing', { status: 'DONE' }, user, '2026-03-02T00:00:00.000Z')).toBeNull();
      expect((await tw.tasks.ofCase(a)).map((x) => x.id)).toEqual([t1.id]);
    });

    it('lists assigned tasks of the given cases and open tasks of cases', async () => {
      const { user, other, a, b, tw } = await setup();
      const t1 = await tw.tasks.create(task(a, user, { assigneeId: other }));
      const t2 = await tw.tasks.create(task(b, user, { assigneeId: other, status: 'DONE' }));
      const t3 = await tw.tasks.create(task(b, user, { assigneeId: user }));
      expect((await tw.tasks.assignedTo(other, [a, b])).map((x) => x.id).sort()).toEqual([t1.id, t2.id].sort());
      expect((await tw.tasks.assignedTo(other, [a])).map((x) => x.id)).toEqual([t1.id]);
      expect((await tw.tasks.openIn([a, b])).map((x) => x.id).sort()).toEqual([t1.id, t3.id].sort());
      expect(await tw.tasks.openIn([])).toEqual([]);
    });

    it('claims each task due soon once, and again after its due time moves', async () => {
      const { user, other, a, tw } = await setup();
      // Far in the past: no other run's task of the shared database is older than these.
      const soon = await tw.tasks.create(task(a, user, { assigneeId: other, due: '1999-01-01T10:00:00.000Z' }));
      await tw.tasks.create(task(a, user, { assigneeId: null, due: '1999-01-01T10:00:00.000Z' }));
      await tw.tasks.create(task(a, user, { assigneeId: other, due: '1999-01-01T10:00:00.000Z', status: 'DONE' }));
      await tw.tasks.create(task(a, user, { assigneeId: other, due: '1999-06-01T10:00:00.000Z' }));
      const first = (await tw.tasks.claimDueSoon('1999-01-02T00:00:00.000Z', '1999-01-01T00:00:00.000Z')).filter((x) => x.caseId === a);
      expect(first.map((x) => x.id)).toEqual([soon.id]);
      expect(first[0].dueNotifiedAt).toBe('1999-01-01T00:00:00.000Z');
      expect((await tw.tasks.claimDueSoon('1999-01-02T00:00:00.000Z', '1999-01-01T00:00:00.000Z')).filter((x) => x.caseId === a)).toEqual(
        [],
      );
      const moved = await tw.tasks.update(soon.id, { due: '1999-01-01T20:00:00.000Z' }, user, '1999-01-01T01:00:00.000Z');
      expect(moved?.dueNotifiedAt).toBeNull();
      const again = (await tw.tasks.claimDueSoon('1999-01-02T00:00:00.000Z', '1999-01-01T02:00:00.000Z')).filter((x) => x.caseId === a);
      expect(again.map((x) => x.id)).toEqual([soon.id]);
      // An unchanged due time keeps the notice given.
      const same = await tw.tasks.update(soon.id, { due: '1999-01-01T20:00:00.000Z', title: 'x' }, user, '1999-01-01T03:00:00.000Z');
      expect(same?.dueNotifiedAt).toBe('1999-01-01T02:00:00.000Z');
    });

    it('keeps a task’s comment thread in order, with its mentions', async () => {
      const { user, other, a, tw } = await setup();
      const t1 = await tw.tasks.create(task(a, user));
      const c1 = await tw.tasks.addComment({
        id: newId('tcm'),
        taskId: t1.id,
        caseId: a,
        authorId: user,
        body: '@Ana please check',
        mentionedUserIds: [other],
        mentionedEntityIds: ['ent_1'],
        createdAt: '2026-03-01T10:00:00.000Z',
      });
      const c2 = await tw.tasks.addComment({
        id: newId('tcm'),
        taskId: t1.id,
        caseId: a,
        authorId: other,
        body: 'done',
        mentionedUserIds: [],
        mentionedEntityIds: [],
        createdAt: '2026-03-01T11:00:00.000Z',
      });
      expect(await tw.tasks.comments(t1.id)).toEqual([c1, c2]);
      expect(await tw.tasks.comments('tsk_none')).toEqual([]);
    });

    const request = (fromCaseId: string, toCaseId: string, requesterId: string, createdAt: string): AccessRequestRecord => ({
      id: newId('acr'),
      fromCaseId,
      toCaseId,
      requesterId,
      reason: 'SAME_IDENTIFIER',
      identifierKind: 'plate',
      message: 'Same plate in our case',
      status: 'PENDING',
      createdAt,
      decidedBy: null,
      decidedAt: null,
      decisionReason: null,
      grantedRole: null,
    });

    it('refuses a second request for a pair of cases within the window, and decides a request once', async () => {
      const { user, other, a, b, tw } = await setup();
      const r1 = request(a, b, user, '2026-04-01T10:00:00.000Z');
      expect(await tw.accessRequests.create(r1, '2026-03-31T10:00:00.000Z')).toEqual(r1);
      expect(await tw.accessRequests.create(request(a, b, user, '2026-04-01T12:00:00.000Z'), '2026-03-31T12:00:00.000Z')).toBeNull();
      // The other direction is another pair.
      const back = request(b, a, other, '2026-04-01T12:00:00.000Z');
      expect(await tw.accessRequests.create(back, '2026-03-31T12:00:00.000Z')).toEqual(back);
      // A day later the same pair may ask again.
      const r2 = request(a, b, user, '2026-04-02T10:00:01.000Z');
      expect(await tw.accessRequests.create(r2, '2026-04-01T10:00:01.000Z')).toEqual(r2);
      expect((await tw.accessRequests.toCases([b])).map((r) => r.id)).toEqual([r2.id, r1.id]);
      expect((await tw.accessRequests.byRequester(user)).map((r) => r.id)).toEqual([r2.id, r1.id]);
      expect(await tw.accessRequests.get(r1.id)).toEqual(r1);

      const d = {
        status: 'GRANTED' as const,
        decidedBy: other,
        decidedAt: '2026-04-03T00:00:00.000Z',
        reason: null,
        grantedRole: 'ANALYST',
      };
      expect(await tw.accessRequests.decide(r1.id, d)).toMatchObject({ status: 'GRANTED', decidedBy: other, grantedRole: 'ANALYST' });
      expect(await tw.accessRequests.decide(r1.id, { ...d, status: 'DECLINED', reason: 'no' })).toBeNull();
      expect((await tw.accessRequests.get(r1.id))?.status).toBe('GRANTED');
      expect(await tw.accessRequests.decide('acr_missing', d)).toBeNull();
    });

    it('finds the other cases holding an entity of the case or one with the same identifier, with the kind only', async () => {
      const { user, a, b, tag, tw, stores } = await setup();
      const plate = `P${tag.toUpperCase().slice(0, 6)}`;
      const [v1, v2, shared, lone] = [newId('ent'), newId('ent'), newId('ent'), newId('ent')];
      await stores.graph.write(
        {
          caseId: a,
          entities: [
            { id: v1, kind: 'VEHICLE', props: { plate } },
            { id: shared, kind: 'PERSON', props: { fullName: `Shared ${tag}` } },
            { id: lone, kind: 'PERSON', props: { fullName: `Lone ${tag}` } },
          ],
          links: [],
        },
        meta(user),
      );
      await stores.graph.write(
        {
          caseId: b,
          entities: [{ id: v2, kind: 'VEHICLE', props: { plate: plate.toLowerCase().replace(/^p/, 'p-') } }],
          attach: [{ entityId: shared }],
          links: [],
        },
        meta(user),
      );
      const all = await tw.accessRequests.matchingCases(a);
      expect(all).toEqual(
        [
          { entityId: shared, otherCaseId: b, reason: 'SAME_ENTITY', identifierKind: null },
          { entityId: v1, otherCaseId: b, reason: 'SAME_IDENTIFIER', identifierKind: 'plate' },
        ].sort((x, y) => x.entityId.localeCompare(y.entityId)),
      );
      expect(await tw.accessRequests.matchingCases(a, [v1])).toEqual([
        { entityId: v1, otherCaseId: b, reason: 'SAME_IDENTIFIER', identifierKind: 'plate' },
      ]);
      expect(await tw.accessRequests.matchingCases(a, [lone])).toEqual([]);
      expect((await tw.accessRequests.matchingCases(b)).map((m) => m.otherCaseId)).toEqual([a, a]);
    });
  });
}
