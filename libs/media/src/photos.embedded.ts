import type BetterSqlite3 from 'better-sqlite3';
import type { FaceLead, FaceMatchSetting, FaceRecord, LeadStatus, NewLead, PhotoRecord, PhotoStore } from './photos';

type Db = BetterSqlite3.Database;

/**
 * The photo tables, in the server's one SQLite database. Faces keep their
 * descriptor as a Float32 blob; `photo_analysis` records that a photo was
 * looked at, so a photo without faces is not analysed again. A lead is
 * unique per (case, reference face, sighting face): finding it again does not
 * reopen a decision.
 */
export const PHOTO_SQLITE_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS media_photo (
  id TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  case_id TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  entity_kind TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  caption TEXT
)`,
  'CREATE INDEX IF NOT EXISTS media_photo_entity ON media_photo (case_id, entity_id, uploaded_at)',
  'CREATE INDEX IF NOT EXISTS media_photo_sha ON media_photo (sha256)',
  `CREATE TABLE IF NOT EXISTS media_photo_analysis (
  photo_id TEXT PRIMARY KEY REFERENCES media_photo(id),
  faces INTEGER NOT NULL
)`,
  `CREATE TABLE IF NOT EXISTS media_face (
  photo_id TEXT NOT NULL REFERENCES media_photo(id),
  idx INTEGER NOT NULL,
  box TEXT NOT NULL,
  score REAL NOT NULL,
  embedding BLOB NOT NULL,
  PRIMARY KEY (photo_id, idx)
)`,
  `CREATE TABLE IF NOT EXISTS media_face_setting (
  case_id TEXT PRIMARY KEY,
  enabled INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
)`,
  `CREATE TABLE IF NOT EXISTS media_face_lead (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  reference_photo_id TEXT NOT NULL,
  reference_face INTEGER NOT NULL,
  sighting_id TEXT NOT NULL,
  sighting_case_id TEXT NOT NULL,
  sighting_photo_id TEXT NOT NULL,
  sighting_face INTEGER NOT NULL,
  similarity REAL NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'REJECTED')),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  decided_by TEXT,
  decided_at TEXT,
  link_id TEXT,
  UNIQUE (case_id, reference_photo_id, reference_face, sighting_photo_id, sighting_face)
)`,
  'CREATE INDEX IF NOT EXISTS media_face_lead_case ON media_face_lead (case_id, similarity DESC)',
];

interface PhotoRow {
  id: string;
  sha256: string;
  case_id: string;
  entity_id: string;
  entity_kind: string;
  mime: string;
  size: number;
  width: number;
  height: number;
  uploaded_by: string;
  uploaded_at: string;
  caption: string | null;
}
interface FaceRow {
  photo_id: string;
  idx: number;
  box: string;
  score: number;
  embedding: Buffer;
}
interface LeadRow {
  id: string;
  case_id: string;
  person_id: string;
  reference_photo_id: string;
  reference_face: number;
  sighting_id: string;
  sighting_case_id: string;
  sighting_photo_id: string;
  sighting_face: number;
  similarity: number;
  status: LeadStatus;
  created_at: string;
  created_by: string;
  decided_by: string | null;
  decided_at: string | null;
  link_id: string | null;
}

const toPhoto = (r: PhotoRow): PhotoRecord => ({
  id: r.id,
  sha256: r.sha256,
  caseId: r.case_id,
  entityId: r.entity_id,
  entityKind: r.entity_kind,
  mime: r.mime,
  size: r.size,
  width: r.width,
  height: r.height,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
  caption: r.caption,
});

/** A copy of the blob's bytes as floats (the blob's buffer may not be 4-byte aligned). */
export const floatsOf = (b: Uint8Array): Float32Array => {
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Float32Array(copy.buffer);
};
export const bytesOf = (f: Float32Array): Buffer => Buffer.from(f.buffer, f.byteOffset, f.byteLength);

const toFace = (r: FaceRow): FaceRecord => ({
  photoId: r.photo_id,
  index: r.idx,
  box: JSON.parse(r.box) as [number, number, number, number],
  score: r.score,
  embedding: floatsOf(r.embedding),
});

const toLead = (r: LeadRow): FaceLead => ({
  id: r.id,
  caseId: r.case_id,
  personId: r.person_id,
  referencePhotoId: r.reference_photo_id,
  referenceFace: r.reference_face,
  sightingId: r.sighting_id,
  sightingCaseId: r.sighting_case_id,
  sightingPhotoId: r.sighting_photo_id,
  sightingFace: r.sighting_face,
  similarity: r.similarity,
  status: r.status,
  createdAt: r.created_at,
  createdBy: r.created_by,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  linkId: r.link_id,
});

/** SQLite caps bound parameters; id lists are passed as one JSON array instead. */
const ids = (list: readonly string[]) => JSON.stringify(list);

export function openEmbeddedPhotoStore(db: Db): PhotoStore {
  for (const ddl of PHOTO_SQLITE_DDL) db.exec(ddl);
  const q = {
    addPhoto: db.prepare<[string, string, string, string, string, string, number, number, number, string, string, string | null]>(
      `INSERT INTO media_photo (id, sha256, case_id, entity_id, entity_kind, mime, size, width, height, uploaded_by, uploaded_at, caption)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    getPhoto: db.prepare<[string], PhotoRow>('SELECT * FROM media_photo WHERE id = ?'),
    ofEntity: db.prepare<[string, string], PhotoRow>(
      'SELECT * FROM media_photo WHERE case_id = ? AND entity_id = ? ORDER BY uploaded_at, id',
    ),
    ofCases: db.prepare<[string], PhotoRow>(
      'SELECT * FROM media_photo WHERE case_id IN (SELECT value FROM json_each(?)) ORDER BY uploaded_at, id',
    ),
    countSha: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM media_photo WHERE sha256 = ?'),
    deleteFaces: db.prepare<[string]>('DELETE FROM media_face WHERE photo_id = ?'),
    addFace: db.prepare<[string, number, string, number, Buffer]>(
      'INSERT INTO media_face (photo_id, idx, box, score, embedding) VALUES (?, ?, ?, ?, ?)',
    ),
    markAnalysed: db.prepare<[string, number]>(
      'INSERT INTO media_photo_analysis (photo_id, faces) VALUES (?, ?) ON CONFLICT (photo_id) DO UPDATE SET faces = excluded.faces',
    ),
    analysed: db.prepare<[string], { photo_id: string }>(
      'SELECT photo_id FROM media_photo_analysis WHERE photo_id IN (SELECT value FROM json_each(?))',
    ),
    facesOf: db.prepare<[string], FaceRow>(
      'SELECT * FROM media_face WHERE photo_id IN (SELECT value FROM json_each(?)) ORDER BY photo_id, idx',
    ),
    setting: db.prepare<[string], { enabled: number; updated_by: string; updated_at: string }>(
      'SELECT enabled, updated_by, updated_at FROM media_face_setting WHERE case_id = ?',
    ),
    setSetting: db.prepare<[string, number, string, string]>(
      `INSERT INTO media_face_setting (case_id, enabled, updated_by, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (case_id) DO UPDATE SET enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ),
    addLead: db.prepare<[string, string, string, string, number, string, string, string, number, number, string, string]>(
      `INSERT INTO media_face_lead (id, case_id, person_id, reference_photo_id, reference_face, sighting_id, sighting_case_id,
  sighting_photo_id, sighting_face, similarity, status, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)
ON CONFLICT (case_id, reference_photo_id, reference_face, sighting_photo_id, sighting_face) DO NOTHING`,
    ),
    leadsOfCase: db.prepare<[string], LeadRow>('SELECT * FROM media_face_lead WHERE case_id = ? ORDER BY similarity DESC, id'),
    getLead: db.prepare<[string], LeadRow>('SELECT * FROM media_face_lead WHERE id = ?'),
    decide: db.prepare<[string, string, string, string | null, string]>(
      "UPDATE media_face_lead SET status = ?, decided_by = ?, decided_at = ?, link_id = ? WHERE id = ? AND status = 'PENDING'",
    ),
  };

  const setFaces = db.transaction((photoId: string, faces: readonly FaceRecord[]) => {
    q.deleteFaces.run(photoId);
    for (const f of faces) q.addFace.run(photoId, f.index, JSON.stringify(f.box), f.score, bytesOf(f.embedding));
    q.markAnalysed.run(photoId, faces.length);
  });
  const addLeads = db.transaction((leads: readonly NewLead[]): FaceLead[] => {
    const added: FaceLead[] = [];
    for (const l of leads) {
      const r = q.addLead.run(
        l.id,
        l.caseId,
        l.personId,
        l.referencePhotoId,
        l.referenceFace,
        l.sightingId,
        l.sightingCaseId,
        l.sightingPhotoId,
        l.sightingFace,
        l.similarity,
        l.createdAt,
        l.createdBy,
      );
      if (r.changes === 1) added.push(toLead(q.getLead.get(l.id)!));
    }
    return added;
  });

  return {
    async addPhoto(p) {
      q.addPhoto.run(
        p.id,
        p.sha256,
        p.caseId,
        p.entityId,
        p.entityKind,
        p.mime,
        p.size,
        p.width,
        p.height,
        p.uploadedBy,
        p.uploadedAt,
        p.caption,
      );
    },
    async getPhoto(id) {
      const r = q.getPhoto.get(id);
      return r ? toPhoto(r) : null;
    },
    async photosOfEntity(caseId, entityId) {
      return q.ofEntity.all(caseId, entityId).map(toPhoto);
    },
    async photosOfCases(caseIds, entityKinds) {
      const rows = q.ofCases.all(ids(caseIds)).map(toPhoto);
      return entityKinds ? rows.filter((p) => entityKinds.includes(p.entityKind)) : rows;
    },
    async countBySha(sha256) {
      return q.countSha.get(sha256)!.n;
    },
    async setFaces(photoId, faces) {
      setFaces(photoId, faces);
    },
    async analysed(photoIds) {
      return new Set(q.analysed.all(ids(photoIds)).map((r) => r.photo_id));
    },
    async facesOf(photoIds) {
      return q.facesOf.all(ids(photoIds)).map(toFace);
    },
    async faceMatchSetting(caseId): Promise<FaceMatchSetting> {
      const r = q.setting.get(caseId);
      return r
        ? { caseId, enabled: r.enabled === 1, updatedBy: r.updated_by, updatedAt: r.updated_at }
        : { caseId, enabled: false, updatedBy: null, updatedAt: null };
    },
    async setFaceMatch(caseId, enabled, by, at) {
      q.setSetting.run(caseId, enabled ? 1 : 0, by, at);
      return { caseId, enabled, updatedBy: by, updatedAt: at };
    },
    async addLeads(leads) {
      return addLeads(leads);
    },
    async leadsOfCase(caseId) {
      return q.leadsOfCase.all(caseId).map(toLead);
    },
    async getLead(id) {
      const r = q.getLead.get(id);
      return r ? toLead(r) : null;
    },
    async decideLead(id, status, by, at, linkId) {
      const r = q.decide.run(status, by, at, linkId, id);
      return r.changes === 1 ? toLead(q.getLead.get(id)!) : null;
    },
  };
}
