import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PublicationRecord } from '@homeward/media';
import type { Config } from '../../base/config.js';
import { atomFeed, childPage, esc, jsonFeed, pickLanguage } from './public-render.js';
import { TipChallenges, solveChallenge, zeroBits } from './tip-challenge.js';
import { checkTip } from './tip.input.js';
import { TipService } from './tip.service.js';

const pub: PublicationRecord = {
  id: 'pub_test0001',
  caseId: 'case_x',
  personId: 'ent_x',
  country: 'GT',
  status: 'PUBLISHED',
  fields: ['NAME', 'CLOTHING'],
  languages: ['en', 'es'],
  content: {
    name: 'Ana <script>alert(1)</script>',
    ageYears: null,
    photoSha256: null,
    description: null,
    clothing: 'Red "coat" & boots',
    lastSeenAt: null,
    lastSeenPlace: null,
    lastSeenPoint: null,
    hotlines: [],
  },
  publishedBy: 'u',
  publishedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'u',
  updatedAt: '2026-01-01T00:00:00.000Z',
  reviewAt: '2099-01-01T00:00:00.000Z',
  endedAt: null,
  endedBy: null,
  endReason: null,
};

describe('public pages', () => {
  it('picks ?lang=, else the best offered of Accept-Language by weight, else English or the first offered', () => {
    expect(pickLanguage('pt', 'es', ['en', 'pt'])).toBe('pt');
    expect(pickLanguage('de', 'fr;q=0.4, es-GT;q=0.9, en;q=0.1')).toBe('es');
    expect(pickLanguage(undefined, 'de-DE, fr;q=0.5', ['en', 'fr'])).toBe('fr');
    expect(pickLanguage(undefined, 'de-DE', ['es', 'pt'])).toBe('es');
    expect(pickLanguage(undefined, 'es;q=0, en', ['en', 'es'])).toBe('en');
    expect(pickLanguage(undefined, undefined)).toBe('en');
  });

  it('escapes every published value in the page, its tags and the feeds', () => {
    const html = childPage(pub, { origin: 'https://h.example', lang: 'en', path: '/public/GT/pub_test0001' }, null);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('Ana &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Red &quot;coat&quot; &amp; boots');
    expect(html).not.toMatch(/<script/);
    const f = { origin: 'https://h.example', lang: 'en' as const, title: 't', selfPath: '/s', homePath: '/h', now: new Date() };
    expect(atomFeed([pub], f)).not.toContain('<script>');
    expect(JSON.parse(jsonFeed([pub], f)).items[0].title).toBe('MISSING: Ana <script>alert(1)</script>');
    expect(esc(`<a href="x" onclick='y'>&`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
  });
});

describe('tips', () => {
  it('checks each field and names it', () => {
    const now = new Date('2026-03-02T12:00:00Z');
    expect(() => checkTip({ what: '  ' }, now)).toThrow(/what: is required/);
    expect(() => checkTip({ what: 'x'.repeat(4001) }, now)).toThrow(/what: must be at most 4000/);
    expect(() => checkTip({ what: 'x', when: '2026-03-03T10:00' }, now)).toThrow(/when: must not be in the future/);
    expect(() => checkTip({ what: 'x', when: 'yesterday' }, now)).toThrow(/when: must be a date and time/);
    expect(() => checkTip({ what: 'x', latitude: '14.6' }, now)).toThrow(/longitude: give both or neither/);
    expect(() => checkTip({ what: 'x', latitude: '95', longitude: '1' }, now)).toThrow(/latitude: must be a number from -90 to 90/);
    expect(() => checkTip({ what: 'x', callerPhone: 'call me' }, now)).toThrow(/callerPhone: must be a phone number/);
    expect(checkTip({ what: ' seen ', when: '2026-03-01T15:30', latitude: '14.6', longitude: '-90.5', where: '' }, now)).toEqual({
      what: 'seen',
      seenAt: '2026-03-01T15:30:00.000Z',
      place: null,
      latitude: 14.6,
      longitude: -90.5,
      contact: null,
      callerPhone: null,
      hotline: null,
    });
  });

  it("reads a tip's time in the sender's zone, else in the case country's, and an instant with an offset as it is", () => {
    const now = new Date('2026-03-02T12:00:00Z');
    const seen = (when: string, zone?: string, defaultZone?: string) => checkTip({ what: 'x', when, zone }, now, defaultZone).seenAt;
    expect(seen('2026-03-01T15:30', 'America/Guatemala')).toBe('2026-03-01T21:30:00.000Z');
    expect(seen('2026-03-01T15:30', undefined, 'America/Guatemala')).toBe('2026-03-01T21:30:00.000Z');
    expect(seen('2026-03-01T15:30', 'Not/AZone', 'Europe/Madrid')).toBe('2026-03-01T14:30:00.000Z');
    expect(seen('2026-03-01T15:30:00-06:00', 'Europe/Madrid')).toBe('2026-03-01T21:30:00.000Z');
    // Not in the future where it was seen, though it would be read as UTC.
    expect(() => checkTip({ what: 'x', when: '2026-03-02T08:00', zone: 'Asia/Tokyo' }, now)).not.toThrow();
    expect(() => checkTip({ what: 'x', when: '2026-02-30T10:00' }, now)).toThrow(/when: must be a date and time/);
  });

  it('takes tips for a week after a take-down, marked late, and none after', () => {
    const now = new Date('2026-02-01T00:00:00Z');
    expect(TipService.intake(pub, now)).toBe('open');
    const ended = { ...pub, status: 'TAKEN_DOWN' as const, endedAt: '2026-01-28T00:00:00.000Z' };
    expect(TipService.intake(ended, now)).toBe('late');
    expect(TipService.intake({ ...ended, endedAt: '2026-01-20T00:00:00.000Z' }, now)).toBe('closed');
    expect(TipService.intake({ ...pub, reviewAt: '2026-01-31T00:00:00.000Z' }, now)).toBe('late');
  });

  it('a proof of work: signed, for one page, once, within its time, with enough zero bits', () => {
    const config = { jwtSecret: Buffer.from('x'.repeat(40)) } as Config;
    const settings = {
      powBits: 8,
      reviewDays: 30,
      tipsPerAddress: { count: 1, seconds: 1 },
      tipsPerPage: { count: 1, seconds: 1 },
      publicUrl: null,
    };
    const c = new TipChallenges(config, settings);
    const other = new TipChallenges({ jwtSecret: Buffer.from('y'.repeat(40)) } as Config, settings);
    const now = 1_800_000_000_000;
    const ch = c.issue('pub_a', now);
    const nonce = solveChallenge(ch, 8);
    expect(zeroBits(createHash('sha256').update(`${ch}:${nonce}`).digest())).toBeGreaterThanOrEqual(8);
    expect(other.check('pub_a', ch, nonce, now)).toMatch(/not one this server issued/);
    expect(c.check('pub_b', ch, nonce, now)).toMatch(/another page/);
    expect(c.check('pub_a', ch, nonce, now + 31 * 60_000)).toMatch(/expired/);
    let wrong = 0;
    while (zeroBits(createHash('sha256').update(`${ch}:${wrong}`).digest()) >= 8) wrong++;
    expect(c.check('pub_a', ch, String(wrong), now)).toMatch(/solution: wrong/);
    expect(c.check('pub_a', ch, nonce, now)).toBeNull();
    expect(c.check('pub_a', ch, nonce, now)).toMatch(/already used/);
    expect(zeroBits(new Uint8Array([0, 0x10]))).toBe(11);
  });
});
