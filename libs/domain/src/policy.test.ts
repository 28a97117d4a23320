import { describe, expect, it } from 'vitest';
import { ROLE_MATRIX, may, type Action } from './policy';
import type { Role } from './types';

/** The README's role table, written out again by hand: a change to the matrix must change both. */
const EXPECTED: Record<Action, Role[]> = {
  'case.read': ['INVESTIGATOR', 'ANALYST', 'SUPERVISOR', 'ADMIN'],
  'case.create': ['INVESTIGATOR', 'SUPERVISOR'],
  'case.update': ['INVESTIGATOR', 'SUPERVISOR'],
  'case.manageMembers': ['SUPERVISOR'],
  'graph.addEntity': ['INVESTIGATOR', 'SUPERVISOR'],
  'graph.editEntity': ['INVESTIGATOR', 'SUPERVISOR'],
  'graph.link': ['INVESTIGATOR', 'ANALYST', 'SUPERVISOR'],
  'graph.analyse': ['INVESTIGATOR', 'ANALYST', 'SUPERVISOR'],
  'graph.merge': ['INVESTIGATOR', 'SUPERVISOR'],
  'notes.edit': ['INVESTIGATOR', 'ANALYST', 'SUPERVISOR'],
  'timeline.edit': ['INVESTIGATOR', 'ANALYST', 'SUPERVISOR'],
  'review.signOff': ['SUPERVISOR'],
  'audit.read': ['SUPERVISOR', 'ADMIN'],
  'accounts.manage': ['ADMIN'],
  'alert.issue': ['SUPERVISOR'],
  'public.publish': ['SUPERVISOR'],
  'public.configure': ['ADMIN'],
  'tips.decide': ['INVESTIGATOR', 'SUPERVISOR'],
  'task.manage': ['INVESTIGATOR', 'SUPERVISOR'],
  'task.comment': ['INVESTIGATOR', 'ANALYST', 'SUPERVISOR'],
};
const ROLES: Role[] = ['INVESTIGATOR', 'ANALYST', 'SUPERVISOR', 'ADMIN'];

describe('the role matrix', () => {
  it('covers exactly the actions of the README', () => {
    expect(Object.keys(ROLE_MATRIX).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [action, allowed] of Object.entries(EXPECTED) as Array<[Action, Role[]]>) {
    it(`${action}: ${allowed.join(', ')}`, () => {
      for (const role of ROLES) expect(may(role, action), `${role} ${action}`).toBe(allowed.includes(role));
    });
  }

  it('keeps administrators out of case work (they manage accounts and the public sites)', () => {
    const adminActions = (Object.keys(EXPECTED) as Action[]).filter((a) => may('ADMIN', a));
    expect(adminActions.sort()).toEqual(['accounts.manage', 'audit.read', 'case.read', 'public.configure']);
  });
});
