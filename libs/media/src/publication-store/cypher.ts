/**
 * Every Cypher statement of the Neo4j publication store, by name. The linter
 * (libs/graph-store/src/neo4j/cypher-lint.test.ts) finds this file by its name
 * and checks each statement against the graph schema.
 *
 * Labels: Publication {id, caseId, personId, country, status, fields,
 * languages, content (JSON), publishedBy, publishedAt, updatedBy, updatedAt,
 * reviewAt, endedAt, endedBy, endReason}, PublicTip {id, caseId,
 * publicationId, channel, status, receivedAt, late, content (JSON),
 * receivedBy, decidedBy, decidedAt, reason, sightingId}, PublicSite {id (the
 * country code), country, siteName, siteNames (JSON), brandColour, logoSha256,
 * logoWidth, logoHeight, logoData (base64 WebP), updatedBy, updatedAt}.
 */
export const CYPHER = {
  createPublication: `CREATE (:Publication {id: $id, caseId: $caseId, personId: $personId, country: $country, status: $status, fields: $fields,
languages: $languages, content: $content, publishedBy: $publishedBy, publishedAt: $publishedAt, updatedBy: $updatedBy,
updatedAt: $updatedAt, reviewAt: $reviewAt, endedAt: $endedAt, endedBy: $endedBy, endReason: $endReason})`,
  // Only a page still published takes a new copy: an update racing a take-down writes nothing.
  updatePublication: `MATCH (p:Publication {id: $id}) WHERE p.status = 'PUBLISHED'
SET p.fields = $fields, p.languages = $languages, p.content = $content, p.updatedBy = $updatedBy, p.updatedAt = $updatedAt,
p.reviewAt = $reviewAt
RETURN p.id AS id`,
  getPublication: `MATCH (p:Publication {id: $id}) RETURN p {.*} AS p`,
  publicationsOfCase: `MATCH (p:Publication {caseId: $caseId}) RETURN p {.*} AS p ORDER BY p.publishedAt DESC, p.id DESC`,
  livePublications: `MATCH (p:Publication {status: 'PUBLISHED'}) WHERE $country IS NULL OR p.country = $country
RETURN p {.*} AS p ORDER BY p.publishedAt DESC, p.id DESC`,
  endPublication: `MATCH (p:Publication {id: $id}) WHERE p.status = 'PUBLISHED'
SET p.status = $status, p.endedBy = $endedBy, p.endedAt = $endedAt, p.endReason = $endReason
RETURN p {.*} AS p`,
  dueForReview: `MATCH (p:Publication {status: 'PUBLISHED'}) WHERE p.reviewAt <= $now RETURN p {.*} AS p ORDER BY p.reviewAt, p.id`,
  addTip: `CREATE (:PublicTip {id: $id, caseId: $caseId, publicationId: $publicationId, channel: $channel, status: $status,
receivedAt: $receivedAt, late: $late, content: $content, receivedBy: $receivedBy, decidedBy: $decidedBy, decidedAt: $decidedAt,
reason: $reason, sightingId: $sightingId})`,
  getTip: `MATCH (t:PublicTip {id: $id}) RETURN t {.*} AS t`,
  tipsOfCase: `MATCH (t:PublicTip {caseId: $caseId}) RETURN t {.*} AS t ORDER BY t.receivedAt DESC, t.id DESC`,
  decideTip: `MATCH (t:PublicTip {id: $id}) WHERE t.status = 'NEW'
SET t.status = $status, t.decidedBy = $decidedBy, t.decidedAt = $decidedAt, t.reason = $reason, t.sightingId = $sightingId
RETURN t {.*} AS t`,
  // The country code is the site's id too, so the unique-id constraint keeps one site per country under concurrent writes.
  putPublicSite: `MERGE (s:PublicSite {id: $country})
SET s.country = $country, s.siteName = $siteName, s.siteNames = $siteNames, s.brandColour = $brandColour, s.updatedBy = $updatedBy,
s.updatedAt = $updatedAt
RETURN s {.*, logoData: null} AS s`,
  setPublicSiteLogo: `MERGE (s:PublicSite {id: $country})
ON CREATE SET s.country = $country, s.siteNames = '{}'
SET s.logoSha256 = $logoSha256, s.logoWidth = $logoWidth, s.logoHeight = $logoHeight, s.logoData = $logoData, s.updatedBy = $updatedBy,
s.updatedAt = $updatedAt
RETURN s {.*, logoData: null} AS s`,
  getPublicSite: `MATCH (s:PublicSite {id: $country}) RETURN s {.*, logoData: null} AS s`,
  publicSites: `MATCH (s:PublicSite) RETURN s {.*, logoData: null} AS s ORDER BY s.country`,
  publicSiteLogo: `MATCH (s:PublicSite {id: $country}) RETURN s.logoSha256 AS sha256, s.logoData AS data`,
} as const;

export type PublicationCypherName = keyof typeof CYPHER;
