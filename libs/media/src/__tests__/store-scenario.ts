import { expect } from 'vitest';
import type { PhotoRecord, PhotoStore } from '../photos';

/**
 * What every PhotoStore adapter must do, run against the embedded store
 * always and against Neo4j when NEO4J_URI is set. `tag` makes the ids unique
 * so a run on a shared database does not meet an earlier run's records.
 */
export async function photoStoreScenario(store: PhotoStore, tag: string): Promise<void> {
  const id = (s: string) => `${s}${tag}`;
  const sha = (tag ? tag.replace(/[^0-9a-f]/g, '').padEnd(64, 'a') : 'a'.repeat(64)).slice(0, 64);
  const photo = (pid: string, over: Partial<PhotoRecord> = {}): PhotoRecord => ({
    id: id(pid),
    sha256: sha,
    caseId: id('cas_1'),
    entityId: id('ent_1'),
    entityKind: 'PERSON',
    mime: 'image/jpeg',
    size: 10,
    width: 2,
    height: 3,
    uploadedBy: 'usr_1',
    uploadedAt: `2026-11-25T10:00:0${pid.slice(-1)}.000Z`,
    caption: null,
    ...over,
  });

  await store.addPhoto(photo('pho_1', { caption: 'school photo' }));
  await store.addPhoto(photo('pho_2', { caseId: id('cas_2'), entityId: id('ent_2'), entityKind: 'SIGHTING' }));
  expect((await store.photosOfEntity(id('cas_1'), id('ent_1'))).map((p) => [p.id, p.caption, p.width, p.size])).toEqual([
    [id('pho_1'), 'school photo', 2, 10],
  ]);
  expect((await store.photosOfCases([id('cas_1'), id('cas_2')], ['SIGHTING'])).map((p) => p.id)).toEqual([id('pho_2')]);
  expect(await store.photosOfCases([id('cas_3')])).toEqual([]);
  expect(await store.getPhoto(id('pho_2'))).toEqual(photo('pho_2', { caseId: id('cas_2'), entityId: id('ent_2'), entityKind: 'SIGHTING' }));
  expect(await store.getPhoto(id('pho_9'))).toBeNull();
  expect(await store.countBySha(sha)).toBe(2);

  const emb = new Float32Array(1024).map((_, i) => Math.sin(i));
  await store.setFaces(id('pho_1'), [{ photoId: id('pho_1'), index: 0, box: [0.125, 0.25, 0.375, 0.5], score: 0.9, embedding: emb }]);
  await store.setFaces(id('pho_2'), []);
  expect(await store.analysed([id('pho_1'), id('pho_2'), id('pho_3')])).toEqual(new Set([id('pho_1'), id('pho_2')]));
  const faces = await store.facesOf([id('pho_1'), id('pho_2')]);
  expect(faces).toHaveLength(1);
  expect(faces[0].box).toEqual([0.125, 0.25, 0.375, 0.5]);
  expect(Array.from(faces[0].embedding)).toEqual(Array.from(emb));

  expect((await store.faceMatchSetting(id('cas_1'))).enabled).toBe(false);
  await store.setFaceMatch(id('cas_1'), true, 'usr_1', '2026-11-25T10:00:00.000Z');
  expect(await store.faceMatchSetting(id('cas_1'))).toEqual({
    caseId: id('cas_1'),
    enabled: true,
    updatedBy: 'usr_1',
    updatedAt: '2026-11-25T10:00:00.000Z',
  });

  const lead = {
    id: id('fml_1'),
    caseId: id('cas_1'),
    personId: id('ent_1'),
    referencePhotoId: id('pho_1'),
    referenceFace: 0,
    sightingId: id('ent_2'),
    sightingCaseId: id('cas_2'),
    sightingPhotoId: id('pho_2'),
    sightingFace: 0,
    similarity: 0.83,
    createdAt: '2026-11-25T10:00:00.000Z',
    createdBy: 'usr_1',
  };
  expect(await store.addLeads([lead])).toMatchObject([{ id: id('fml_1'), status: 'PENDING', similarity: 0.83, linkId: null }]);
  // Found again: not a second lead.
  expect(await store.addLeads([{ ...lead, id: id('fml_2') }])).toEqual([]);
  expect((await store.decideLead(id('fml_1'), 'ACCEPTED', 'usr_2', '2026-11-25T11:00:00.000Z', 'lnk_1'))?.status).toBe('ACCEPTED');
  // Decided once: a second decision is refused.
  expect(await store.decideLead(id('fml_1'), 'REJECTED', 'usr_3', '2026-11-25T12:00:00.000Z', null)).toBeNull();
  expect(await store.leadsOfCase(id('cas_1'))).toMatchObject([
    { id: id('fml_1'), status: 'ACCEPTED', decidedBy: 'usr_2', linkId: 'lnk_1' },
  ]);
  expect(await store.getLead(id('fml_9'))).toBeNull();
}
