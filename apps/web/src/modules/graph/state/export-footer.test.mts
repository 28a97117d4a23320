import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../../../i18n/en.js';
import { es } from '../../../i18n/es.js';
import { fr } from '../../../i18n/fr.js';
import { pt } from '../../../i18n/pt.js';
import { exportFooter } from './export-footer.js';

const AT = new Date('2026-12-06T16:25:00Z');
const WHO = { displayName: 'Lucía Morales', agency: { name: 'Policía Nacional Civil' } };

async function tFor(lng: string) {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { en: { translation: en }, es: { translation: es }, fr: { translation: fr }, pt: { translation: pt } } });
  return i.t.bind(i);
}

describe('graph export footer', () => {
  it('says the marking first, then the case, when (with year and zone) and who, in each language', async () => {
    const expected: Record<string, [RegExp, RegExp]> = {
      en: [
        /^Handling: OFFICIAL-SENSITIVE$/,
        /^Case GT-2026-0042 · exported .*2026.*10:25.*CST by Lucía Morales \(Policía Nacional Civil\)$/,
      ],
      es: [/^Tratamiento: OFFICIAL-SENSITIVE$/, /^Caso GT-2026-0042 · exportado .*2026.* por Lucía Morales/],
      fr: [/^Traitement : OFFICIAL-SENSITIVE$/, /^Dossier GT-2026-0042 · exporté .*2026.* par Lucía Morales/],
      pt: [/^Tratamento: OFFICIAL-SENSITIVE$/, /^Caso GT-2026-0042 · exportado .*2026.* por Lucía Morales/],
    };
    for (const [lng, [marking, source]] of Object.entries(expected)) {
      const f = exportFooter(
        { reference: 'GT-2026-0042', marking: 'OFFICIAL-SENSITIVE', who: WHO, at: AT, locale: lng, timeZone: 'America/Guatemala' },
        await tFor(lng),
      );
      expect(f.lines).toHaveLength(2);
      expect(f.lines[0]).toEqual({ text: expect.stringMatching(marking), strong: true });
      expect(f.lines[1]!.text).toMatch(source);
      expect(f.chunks).toMatchObject({ Source: f.lines[1]!.text, Disclaimer: f.lines[0]!.text, 'Creation Time': AT.toISOString() });
    }
  });

  it('has no marking line when the agency has none', async () => {
    const f = exportFooter({ reference: 'MX-1', marking: null, who: WHO, at: AT, locale: 'en' }, await tFor('en'));
    expect(f.lines.map((l) => l.text)).toEqual([expect.stringMatching(/^Case MX-1 · exported /)]);
    expect(f.chunks.Disclaimer).toBeUndefined();
  });
});
