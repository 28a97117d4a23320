/**
 * Every Cypher statement of the Neo4j photo store, by name. The linter
 * (libs/graph-store/src/neo4j/cypher-lint.test.ts) imports this file and
 * checks each against the graph schema.
 *
 * Labels: Photo {id, sha256, caseId, entityId, entityKind, mime, size, width,
 * height, uploadedBy, uploadedAt, caption, faces (null until analysed, then
 * how many)}, PhotoFace {id: photoId#idx, photoId, idx, box, score,
 * embedding (Float32 bytes)}, FaceMatchSetting {id: caseId, enabled,
 * updatedBy, updatedAt}, FaceLead {id, caseId, personId, referencePhotoId,
 * referenceFace, sightingId, sightingCaseId, sightingPhotoId, sightingFace,
 * similarity, status, createdAt, createdBy, decidedBy, decidedAt, linkId}.
 */
export const CYPHER = {
  addPhoto: `CREATE (p:Photo {id: $id, sha256: $sha256, caseId: $caseId, entityId: $entityId, entityKind: $entityKind, mime: $mime,
  size: $size, width: $width, height: $height, uploadedBy: $uploadedBy, uploadedAt: $uploadedAt, caption: $caption})`,
  getPhoto: `MATCH (p:Photo {id: $id}) RETURN p {.*} AS p`,
  photosOfEntity: `MATCH (p:Photo {caseId: $caseId, entityId: $entityId}) RETURN p {.*} AS p ORDER BY p.uploadedAt, p.id`,
  photosOfCases: `MATCH (p:Photo) WHERE p.caseId IN $caseIds RETURN p {.*} AS p ORDER BY p.uploadedAt, p.id`,
  countBySha: `MATCH (p:Photo {sha256: $sha256}) RETURN count(p) AS n`,
  // Faces are replaced as a whole, and the photo is marked analysed in the same transaction.
  setFaces: `MATCH (p:Photo {id: $photoId})
OPTIONAL MATCH (old:PhotoFace {photoId: $photoId})
DETACH DELETE old
WITH DISTINCT p
SET p.faces = size($faces)
WITH p
UNWIND $faces AS f
CREATE (:PhotoFace {id: $photoId + '#' + toString(f.idx), photoId: $photoId, idx: f.idx, box: f.box, score: f.score, embedding: f.embedding})`,
  analysed: `MATCH (p:Photo) WHERE p.id IN $photoIds AND p.faces IS NOT NULL RETURN p.id AS id`,
  facesOf: `MATCH (f:PhotoFace) WHERE f.photoId IN $photoIds
RETURN f.photoId AS photoId, f.idx AS idx, f.box AS box, f.score AS score, f.embedding AS embedding ORDER BY f.photoId, f.idx`,
  faceMatchSetting: `MATCH (s:FaceMatchSetting {id: $caseId}) RETURN s.enabled AS enabled, s.updatedBy AS updatedBy, s.updatedAt AS updatedAt`,
  setFaceMatch: `MERGE (s:FaceMatchSetting {id: $caseId}) SET s.enabled = $enabled, s.updatedBy = $updatedBy, s.updatedAt = $updatedAt`,
  // The same pair found again keeps its first record (and any decision on it).
  addLead: `OPTIONAL MATCH (same:FaceLead {caseId: $caseId, referencePhotoId: $referencePhotoId, referenceFace: $referenceFace,
  sightingPhotoId: $sightingPhotoId, sightingFace: $sightingFace})
WITH same WHERE same IS NULL
CREATE (l:FaceLead {id: $id, caseId: $caseId, personId: $personId, referencePhotoId: $referencePhotoId, referenceFace: $referenceFace,
  sightingId: $sightingId, sightingCaseId: $sightingCaseId, sightingPhotoId: $sightingPhotoId, sightingFace: $sightingFace,
  similarity: $similarity, status: 'PENDING', createdAt: $createdAt, createdBy: $createdBy})
RETURN l {.*} AS l`,
  leadsOfCase: `MATCH (l:FaceLead {caseId: $caseId}) RETURN l {.*} AS l ORDER BY l.similarity DESC, l.id`,
  getLead: `MATCH (l:FaceLead {id: $id}) RETURN l {.*} AS l`,
  decideLead: `MATCH (l:FaceLead {id: $id}) WHERE l.status = 'PENDING'
SET l.status = $status, l.decidedBy = $decidedBy, l.decidedAt = $decidedAt, l.linkId = $linkId
RETURN l {.*} AS l`,
} as const;

export type PhotoCypherName = keyof typeof CYPHER;
