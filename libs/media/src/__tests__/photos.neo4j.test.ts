import { randomBytes } from 'node:crypto';
import neo4j, { type Driver } from 'neo4j-driver';
import { parseParameters } from '@neo4j-cypher/language-support';
import { describe, expect, it } from 'vitest';
import { CYPHER } from '../cypher';
import { openNeo4jPhotoStore } from '../photos.neo4j';
import { photoStoreScenario } from './store-scenario';

type Row = Record<string, unknown>;

/**
 * A driver stand-in: answers each statement with scripted rows and checks
 * that every run passes exactly the parameters its statement uses (the lint
 * test checks the statements themselves against the schema).
 */
function fakeDriver(answers: Partial<Record<keyof typeof CYPHER, (params: Row) => Row[]>>) {
  const calls: Array<{ name: string; params: Row; mode: string }> = [];
  const byText = new Map(Object.entries(CYPHER).map(([name, text]) => [text as string, name as keyof typeof CYPHER]));
  const tx = (mode: string) => ({
    run: async (text: string, params: Row) => {
      const name = byText.get(text);
      if (!name) throw new Error(`a statement not in CYPHER: ${text.slice(0, 60)}`);
      expect(Object.keys(params).sort(), `${name}: parameters`).toEqual([...new Set(parseParameters(text, false))].sort());
      calls.push({ name, params, mode });
      return { records: (answers[name]?.(params) ?? []).map((r) => new neo4j.Record(Object.keys(r), Object.values(r))) };
    },
  });
  const driver = {
    session: () => ({
      executeRead: <T>(work: (t: unknown) => Promise<T>) => work(tx('read')),
      executeWrite: <T>(work: (t: unknown) => Promise<T>) => work(tx('write')),
      close: async () => undefined,
    }),
  } as unknown as Driver;
  return { driver, calls };
}

const photoRow = {
  id: 'pho_1',
  sha256: 'a'.repeat(64),
  caseId: 'cas_1',
  entityId: 'ent_1',
  entityKind: 'PERSON',
  mime: 'image/png',
  size: neo4j.int(10),
  width: neo4j.int(4),
  height: neo4j.int(3),
  uploadedBy: 'usr_1',
  uploadedAt: '2026-11-25T10:00:00.000Z',
  caption: null,
};
const leadRow = {
  id: 'fml_1',
  caseId: 'cas_1',
  personId: 'ent_1',
  referencePhotoId: 'pho_1',
  referenceFace: neo4j.int(0),
  sightingId: 'ent_2',
  sightingCaseId: 'cas_2',
  sightingPhotoId: 'pho_2',
  sightingFace: neo4j.int(1),
  similarity: 0.8,
  status: 'PENDING',
  createdAt: 'x',
  createdBy: 'usr_1',
  decidedBy: null,
  decidedAt: null,
  linkId: null,
};

describe('Neo4j photo store, against a driver stand-in', () => {
  it('passes each statement exactly its parameters and maps the answers back', async () => {
    const emb = new Float32Array([0.5, -0.25, 0.125]);
    const { driver, calls } = fakeDriver({
      getPhoto: () => [{ p: photoRow }],
      photosOfCases: () => [{ p: photoRow }, { p: { ...photoRow, id: 'pho_2', entityKind: 'SIGHTING' } }],
      countBySha: () => [{ n: neo4j.int(2) }],
      analysed: () => [{ id: 'pho_1' }],
      facesOf: () => [{ photoId: 'pho_1', idx: neo4j.int(0), box: [0.1, 0.2, 0.3, 0.4], score: 0.9, embedding: new Int8Array(emb.buffer) }],
      addLead: (p) => (p.id === 'fml_1' ? [{ l: leadRow }] : []),
      decideLead: () => [],
    });
    const store = openNeo4jPhotoStore(driver, 'neo4j');
    await store.addPhoto({ ...photoRow, size: 10, width: 4, height: 3 });
    expect(await store.getPhoto('pho_1')).toMatchObject({ id: 'pho_1', size: 10, width: 4, height: 3, caption: null });
    expect((await store.photosOfCases(['cas_1'], ['SIGHTING'])).map((p) => p.id)).toEqual(['pho_2']);
    expect(await store.countBySha('a'.repeat(64))).toBe(2);
    await store.setFaces('pho_1', [{ photoId: 'pho_1', index: 0, box: [0.1, 0.2, 0.3, 0.4], score: 0.9, embedding: emb }]);
    // The driver packs only an Int8Array as bytes (a Buffer would go as a list of floats).
    const sent = (calls.find((c) => c.name === 'setFaces')!.params.faces as Row[])[0].embedding;
    expect(sent).toBeInstanceOf(Int8Array);
    expect(Array.from(new Float32Array(new Uint8Array((sent as Int8Array).buffer).slice().buffer))).toEqual([0.5, -0.25, 0.125]);
    expect(await store.analysed(['pho_1', 'pho_2'])).toEqual(new Set(['pho_1']));
    const [face] = await store.facesOf(['pho_1']);
    expect([face.index, face.box, Array.from(face.embedding)]).toEqual([0, [0.1, 0.2, 0.3, 0.4], [0.5, -0.25, 0.125]]);
    expect(await store.faceMatchSetting('cas_1')).toEqual({ caseId: 'cas_1', enabled: false, updatedBy: null, updatedAt: null });
    await store.setFaceMatch('cas_1', true, 'usr_1', 'now');
    const lead = {
      id: 'fml_1',
      caseId: 'cas_1',
      personId: 'ent_1',
      referencePhotoId: 'pho_1',
      referenceFace: 0,
      sightingId: 'ent_2',
      sightingCaseId: 'cas_2',
      sightingPhotoId: 'pho_2',
      sightingFace: 1,
      similarity: 0.8,
      createdAt: 'x',
      createdBy: 'usr_1',
    };
    expect(await store.addLeads([lead, { ...lead, id: 'fml_2' }])).toMatchObject([{ id: 'fml_1', sightingFace: 1, status: 'PENDING' }]);
    expect(await store.decideLead('fml_1', 'ACCEPTED', 'usr_2', 'now', 'lnk_1')).toBeNull();
    await store.leadsOfCase('cas_1');
    await store.photosOfEntity('cas_1', 'ent_1');
    await store.getLead('fml_1');
    // Reads in read transactions, writes in write transactions.
    const modes = Object.fromEntries(calls.map((c) => [c.name, c.mode]));
    expect(modes).toMatchObject({
      addPhoto: 'write',
      setFaces: 'write',
      setFaceMatch: 'write',
      addLead: 'write',
      decideLead: 'write',
      getPhoto: 'read',
      facesOf: 'read',
      leadsOfCase: 'read',
    });
    expect(new Set(calls.map((c) => c.name))).toEqual(new Set(Object.keys(CYPHER)));
  });
});

const uri = process.env.NEO4J_URI;
if (!uri)
  console.log(
    'Neo4j photo store live run skipped: NEO4J_URI is not set (npm test starts a Neo4j itself where Java 17+ and Maven are installed)',
  );
describe.skipIf(!uri)('Neo4j photo store on a live server (NEO4J_URI)', () => {
  it('passes the same scenario as the embedded store', async () => {
    const driver = neo4j.driver(uri ?? '', neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''));
    try {
      await photoStoreScenario(openNeo4jPhotoStore(driver, process.env.NEO4J_DATABASE), `_${randomBytes(6).toString('hex')}`);
    } finally {
      await driver.close();
    }
  });
});
