import { parseParameters } from '@neo4j-cypher/language-support';
import { describe, expect, it } from 'vitest';
import { proposeRisk } from '../risk';
import { CYPHER, type ChildCypherName } from './cypher';
import type { Tx } from '@homeward/neo4j-kit';
import { Neo4jChildRecordStore, type ChildRunner } from './neo4j';

/*
 * The Neo4j child-record store without a server (none runs here): a scripted
 * stand-in answers each statement and checks every run passes exactly the
 * parameters its statement names, in a read or write transaction as fits.
 */
type Row = Record<string, unknown>;

class Scripted implements ChildRunner {
  readonly calls: Array<{ name: ChildCypherName; mode: 'read' | 'write'; params: Row }> = [];
  constructor(private readonly answers: Partial<Record<ChildCypherName, (p: Row) => Row[]>> = {}) {}

  private tx(mode: 'read' | 'write'): Tx<ChildCypherName> {
    return {
      run: async (name, params = {}) => {
        const statement = CYPHER[name];
        if (!statement) throw new Error(`statement not from CYPHER: ${name}`);
        expect(Object.keys(params).sort(), `${name} parameters`).toEqual([...new Set(parseParameters(statement, false))].sort());
        this.calls.push({ name, mode, params });
        return this.answers[name]?.(params) ?? [];
      },
    };
  }

  read<T>(work: (tx: Tx<ChildCypherName>) => Promise<T>): Promise<T> {
    return work(this.tx('read'));
  }
  write<T>(work: (tx: Tx<ChildCypherName>) => Promise<T>): Promise<T> {
    return work(this.tx('write'));
  }
}

const factors = {
  ageYears: 4,
  medicalNeeds: true,
  vulnerability: false,
  onlineGrooming: false,
  suspectedAbductor: false,
  violenceOrThreats: false,
  inMigration: false,
  crossBorder: false,
  hoursMissing: 3,
  previousEpisodes: 0,
  outOfCharacter: false,
};

describe('Neo4jChildRecordStore', () => {
  it('confirms a risk in one write, keeping factors and reasons as JSON, and aborts when the case is missing', async () => {
    const p = proposeRisk(factors);
    const rec = {
      id: 'risk_1',
      caseId: 'case_a',
      factors,
      proposedLevel: p.level,
      score: p.score,
      reasons: p.reasons,
      confirmedLevel: 'CRITICAL',
      note: 'why',
      assessedBy: 'usr_1',
      assessedAt: '2026-01-01T00:00:00.000Z',
    };
    const db = new Scripted({ confirmRisk: (q) => (q.caseId === 'case_a' ? [{ id: q.id }] : []) });
    const store = new Neo4jChildRecordStore(db);
    await store.confirmRisk(rec);
    expect(db.calls[0]).toMatchObject({
      name: 'confirmRisk',
      mode: 'write',
      params: { confirmedLevel: 'CRITICAL', factors: JSON.stringify(factors) },
    });
    await expect(store.confirmRisk({ ...rec, caseId: 'case_gone' })).rejects.toThrow(/case_gone not found/);
  });

  it('reads the history back into records', async () => {
    const p = proposeRisk(factors);
    const db = new Scripted({
      riskAssessments: () => [
        {
          r: {
            id: 'risk_1',
            caseId: 'case_a',
            factors: JSON.stringify(factors),
            proposedLevel: p.level,
            score: 9,
            reasons: JSON.stringify(p.reasons),
            confirmedLevel: 'HIGH',
            note: null,
            assessedBy: 'u',
            assessedAt: 't',
          },
        },
      ],
    });
    const [h] = await new Neo4jChildRecordStore(db).riskAssessments('case_a');
    expect(h).toMatchObject({ id: 'risk_1', confirmedLevel: 'HIGH', note: null, factors });
    expect(h.reasons.map((r) => r.code)).toEqual(p.reasons.map((r) => r.code));
    expect(db.calls[0].mode).toBe('read');
  });

  it('stores alerts with their recipients and lists them; coverage round-trips its circles', async () => {
    const stored: Row[] = [];
    const db = new Scripted({
      addAlert: (q) => (stored.push(q), []),
      alerts: () => stored.map((a) => ({ a })),
      coverages: () => [{ agencyId: 'agy_1', countries: ['GT'], circles: JSON.stringify([{ lat: 1, lon: 2, radiusKm: 3 }]) }],
      getCaseChild: () => [{ lastSeenLocationId: 'ent_l', foundAt: '2026-01-02T00:00:00.000Z' }],
      foundTimes: () => [{ caseId: 'case_a', foundAt: '2026-01-02T00:00:00.000Z' }],
    });
    const store = new Neo4jChildRecordStore(db);
    await store.addAlert({
      id: 'al_1',
      caseId: 'case_a',
      msgType: 'Alert',
      referencesId: null,
      sent: 's',
      sender: 'x',
      languages: ['en', 'es'],
      recipients: ['agy_1'],
      areaDescription: 'd',
      xml: '<alert/>',
      issuedBy: 'u',
    });
    expect(stored[0].issuedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await store.alerts('case_a')).toEqual([
      {
        id: 'al_1',
        caseId: 'case_a',
        msgType: 'Alert',
        referencesId: null,
        sent: 's',
        sender: 'x',
        languages: ['en', 'es'],
        recipients: ['agy_1'],
        areaDescription: 'd',
        xml: '<alert/>',
        issuedBy: 'u',
      },
    ]);
    await store.setCoverage({ agencyId: 'agy_1', countries: ['GT'], circles: [{ lat: 1, lon: 2, radiusKm: 3 }] });
    expect(db.calls.find((c) => c.name === 'setCoverage')!.params.circles).toBe('[{"lat":1,"lon":2,"radiusKm":3}]');
    expect(await store.coverages()).toEqual([{ agencyId: 'agy_1', countries: ['GT'], circles: [{ lat: 1, lon: 2, radiusKm: 3 }] }]);
    expect(await store.getCaseChild('case_a')).toEqual({
      caseId: 'case_a',
      lastSeenLocationId: 'ent_l',
      foundAt: '2026-01-02T00:00:00.000Z',
    });
    expect(await store.foundTimes(['case_a'])).toEqual(new Map([['case_a', '2026-01-02T00:00:00.000Z']]));
    await store.setLastSeenLocation('case_a', null);
    expect(db.calls.at(-1)).toMatchObject({ name: 'setLastSeenLocation', mode: 'write', params: { caseId: 'case_a', locationId: null } });
  });
});
