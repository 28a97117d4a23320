import { afterEach, describe, expect, it } from 'vitest';
import type { StateStores } from '@homeward/graph-store';
import type { ChildRecordStore } from '../profile-store';
import { proposeRisk } from '../risk';

/** What a contract run needs: the state stores (to make a case) and the child records beside them. */
export interface ChildRecordsUnderTest {
  readonly stores: StateStores;
  readonly records: ChildRecordStore;
  /** Closes; given the ids the run made (agencies, users, cases) for a store that wants to drop them. */
  close(madeIds: readonly string[]): Promise<void>;
}

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

/**
 * The behaviour every ChildRecordStore adapter must have: run against the
 * embedded store always, and against Neo4j when NEO4J_URI is set.
 */
export function childRecordContract(name: string, open: () => Promise<ChildRecordsUnderTest>): void {
  describe(`child records contract: ${name}`, () => {
    let t: ChildRecordsUnderTest | null = null;
    let made: string[] = [];

    async function withCase() {
      t = await open();
      const tag = Math.random().toString(36).slice(2, 10);
      const ids = { agency: `agy_${tag}`, user: `usr_${tag}`, case: `case_${tag}` };
      made = [ids.agency, ids.user, ids.case];
      await t.stores.accounts.createAgency({ id: ids.agency, name: `Contract ${tag}`, country: 'GT', kind: 'LAW_ENFORCEMENT' });
      await t.stores.accounts.createUser({
        id: ids.user,
        email: `${tag}@contract.test`,
        displayName: 'U',
        role: 'INVESTIGATOR',
        agencyId: ids.agency,
        passwordHash: 'x',
      });
      await t.stores.cases.createCase({
        id: ids.case,
        reference: `GT-2099-${tag}`,
        title: 'T',
        category: 'RUNAWAY',
        status: 'OPEN',
        riskLevel: 'LOW',
        country: 'GT',
        reportedAt: '2026-01-01T00:00:00Z',
        lastSeenAt: null,
        leadAgencyId: ids.agency,
        createdBy: ids.user,
      });
      return { ...ids, records: t.records, stores: t.stores };
    }

    afterEach(async () => {
      await t?.close(made);
      t = null;
    });

    it('records the found time once, when the status first leaves OPEN', async () => {
      const { case: caseId, records, stores } = await withCase();
      expect((await records.getCaseChild(caseId)).foundAt).toBeNull();
      await stores.cases.updateCase(caseId, { title: 'still open' });
      expect((await records.getCaseChild(caseId)).foundAt).toBeNull();
      await stores.cases.updateCase(caseId, { status: 'FOUND_SAFE' });
      const first = (await records.getCaseChild(caseId)).foundAt;
      expect(first).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      await stores.cases.updateCase(caseId, { status: 'OPEN' });
      await new Promise((r) => setTimeout(r, 5));
      await stores.cases.updateCase(caseId, { status: 'CLOSED' });
      expect((await records.getCaseChild(caseId)).foundAt).toBe(first);
      expect(await records.foundTimes([caseId, 'case_none'])).toEqual(new Map([[caseId, first]]));
    });

    it('records the found time of a case that left OPEN without one, and never changes a recorded one', async () => {
      const { case: caseId, records, stores } = await withCase();
      await records.recordFoundTime(caseId, '2026-11-03T09:40:00.000Z');
      expect((await records.getCaseChild(caseId)).foundAt).toBeNull();
      await stores.cases.updateCase(caseId, { status: 'FOUND_SAFE' });
      const auto = (await records.getCaseChild(caseId)).foundAt;
      await records.recordFoundTime(caseId, '2026-11-03T09:40:00.000Z');
      expect((await records.getCaseChild(caseId)).foundAt).toBe(auto);
      await records.recordFoundTime('case_none', '2026-11-03T09:40:00.000Z');
      expect(await records.foundTimes(['case_none'])).toEqual(new Map());
    });

    it('sets and clears the last-seen place', async () => {
      const { case: caseId, records } = await withCase();
      await records.setLastSeenLocation(caseId, 'ent_place');
      expect((await records.getCaseChild(caseId)).lastSeenLocationId).toBe('ent_place');
      await records.setLastSeenLocation(caseId, null);
      expect((await records.getCaseChild(caseId)).lastSeenLocationId).toBeNull();
    });

    it('confirming a risk keeps the history, newest first, and sets the case level; an unknown case writes nothing', async () => {
      const { case: caseId, records, stores } = await withCase();
      const p = proposeRisk(factors);
      const rec = {
        id: `risk_a_${caseId}`,
        caseId,
        factors,
        proposedLevel: p.level,
        score: p.score,
        reasons: p.reasons,
        confirmedLevel: 'HIGH',
        note: null,
        assessedBy: 'u',
        assessedAt: '2026-01-01T01:00:00.000Z',
      };
      await records.confirmRisk(rec);
      expect((await stores.cases.getCase(caseId))!.riskLevel).toBe('HIGH');
      await expect(records.confirmRisk({ ...rec, id: `risk_x_${caseId}`, caseId: 'case_none' })).rejects.toThrow();
      await records.confirmRisk({
        ...rec,
        id: `risk_b_${caseId}`,
        confirmedLevel: 'CRITICAL',
        note: 'worse',
        assessedAt: '2026-01-01T02:00:00.000Z',
      });
      const history = await records.riskAssessments(caseId);
      expect(history.map((h) => [h.confirmedLevel, h.note])).toEqual([
        ['CRITICAL', 'worse'],
        ['HIGH', null],
      ]);
      expect(history[1].factors).toEqual(factors);
      expect(history[1].reasons.map((r) => r.code)).toEqual(['AGE_UNDER_6']);
      expect((await stores.cases.getCase(caseId))!.riskLevel).toBe('CRITICAL');
    });

    it('keeps alerts in order with their recipients', async () => {
      const { case: caseId, records, agency } = await withCase();
      const a = {
        id: `al1_${caseId}`,
        caseId,
        msgType: 'Alert' as const,
        referencesId: null,
        sent: 's1',
        sender: 'x',
        languages: ['en', 'es'],
        recipients: [agency],
        areaDescription: 'd',
        xml: '<alert/>',
        issuedBy: 'u',
      };
      await records.addAlert(a);
      await new Promise((r) => setTimeout(r, 2));
      await records.addAlert({ ...a, id: `al2_${caseId}`, msgType: 'Cancel', referencesId: a.id, sent: 's2' });
      const list = await records.alerts(caseId);
      expect(list.map((x) => [x.msgType, x.referencesId, x.recipients, x.languages])).toEqual([
        ['Alert', null, [agency], ['en', 'es']],
        ['Cancel', a.id, [agency], ['en', 'es']],
      ]);
    });

    it('replaces an agency’s coverage', async () => {
      const { records, agency } = await withCase();
      await records.setCoverage({ agencyId: agency, countries: ['GT'], circles: [{ lat: 1, lon: 2, radiusKm: 3 }] });
      await records.setCoverage({ agencyId: agency, countries: ['GT', 'SV'], circles: [] });
      expect((await records.coverages()).filter((c) => c.agencyId === agency)).toEqual([
        { agencyId: agency, countries: ['GT', 'SV'], circles: [] },
      ]);
    });
  });
}
