import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, REDACTED, hashRecord } from '../chain';
import type { AuditEntry, AuditTrail } from '../port';

export const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  action: 'graph.addPerson',
  outcome: 'success',
  actorId: 'usr_1',
  actorEmail: 'ana@police.example',
  agencyId: 'agc_1',
  targetType: 'Person',
  targetId: 'ent_1',
  caseId: 'case_a',
  purpose: null,
  ...over,
});

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * What every adapter of the AuditTrail port must do, run against each. The
 * trail may already hold records (a shared Neo4j test database), so every
 * expectation is relative to the count at the start.
 */
export function auditTrailContract(name: string, open: () => Promise<AuditTrail>, close: (t: AuditTrail) => Promise<void>): void {
  describe(`audit trail contract: ${name}`, () => {
    let trail: AuditTrail;
    let base: number;
    beforeEach(async () => {
      trail = await open();
      base = await trail.count();
    });
    afterEach(async () => {
      await close(trail);
    });

    it('appends records chained by hash, numbered from the head, stamped in UTC', async () => {
      const a = await trail.append(entry({ action: 'auth.login', targetType: null, targetId: null, caseId: null }));
      const b = await trail.append(entry({ purpose: 'checking a sighting reported by phone' }));
      expect(a.seq).toBe(base + 1);
      expect(b.seq).toBe(base + 2);
      if (base === 0) expect(a.prevHash).toBe(GENESIS_HASH);
      expect(b.prevHash).toBe(a.hash);
      expect(a.at).toMatch(ISO_UTC);
      expect(b.at >= a.at).toBe(true);
      const { prevHash, hash, ...fields } = b;
      expect(hashRecord(prevHash, fields)).toBe(hash);
      expect(a).toMatchObject({ actorEmail: 'ana@police.example', targetId: null, caseId: null, purpose: null, details: null });
      expect(await trail.count()).toBe(base + 2);
    });

    it('returns what it stored, field for field', async () => {
      const a = await trail.append(entry({ details: { kind: 'PERSON', fields: 3, urgent: true, note: null } }));
      const [back] = await trail.query({ afterSeq: a.seq - 1, limit: 1 });
      expect(back).toEqual(a);
    });

    it('filters by case, actor, action and time, in seq order, and pages with afterSeq and limit', async () => {
      const tag = `case_${Math.random().toString(36).slice(2)}`;
      const written = [];
      written.push(await trail.append(entry({ caseId: tag, actorId: 'usr_x', action: 'case.read' })));
      written.push(await trail.append(entry({ caseId: tag, actorId: 'usr_y', action: 'graph.addPerson' })));
      written.push(await trail.append(entry({ caseId: 'other', actorId: 'usr_x', action: 'case.read' })));
      written.push(await trail.append(entry({ caseId: tag, actorId: 'usr_x', action: 'graph.addPerson' })));
      const seqs = (rs: Array<{ seq: number }>) => rs.map((r) => r.seq);
      const [w0, w1, w2, w3] = written.map((w) => w.seq);

      expect(seqs(await trail.query({ caseId: tag }))).toEqual([w0, w1, w3]);
      expect(seqs(await trail.query({ caseId: tag, actorId: 'usr_x' }))).toEqual([w0, w3]);
      expect(seqs(await trail.query({ caseId: tag, action: 'graph.addPerson' }))).toEqual([w1, w3]);
      expect(seqs(await trail.query({ actorId: 'usr_x', afterSeq: w0 - 1 }))).toEqual([w0, w2, w3]);
      expect(seqs(await trail.query({ caseId: tag, limit: 2 }))).toEqual([w0, w1]);
      expect(seqs(await trail.query({ caseId: tag, afterSeq: w1 }))).toEqual([w3]);
      expect(seqs(await trail.query({ caseId: tag, from: written[0].at, to: '9999-01-01T00:00:00.000Z' }))).toEqual([w0, w1, w3]);
      expect(await trail.query({ caseId: tag, to: written[0].at })).toEqual([]);
    });

    it('verifies an intact chain and reports progress', async () => {
      for (let i = 0; i < 5; i += 1) await trail.append(entry({ targetId: `ent_${i}` }));
      const progress: number[] = [];
      const result = await trail.verify((n) => progress.push(n));
      expect(result).toEqual({ intact: true, checked: base + 5, firstBad: null });
      expect(progress.at(-1)).toBe(base + 5);
    });

    it('keeps concurrent appends on one linear chain', async () => {
      const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => trail.append(entry({ targetId: `ent_${i}` }))));
      expect(new Set(rs.map((r) => r.seq)).size).toBe(40);
      expect((await trail.verify()).intact).toBe(true);
    });

    it('never stores a password, token or password hash, whatever the caller passes', async () => {
      const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfMSJ9.c2lnbmF0dXJlLWJ5dGVz';
      const r = await trail.append(
        entry({
          action: 'auth.login',
          outcome: 'failure',
          purpose: `debug ${jwt}`,
          details: {
            password: 'hunter2',
            passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
            authorization: `Bearer ${jwt}`,
            header: `Bearer ${jwt}`,
            reason: 'bad password',
          },
        }),
      );
      const [back] = await trail.query({ afterSeq: r.seq - 1, limit: 1 });
      const text = JSON.stringify(back);
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('eyJ');
      expect(text).not.toContain('argon2');
      expect(back.details).toMatchObject({
        password: REDACTED,
        passwordHash: REDACTED,
        authorization: REDACTED,
        header: REDACTED,
        reason: 'bad password',
      });
      expect(back.details?.redactedKeys).toBe('password,passwordHash,authorization,header');
      expect(back.purpose).toBe(`debug ${REDACTED}`);
      expect((await trail.verify()).intact).toBe(true);
    });

    it('refuses an entry whose action or outcome is malformed, and stores nothing', async () => {
      await expect(trail.append(entry({ action: 'addPerson' }))).rejects.toThrow(/area\.verb/);
      await expect(trail.append({ ...entry(), outcome: 'maybe' as 'success' })).rejects.toThrow(/outcome/);
      expect(await trail.count()).toBe(base);
    });
  });
}
