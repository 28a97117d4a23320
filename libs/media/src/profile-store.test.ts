import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStores, type EmbeddedStores } from '@homeward/graph-store';
import { EmbeddedChildRecordStore } from './profile-store';
import { proposeRisk } from './risk';

let dir: string;
let stores: EmbeddedStores;

async function setup() {
  dir = mkdtempSync(join(tmpdir(), 'homeward-child-'));
  stores = openEmbeddedStores(dir);
  await stores.accounts.createAgency({ id: 'agy1', name: 'A', country: 'GT', kind: 'LAW_ENFORCEMENT' });
  await stores.accounts.createUser({ id: 'u1', email: 'u@x', displayName: 'U', role: 'INVESTIGATOR', agencyId: 'agy1', passwordHash: 'x' });
  await stores.cases.createCase({
    id: 'case1',
    reference: 'GT-1',
    title: 'T',
    category: 'RUNAWAY',
    status: 'OPEN',
    riskLevel: 'LOW',
    country: 'GT',
    reportedAt: '2026-01-01T00:00:00Z',
    lastSeenAt: null,
    leadAgencyId: 'agy1',
    createdBy: 'u1',
  });
  return new EmbeddedChildRecordStore(stores.db);
}

afterEach(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

const factors = {
  ageYears: 4,
  medicalNeeds: false,
  vulnerability: false,
  onlineGrooming: false,
  suspectedAbductor: false,
  violenceOrThreats: false,
  inMigration: false,
  crossBorder: false,
  hoursMissing: 1,
  previousEpisodes: 0,
  outOfCharacter: false,
};

describe('embedded child records', () => {
  it('records the found time once, when the status first leaves OPEN', async () => {
    const records = await setup();
    expect((await records.getCaseChild('case1')).foundAt).toBeNull();
    await stores.cases.updateCase('case1', { status: 'FOUND_SAFE' });
    const first = (await records.getCaseChild('case1')).foundAt;
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    await stores.cases.updateCase('case1', { status: 'OPEN' });
    await new Promise((r) => setTimeout(r, 5));
    await stores.cases.updateCase('case1', { status: 'CLOSED' });
    expect((await records.getCaseChild('case1')).foundAt).toBe(first);
    expect(await records.foundTimes(['case1', 'other'])).toEqual(new Map([['case1', first]]));
  });

  it('confirming a risk keeps the history and sets the case level atomically', async () => {
    const records = await setup();
    const p = proposeRisk(factors);
    const rec = {
      id: 'r1',
      caseId: 'case1',
      factors,
      proposedLevel: p.level,
      score: p.score,
      reasons: p.reasons,
      confirmedLevel: 'HIGH',
      note: null,
      assessedBy: 'u1',
      assessedAt: '2026-01-01T01:00:00Z',
    };
    await records.confirmRisk(rec);
    expect((await stores.cases.getCase('case1'))!.riskLevel).toBe('HIGH');
    // An unknown case: nothing is written.
    await expect(records.confirmRisk({ ...rec, id: 'r2', caseId: 'nope' })).rejects.toThrow();
    await records.confirmRisk({ ...rec, id: 'r3', confirmedLevel: 'CRITICAL' });
    const history = await records.riskAssessments('case1');
    expect(history.map((h) => h.id)).toEqual(['r3', 'r1']);
    expect(history[1].reasons[0].code).toBe('AGE_UNDER_6');
    expect(() => stores.db.prepare("UPDATE risk_assessment SET confirmed_level = 'LOW'").run()).toThrow(/append-only/);
  });

  it('keeps alerts in order with their recipients, and coverage per agency', async () => {
    const records = await setup();
    const a = {
      id: 'al1',
      caseId: 'case1',
      msgType: 'Alert' as const,
      referencesId: null,
      sent: 's',
      sender: 'x',
      languages: ['en'],
      recipients: ['agy1'],
      areaDescription: 'd',
      xml: '<alert/>',
      issuedBy: 'u1',
    };
    await records.addAlert(a);
    await records.addAlert({ ...a, id: 'al2', msgType: 'Cancel', referencesId: 'al1' });
    expect((await records.alerts('case1')).map((x) => [x.id, x.msgType, x.recipients])).toEqual([
      ['al1', 'Alert', ['agy1']],
      ['al2', 'Cancel', ['agy1']],
    ]);
    await records.setCoverage({ agencyId: 'agy1', countries: ['GT'], circles: [{ lat: 1, lon: 2, radiusKm: 3 }] });
    await records.setCoverage({ agencyId: 'agy1', countries: ['GT', 'SV'], circles: [] });
    expect(await records.coverages()).toEqual([{ agencyId: 'agy1', countries: ['GT', 'SV'], circles: [] }]);
  });
});
