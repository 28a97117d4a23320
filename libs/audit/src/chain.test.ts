import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  LIMITS,
  REDACTED,
  canonicalDetails,
  canonicalize,
  hashRecord,
  nextAt,
  normalizeEntry,
  sanitizeDetails,
  scrubText,
  toStoredFields,
  verifyChain,
} from './chain';
import type { AuditEntry, AuditRecord } from './port';

/** A valid chain built with the pure functions only. */
function chain(n: number, over: (i: number) => Partial<AuditEntry> = () => ({})): AuditRecord[] {
  const out: AuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i += 1) {
    const fields = {
      ...normalizeEntry({ action: 'case.read', outcome: 'success', actorId: 'usr_1', agencyId: 'agc_1', caseId: 'case_a', ...over(i) }),
      seq: i,
      id: `aud_${i}`,
      at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    };
    const hash = hashRecord(prevHash, fields);
    out.push({ ...fields, prevHash, hash });
    prevHash = hash;
  }
  return out;
}

/** A record changed and re-hashed on its own, as a forger who knows the algorithm would. */
function forge(r: AuditRecord, change: Partial<AuditRecord>): AuditRecord {
  const { prevHash, hash: _hash, ...fields } = { ...r, ...change };
  return { ...fields, prevHash, hash: hashRecord(prevHash, fields) };
}

describe('canonical form and hash', () => {
  const [r] = chain(1, () => ({ details: { b: 2, a: 'x' } }));
  const { prevHash, hash: _h, ...fields } = r;

  it('is a sha256 hex chained to the previous hash, and the genesis hash starts the chain', () => {
    expect(r.prevHash).toBe(GENESIS_HASH);
    expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecord('f'.repeat(64), fields)).not.toBe(r.hash);
  });

  it('does not depend on the order of detail keys', () => {
    expect(canonicalDetails({ b: 2, a: 'x' })).toBe(canonicalDetails({ a: 'x', b: 2 }));
    expect(hashRecord(prevHash, { ...fields, details: { a: 'x', b: 2 } })).toBe(r.hash);
  });

  it('writes every absent value as an explicit null, and empty details as none', () => {
    const text = canonicalize(toStoredFields({ ...fields, targetType: null, details: {} }));
    expect(text.split('\n')[1]).toBe('null');
    expect(JSON.parse(text.split('\n')[0])).toContain(null);
  });

  it('changes with every field, including seq and time', () => {
    const variants: Array<Partial<AuditRecord>> = [
      { seq: 2 },
      { id: 'other' },
      { at: '2025-01-01T00:00:02.000Z' },
      { action: 'case.export' },
      { outcome: 'denied' },
      { actorId: null },
      { actorEmail: 'x@y' },
      { agencyId: 'agc_2' },
      { targetType: 'Case' },
      { targetId: 't' },
      { caseId: 'case_b' },
      { purpose: 'p' },
      { details: { a: 'x', b: 3 } },
    ];
    const hashes = variants.map((v) => hashRecord(prevHash, { ...fields, ...v }));
    expect(new Set([...hashes, r.hash]).size).toBe(variants.length + 1);
  });

  it('cannot be forged by moving text between fields', () => {
    const a = hashRecord(prevHash, { ...fields, purpose: 'a","b', targetId: null });
    const b = hashRecord(prevHash, { ...fields, purpose: 'a', targetId: 'b' });
    const c = hashRecord(prevHash, { ...fields, purpose: 'x\nnull', details: null });
    expect(new Set([a, b, c, hashRecord(prevHash, { ...fields, purpose: 'x', details: null })]).size).toBe(4);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and counts it', () => {
    expect(verifyChain(chain(20))).toEqual({ intact: true, checked: 20, firstBad: null });
    expect(verifyChain([])).toEqual({ intact: true, checked: 0, firstBad: null });
  });

  it('finds an edited field by its hash', () => {
    const rs = chain(10);
    rs[4] = { ...rs[4], outcome: 'denied' };
    expect(verifyChain(rs)).toEqual({
      intact: false,
      checked: 4,
      firstBad: { seq: 5, id: 'aud_5', reason: expect.stringMatching(/edited/) },
    });
  });

  it('finds a re-hashed edit at the next link', () => {
    const rs = chain(10);
    rs[4] = forge(rs[4], { actorId: 'usr_2' });
    expect(verifyChain(rs).firstBad).toMatchObject({ seq: 6, id: 'aud_6', reason: expect.stringMatching(/prevHash/) });
  });

  it('finds a deleted record as a gap in seq', () => {
    const rs = chain(10);
    rs.splice(6, 1);
    expect(verifyChain(rs)).toEqual({
      intact: false,
      checked: 6,
      firstBad: { seq: 7, id: null, reason: expect.stringMatching(/missing/) },
    });
  });

  it('finds reordered records', () => {
    const rs = chain(10);
    [rs[3], rs[4]] = [rs[4], rs[3]];
    expect(verifyChain(rs).firstBad).toMatchObject({ seq: 4, id: null });
    const dup = chain(5);
    dup.splice(3, 0, dup[2]);
    expect(verifyChain(dup).firstBad).toMatchObject({ seq: 3, id: 'aud_3', reason: expect.stringMatching(/duplicated or reordered/) });
  });

  it('finds time going backwards even when every hash was recomputed', () => {
    const rs = chain(3);
    rs[2] = forge(rs[2], { at: '2024-12-31T00:00:00.000Z' });
    expect(verifyChain(rs).firstBad).toMatchObject({ seq: 3, reason: expect.stringMatching(/before the previous/) });
  });

  it('finds a deleted last record only with the head', () => {
    const rs = chain(10);
    const head = { seq: 10, hash: rs[9].hash, at: rs[9].at };
    const short = rs.slice(0, 9);
    expect(verifyChain(short).intact).toBe(true);
    expect(verifyChain(short, head)).toEqual({
      intact: false,
      checked: 9,
      firstBad: { seq: 10, id: null, reason: expect.stringMatching(/trailing/) },
    });
    expect(verifyChain(rs, head).intact).toBe(true);
    expect(verifyChain(rs, { ...head, seq: 9 }).firstBad).toMatchObject({ seq: 10, reason: expect.stringMatching(/after the head/) });
    expect(verifyChain(rs, { ...head, hash: rs[8].hash }).firstBad).toMatchObject({
      seq: 10,
      id: 'aud_10',
      reason: expect.stringMatching(/replaced/),
    });
    expect(verifyChain(rs, null).firstBad).toMatchObject({ reason: expect.stringMatching(/head is missing/) });
  });
});

