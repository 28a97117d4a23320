import type { TFunction } from 'i18next';
import { ROLE_MATRIX, type Action } from '@homeward/domain/policy';
import { ApiError, type GraphQLErrorItem } from './graphql';
import { keyIn } from '../i18n/keys';
import { readSession } from './session';

/**
 * The one place where what the server reports becomes a sentence in the reader's language. The server's
 * stable parts are read: extensions.code (libs/domain ErrorCode), extensions.field (the input at fault)
 * and, for a refused action, the action's id; the field is named by its label, never by its path
 * (`input.latitude`), and a refusal by what it refuses, never by a permission id.
 */

type FieldReason = keyof typeof REASONS;

// The server's validation reasons (libs/domain validate.ts and the services' badInput calls), by their stable wording.
const REASONS = {
  atLeast: /must be at least (-?[\d.]+)/,
  atMost: /must be at most (-?[\d.]+)(?! characters)/,
  tooLong: /must be at most (\d+) characters/,
  required: /is required/,
  empty: /must not be empty/,
  number: /must be a number/,
  country: /country code/,
  dateTime: /must be an ISO 8601 date-time|must be a date as YYYY-MM-DD/,
  future: /must not be in the future/,
  tooEarly: /must not be before (\S+)/,
  oneOf: /must be one of/,
  duplicate: /twice/,
  notFound: /not found/,
} as const satisfies Record<string, RegExp>;

/** The label of an input field the server names by its path: `input.latitude` → "Latitude", `input.seenIds.2` → "Who or what was seen". */
export function fieldLabel(t: TFunction, field: string, i18n: { exists(key: string): boolean }): string {
  const parts = field.split('.').filter((p) => !/^\d+$/.test(p));
  const name = parts[parts.length - 1] ?? field;
  if (i18n.exists(`serverError.fields.${name}`)) return t(keyIn('serverError.fields', name));
  if (i18n.exists(`prop.${name}`)) return t(keyIn('prop', name));
  return name;
}

/** The sentence for one field's error: "Latitude must be at most 90". */
export function fieldSentence(t: TFunction, i18n: { exists(key: string): boolean }, field: string, message: string): string {
  const label = fieldLabel(t, field, i18n);
  for (const [reason, re] of Object.entries(REASONS) as [FieldReason, RegExp][]) {
    const m = re.exec(message);
    if (m) return t(`serverError.field.${reason}`, { field: label, n: m[1], date: m[1] });
  }
  return t('serverError.field.invalid', { field: label });
}

const ACTIONS = new Set(Object.keys(ROLE_MATRIX));

/** The sentence for an error as a whole (no field, or shown away from its field). */
export function errorSentence(t: TFunction, i18n: { exists(key: string): boolean }, err: unknown, role?: string | null): string {
  const item: GraphQLErrorItem | undefined = err instanceof ApiError ? err.errors[0] : undefined;
  const code = item?.extensions?.code ?? (err instanceof ApiError ? err.code : undefined);
  const field = item?.extensions?.field;
  if (code === 'FORBIDDEN' && item) {
    const action = /may not (\S+)/.exec(item.message)?.[1];
    if (action && ACTIONS.has(action)) {
      role ??= readSession()?.user.role;
      const r = role && i18n.exists(`userRole.${role}`) ? t(keyIn('userRole', role)) : '—';
      return t('permission.denied', { role: r, action: t(`permission.action.${action as Action}`) });
    }
  }
  if (code === 'BAD_USER_INPUT' && item && typeof field === 'string' && field) return fieldSentence(t, i18n, field, item.message);
  // Refused on this device before it was sent (lib/offline.ts).
  if (code === 'OFFLINE') return t('field.offline.refused');
  // A limit per caller (RATE_LIMITS on the server): when to try again, from the server's own answer.
  if (code === 'RATE_LIMITED') {
    const seconds = Number(item?.extensions?.retryAfterSeconds);
    return t('serverError.code.RATE_LIMITED', { seconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 60 });
  }
  if (code && i18n.exists(`serverError.code.${code}`)) return t(keyIn('serverError.code', code));
  if (code?.startsWith('HTTP_')) return t('serverError.code.UNAVAILABLE');
  return t('serverError.code.UNKNOWN');
}

/** Each field the server named, with its sentence, keyed by the form's field name (the path's last part). */
export function fieldSentences(t: TFunction, i18n: { exists(key: string): boolean }, err: ApiError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of err.errors) {
    const f = e.extensions?.field;
    if (typeof f !== 'string' || !f) continue;
    const key =
      f
        .split('.')
        .filter((p) => !/^\d+$/.test(p))
        .pop() ?? f;
    out[key] = fieldSentence(t, i18n, f, e.message);
  }
  return out;
}
