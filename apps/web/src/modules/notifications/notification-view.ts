import type { TFunction } from 'i18next';
import type { InboxItem } from './graphql/notifications.generated';

/** A notification's parameters as the strings they are (the server sends a JSON object of strings). */
export function paramsOf(n: Pick<InboxItem, 'params'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(n.params)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The sentence of a notification, in the reader's language. */
export function notificationText(t: TFunction, n: Pick<InboxItem, 'kind' | 'params' | 'actorName'>): string {
  const p = paramsOf(n);
  const document = p.document === 'NOTES' || p.document === 'TIMELINE' ? t(`teams.document.${p.document}`) : '';
  const actor = n.actorName ?? t('teams.someone');
  // A mention in the case notes (no task): its own sentence.
  if (n.kind === 'MENTIONED' && !p.taskId && p.document === 'NOTES') return t('notesMentions.inbox', { ...p, actor });
  return t(`teams.kind.${n.kind}`, { ...p, document, actor });
}

/** Where a notification leads: the thing itself, inside the case (or the work page for tasks and requests). */
export function notificationPath(n: Pick<InboxItem, 'kind' | 'caseId' | 'params'>): string {
  const p = paramsOf(n);
  const c = n.caseId ? `/cases/${encodeURIComponent(n.caseId)}` : null;
  switch (n.kind) {
    case 'SIGHTING_ADDED':
      return c ? `${c}/graph${p.entityId ? `?focus=${encodeURIComponent(p.entityId)}` : ''}` : '/';
    case 'FACE_LEADS':
      return c ? `${c}/faces` : '/';
    case 'CROSS_CASE_MATCH':
      return c ? `${c}/intel` : '/';
    case 'SIGN_OFF_REQUESTED':
    case 'SIGN_OFF_GIVEN':
      return c ? `${c}/review` : '/';
    case 'TASK_ASSIGNED':
    case 'TASK_DUE_SOON':
    case 'TASK_STATUS':
    case 'MENTIONED':
      if (!p.taskId && p.document === 'NOTES' && c) return `${c}/notes`;
      return p.taskId ? `/work?task=${encodeURIComponent(p.taskId)}` : '/work';
    case 'TIP_RECEIVED':
      return c ? `${c}/tips` : '/';
    case 'PUBLIC_PAGE_EXPIRED':
      return c ? `${c}/child` : '/';
    case 'ACCESS_REQUESTED':
    case 'ACCESS_DECLINED':
      return '/work#requests';
    default:
      return c ?? '/';
  }
}