describe('redaction', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcDEF123_-';

  it('replaces values under secret-looking keys and says which', () => {
    const { details, redacted } = sanitizeDetails({
      password: 'hunter2',
      newPassword: 'x',
      passwd: 'x',
      token: 'abc',
      refresh_token: 'abc',
      Authorization: 'Basic abc',
      clientSecret: 's',
      passwordHash: 'h',
      apiKey: 'k',
      cookie: 'c',
      email: 'ana@police.example',
      passportNumber: 'P123',
    });
    expect(details).toEqual({
      password: REDACTED,
      newPassword: REDACTED,
      passwd: REDACTED,
      token: REDACTED,
      refresh_token: REDACTED,
      Authorization: REDACTED,
      clientSecret: REDACTED,
      passwordHash: REDACTED,
      apiKey: REDACTED,
      cookie: REDACTED,
      email: 'ana@police.example',
      passportNumber: 'P123',
    });
    expect(redacted).toHaveLength(10);
  });

  it('scrubs tokens and password hashes out of ordinary text', () => {
    expect(scrubText(`session ${jwt} expired`)).toBe(`session ${REDACTED} expired`);
    expect(scrubText('header Bearer abc.def')).toBe(`header ${REDACTED}`);
    expect(scrubText('stored $argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA')).toBe(`stored ${REDACTED}`);
    expect(scrubText('$2b$12$abcdefghijklmnopqrstuvwxyz0123')).toBe(REDACTED);
    expect(scrubText('case ent_12 at 2025-01-01T00:00:00Z, id 3f2b8c1e-7d4a-4c55-9e0f-1a2b3c4d5e6f')).toBe(
      'case ent_12 at 2025-01-01T00:00:00Z, id 3f2b8c1e-7d4a-4c55-9e0f-1a2b3c4d5e6f',
    );
    expect(sanitizeDetails({ note: `see ${jwt}` })).toEqual({ details: { note: `see ${REDACTED}` }, redacted: ['note'] });
  });

  it('keeps only scalars, finite numbers and bounded sizes', () => {
    const wide = Object.fromEntries(Array.from({ length: LIMITS.detailKeys + 5 }, (_, i) => [`k${i}`, i]));
    const { details, redacted } = sanitizeDetails({ ...wide, nested: { password: 'x' } });
    expect(Object.keys(details ?? {})).toHaveLength(LIMITS.detailKeys);
    expect(redacted).toHaveLength(6);
    const small = sanitizeDetails({ nan: Number.NaN, inf: Infinity, obj: { password: 'x' } as unknown as string, long: 'x'.repeat(5000) });
    expect(small.details).toMatchObject({ nan: null, inf: null, obj: null });
    expect(String(small.details?.long)).toHaveLength(LIMITS.detailText);
  });

  it('records in the entry itself that something was redacted, and scrubs the stated purpose', () => {
    const n = normalizeEntry({
      action: 'auth.login',
      outcome: 'failure',
      actorId: null,
      agencyId: null,
      purpose: `because ${jwt}`,
      details: { password: 'x', reason: 'unknown email' },
    });
    expect(n.details).toEqual({ password: REDACTED, reason: 'unknown email', redactedKeys: 'password' });
    expect(n.purpose).toBe(`because ${REDACTED}`);
    expect(n).toMatchObject({ actorEmail: null, targetType: null, targetId: null, caseId: null });
  });

  it('refuses malformed actions and outcomes, which are programming errors', () => {
    expect(() => normalizeEntry({ action: 'login', outcome: 'success', actorId: null, agencyId: null })).toThrow(TypeError);
    expect(() => normalizeEntry({ action: 'auth.login', outcome: 'ok' as 'success', actorId: null, agencyId: null })).toThrow(TypeError);
  });
});

