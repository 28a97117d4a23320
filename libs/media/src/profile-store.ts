/**
 * What the child-profile features keep beside the link graph: the case's
 * last-seen place and found time, the risk assessment history, issued
 * alerts with their recipients, and agencies' coverage areas.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { AgencyCoverage, Circle } from './area';
import type { RiskFactors, RiskReason } from './risk';

type Db = BetterSqlite3.Database;

export interface CaseChildRecord {
  readonly caseId: string;
  readonly lastSeenLocationId: string | null;
  /** When the case's status first left OPEN. */
  readonly foundAt: string | null;
}

export interface RiskAssessmentRecord {
  readonly id: string;
  readonly caseId: string;
  readonly factors: RiskFactors;
  readonly proposedLevel: string;
  readonly score: number;
  readonly reasons: readonly RiskReason[];
  /** What the investigator confirmed (may differ from the proposal, with a note). */
  readonly confirmedLevel: string;
  readonly note: string | null;
  readonly assessedBy: string;
  readonly assessedAt: string;
}

export interface AlertRecord {
  /** The CAP identifier. */
  readonly id: string;
  readonly caseId: string;
  readonly msgType: 'Alert' | 'Update' | 'Cancel';
  /** The first alert this one updates or cancels. */
  readonly referencesId: string | null;
  /** CAP-formatted send time. */
  readonly sent: string;
  readonly sender: string;
  readonly languages: readonly string[];
  readonly recipients: readonly string[];
  readonly areaDescription: string;
  readonly xml: string;
  readonly issuedBy: string;
}

