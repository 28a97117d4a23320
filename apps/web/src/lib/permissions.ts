import { createContext, useContext } from 'react';
import { mayOnCase, type Action } from '@homeward/domain/policy';
import type { Role } from '@homeward/domain';
import { useTranslation } from 'react-i18next';
import { readSession } from './session';

export type { Action };

export interface Permission {
  readonly allowed: boolean;
  /** Why not, in the reader's language ("Your role, Analyst, may not add entities"); null when allowed. */
  readonly reason: string | null;
}

/**
 * The signed-in user's case role on the case open (null: their account's role), set by the case workspace.
 * A case role only narrows what the account's role allows, on that case.
 */
const CaseRoleContext = createContext<Role | null>(null);
export const CaseRoleProvider = CaseRoleContext.Provider;

/**
 * Whether the signed-in user may do `action`, by the same role matrix the server enforces (libs/domain
 * policy): their account's role and, on a case where their membership carries one, their case role
 * (from the workspace's CaseRoleProvider, or `caseRole` when given). Case membership is the server's to
 * check; a control for a case the user has open is for a member already.
 */
export function usePermission(action: Action, caseRole?: Role | null): Permission {
  const { t } = useTranslation();
  const fromCase = useContext(CaseRoleContext);
  const onCase = caseRole === undefined ? fromCase : caseRole;
  const role = readSession()?.user.role;
  if (role && mayOnCase(role, onCase, action)) return { allowed: true, reason: null };
  // The role that refuses: the account's, or else the case role.
  const refusing = role && onCase && mayOnCase(role, null, action) ? onCase : role;
  return {
    allowed: false,
    reason: t('permission.denied', { role: refusing ? t(`userRole.${refusing}`) : '—', action: t(`permission.action.${action}`) }),
  };
}

/**
 * Props for a control the role may not use: it stays in the tab order (aria-disabled, not disabled) so
 * keyboard and screen-reader users reach the reason, which is its title and its description.
 */
export function deniedProps(p: Permission, reasonId: string): { 'aria-disabled'?: true; title?: string; 'aria-describedby'?: string } {
  return p.allowed ? {} : { 'aria-disabled': true, title: p.reason ?? undefined, 'aria-describedby': reasonId };
}
