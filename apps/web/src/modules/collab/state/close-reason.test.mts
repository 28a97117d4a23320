// What the editor tells the user when the server ends a collaboration connection for good.
import { describe, expect, it } from 'vitest';
import { collabCloseKey, collabShouldReconnect } from './close-reason.js';

const languages = import.meta.glob<Record<string, Record<string, Record<string, string>>>>(
  ['../../../i18n/en.ts', '../../../i18n/es.ts', '../../../i18n/fr.ts', '../../../i18n/pt.ts'],
  { eager: true },
);

describe('collaboration close reasons', () => {
  it('names each limit the server enforces, in every language, and stops retrying on them', () => {
    const cases: Array<[number, string, string]> = [
      [4413, 'update too large', 'collabLimits.updateTooLarge'],
      [4413, 'awareness state too large', 'collabLimits.updateTooLarge'],
      [4413, 'document too large', 'collabLimits.documentTooLarge'],
      [1009, 'Max payload size exceeded', 'collabLimits.updateTooLarge'],
      [4429, 'too much data', 'collabLimits.tooFast'],
      [4429, 'too many messages', 'collabLimits.tooFast'],
      [4401, 'invalid token', 'collabLimits.signedOut'],
      [4403, 'access revoked', 'collabLimits.forbidden'],
    ];
    for (const [code, reason, key] of cases) {
      expect(collabCloseKey(code, reason)).toBe(key);
      expect(collabShouldReconnect({ code })).toBe(false);
      const [, name] = key.split('.');
      for (const [file, mod] of Object.entries(languages)) {
        const catalogue = Object.values(mod)[0]!;
        expect(catalogue['collabLimits']?.[name!], `${file} ${key}`).toMatch(/\S/);
      }
    }
    // A server restart or a network blip: the provider reconnects by itself, nothing to say.
    expect(collabCloseKey(1001, 'server shutting down')).toBeNull();
    expect(collabShouldReconnect({ code: 1001 })).toBe(true);
    expect(collabShouldReconnect({ code: 1011 })).toBe(true);
  });
});
