// lib/errors.ts: the server's codes and fields become sentences in the reader's language.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorSentence, fieldSentences } from './errors.js';
import { ApiError } from './graphql.js';

const modules = import.meta.glob<Record<string, Record<string, unknown>>>(['../i18n/en.ts', '../i18n/fr.ts'], { eager: true });
const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({
    lng: 'en',
    resources: { en: { translation: modules['../i18n/en.ts']!['en']! }, fr: { translation: modules['../i18n/fr.ts']!['fr']! } },
    interpolation: { escapeValue: false },
  });
});

describe('server errors as sentences', () => {
  it('names a field by its label, never its path', async () => {
    await i18n.changeLanguage('en');
    const err = new ApiError(
      [{ message: 'input.latitude: must be at most 90', extensions: { code: 'BAD_USER_INPUT', field: 'input.latitude' } }],
      'x',
    );
    expect(fieldSentences(i18n.t, i18n, err)).toEqual({ latitude: 'Latitude must be at most 90' });
    expect(errorSentence(i18n.t, i18n, err)).toBe('Latitude must be at most 90');
    await i18n.changeLanguage('fr');
    expect(errorSentence(i18n.t, i18n, err)).toBe('Latitude doit être au plus 90');
  });
  it('says a refusal by what it refuses, not by a permission id', async () => {
    await i18n.changeLanguage('en');
    const err = new ApiError([{ message: 'a analyst may not graph.addEntity', extensions: { code: 'FORBIDDEN' } }], 'x');
    expect(errorSentence(i18n.t, i18n, err, 'ANALYST')).toBe('Your role, Analyst, may not add entities');
  });
  it('says when to try again after a limit per caller, from the answer of the server', async () => {
    const limited = (retryAfterSeconds?: number) =>
      new ApiError([{ message: 'Too many requests: try again in 12 s', extensions: { code: 'RATE_LIMITED', retryAfterSeconds } }], 'x');
    await i18n.changeLanguage('en');
    expect(errorSentence(i18n.t, i18n, limited(12))).toBe('Too many requests in a short time: try again in 12 s.');
    expect(errorSentence(i18n.t, i18n, limited())).toBe('Too many requests in a short time: try again in 60 s.');
    await i18n.changeLanguage('fr');
    expect(errorSentence(i18n.t, i18n, limited(7))).toBe('Trop de requêtes en peu de temps : réessayez dans 7 s.');
  });
  it('falls back on the code, then on a general sentence', async () => {
    await i18n.changeLanguage('en');
    expect(errorSentence(i18n.t, i18n, new ApiError([{ message: 'x', extensions: { code: 'CONFLICT' } }], 'x'))).toMatch(
      /at the same time/,
    );
    expect(errorSentence(i18n.t, i18n, new Error('boom'))).toBe('Something went wrong: try again.');
  });
});
