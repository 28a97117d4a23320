// notification-view: the sentence and the link of a mention, in a task comment or in the case notes (issue 19).
import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { en } from '../../i18n/en.js';
import { notificationPath, notificationText } from './notification-view.js';

/** i18next's interpolation, enough for these sentences: the English text with {{name}} replaced. */
const t = ((key: string, opts: Record<string, string> = {}) => {
  const text = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], en);
  if (typeof text !== 'string') throw new Error(`no text for ${key}`);
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => opts[k] ?? '');
}) as unknown as TFunction;

describe('a mention in the inbox', () => {
  it('in the case notes: says so and leads to the notes', () => {
    const n = {
      kind: 'MENTIONED' as const,
      caseId: 'case_1',
      actorName: 'Lucía Morales',
      params: { document: 'NOTES', caseReference: 'GT-2026-0001' },
    };
    expect(notificationText(t, n)).toBe('Lucía Morales mentioned you in the notes of case GT-2026-0001');
    expect(notificationPath(n)).toBe('/cases/case_1/notes');
  });

  it('in a task comment: names the task and leads to it', () => {
    const n = {
      kind: 'MENTIONED' as const,
      caseId: 'case_1',
      actorName: null,
      params: { taskId: 'tsk_1', taskTitle: 'CCTV', caseReference: 'GT-1' },
    };
    expect(notificationText(t, n)).toBe('Someone mentioned you in the task “CCTV” of case GT-1');
    expect(notificationPath(n)).toBe('/work?task=tsk_1');
  });
});
