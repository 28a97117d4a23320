import type { Role } from './types';

/**
 * The role matrix, enforced by the server (and written down in the README).
 * Case content is need-to-know: every action on a case also requires the
 * caller to be a member of that case; an ADMIN who is not a member sees none
 * of it.
 */
export type Action =
  | 'case.read'
  | 'case.create'
  | 'case.update'
  | 'case.manageMembers'
  | 'graph.addEntity'
  | 'graph.editEntity'
  | 'graph.link'
  | 'graph.analyse'
  | 'graph.merge'
  | 'notes.edit'
  | 'timeline.edit'
  | 'review.signOff'
  | 'audit.read'
  | 'accounts.manage'
  /** Issue an emergency child alert (CAP): a supervisor's decision. */
  | 'alert.issue'
  /** Publish a missing child on the public site, change or take the page down (also: of the case's lead agency). */
  | 'public.publish'
  /** Set a country's public site: its name, logo and brand colour. */
  | 'public.configure'
  /** Accept, merge or dismiss a tip from the public; take a hotline call's tip. */
  | 'tips.decide'
  /** Create, assign and edit the case's tasks (the assignee changes a task's status whatever their role). */
  | 'task.manage'
  /** Comment on tasks (and mention members and entities there). */
  | 'task.comment';

export const ROLE_MATRIX: Readonly<Record<Action, readonly Role[]>> = {
  'case.read': ['INVESTIGATOR', 'ANALYST', 'SUPERVISOR', 'ADMIN'],
  'case.create': ['INVESTIGATOR', 'SUPERVISOR'],
  'case.update': ['INVESTIGATOR', 'SUPERVISOR'],
  'case.manageMembers': ['SUPERVISOR'],
  'graph.addEntity': ['INVESTIGATOR', 'SUPERVISOR'],
  'graph.editEntity': ['INVESTIGATOR', 'SUPERVISOR'],
  'graph.link': ['INVESTIGATOR', 'SUPERVISOR', 'ANALYST'],
  'graph.analyse': ['INVESTIGATOR', 'SUPERVISOR', 'ANALYST'],
  // Confirming or rejecting a duplicate changes what the case records: the roles that edit entities.
  'graph.merge': ['INVESTIGATOR', 'SUPERVISOR'],
  'notes.edit': ['INVESTIGATOR', 'SUPERVISOR', 'ANALYST'],
  'timeline.edit': ['INVESTIGATOR', 'SUPERVISOR', 'ANALYST'],
  'review.signOff': ['SUPERVISOR'],
  'audit.read': ['SUPERVISOR', 'ADMIN'],
  'accounts.manage': ['ADMIN'],
  'alert.issue': ['SUPERVISOR'],
  'public.publish': ['SUPERVISOR'],
  'public.configure': ['ADMIN'],
  'tips.decide': ['INVESTIGATOR', 'SUPERVISOR'],
  'task.manage': ['INVESTIGATOR', 'SUPERVISOR'],
  'task.comment': ['INVESTIGATOR', 'SUPERVISOR', 'ANALYST'],
};

export function may(role: Role, action: Action): boolean {
  return ROLE_MATRIX[action].includes(role);
}

/**
 * The roles a member may hold on one case (a grant across agencies, say): they can only narrow what the
 * account's role allows, never widen it. Lowest first.
 */
export const CASE_ROLES = ['ANALYST', 'INVESTIGATOR', 'SUPERVISOR'] as const satisfies readonly Role[];

/** Whether `caseRole` may be given to an account of `accountRole` (a case role is never above the account's). */
export function caseRoleWithin(caseRole: Role, accountRole: Role): boolean {
  const at = (CASE_ROLES as readonly Role[]).indexOf(caseRole);
  const of = (CASE_ROLES as readonly Role[]).indexOf(accountRole);
  return at >= 0 && of >= 0 && at <= of;
}

/**
 * What a member may do on a case: their account's role must allow it and, when the membership carries
 * a case role, that role too (null: the account's role alone).
 */
export function mayOnCase(accountRole: Role, caseRole: Role | null | undefined, action: Action): boolean {
  return may(accountRole, action) && (caseRole == null || may(caseRole, action));
}
