// Issue #16, "Trust what the screen says": every sentence the screen now says about the live
// connection, a refused action, a server error or a CAP alert exists in each of the four tables.
import { ErrorCode } from '@homeward/domain';
import { ROLE_MATRIX } from '@homeward/domain/policy';
import { describe, expect, it } from 'vitest';

// The tables by Vite's glob (the test's compiler settings do not resolve the i18next augmentation the tables import).
const modules = import.meta.glob<Record<string, unknown>>(['./en.ts', './es.ts', './fr.ts', './pt.ts'], { eager: true });
const TABLES = Object.fromEntries(
  Object.entries(modules).map(([file, m]) => {
    const lang = file.slice(2, 4);
    return [lang, m[lang]];
  }),
) as Record<'en' | 'es' | 'fr' | 'pt', unknown>;
const en = TABLES.en;

function at(table: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), table);
}

function leaves(o: unknown, prefix: string): string[] {
  if (typeof o === 'string') return [prefix];
  if (!o || typeof o !== 'object') return [];
  return Object.entries(o).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

// permission.action is checked below: its keys are the matrix's action ids, dots included.
const GROUPS = ['graph.liveState', 'serverError.field', 'serverError.fields', 'serverError.code'];

describe('trust-screen texts in every language', () => {
  it('reads the four tables', () => expect(Object.keys(TABLES).sort()).toEqual(['en', 'es', 'fr', 'pt']));
  for (const group of GROUPS) {
    const keys = leaves(at(en, group), group);
    it(`${group} has texts`, () => expect(keys.length).toBeGreaterThan(0));
    for (const [lang, table] of Object.entries(TABLES)) {
      it(`${group} in ${lang}`, () => {
        for (const key of keys) {
          const text = at(table, key);
          expect(typeof text, `${lang}: ${key}`).toBe('string');
          expect((text as string).trim().length, `${lang}: ${key}`).toBeGreaterThan(0);
        }
      });
    }
  }
  it('the live states are translated, not English copies', () => {
    for (const lang of ['es', 'fr', 'pt'] as const)
      expect(at(TABLES[lang], 'graph.liveState.reconnecting')).not.toBe(at(en, 'graph.liveState.reconnecting'));
  });
  it('every action of the role matrix and every server error code has a sentence, in every language', () => {
    for (const [lang, table] of Object.entries(TABLES)) {
      expect(typeof at(table, 'permission.denied'), `${lang}: permission.denied`).toBe('string');
      for (const action of Object.keys(ROLE_MATRIX))
        expect(
          typeof at(table, `permission.action`) === 'object' && typeof (at(table, 'permission.action') as Record<string, unknown>)[action],
          `${lang}: ${action}`,
        ).toBe('string');
      for (const code of [...Object.values(ErrorCode), 'NETWORK', 'UNKNOWN'])
        expect(typeof at(table, `serverError.code.${code}`), `${lang}: ${code}`).toBe('string');
    }
  });
});
