import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import { CYPHER as PHOTO_CYPHER, type PhotoCypherName } from './cypher';
import { bytesOf, floatsOf } from './photos.embedded';
import type { FaceLead, FaceRecord, LeadStatus, PhotoRecord, PhotoStore } from './photos';

type Row = Record<string, unknown>;

const num = (v: unknown): number => (neo4j.isInt(v) ? (v as { toNumber(): number }).toNumber() : Number(v));
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

const toPhoto = (p: Row): PhotoRecord => ({
  id: str(p.id),
  sha256: str(p.sha256),
  caseId: str(p.caseId),
  entityId: str(p.entityId),
  entityKind: str(p.entityKind),
  mime: str(p.mime),
  size: num(p.size),
  width: num(p.width),
  height: num(p.height),
  uploadedBy: str(p.uploadedBy),
  uploadedAt: str(p.uploadedAt),
  caption: strOrNull(p.caption),
});

const toLead = (l: Row): FaceLead => ({
  id: str(l.id),
  caseId: str(l.caseId),
  personId: str(l.personId),
  referencePhotoId: str(l.referencePhotoId),
  referenceFace: num(l.referenceFace),
  sightingId: str(l.sightingId),
  sightingCaseId: str(l.sightingCaseId),
  sightingPhotoId: str(l.sightingPhotoId),
  sightingFace: num(l.sightingFace),
  similarity: num(l.similarity),
  status: str(l.status) as LeadStatus,
  createdAt: str(l.createdAt),
  createdBy: str(l.createdBy),
  decidedBy: strOrNull(l.decidedBy),
  decidedAt: strOrNull(l.decidedAt),
  linkId: strOrNull(l.linkId),
});

/** The photo store in Neo4j: one managed transaction per call, statements only from PHOTO_CYPHER. */
export function openNeo4jPhotoStore(driver: Driver, database?: string): PhotoStore {
  const run = async (tx: ManagedTransaction, name: PhotoCypherName, params: Record<string, unknown> = {}): Promise<Row[]> =>
    (await tx.run(PHOTO_CYPHER[name], params)).records.map((r) => r.toObject() as Row);
  const read = async <T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> => {
    const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead(work);
    } finally {
      await session.close();
    }
  };
  const write = async <T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> => {
    const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite(work);
    } finally {
      await session.close();
    }
  };

  return {
    addPhoto: (p) => write(async (tx) => void (await run(tx, 'addPhoto', { ...p, size: neo4j.int(p.size), width: neo4j.int(p.width), height: neo4j.int(p.height) }))),
    getPhoto: (id) => read(async (tx) => ((await run(tx, 'getPhoto', { id })).map((r) => toPhoto(r.p as Row))[0] ?? null)),
    photosOfEntity: (caseId, entityId) => read(async (tx) => (await run(tx, 'photosOfEntity', { caseId, entityId })).map((r) => toPhoto(r.p as Row))),
    photosOfCases: (caseIds, entityKinds) =>
      read(async (tx) => (await run(tx, 'photosOfCases', { caseIds: [...caseIds] })).map((r) => toPhoto(r.p as Row)).filter((p) => !entityKinds || entityKinds.includes(p.entityKind))),
    countBySha: (sha256) => read(async (tx) => num((await run(tx, 'countBySha', { sha256 }))[0]?.n ?? 0)),
    setFaces: (photoId, faces) =>
      write(async (tx) => {
        const rows = faces.map((f) => ({ idx: neo4j.int(f.index), box: [...f.box], score: f.score, embedding: bytesOf(f.embedding) }));
        await run(tx, 'setFaces', { photoId, faces: rows });
      }),
    analysed: (photoIds) => read(async (tx) => new Set((await run(tx, 'analysed', { photoIds: [...photoIds] })).map((r) => str(r.id)))),
    facesOf: (photoIds) =>
      read(async (tx) =>
        (await run(tx, 'facesOf', { photoIds: [...photoIds] })).map(
          (r): FaceRecord => ({
            photoId: str(r.photoId),
            index: num(r.idx),
            box: (r.box as unknown[]).map(num) as unknown as [number, number, number, number],
            score: num(r.score),
            embedding: floatsOf(r.embedding as Uint8Array),
          }),
        ),
      ),
    faceMatchSetting: (caseId) =>
      read(async (tx) => {
        const [r] = await run(tx, 'faceMatchSetting', { caseId });
        return r ? { caseId, enabled: r.enabled === true, updatedBy: strOrNull(r.updatedBy), updatedAt: strOrNull(r.updatedAt) } : { caseId, enabled: false, updatedBy: null, updatedAt: null };
      }),
    setFaceMatch: (caseId, enabled, by, at) =>
      write(async (tx) => {
        await run(tx, 'setFaceMatch', { caseId, enabled, updatedBy: by, updatedAt: at });
        return { caseId, enabled, updatedBy: by, updatedAt: at };
      }),
    addLeads: (leads) =>
      write(async (tx) => {
        const added: FaceLead[] = [];
        for (const l of leads) {
          const rows = await run(tx, 'addLead', { ...l, referenceFace: neo4j.int(l.referenceFace), sightingFace: neo4j.int(l.sightingFace) });
          if (rows[0]) added.push(toLead(rows[0].l as Row));
        }
        return added;
      }),
    leadsOfCase: (caseId) => read(async (tx) => (await run(tx, 'leadsOfCase', { caseId })).map((r) => toLead(r.l as Row))),
    getLead: (id) => read(async (tx) => ((await run(tx, 'getLead', { id })).map((r) => toLead(r.l as Row))[0] ?? null)),
    decideLead: (id, status, by, at, linkId) =>
      write(async (tx) => ((await run(tx, 'decideLead', { id, status, decidedBy: by, decidedAt: at, linkId })).map((r) => toLead(r.l as Row))[0] ?? null)),
  };
}
