import { DriverRunner, type Row, type Tx, type TxRunner } from '@homeward/neo4j-kit';
import type { Driver } from 'neo4j-driver';
import type { AgencyCoverage, Circle } from '../area';
import type { AlertRecord, ChildRecordStore, RiskAssessmentRecord } from '../profile-store';
import type { RiskFactors, RiskReason } from '../risk';
import { CYPHER, type ChildCypherName } from './cypher';

/** Scores are floats; rows arrive decoded by the runner. */
const num = (v: unknown): number => Number(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** The store's transactions: the shared runner of @homeward/neo4j-kit, or a scripted stand-in in the unit tests. */
export type ChildRunner = TxRunner<ChildCypherName>;

/**
 * The child records in Neo4j: one managed transaction per call, statements
 * only from CYPHER. Structured values (factors, reasons, circles) are JSON
 * strings: Neo4j properties hold no maps.
 */
export class Neo4jChildRecordStore implements ChildRecordStore {
  constructor(private readonly db: ChildRunner) {}

  private static run(tx: Tx<ChildCypherName>, name: ChildCypherName, params: Record<string, unknown>): Promise<Row[]> {
    return tx.run(name, params);
  }

  async getCaseChild(caseId: string) {
    const [row] = await this.db.read((tx) => Neo4jChildRecordStore.run(tx, 'getCaseChild', { caseId }));
    return { caseId, lastSeenLocationId: strOrNull(row?.lastSeenLocationId), foundAt: strOrNull(row?.foundAt) };
  }

  async setLastSeenLocation(caseId: string, locationId: string | null): Promise<void> {
    await this.db.write((tx) => Neo4jChildRecordStore.run(tx, 'setLastSeenLocation', { caseId, locationId }));
  }

  async foundTimes(caseIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.db.read((tx) => Neo4jChildRecordStore.run(tx, 'foundTimes', { caseIds: [...caseIds] }));
    return new Map(rows.map((r) => [String(r.caseId), String(r.foundAt)]));
  }

  async recordFoundTime(caseId: string, at: string): Promise<void> {
    await this.db.write((tx) => Neo4jChildRecordStore.run(tx, 'recordFoundTime', { caseId, at }));
  }

  async confirmRisk(r: RiskAssessmentRecord): Promise<void> {
    await this.db.write(async (tx) => {
      const rows = await Neo4jChildRecordStore.run(tx, 'confirmRisk', {
        id: r.id,
        caseId: r.caseId,
        factors: JSON.stringify(r.factors),
        proposedLevel: r.proposedLevel,
        score: r.score,
        reasons: JSON.stringify(r.reasons),
        confirmedLevel: r.confirmedLevel,
        note: r.note,
        assessedBy: r.assessedBy,
        assessedAt: r.assessedAt,
      });
      // Throwing inside the managed transaction rolls it back.
      if (rows.length !== 1) throw new Error(`case ${r.caseId} not found`);
    });
  }

  async riskAssessments(caseId: string): Promise<RiskAssessmentRecord[]> {
    const rows = await this.db.read((tx) => Neo4jChildRecordStore.run(tx, 'riskAssessments', { caseId }));
    return rows.map(({ r }) => {
      const x = r as Row;
      return {
        id: String(x.id),
        caseId: String(x.caseId),
        factors: JSON.parse(String(x.factors)) as RiskFactors,
        proposedLevel: String(x.proposedLevel),
        score: num(x.score),
        reasons: JSON.parse(String(x.reasons)) as RiskReason[],
        confirmedLevel: String(x.confirmedLevel),
        note: strOrNull(x.note),
        assessedBy: String(x.assessedBy),
        assessedAt: String(x.assessedAt),
      };
    });
  }

  async addAlert(a: AlertRecord): Promise<void> {
    await this.db.write((tx) =>
      Neo4jChildRecordStore.run(tx, 'addAlert', {
        id: a.id,
        caseId: a.caseId,
        msgType: a.msgType,
        referencesId: a.referencesId,
        sent: a.sent,
        sender: a.sender,
        languages: [...a.languages],
        recipients: [...a.recipients],
        areaDescription: a.areaDescription,
        xml: a.xml,
        issuedBy: a.issuedBy,
        issuedAt: new Date().toISOString(),
      }),
    );
  }

  async alerts(caseId: string): Promise<AlertRecord[]> {
    const rows = await this.db.read((tx) => Neo4jChildRecordStore.run(tx, 'alerts', { caseId }));
    return rows.map(({ a }) => {
      const x = a as Row;
      return {
        id: String(x.id),
        caseId: String(x.caseId),
        msgType: String(x.msgType) as AlertRecord['msgType'],
        referencesId: strOrNull(x.referencesId),
        sent: String(x.sent),
        sender: String(x.sender),
        languages: strings(x.languages),
        recipients: strings(x.recipients),
        areaDescription: String(x.areaDescription),
        xml: String(x.xml),
        issuedBy: String(x.issuedBy),
      };
    });
  }

  async setCoverage(c: AgencyCoverage): Promise<void> {
    await this.db.write((tx) =>
      Neo4jChildRecordStore.run(tx, 'setCoverage', {
        agencyId: c.agencyId,
        countries: [...c.countries],
        circles: JSON.stringify(c.circles),
      }),
    );
  }

  async coverages(): Promise<AgencyCoverage[]> {
    const rows = await this.db.read((tx) => Neo4jChildRecordStore.run(tx, 'coverages', {}));
    return rows.map((r) => ({
      agencyId: String(r.agencyId),
      countries: strings(r.countries),
      circles: JSON.parse(String(r.circles ?? '[]')) as Circle[],
    }));
  }
}

export function openNeo4jChildRecords(driver: Driver, database?: string): ChildRecordStore {
  return new Neo4jChildRecordStore(new DriverRunner(driver, CYPHER, { database }));
}
