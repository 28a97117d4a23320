import { DriverRunner, int, toBytes, toWireBytes, type Row, type Tx } from '@homeward/neo4j-kit';
import type { Driver } from 'neo4j-driver';
import { CYPHER as PHOTO_CYPHER, type PhotoCypherName } from './cypher';
import { bytesOf, floatsOf } from './photos.embedded';
import type { FaceLead, FaceRecord, LeadStatus, PhotoRecord, PhotoStore } from './photos';

/** Integers and floats alike (similarity and score are floats); rows arrive decoded by the runner. */
const num = (v: unknown): number => Number(v);
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
  const runner = new DriverRunner(driver, PHOTO_CYPHER, { database });
  const run = (tx: Tx<PhotoCypherName>, name: PhotoCypherName, params: Record<string, unknown> = {}): Promise<Row[]> =>
    tx.run(name, params);
  const read = <T>(work: (tx: Tx<PhotoCypherName>) => Promise<T>): Promise<T> => runner.read(work);
  const write = <T>(work: (tx: Tx<PhotoCypherName>) => Promise<T>): Promise<T> => runner.write(work);

  return {
    addPhoto: (p) =>
      write(async (tx) => void (await run(tx, 'addPhoto', { ...p, size: int(p.size), width: int(p.width), height: int(p.height) }))),
    getPhoto: (id) => read(async (tx) => (await run(tx, 'getPhoto', { id })).map((r) => toPhoto(r.p as Row))[0] ?? null),
    photosOfEntity: (caseId, entityId) =>
      read(async (tx) => (await run(tx, 'photosOfEntity', { caseId, entityId })).map((r) => toPhoto(r.p as Row))),
    photosOfCases: (caseIds, entityKinds) =>
      read(async (tx) =>
        (await run(tx, 'photosOfCases', { caseIds: [...caseIds] }))
          .map((r) => toPhoto(r.p as Row))
          .filter((p) => !entityKinds || entityKinds.includes(p.entityKind)),
      ),
    countBySha: (sha256) => read(async (tx) => num((await run(tx, 'countBySha', { sha256 }))[0]?.n ?? 0)),
    setFaces: (photoId, faces) =>
      write(async (tx) => {
        const rows = faces.map((f) => ({
          idx: int(f.index),
          box: [...f.box],
          score: f.score,
          embedding: toWireBytes(bytesOf(f.embedding)),
        }));
        await run(tx, 'setFaces', { photoId, faces: rows });
      }),
    analysed: (photoIds) => read(async (tx) => new Set((await run(tx, 'analysed', { photoIds: [...photoIds] })).map((r) => str(r.id)))),
    facesOf: (photoIds) =>
      read(async (tx) =>
        (await run(tx, 'facesOf', { photoIds: [...photoIds] })).map((r): FaceRecord => ({
          photoId: str(r.photoId),
          index: num(r.idx),
          box: (r.box as unknown[]).map(num) as unknown as [number, number, number, number],
          score: num(r.score),
          embedding: floatsOf(toBytes(r.embedding, 'face embedding')),
        })),
      ),
    faceMatchSetting: (caseId) =>
      read(async (tx) => {
        const [r] = await run(tx, 'faceMatchSetting', { caseId });
        return r
          ? { caseId, enabled: r.enabled === true, updatedBy: strOrNull(r.updatedBy), updatedAt: strOrNull(r.updatedAt) }
          : { caseId, enabled: false, updatedBy: null, updatedAt: null };
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
          const rows = await run(tx, 'addLead', { ...l, referenceFace: int(l.referenceFace), sightingFace: int(l.sightingFace) });
          if (rows[0]) added.push(toLead(rows[0].l as Row));
        }
        return added;
      }),
    leadsOfCase: (caseId) => read(async (tx) => (await run(tx, 'leadsOfCase', { caseId })).map((r) => toLead(r.l as Row))),
    getLead: (id) => read(async (tx) => (await run(tx, 'getLead', { id })).map((r) => toLead(r.l as Row))[0] ?? null),
    decideLead: (id, status, by, at, linkId) =>
      write(
        async (tx) =>
          (await run(tx, 'decideLead', { id, status, decidedBy: by, decidedAt: at, linkId })).map((r) => toLead(r.l as Row))[0] ?? null,
      ),
  };
}
