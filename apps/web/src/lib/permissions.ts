import { may, type Action } from '@homeward/domain/policy';
import { useTranslation } from 'react-i18next';
import { readSession } from './session';

export type { Action };

export interface Permission {
  readonly allowed: boolean;
  /** Why not, in the reader's language ("Your role, Analyst, may not add entities"); null when allowed. */
  readonly reason: string | null;
}

/**
 * Whether the signed-in user's role may do `action`, by the same role matrix the server enforces
 * (libs/domain policy). Case membership is the server's to check; a control for a case the user has
 * open is for a member already.
 */
export function usePermission(action: Action): Permission {
  const { t } = useTranslation();
  const role = readSession()?.user.role;
  if (role && may(role, action)) return { allowed: true, reason: null };
  return {
    allowed: false,
    reason: t('permission.denied', { role: role ? t(`userRole.${role}`) : '—', action: t(`permission.action.${action}`) }),
  };
}

/**
 * Props for a control the role may not use: it stays in the tab order (aria-disabled, not disabled) so
 * keyboard and screen-reader users reach the reason, which is its title and its description.
 */
export function deniedProps(p: Permission, reasonId: string): { 'aria-disabled'?: true; title?: string; 'aria-describedby'?: string } {
  return p.allowed ? {} : { 'aria-disabled': true, title: p.reason ?? undefined, 'aria-describedby': reasonId };
}