export interface ChildRecordStore {
  getCaseChild(caseId: string): Promise<CaseChildRecord>;
  setLastSeenLocation(caseId: string, locationId: string | null): Promise<void>;
  /** Found times of the given cases (absent: not recorded). */
  foundTimes(caseIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * Records when a case was found, for a case that left OPEN without a recorded time (one created
   * already found: the demo's, an import of closed cases). A recorded time is never changed.
   */
  recordFoundTime(caseId: string, at: string): Promise<void>;
  /** Stores the assessment and sets the case's riskLevel to the confirmed level, in one transaction. */
  confirmRisk(r: RiskAssessmentRecord): Promise<void>;
  riskAssessments(caseId: string): Promise<RiskAssessmentRecord[]>;
  addAlert(a: AlertRecord): Promise<void>;
  alerts(caseId: string): Promise<AlertRecord[]>;
  setCoverage(c: AgencyCoverage): Promise<void>;
  coverages(): Promise<AgencyCoverage[]>;
}

export const CHILD_RECORDS_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS case_child (
  case_id TEXT PRIMARY KEY REFERENCES case_file(id) ON DELETE CASCADE,
  last_seen_location_id TEXT,
  found_at TEXT
)`,
  // The found time is taken when the status first leaves OPEN, by whichever path changes it
  // (GraphQL, the importer, a script): a trigger sees them all, in the same transaction.
  `CREATE TRIGGER IF NOT EXISTS case_child_found AFTER UPDATE OF status ON case_file
WHEN OLD.status = 'OPEN' AND NEW.status <> 'OPEN'
BEGIN
  INSERT INTO case_child (case_id, found_at) VALUES (NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  ON CONFLICT (case_id) DO UPDATE SET found_at = COALESCE(found_at, excluded.found_at);
END`,
  `CREATE TABLE IF NOT EXISTS risk_assessment (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  case_id TEXT NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
  factors TEXT NOT NULL CHECK (json_valid(factors)),
  proposed_level TEXT NOT NULL,
  score INTEGER NOT NULL,
  reasons TEXT NOT NULL CHECK (json_valid(reasons)),
  confirmed_level TEXT NOT NULL,
  note TEXT,
  assessed_by TEXT NOT NULL,
  assessed_at TEXT NOT NULL
)`,
  'CREATE INDEX IF NOT EXISTS risk_assessment_by_case ON risk_assessment (case_id, seq)',
  // History is evidence: assessments are never rewritten.
  `CREATE TRIGGER IF NOT EXISTS risk_assessment_no_update BEFORE UPDATE ON risk_assessment
BEGIN SELECT RAISE(ABORT, 'risk assessments are append-only'); END`,
  `CREATE TABLE IF NOT EXISTS child_alert (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  case_id TEXT NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
  msg_type TEXT NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
  references_id TEXT REFERENCES child_alert(id),
  sent TEXT NOT NULL,
  sender TEXT NOT NULL,
  languages TEXT NOT NULL CHECK (json_valid(languages)),
  recipients TEXT NOT NULL CHECK (json_valid(recipients)),
  area_description TEXT NOT NULL,
  xml TEXT NOT NULL,
  issued_by TEXT NOT NULL
)`,
  'CREATE INDEX IF NOT EXISTS child_alert_by_case ON child_alert (case_id, seq)',
  `CREATE TABLE IF NOT EXISTS agency_coverage (
  agency_id TEXT PRIMARY KEY REFERENCES agency(id) ON DELETE CASCADE,
  countries TEXT NOT NULL CHECK (json_valid(countries)),
  circles TEXT NOT NULL CHECK (json_valid(circles))
)`,
];

interface RiskRow {
  id: string;
  case_id: string;
  factors: string;
  proposed_level: string;
  score: number;
  reasons: string;
  confirmed_level: string;
  note: string | null;
  assessed_by: string;
  assessed_at: string;
}
interface AlertRow {
  id: string;
  case_id: string;
  msg_type: AlertRecord['msgType'];
  references_id: string | null;
  sent: string;
  sender: string;
  languages: string;
  recipients: string;
  area_description: string;
  xml: string;
  issued_by: string;
}

export class EmbeddedChildRecordStore implements ChildRecordStore {
  private readonly q;
  constructor(private readonly db: Db) {
    db.transaction(() => {
      for (const s of CHILD_RECORDS_DDL) db.exec(s);
    })();
    this.q = {
      child: db.prepare<[string], { last_seen_location_id: string | null; found_at: string | null }>(
        'SELECT last_seen_location_id, found_at FROM case_child WHERE case_id = ?',
      ),
      setLastSeen: db.prepare(
        `INSERT INTO case_child (case_id, last_seen_location_id) VALUES (?, ?)
         ON CONFLICT (case_id) DO UPDATE SET last_seen_location_id = excluded.last_seen_location_id`,
      ),
      recordFound: db.prepare<[{ caseId: string; at: string }]>(
        `INSERT INTO case_child (case_id, found_at) SELECT id, @at FROM case_file WHERE id = @caseId AND status <> 'OPEN'
         ON CONFLICT (case_id) DO UPDATE SET found_at = COALESCE(found_at, excluded.found_at)`,
      ),
      found: db.prepare<[string], { case_id: string; found_at: string }>(
        'SELECT case_id, found_at FROM case_child WHERE found_at IS NOT NULL AND case_id IN (SELECT value FROM json_each(?))',
      ),
      insertRisk: db.prepare(
        `INSERT INTO risk_assessment (id, case_id, factors, proposed_level, score, reasons, confirmed_level, note, assessed_by, assessed_at)
         VALUES (@id, @caseId, @factors, @proposedLevel, @score, @reasons, @confirmedLevel, @note, @assessedBy, @assessedAt)`,
      ),
      setCaseRisk: db.prepare('UPDATE case_file SET risk_level = ? WHERE id = ?'),
      risks: db.prepare<[string], RiskRow>('SELECT * FROM risk_assessment WHERE case_id = ? ORDER BY seq DESC'),
      insertAlert: db.prepare(
        `INSERT INTO child_alert (id, case_id, msg_type, references_id, sent, sender, languages, recipients, area_description, xml, issued_by)
         VALUES (@id, @caseId, @msgType, @referencesId, @sent, @sender, @languages, @recipients, @areaDescription, @xml, @issuedBy)`,
      ),
      alerts: db.prepare<[string], AlertRow>('SELECT * FROM child_alert WHERE case_id = ? ORDER BY seq'),
      setCoverage: db.prepare(
        `INSERT INTO agency_coverage (agency_id, countries, circles) VALUES (?, ?, ?)
         ON CONFLICT (agency_id) DO UPDATE SET countries = excluded.countries, circles = excluded.circles`,
      ),
      coverages: db.prepare<[], { agency_id: string; countries: string; circles: string }>(
        'SELECT * FROM agency_coverage ORDER BY agency_id',
      ),
    };
  }

  async getCaseChild(caseId: string): Promise<CaseChildRecord> {
    const r = this.q.child.get(caseId);
    return { caseId, lastSeenLocationId: r?.last_seen_location_id ?? null, foundAt: r?.found_at ?? null };
  }

  async setLastSeenLocation(caseId: string, locationId: string | null): Promise<void> {
    this.q.setLastSeen.run(caseId, locationId);
  }

  async foundTimes(caseIds: readonly string[]): Promise<Map<string, string>> {
    return new Map(this.q.found.all(JSON.stringify(caseIds)).map((r) => [r.case_id, r.found_at]));
  }

  async recordFoundTime(caseId: string, at: string): Promise<void> {
    this.q.recordFound.run({ caseId, at });
  }

  async confirmRisk(r: RiskAssessmentRecord): Promise<void> {
    this.db.transaction(() => {
      this.q.insertRisk.run({ ...r, factors: JSON.stringify(r.factors), reasons: JSON.stringify(r.reasons) });
      if (this.q.setCaseRisk.run(r.confirmedLevel, r.caseId).changes !== 1) throw new Error(`case ${r.caseId} not found`);
    })();
  }

  async riskAssessments(caseId: string): Promise<RiskAssessmentRecord[]> {
    return this.q.risks.all(caseId).map((r) => ({
      id: r.id,
      caseId: r.case_id,
      factors: JSON.parse(r.factors) as RiskFactors,
      proposedLevel: r.proposed_level,
      score: r.score,
      reasons: JSON.parse(r.reasons) as RiskReason[],
      confirmedLevel: r.confirmed_level,
      note: r.note,
      assessedBy: r.assessed_by,
      assessedAt: r.assessed_at,
    }));
  }

  async addAlert(a: AlertRecord): Promise<void> {
    this.q.insertAlert.run({ ...a, languages: JSON.stringify(a.languages), recipients: JSON.stringify(a.recipients) });
  }

  async alerts(caseId: string): Promise<AlertRecord[]> {
    return this.q.alerts.all(caseId).map((r) => ({
      id: r.id,
      caseId: r.case_id,
      msgType: r.msg_type,
      referencesId: r.references_id,
      sent: r.sent,
      sender: r.sender,
      languages: JSON.parse(r.languages) as string[],
      recipients: JSON.parse(r.recipients) as string[],
      areaDescription: r.area_description,
      xml: r.xml,
      issuedBy: r.issued_by,
    }));
  }

  async setCoverage(c: AgencyCoverage): Promise<void> {
    this.q.setCoverage.run(c.agencyId, JSON.stringify(c.countries), JSON.stringify(c.circles));
  }

  async coverages(): Promise<AgencyCoverage[]> {
    return this.q.coverages
      .all()
      .map((r) => ({ agencyId: r.agency_id, countries: JSON.parse(r.countries) as string[], circles: JSON.parse(r.circles) as Circle[] }));
  }
}
