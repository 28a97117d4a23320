/**
 * Every Cypher statement of the Neo4j child-record store, by name. The linter
 * (libs/graph-store/src/neo4j/cypher-lint.test.ts) finds this file by its name
 * and checks each statement against the graph schema.
 *
 * Labels: CaseChild {id: caseId, lastSeenLocationId}, RiskAssessment {id,
 * caseId, factors (JSON), proposedLevel, score, reasons (JSON),
 * confirmedLevel, note, assessedBy, assessedAt}, ChildAlert {id, caseId,
 * msgType, referencesId, sent, sender, languages, recipients,
 * areaDescription, xml, issuedBy, issuedAt}, AgencyCoverage {id: agencyId,
 * countries, circles (JSON)}. The found time is the Case node's foundAt, set
 * by the case store when the status first leaves OPEN.
 */
export const CYPHER = {
  getCaseChild: `OPTIONAL MATCH (k:CaseChild {id: $caseId})
OPTIONAL MATCH (c:Case {id: $caseId})
RETURN k.lastSeenLocationId AS lastSeenLocationId, c.foundAt AS foundAt`,
  setLastSeenLocation: `MERGE (k:CaseChild {id: $caseId}) SET k.lastSeenLocationId = $locationId`,
  recordFoundTime: `MATCH (c:Case {id: $caseId}) WHERE c.status <> 'OPEN' SET c.foundAt = coalesce(c.foundAt, $at)`,
  foundTimes: `MATCH (c:Case) WHERE c.id IN $caseIds AND c.foundAt IS NOT NULL RETURN c.id AS caseId, c.foundAt AS foundAt`,
  // The history record and the case's level change together, or not at all (no case: no row, the adapter aborts).
  confirmRisk: `MATCH (c:Case {id: $caseId})
CREATE (r:RiskAssessment {id: $id, caseId: $caseId, factors: $factors, proposedLevel: $proposedLevel, score: $score, reasons: $reasons,
  confirmedLevel: $confirmedLevel, note: $note, assessedBy: $assessedBy, assessedAt: $assessedAt})
SET c.riskLevel = $confirmedLevel
RETURN r.id AS id`,
  riskAssessments: `MATCH (r:RiskAssessment {caseId: $caseId}) RETURN r {.*} AS r ORDER BY r.assessedAt DESC, r.id DESC`,
  addAlert: `CREATE (:ChildAlert {id: $id, caseId: $caseId, msgType: $msgType, referencesId: $referencesId, sent: $sent, sender: $sender,
  languages: $languages, recipients: $recipients, areaDescription: $areaDescription, xml: $xml, issuedBy: $issuedBy, issuedAt: $issuedAt})`,
  alerts: `MATCH (a:ChildAlert {caseId: $caseId}) RETURN a {.*} AS a ORDER BY a.issuedAt, a.id`,
  setCoverage: `MERGE (g:AgencyCoverage {id: $agencyId}) SET g.countries = $countries, g.circles = $circles`,
  coverages: `MATCH (g:AgencyCoverage) RETURN g.id AS agencyId, g.countries AS countries, g.circles AS circles ORDER BY g.id`,
} as const;

export type ChildCypherName = keyof typeof CYPHER;