describe('text that UTF-8 cannot hold', () => {
  const lone = (s: string) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

  it('replaces lone surrogate halves in every field, key and detail with U+FFFD', () => {
    const n = normalizeEntry({
      action: 'case.read',
      outcome: 'success',
      actorId: 'usr_\ud800',
      agencyId: 'agc_1',
      targetId: '\udc00x',
      purpose: 'why \ud83d',
      details: { ['k\udbff']: 'v\udfff', ok: 'emoji 😀 stays' },
    });
    expect(n.actorId).toBe('usr_\ufffd');
    expect(n.targetId).toBe('\ufffdx');
    expect(n.purpose).toBe('why \ufffd');
    expect(n.details).toEqual({ 'k\ufffd': 'v\ufffd', ok: 'emoji 😀 stays' });
  });

  it('never cuts a surrogate pair in two when shortening', () => {
    for (const pad of [LIMITS.purpose - 3, LIMITS.purpose - 2, LIMITS.purpose - 1, LIMITS.purpose]) {
      const purpose =
        normalizeEntry({ action: 'case.read', outcome: 'success', actorId: null, agencyId: null, purpose: `${'a'.repeat(pad)}😀😀😀` })
          .purpose ?? '';
      expect(lone(purpose)).toBe(false);
      expect(purpose.length).toBeLessThanOrEqual(LIMITS.purpose);
    }
  });
});

describe('nextAt', () => {
  it('never goes back in time along the chain', () => {
    expect(nextAt('', new Date('2025-01-01T00:00:00.000Z'))).toBe('2025-01-01T00:00:00.000Z');
    expect(nextAt('2025-06-01T00:00:00.000Z', new Date('2025-01-01T00:00:00.000Z'))).toBe('2025-06-01T00:00:00.000Z');
  });
});
